// Talking to the Polemos API (same origin).
export const FILTER_KEYS = ["since", "until", "event_type", "country", "actor", "source",
  "min_fatalities", "q", "bbox"];

export function params(filters, extra = {}) {
  const out = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value !== undefined && value !== null && value !== "") out.append(key, String(value));
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value !== undefined && value !== null && value !== "") out.append(key, String(value));
  }
  return out;
}

export async function getJSON(path, query) {
  const url = query && [...query].length ? `${path}?${query}` : path;
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const message = body && body.error ? body.error.message : response.statusText;
    const error = new Error(message || `HTTP ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return body;
}
