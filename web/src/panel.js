// The side panel: one event (fields with their source sentence, claims per source, merge
// history), one article (its text with the spans that fed events) and one actor.
import { getJSON } from "./api.js";
import { clear, h, safeUrl, sentenceAround, typeColor } from "./dom.js";
import { actorView } from "./actor.js";

const FIELDS = ["event_date", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
  "actor2", "assoc_actor_2", "civilian_targeting", "location", "admin1", "admin2", "country",
  "latitude", "longitude", "geo_precision", "time_precision", "fatalities", "tags",
  "disorder_type", "interaction", "source", "source_scale"];
const ACTOR_FIELDS = new Set(["actor1", "actor2"]);

export class Panel {
  constructor(root, body, handlers) {
    this.root = root;
    this.body = body;
    this.handlers = handlers;
    this.articles = new Map();
    this.sources = new Map();
  }

  close() {
    this.root.hidden = true;
    clear(this.body);
  }

  open(...content) {
    clear(this.body).append(...content);
    this.root.hidden = false;
    this.root.scrollTop = 0;
  }

  async article(id) {
    if (!this.articles.has(id)) {
      this.articles.set(id, getJSON(`/api/articles/${encodeURIComponent(id)}`));
    }
    return this.articles.get(id);
  }

  fail(error) {
    this.open(h("p", { class: "error" }, error.message));
  }

  async showEvent(id) {
    try {
      const event = await getJSON(`/api/events/${encodeURIComponent(id)}`);
      const articles = await Promise.all(event.article_ids.map((a) => this.article(a)
        .catch(() => null)));
      const texts = new Map(articles.filter(Boolean).map((a) => [a.id, a]));
      this.open(...this.eventView(event, texts));
    } catch (error) {
      this.fail(error);
    }
  }

  actorLink(name) {
    if (!name) return "";
    return h("a", { href: "#", class: "actor-link", onclick: (e) => {
      e.preventDefault();
      this.showActor(name);
    } }, name);
  }

  value(field, value) {
    if (ACTOR_FIELDS.has(field)) return this.actorLink(value);
    return value === null || value === undefined || value === "" ? "—" : String(value);
  }

  evidenceLine(ev, texts) {
    const article = texts.get(ev.article_id);
    const quote = h("blockquote", { class: "evidence" });
    if (article && article.text.slice(ev.start, ev.end) === ev.text) {
      const [before, span, after] = sentenceAround(article.text, ev.start, ev.end);
      quote.append(before, h("mark", {}, span), after);
    } else {
      quote.append(h("mark", {}, ev.text));
    }
    quote.append(h("cite", {}, article ? ` — ${article.source || article.id}` : ""));
    return quote;
  }

  fieldsTable(event, texts) {
    const byField = new Map();
    for (const ev of event.evidence) {
      if (!byField.has(ev.field)) byField.set(ev.field, []);
      const list = byField.get(ev.field);
      if (!list.some((o) => o.article_id === ev.article_id && o.start === ev.start
        && o.end === ev.end)) list.push(ev);
    }
    const rows = FIELDS.map((field) => h("tr", { dataset: { field } },
      h("th", {}, field),
      h("td", {}, this.value(field, event[field])),
      h("td", {}, (byField.get(field) || []).map((ev) => this.evidenceLine(ev, texts)))));
    return h("table", { class: "fields" },
      h("thead", {}, h("tr", {}, h("th", {}, "field"), h("th", {}, "value"),
        h("th", {}, "source sentence"))),
      h("tbody", {}, rows));
  }

