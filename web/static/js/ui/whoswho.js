// Who's who: every state at the table with its public profile, for every player and
// the projector. A t("Who's who") button opens it; so does a click on any name marked
// with data-country (a tally chip, a president, a sponsor), at that state.

import {fill, h} from "../dom.js";
import {countryName, t, textOf} from "../i18n.js";
import {reader} from "../texts.js";

export class WhosWho {
  /** `place` is where the button goes; `view()` gives the current view. */
  constructor(place, view) {
    this.view = view;
    this.list = h("dl", {class: "whos-who"});
    this.note = h("div", {});
    this.close = h("button", {type: "button", class: "small"}, t("Close"));
    this.dialog = h("dialog", {class: "whos-who-dialog", "aria-labelledby": "whos-who-h"},
      h("div", {class: "dialog-head"}, h("h2", {id: "whos-who-h"}, t("Who's who")), this.close),
      h("p", {class: "hint"}, t("Every state at the table and its public profile. Role sheets stay secret.")),
      this.note, this.list);
    this.close.addEventListener("click", () => this.dialog.close());
    this.button = h("button", {type: "button", class: "whos-who-button", "aria-haspopup": "dialog"}, t("Who's who"));
    this.button.addEventListener("click", () => this.open());
    place.append(this.button);
    document.body.append(this.dialog);
    document.addEventListener("click", event => {
      const named = event.target.closest?.("[data-country]");
      if (named && !this.dialog.contains(named)) this.open(named.dataset.country);
    });
  }

  open(code = null) {
    const view = this.view();
    if (!view) return;
    const read = reader();
    const entries = view.countries.flatMap(c => {
      // A profile not yet translated is marked with the scenario's language.
      const profile = c.profile ? read.marked(`countries.${c.code}.profile`, textOf(c, "profile")) : null;
      return [
        h("dt", {id: `who-${c.code}`, tabindex: "-1"}, countryName(c.code, null, c.name),
          c.bodies.length ? h("span", {class: "hint"}, ` (${c.bodies.join(", ")})`) : null),
        profile?.text ? h("dd", {lang: profile.lang}, profile.text) : h("dd", {}, t("No public profile."))];
    });
    fill(this.list, entries);
    fill(this.note, read.note());
    if (!this.dialog.open) this.dialog.showModal();
    const target = code && this.list.querySelector(`#who-${CSS.escape(code)}`);
    (target || this.close).focus();
  }
}
