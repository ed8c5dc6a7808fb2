// The actor page: aliases with their validity, and relations over time drawn as a graph
// (the actor in the middle, related actors around it) and as bars on a time axis.
import { h, s } from "./dom.js";

const REL_COLORS = { member_of: "#2c7fb8", merged_into: "#8e44ad", renamed_to: "#16a085",
  allied_with: "#27ae60", fights: "#c0392b", split_from: "#e67e22" };

function relColor(type) {
  return REL_COLORS[type] || "#7f8c8d";
}

function period(from, to) {
  if (!from && !to) return "always";
  return `${from || "…"} – ${to || "now"}`;
}

function graph(actor, onActor) {
  const width = 440;
  const height = 260;
  const cx = width / 2;
  const cy = height / 2;
  const targets = [];
  for (const rel of actor.relations) {
    if (!targets.some((t) => t.id === rel.target)) {
      targets.push({ id: rel.target, name: rel.target_name || rel.target });
    }
  }
  const svg = s("svg", { class: "actor-graph", viewBox: `0 0 ${width} ${height}`,
    role: "img", "aria-label": `relations of ${actor.name}` });
  const place = new Map(targets.map((t, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, targets.length) - Math.PI / 2;
    return [t.id, [cx + Math.cos(angle) * 160, cy + Math.sin(angle) * 95]];
  }));
  const seen = new Map();
  actor.relations.forEach((rel) => {
    const [x, y] = place.get(rel.target);
    const outgoing = rel.direction !== "incoming";
    const siblings = actor.relations.filter((r) => r.target === rel.target).length;
    const k = seen.get(rel.target) || 0;
    seen.set(rel.target, k + 1);
    const bend = (k - (siblings - 1) / 2) * 70;
    const len = Math.hypot(x - cx, y - cy) || 1;
    const qx = (cx + x) / 2 + (-(y - cy) / len) * bend;
    const qy = (cy + y) / 2 + ((x - cx) / len) * bend;
    const lx = (cx + 2 * qx + x) / 4;
    const ly = (cy + 2 * qy + y) / 4;
    svg.append(s("path", { d: `M${cx},${cy} Q${qx},${qy} ${x},${y}`, fill: "none",
      stroke: relColor(rel.type), "stroke-width": 2, "stroke-dasharray": rel.curated === false
        ? "4 3" : null, "marker-end": outgoing ? "url(#arrow)" : null }));
    svg.append(s("text", { x: lx, y: ly - 3, class: "edge-label" },
      `${outgoing ? "" : "← "}${rel.type.replace(/_/g, " ")} ${period(rel.valid_from, rel.valid_to)}`));
  });
  svg.prepend(s("defs", {}, s("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 22, refY: 5,
    markerWidth: 6, markerHeight: 6, orient: "auto-start-reverse" },
  s("path", { d: "M0,0 L10,5 L0,10 z", fill: "#555" }))));
  for (const t of targets) {
    const [x, y] = place.get(t.id);
    const node = s("g", { class: "node", tabindex: 0, onclick: () => onActor(t.id) },
      s("circle", { cx: x, cy: y, r: 9 }), s("text", { x, y: y + 22 }, t.name));
    svg.append(node);
  }
  svg.append(s("g", { class: "node center" }, s("circle", { cx, cy, r: 13 }),
    s("text", { x: cx, y: cy + 28 }, actor.name_as_of || actor.name)));
  return svg;
}

function timeBars(actor) {
  const dated = [...actor.aliases.map((a) => ({ label: `alias ${a.name}`, from: a.valid_from,
    to: a.valid_to, color: "#95a5a6" })), ...actor.relations.map((r) => ({
    label: `${r.type.replace(/_/g, " ")} ${r.target_name || r.target}`, from: r.valid_from,
    to: r.valid_to, color: relColor(r.type) }))].filter((d) => d.from || d.to);
  if (!dated.length) return h("p", { class: "muted" }, "No dated aliases or relations.");
  const years = dated.flatMap((d) => [d.from, d.to]).filter(Boolean)
    .map((d) => Number(d.slice(0, 4)));
  const y0 = Math.min(...years) - 1;
  const y1 = Math.max(...years) + 2;
  const width = 440;
  const x = (d, fallback) => 150 + ((d ? Number(d.slice(0, 4)) + Number(d.slice(5, 7) || 1) / 12
    : fallback) - y0) / (y1 - y0) * (width - 160);
  const svg = s("svg", { class: "time-bars", viewBox: `0 0 ${width} ${dated.length * 18 + 24}` });
  dated.forEach((d, i) => {
    const a = x(d.from, y0);
    const b = x(d.to, y1);
    svg.append(s("text", { x: 0, y: i * 18 + 13 }, d.label.slice(0, 26)),
      s("rect", { x: a, y: i * 18 + 3, width: Math.max(2, b - a), height: 12, fill: d.color },
        s("title", {}, `${d.label}: ${period(d.from, d.to)}`)));
  });
  for (let year = y0 + 1; year < y1; year += Math.max(1, Math.round((y1 - y0) / 6))) {
    svg.append(s("text", { x: x(`${year}-01`, 0), y: dated.length * 18 + 18, class: "tick" },
      String(year)));
  }
  return svg;
}

export function actorView(actor, asOf, handlers) {
  const asOfInput = h("input", { type: "date", value: asOf || "", onchange: (e) =>
    handlers.onAsOf(e.target.value || null) });
  const aliasRows = actor.aliases.map((a) => h("tr", {}, h("td", {}, a.name),
    h("td", {}, a.acronym ? "acronym" : ""), h("td", {}, period(a.valid_from, a.valid_to)),
    h("td", { class: "small" }, a.source || a.origin || "")));
  const relRows = actor.relations.map((r) => h("tr", {},
    h("td", {}, r.direction === "incoming" ? "← " : "", r.type.replace(/_/g, " ")),
    h("td", {}, h("a", { href: "#", onclick: (e) => {
      e.preventDefault();
      handlers.onActor(r.target);
    } }, r.target_name || r.target)),
    h("td", {}, period(r.valid_from, r.valid_to)),
    h("td", { class: "small" }, r.curated ? "curated" : "from text", " ",
      (r.evidence || []).map((ev) => h("q", {}, ev.text)), r.source ? ` ${r.source}` : "")));
  return [
    h("h2", { class: "actor-title" }, actor.name),
    h("p", { class: "meta" }, [actor.type_label, actor.country].filter(Boolean).join(" · "),
      actor.name_as_of && actor.name_as_of !== actor.name ? ` · called ${actor.name_as_of} then`
        : ""),
    actor.description ? h("p", {}, actor.description) : "",
    h("p", {}, h("label", {}, "Relations valid on ", asOfInput), " ",
      h("a", { href: "#", onclick: (e) => {
        e.preventDefault();
        handlers.onFilter(actor.name);
      } }, "show this actor's events")),
    h("h3", {}, "Relations"),
    actor.relations.length ? graph(actor, handlers.onActor)
      : h("p", { class: "muted" }, "No relations recorded."),
    h("h3", {}, "Over time"), timeBars(actor),
    actor.relations.length ? h("table", { class: "relations" }, h("tbody", {}, relRows)) : "",
    h("h3", {}, `Aliases (${actor.aliases.length})`),
    h("table", { class: "aliases" }, h("tbody", {}, aliasRows)),
    actor.source ? h("p", { class: "muted small" }, `Source: ${actor.source}`) : "",
  ];
}
