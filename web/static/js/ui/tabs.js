// Tabs with the ARIA tabs pattern: arrow keys move between tabs, Enter or
// Space (or a click) shows a panel. The chosen tab is remembered per page.

import {h} from "../dom.js";

export class Tabs {
  /** tabs: [{id, label, panel}] where panel is the element the tab shows. */
  constructor(list, tabs, {storageKey} = {}) {
    this.list = list;
    this.storageKey = storageKey;
    this.tabs = new Map();
    list.setAttribute("role", "tablist");
    for (const tab of tabs) this.add(tab);
    const saved = storageKey && sessionStorage.getItem(storageKey);
    this.select(this.tabs.has(saved) ? saved : tabs[0].id, false);
    list.addEventListener("keydown", event => this.key(event));
  }

  add({id, label, panel}) {
    const button = h("button", {
      type: "button", role: "tab", id: `tab-${id}`, "aria-controls": panel.id,
      "aria-selected": "false", tabIndex: -1, onclick: () => this.select(id, true)},
      h("span", {class: "tab-label"}, label), h("span", {class: "badge", hidden: true}));
    panel.setAttribute("role", "tabpanel");
    panel.setAttribute("aria-labelledby", button.id);
    panel.tabIndex = -1;
    this.list.append(button);
    this.tabs.set(id, {button, panel});
  }

  select(id, focusTab) {
    if (!this.tabs.has(id)) return;
    for (const [key, {button, panel}] of this.tabs) {
      const on = key === id;
      button.setAttribute("aria-selected", String(on));
      button.tabIndex = on ? 0 : -1;
      panel.hidden = !on;
    }
    this.current = id;
    if (this.storageKey) sessionStorage.setItem(this.storageKey, id);
    if (focusTab) this.tabs.get(id).button.focus();
    this.onselect?.(id);
  }

  /** Show or hide a tab (a body the country does not sit in). */
  show(id, visible) {
    const tab = this.tabs.get(id);
    if (!tab) return;
    tab.button.hidden = !visible;
    if (!visible && this.current === id) {
      const first = [...this.tabs.keys()].find(k => !this.tabs.get(k).button.hidden);
      this.select(first, false);
    }
  }

  /** A count beside the tab's name ("3 unread"), or none. */
  badge(id, count, words) {
    const tab = this.tabs.get(id);
    if (!tab) return;
    const badge = tab.button.querySelector(".badge");
    if (badge.dataset.count === String(count)) return;
    badge.dataset.count = String(count);
    badge.hidden = !count;
    badge.textContent = count ? String(count) : "";
    if (count) badge.setAttribute("aria-label", `${count} ${words}`);
    else badge.removeAttribute("aria-label");
  }

  key(event) {
    const visible = [...this.tabs.entries()].filter(([, t]) => !t.button.hidden).map(([k]) => k);
    const index = visible.indexOf(this.current);
    let next = null;
    if (event.key === "ArrowRight" || event.key === "ArrowDown") next = visible[(index + 1) % visible.length];
    else if (event.key === "ArrowLeft" || event.key === "ArrowUp") next = visible[(index - 1 + visible.length) % visible.length];
    else if (event.key === "Home") next = visible[0];
    else if (event.key === "End") next = visible[visible.length - 1];
    if (next) {
      event.preventDefault();
      this.select(next, true);
    }
  }
}