  claimsTable(event) {
    const columns = [];
    const seen = new Set();
    for (const claim of event.claims) {
      const key = `${claim.source}|${claim.article_id}`;
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(claim);
      }
    }
    if (!columns.length) return h("p", { class: "muted" }, "No claims recorded.");
    const head = h("tr", {}, h("th", {}, "field"), columns.map((c) =>
      h("th", {}, c.source || "?", h("div", { class: "muted small" }, c.article_id))));
    const rows = Object.entries(event.claims_by_field).map(([field, claims]) => {
      const values = new Set(claims.map((c) => JSON.stringify(c.value)));
      return h("tr", { class: values.size > 1 ? "disputed" : "" }, h("th", {}, field),
        columns.map((col) => {
          const claim = claims.find((c) => c.source === col.source
            && c.article_id === col.article_id);
          return h("td", {}, claim ? formatValue(claim.value) : "");
        }));
    });
    return h("div", { class: "scroll-x" }, h("table", { class: "claims" },
      h("thead", {}, head), h("tbody", {}, rows)));
  }

  sourcesList(event) {
    return h("ul", { class: "sources" }, event.articles.map((a) => {
      const url = safeUrl(a.url);
      const meta = this.sources.get(a.source) || {};
      const about = [meta.type, meta.source_scale, meta.affiliation].filter(Boolean).join(" · ");
      return h("li", {},
        h("strong", {}, a.source || "unknown source"), " ",
        about ? h("span", { class: "muted small" }, `(${about}) `) : "",
        a.title ? `“${a.title}”` : "", " ", a.published ? `(${a.published})` : "", " ",
        url ? h("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, "original") : "",
        " ", h("a", { href: "#", class: "read-article", onclick: (e) => {
          e.preventDefault();
          this.showArticle(a.id, event.event_id_cnty);
        } }, "read article"),
        meta.reliability ? h("div", { class: "muted small" }, meta.reliability) : "");
    }));
  }

  historyList(event) {
    if (event.merge_history === null) {
      return h("p", { class: "muted" }, "Merge review is not available on this server yet.");
    }
    if (!event.merge_history.length) return h("p", { class: "muted" }, "No merge history.");
    return h("ol", { class: "history" }, event.merge_history.map((step) => h("li", {},
      h("strong", {}, step.action), ` ${step.at || ""} by ${step.by || "pipeline"}`,
      step.score !== null && step.score !== undefined ? ` · score ${step.score}` : "",
      step.reasons && step.reasons.length ? ` · ${[].concat(step.reasons).join(", ")}` : "",
      step.article_ids ? h("div", { class: "muted small" }, [].concat(step.article_ids)
        .join(", ")) : "")));
  }

  eventView(event, texts) {
    const dot = h("span", { class: "dot", style: `background:${typeColor(event.event_type)}` });
    const place = [event.location, event.admin1, event.country].filter(Boolean).join(", ");
    return [
      h("h2", { class: "event-title" }, dot, event.sub_event_type),
      h("p", { class: "meta" }, `${event.event_type} · ${event.event_date || "undated"} · `,
        place || "unknown place", ` · ${event.fatalities} deaths`),
      event.tags ? h("p", { class: "tags" }, event.tags.split(";").map((t) => t.trim())
        .filter(Boolean).map((t) => h("span", { class: "tag" }, t))) : "",
      h("h3", {}, "Notes"), h("p", { class: "notes" }, event.notes || "—"),
      h("h3", {}, "Fields and the sentences they came from"), this.fieldsTable(event, texts),
      h("h3", {}, "Claims by source"), this.claimsTable(event),
      h("h3", {}, "Sources"), this.sourcesList(event),
      h("h3", {}, "Merge history"), this.historyList(event),
      h("p", { class: "muted small" }, `id ${event.event_id_cnty} · ${event.pipeline_version}`),
    ];
  }

  async showArticle(id, eventId) {
    try {
      const article = await this.article(id);
      const back = eventId ? h("a", { href: "#", onclick: (e) => {
        e.preventDefault();
        this.showEvent(eventId);
      } }, "← back to event") : "";
      this.open(back, h("h2", {}, article.title || article.id),
        h("p", { class: "meta" }, [article.source, article.published, article.origin]
          .filter(Boolean).join(" · ")),
        h("p", { class: "muted small" }, "Highlighted: the spans that fed events",
          eventId ? " (darker: this event)" : ""),
        articleText(article, eventId, (target) => this.showEvent(target)));
    } catch (error) {
      this.fail(error);
    }
  }

  async showActor(name, asOf) {
    try {
      const query = asOf ? `?as_of=${encodeURIComponent(asOf)}` : "";
      const actor = await getJSON(`/api/actors/${encodeURIComponent(name)}${query}`);
      this.open(...actorView(actor, asOf, {
        onAsOf: (date) => this.showActor(name, date),
        onActor: (target) => this.showActor(target),
        onFilter: (actorName) => this.handlers.onActorFilter(actorName),
      }));
    } catch (error) {
      this.fail(error);
    }
  }
}

function formatValue(value) {
  if (value === null || value === undefined || value === "") return "—";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

// The article's text with every event span marked; overlapping spans are merged.
function articleText(article, eventId, onEvent) {
  const spans = [...article.spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const pre = h("div", { class: "article-text" });
  let at = 0;
  for (const span of spans) {
    if (span.start < at) continue;
    pre.append(article.text.slice(at, span.start));
    const same = spans.filter((o) => o.start === span.start && o.end === span.end);
    const mine = same.some((o) => o.event_id === eventId);
    pre.append(h("mark", { class: mine ? "mine" : "", title: same.map((o) => o.field).join(", "),
      onclick: () => onEvent(span.event_id) }, article.text.slice(span.start, span.end)));
    at = span.end;
  }
  pre.append(article.text.slice(at));
  return pre;
}
