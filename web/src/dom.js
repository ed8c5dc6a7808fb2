// DOM helpers. Data from the server (article text, notes, names) is untrusted: it only
// ever reaches the page as text nodes or attribute values, never as HTML.
const SVG_NS = "http://www.w3.org/2000/svg";

function fill(el, attrs, children) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.setAttribute("class", value);
    else if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), value);
    } else if (key === "dataset") Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function h(tag, attrs, ...children) {
  return fill(document.createElement(tag), attrs, children);
}

export function s(tag, attrs, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attrs, children);
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// Only http(s) links leave the page; anything else (javascript:, data:) is dropped.
export function safeUrl(url) {
  if (typeof url !== "string") return null;
  try {
    const parsed = new URL(url, window.location.href);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

export const TYPE_COLORS = {
  "Battles": "#c0392b",
  "Violence against civilians": "#8e44ad",
  "Explosions/Remote violence": "#e67e22",
  "Riots": "#8d6e63",
  "Protests": "#27ae60",
  "Strategic developments": "#2c7fb8",
};

export function typeColor(type) {
  return TYPE_COLORS[type] || "#7f8c8d";
}

// The sentence of `text` around [start, end), as [before, span, after].
export function sentenceAround(text, start, end) {
  const stops = /[.!?]["'”’)]?\s|\n/g;
  let from = 0;
  let match;
  stops.lastIndex = 0;
  while ((match = stops.exec(text)) && match.index + match[0].length <= start) {
    from = match.index + match[0].length;
  }
  stops.lastIndex = Math.max(end, from);
  const next = stops.exec(text);
  let to = next ? next.index + 1 : text.length;
  if (start - from > 240) from = start - 240;
  if (to - end > 240) to = end + 240;
  return [text.slice(from, start), text.slice(start, end), text.slice(end, to)];
}
