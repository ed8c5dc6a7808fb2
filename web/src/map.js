// The map: an offline Natural Earth basemap (world-atlas), events clustered on the client
// when the server sends points, grid cells when it aggregated (many events).
import L from "leaflet";
import { feature } from "topojson-client";
import countries from "world-atlas/countries-50m.json";
import { h, typeColor } from "./dom.js";

const CLUSTER_PX = 44;

function basemap(map, config) {
  const shapes = feature(countries, countries.objects.countries);
  L.geoJSON(shapes, {
    interactive: false,
    style: { color: "#a39e93", weight: 0.7, fillColor: "#f3f0e8", fillOpacity: 1 },
  }).addTo(map);
  if (config.tile_url) {
    L.tileLayer(config.tile_url, { attribution: config.tile_attribution || "" }).addTo(map);
  }
}

function pie(byType) {
  const total = Object.values(byType).reduce((a, b) => a + b, 0) || 1;
  let angle = 0;
  const stops = Object.entries(byType).map(([type, n]) => {
    const from = angle;
    angle += (n / total) * 360;
    return `${typeColor(type)} ${from}deg ${angle}deg`;
  });
  return `conic-gradient(${stops.join(", ")})`;
}

function clusterIcon(count, byType) {
  const size = Math.round(Math.min(56, 24 + Math.log10(count) * 12));
  const el = h("div", { class: "cluster", style: `width:${size}px;height:${size}px` },
    h("span", {}, count > 9999 ? `${Math.round(count / 1000)}k` : String(count)));
  el.style.background = pie(byType);
  return L.divIcon({ html: el, className: "cluster-icon", iconSize: [size, size] });
}

function tooltip(point) {
  return h("div", { class: "tip" },
    h("strong", {}, point.sub_event_type || point.event_type),
    h("div", {}, `${point.event_date || "undated"} · ${point.location || "?"}`),
    h("div", {}, `${point.fatalities} deaths`));
}

function eventList(points, onSelect) {
  return h("ul", { class: "popup-list" }, points.map((p) =>
    h("li", {}, h("a", {
      href: "#", dataset: { eventId: p.id },
      onclick: (e) => { e.preventDefault(); onSelect(p.id); },
    }, `${p.event_date || "undated"} — ${p.sub_event_type} (${p.location || "?"})`))));
}

export class EventMap {
  constructor(element, config, handlers) {
    this.handlers = handlers;
    this.map = L.map(element, { worldCopyJump: true, minZoom: 1, maxZoom: 12,
      preferCanvas: true, zoomSnap: 1 }).setView([30, 20], 2);
    basemap(this.map, config);
    this.layer = L.layerGroup().addTo(this.map);
    this.data = null;
    this.fitted = false;
    this.map.on("moveend", () => this.handlers.onView(this.view()));
    this.map.on("zoomend", () => this.render());
  }

  view() {
    const b = this.map.getBounds();
    const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));
    const wide = b.getEast() - b.getWest() >= 360;
    const bbox = wide ? null : [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90),
      clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90)].map((v) => v.toFixed(4));
    return { zoom: this.map.getZoom(), bbox: bbox ? bbox.join(",") : null };
  }

  show(data) {
    this.data = data;
    if (!this.fitted && data.mode === "points" && data.points.length) {
      this.fitted = true;
      const bounds = L.latLngBounds(data.points.map((p) => [p.lat, p.lon]));
      this.map.fitBounds(bounds.pad(0.4), { maxZoom: 7, animate: false });
    }
    this.render();
  }

  render() {
    this.layer.clearLayers();
    if (!this.data) return;
    if (this.data.mode === "cells") this.renderCells(this.data.cells);
    else this.renderPoints(this.data.points);
  }

  // Server cells are merged again on screen so that big cluster icons never overlap.
  renderCells(cells) {
    const zoom = this.map.getZoom();
    const merged = new Map();
    for (const cell of cells) {
      const px = this.map.project([cell.lat, cell.lon], zoom);
      const key = `${Math.floor(px.x / 60)}:${Math.floor(px.y / 60)}`;
      const into = merged.get(key) || { lat: 0, lon: 0, count: 0, by_type: {} };
      const total = into.count + cell.count;
      into.lat = (into.lat * into.count + cell.lat * cell.count) / total;
      into.lon = (into.lon * into.count + cell.lon * cell.count) / total;
      into.count = total;
      for (const [type, n] of Object.entries(cell.by_type)) {
        into.by_type[type] = (into.by_type[type] || 0) + n;
      }
      merged.set(key, into);
    }
    for (const cell of merged.values()) {
      const marker = L.marker([cell.lat, cell.lon], { icon: clusterIcon(cell.count, cell.by_type) });
      marker.on("click", () => this.map.setView([cell.lat, cell.lon], this.map.getZoom() + 2));
      this.layer.addLayer(marker);
    }
  }

  renderPoints(points) {
    const zoom = this.map.getZoom();
    const groups = new Map();
    for (const p of points) {
      const px = this.map.project([p.lat, p.lon], zoom);
      const key = `${Math.floor(px.x / CLUSTER_PX)}:${Math.floor(px.y / CLUSTER_PX)}`;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(p);
    }
    for (const group of groups.values()) {
      if (group.length === 1) this.addPoint(group[0]);
      else this.addCluster(group);
    }
  }

  addPoint(p) {
    const marker = L.circleMarker([p.lat, p.lon], { radius: 7, weight: 1.5, color: "#fff",
      fillColor: typeColor(p.event_type), fillOpacity: 0.95 });
    marker.bindTooltip(tooltip(p), { direction: "top" });
    marker.on("click", () => this.handlers.onSelect(p.id));
    this.layer.addLayer(marker);
  }

  addCluster(group) {
    const byType = {};
    for (const p of group) byType[p.event_type] = (byType[p.event_type] || 0) + 1;
    const lat = group.reduce((a, p) => a + p.lat, 0) / group.length;
    const lon = group.reduce((a, p) => a + p.lon, 0) / group.length;
    const marker = L.marker([lat, lon], { icon: clusterIcon(group.length, byType) });
    const bounds = L.latLngBounds(group.map((p) => [p.lat, p.lon]));
    const samePlace = bounds.getNorthEast().equals(bounds.getSouthWest());
    if (samePlace || this.map.getZoom() >= this.map.getMaxZoom()) {
      marker.bindPopup(() => eventList(group, this.handlers.onSelect), { maxWidth: 360 });
    } else {
      marker.on("click", () => this.map.fitBounds(bounds.pad(0.5)));
    }
    this.layer.addLayer(marker);
  }
}
