// Timeline histogram: stacked bars per bucket and event type; drag across it to filter by
// date (the brush), double-click or "clear dates" to drop the date filter.
import { clear, s, typeColor } from "./dom.js";

const DAY = 86400000;
const SPAN = { day: 1, week: 7, month: 31 };
const M = { left: 34, right: 10, top: 8, bottom: 20 };

function utc(text) {
  return Date.parse(`${text}T00:00:00Z`);
}

function iso(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

function ticks(from, to, width) {
  const years = (to - from) / (365 * DAY);
  const out = [];
  const start = new Date(from);
  if (years > 2) {
    for (let y = start.getUTCFullYear() + 1; Date.UTC(y, 0, 1) < to; y += Math.ceil(years / 8)) {
      out.push([Date.UTC(y, 0, 1), String(y)]);
    }
  } else {
    const step = Math.max(1, Math.ceil((years * 12) / Math.max(2, width / 70)));
    let d = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1);
    while (d < to) {
      out.push([d, iso(d).slice(0, 7)]);
      const next = new Date(d);
      d = Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + step, 1);
    }
  }
  return out;
}

export class Timeline {
  constructor(svg, onBrush) {
    this.svg = svg;
    this.onBrush = onBrush;
    this.data = null;
    this.range = null;
    svg.addEventListener("mousedown", (e) => this.start(e));
    window.addEventListener("mousemove", (e) => this.move(e));
    window.addEventListener("mouseup", (e) => this.end(e));
    svg.addEventListener("dblclick", () => this.onBrush(null, null));
    window.addEventListener("resize", () => this.draw());
  }

  show(data, range) {
    this.data = data;
    this.range = range;
    this.draw();
  }

  scale() {
    const buckets = this.data.buckets;
    const step = SPAN[this.data.interval] * DAY;
    const from = utc(buckets[0].start);
    const to = utc(buckets[buckets.length - 1].start) + step;
    const width = this.svg.clientWidth || 600;
    const inner = width - M.left - M.right;
    return { from, to, step, width, x: (t) => M.left + ((t - from) / (to - from)) * inner,
      t: (x) => from + ((x - M.left) / inner) * (to - from) };
  }

  draw() {
    clear(this.svg);
    if (!this.data || !this.data.buckets.length) {
      this.svg.append(s("text", { x: 12, y: 40, class: "empty" }, "No dated events"));
      return;
    }
    const sc = this.scale();
    const height = this.svg.clientHeight || 140;
    const max = Math.max(...this.data.buckets.map((b) => b.total));
    const y = (n) => ((height - M.top - M.bottom) * n) / max;
    const bars = s("g", { class: "bars" });
    for (const bucket of this.data.buckets) {
      const x0 = sc.x(utc(bucket.start));
      const w = Math.max(1.5, sc.x(utc(bucket.start) + sc.step) - x0 - 1);
      let base = height - M.bottom;
      for (const type of this.data.types) {
        const n = bucket.by_type[type] || 0;
        if (!n) continue;
        const hgt = y(n);
        base -= hgt;
        bars.append(s("rect", { x: x0, y: base, width: w, height: hgt, fill: typeColor(type) },
          s("title", {}, `${bucket.start}: ${n} ${type}`)));
      }
    }
    this.svg.append(bars);
    this.axis(sc, height, max);
    this.brushRect = s("rect", { class: "brush", y: M.top, height: height - M.top - M.bottom,
      x: 0, width: 0 });
    this.svg.append(this.brushRect);
    if (this.range && (this.range[0] || this.range[1])) {
      const a = sc.x(this.range[0] ? utc(this.range[0]) : sc.from);
      const b = sc.x(this.range[1] ? utc(this.range[1]) + DAY : sc.to);
      this.brushRect.setAttribute("x", Math.min(a, b));
      this.brushRect.setAttribute("width", Math.abs(b - a));
    }
  }

  axis(sc, height, max) {
    const g = s("g", { class: "axis" });
    g.append(s("line", { x1: M.left, x2: sc.width - M.right, y1: height - M.bottom,
      y2: height - M.bottom }));
    for (const [t, label] of ticks(sc.from, sc.to, sc.width)) {
      g.append(s("text", { x: sc.x(t), y: height - 5, "text-anchor": "middle" }, label));
    }
    g.append(s("text", { x: M.left - 4, y: M.top + 8, "text-anchor": "end" }, String(max)));
    g.append(s("text", { x: M.left - 4, y: height - M.bottom, "text-anchor": "end" }, "0"));
    this.svg.append(g);
  }

  localX(e) {
    return e.clientX - this.svg.getBoundingClientRect().left;
  }

  start(e) {
    if (!this.data || !this.data.buckets.length) return;
    e.preventDefault();
    this.dragFrom = this.localX(e);
    this.brushRect.setAttribute("x", this.dragFrom);
    this.brushRect.setAttribute("width", 0);
  }

  move(e) {
    if (this.dragFrom === undefined) return;
    const x = this.localX(e);
    this.brushRect.setAttribute("x", Math.min(x, this.dragFrom));
    this.brushRect.setAttribute("width", Math.abs(x - this.dragFrom));
  }

  end(e) {
    if (this.dragFrom === undefined) return;
    const x = this.localX(e);
    const from = this.dragFrom;
    this.dragFrom = undefined;
    if (Math.abs(x - from) < 3) return;
    const sc = this.scale();
    const a = Math.max(sc.from, sc.t(Math.min(x, from)));
    const b = Math.min(sc.to - DAY, sc.t(Math.max(x, from)));
    this.onBrush(iso(a), iso(b));
  }
}
