// Polemos analyst workbench: filter bar, map, timeline, table and the side panel.
import "leaflet/dist/leaflet.css";
import "./style.css";
import { getJSON, params } from "./api.js";
import { h, TYPE_COLORS } from "./dom.js";
import { EventMap } from "./map.js";
import { Panel } from "./panel.js";
import { EventTable } from "./table.js";
import { Timeline } from "./timeline.js";

const state = { filters: {}, sort: "-event_date", cursor: null, view: { zoom: 2, bbox: null } };
const $ = (id) => document.getElementById(id);
const form = $("filters");
let seq = 0;

function status(text) {
  $("status").textContent = text;
}

function readForm() {
  const data = new FormData(form);
  const filters = {};
  for (const [key, value] of data.entries()) {
    if (key !== "in_view" && value !== "") filters[key] = String(value).trim();
  }
  if (data.get("in_view") && state.view.bbox) filters.bbox = state.view.bbox;
  return filters;
}

function writeForm(filters) {
  for (const el of form.elements) {
    if (!el.name || el.type === "checkbox") continue;
    el.value = filters[el.name] || "";
  }
}

function downloadLinks() {
  for (const fmt of ["csv", "geojson"]) {
    const q = params(state.filters, { format: fmt, sort: state.sort, limit: 500 });
    $(`download-${fmt}`).href = `/api/events?${q}`;
  }
}

async function loadTable(append) {
  const q = params(state.filters, { sort: state.sort, limit: 100,
    cursor: append ? state.cursor : null });
  const page = await getJSON("/api/events", q);
  state.cursor = page.next_cursor;
  table.show(page, append);
  table.markSort(state.sort);
  if (!append) $("count").textContent = `${page.total} events`;
}

async function loadTimeline() {
  const { since, until, ...rest } = state.filters;
  const data = await getJSON("/api/stats/timeline", params(rest, { interval: "auto" }));
  timeline.show(data, [since, until]);
  $("clear-brush").hidden = !(since || until);
}

async function loadMap() {
  const { bbox, ...rest } = state.filters;
  const view = state.view.zoom >= 5 ? state.view.bbox : null;
  const data = await getJSON("/api/map", params({ ...rest, bbox: view },
    { zoom: state.view.zoom }));
  map.show(data);
}

async function refresh() {
  const mine = ++seq;
  status("loading…");
  downloadLinks();
  try {
    await Promise.all([loadTable(false), loadTimeline(), loadMap()]);
    if (mine === seq) status("");
  } catch (error) {
    status(`error: ${error.message}`);
  }
}

function apply(filters) {
  state.filters = filters;
  state.cursor = null;
  writeForm(filters);
  refresh();
}

const panel = new Panel($("panel"), $("panel-body"), {
  onActorFilter: (name) => apply({ ...state.filters, actor: name }),
});
const table = new EventTable($("events"), $("more"), {
  onSort: (key) => {
    state.sort = state.sort === `-${key}` ? key : `-${key}`;
    loadTable(false).catch((e) => status(`error: ${e.message}`));
  },
  onMore: () => loadTable(true).catch((e) => status(`error: ${e.message}`)),
  onSelect: (id) => panel.showEvent(id),
});
const timeline = new Timeline($("timeline"), (since, until) => {
  const filters = { ...state.filters };
  delete filters.since;
  delete filters.until;
  if (since) filters.since = since;
  if (until) filters.until = until;
  apply(filters);
});
let map;

function fillSelect(name, values) {
  const select = form.elements[name];
  for (const { value, count } of values) {
    select.append(h("option", { value }, `${value} (${count})`));
  }
}

function legend() {
  $("legend").append(...Object.entries(TYPE_COLORS).map(([type, color]) =>
    h("span", { class: "legend-item" }, h("span", { class: "dot", style: `background:${color}` }),
      type)));
}

async function init() {
  const config = await getJSON("/api/config");
  map = new EventMap($("map"), config, {
    onSelect: (id) => table.select(id),
    onView: (view) => {
      const moved = view.zoom !== state.view.zoom || view.bbox !== state.view.bbox;
      state.view = view;
      if (!moved) return;
      if (form.elements.in_view.checked) apply(readForm());
      else loadMap().catch((e) => status(`error: ${e.message}`));
    },
  });
  state.view = map.view();
  legend();
  const [facets, sources] = await Promise.all([getJSON("/api/facets"), getJSON("/api/sources")]);
  fillSelect("event_type", facets.event_type);
  fillSelect("country", facets.country);
  fillSelect("source", sources.sources.filter((s) => s.events > 0)
    .map((s) => ({ value: s.source, count: s.events })));
  panel.sources = new Map(sources.sources.map((s) => [s.source, s]));
  getJSON("/api/actors").then((data) => {
    $("actor-names").append(...data.actors.flatMap((a) => [a.name, ...a.aliases])
      .filter((v, i, all) => all.indexOf(v) === i).map((name) => h("option", { value: name })));
  }).catch(() => {});
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    apply(readForm());
  });
  for (const name of ["event_type", "country", "source"]) {
    form.elements[name].addEventListener("change", () => apply(readForm()));
  }
  form.elements.in_view.addEventListener("change", () => apply(readForm()));
  $("reset").addEventListener("click", () => {
    form.elements.in_view.checked = false;
    apply({});
  });
  $("clear-brush").addEventListener("click", () => timeline.onBrush(null, null));
  $("panel-close").addEventListener("click", () => panel.close());
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") panel.close(); });
  await refresh();
  document.body.dataset.ready = "true";
}

init().catch((error) => status(`error: ${error.message}`));
