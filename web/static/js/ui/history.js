// What really happened: the instructor shows an entry of the scenario's history
// track on the projector (reveal_history), beside what the class decided, and
// takes it off again. The projector renders what every view carries in history.shown.

import {fill, h} from "../dom.js";
import {actionButton, resultSlot} from "./act.js";
import {patchList} from "./keyed.js";
import {t, textOf} from "../i18n.js";
import {msgNodes, textsVersion, untranslatedBadge} from "../texts.js";

export class HistoryControls {
  constructor(container, ctx) {
    this.ctx = ctx;
    this.container = container;
    this.list = h("ol", {class: "history-track"});
    this.current = h("div", {class: "history-current", "aria-live": "polite"});
    this.slot = resultSlot();
    fill(container, h("h2", {}, t("What really happened")),
      h("p", {class: "hint"}, t("Show the class, on the projector, what the real body decided on the same question, " +
        "beside what your class decided. Reveal an entry when the class has voted, or at the debrief.")),
      this.current, this.list);
  }

  update(view) {
    const history = view.history;
    if (!history) {
      if (!this.empty) fill(this.container, h("h2", {}, t("What really happened")),
        h("p", {class: "hint"}, t("This scenario has no history track: nothing to reveal.")));
      this.empty = true;
      return;
    }
    const shown = history.shown;
    const key = shown ? `${textsVersion()} ${shown.entry}` : "";
    if (this.current.dataset.key !== key) {
      this.current.dataset.key = key;
      const real = shown ? msgNodes(shown.real_msg, shown.real) : null;
      fill(this.current, shown
        ? [h("p", {}, h("strong", {}, t("On the projector:")), " ", `${textOf(shown, "when")}. `, real.nodes,
          real.fallback ? [" ", untranslatedBadge()] : null),
        actionButton(this.ctx, t("Take it off the projector"), {kind: "reveal_history", actor: "instructor"}, this.slot,
          {id: "history-hide"}), this.slot]
        : h("p", {class: "hint"}, t("The projector shows the game.")));
    }
    patchList(this.list, history.track || [], entry => entry.entry, entry => {
      const slot = resultSlot();
      const on = shown && shown.entry === entry.entry;
      const label = msgNodes(entry.label_msg, entry.label);
      return h("li", {class: ["history-entry", entry.revealed ? "revealed" : ""], "data-entry": entry.entry},
        h("p", {}, h("strong", {}, textOf(entry, "when")), " \u00b7 ", label.nodes, ".",
          label.fallback ? [" ", untranslatedBadge()] : null, entry.revealed ? [" ", h("span", {class: "badge"}, t("revealed"))] : null),
        on ? h("p", {class: "hint"}, t("Shown on the projector now."))
          : actionButton(this.ctx, [t("Show on the projector"), h("span", {class: "visually-hidden"}, `: ${textOf(entry, "when")}, `,
            msgNodes(entry.label_msg, entry.label).nodes)],
          {kind: "reveal_history", actor: "instructor", entry: entry.entry}, slot, {class: "reveal-history"}),
        slot);
    }, entry => [entry, shown ? shown.entry : "", textsVersion()]);
  }
}
