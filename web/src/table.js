// The sortable event table (server-side sort, cursor pages appended by "Load more").
import { clear, h, typeColor } from "./dom.js";

export class EventTable {
  constructor(table, moreButton, handlers) {
    this.body = table.querySelector("tbody");
    this.heads = [...table.querySelectorAll("th[data-sort]")];
    this.more = moreButton;
    this.handlers = handlers;
    this.selected = null;
    for (const th of this.heads) {
      th.tabIndex = 0;
      th.addEventListener("click", () => handlers.onSort(th.dataset.sort));
    }
    moreButton.addEventListener("click", () => handlers.onMore());
  }

  markSort(sort) {
    const key = sort.replace(/^-/, "");
    for (const th of this.heads) {
      th.classList.toggle("sorted", th.dataset.sort === key);
      th.classList.toggle("desc", th.dataset.sort === key && sort.startsWith("-"));
    }
  }

  show(page, append) {
    if (!append) clear(this.body);
    for (const event of page.events) this.body.append(this.row(event));
    if (!append && !page.events.length) {
      this.body.append(h("tr", {}, h("td", { colspan: 8, class: "muted" },
        "No events match these filters.")));
    }
    this.more.hidden = !page.next_cursor;
  }

  row(e) {
    const tr = h("tr", { dataset: { eventId: e.event_id_cnty }, tabindex: 0,
      class: e.event_id_cnty === this.selected ? "selected" : "" },
    h("td", { class: "nowrap" }, e.event_date || "undated"),
    h("td", {}, h("span", { class: "dot", style: `background:${typeColor(e.event_type)}` }),
      e.event_type),
    h("td", {}, e.sub_event_type), h("td", {}, e.actor1), h("td", {}, e.actor2),
    h("td", {}, [e.location, e.country].filter(Boolean).join(", ")),
    h("td", { class: "num" }, String(e.fatalities)), h("td", {}, e.source));
    const open = () => this.select(e.event_id_cnty);
    tr.addEventListener("click", open);
    tr.addEventListener("keydown", (k) => { if (k.key === "Enter") open(); });
    return tr;
  }

  select(id) {
    this.selected = id;
    for (const tr of this.body.querySelectorAll("tr")) {
      tr.classList.toggle("selected", tr.dataset.eventId === id);
    }
    this.handlers.onSelect(id);
  }
}
