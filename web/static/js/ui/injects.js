// Injects: the scenario's scripted news, released when the instructor chooses,
// and news written on the spot.

import {h, fill, field} from "../dom.js";
import {actionButton, bindForm, resultSlot, statusSlot} from "./act.js";
import {patchList} from "./keyed.js";
import {paragraphs} from "./news.js";
import {countryName, t, textOf} from "../i18n.js";
import {sceneText, textsVersion, untranslatedBadge} from "../texts.js";

export class Injects {
  constructor(container, ctx) {
    this.ctx = ctx;
    this.list = h("ul", {class: "injects"});
    this.title = h("input", {maxlength: 200});
    this.text = h("textarea", {rows: 3, maxlength: 4000});
    this.audience = h("div", {class: "choices country-grid"});
    const slot = resultSlot();
    const status = statusSlot();
    const form = h("form", {class: "card"}, h("h3", {}, t("Write news now")),
      field(t("Headline"), this.title), field(t("Text"), this.text),
      h("details", {}, h("summary", {}, t("Only for some countries (otherwise everyone)")),
        h("fieldset", {class: "field"}, h("legend", {}, t("Countries that receive it")), this.audience)),
      h("button", {type: "submit", class: "primary"}, t("Release this news")), slot, status);
    bindForm(form, ctx, {slot, status,
      build: () => {
        if (!this.title.value.trim()) return t("News needs a headline.");
        const action = {kind: "inject", actor: "instructor", title: this.title.value.trim(), text: this.text.value.trim()};
        const chosen = [...this.audience.querySelectorAll("input:checked")].map(b => b.value);
        if (chosen.length) action.audience = chosen;
        return action;
      },
      done: () => {
        this.title.value = "";
        this.text.value = "";
        for (const b of this.audience.querySelectorAll("input")) b.checked = false;
        status.textContent = t("Released.");
      }});
    fill(container, h("h2", {}, t("Injects")), form, h("h3", {}, t("Scripted in the scenario")), this.list);
  }

  update(view) {
    const injects = view.instructor?.injects || [];
    const key = view.countries.length;
    if (this.audienceFor !== key) {
      this.audienceFor = key;
      this.audience.replaceChildren(...view.countries.map(c => h("label", {class: "choice"},
        h("input", {type: "checkbox", value: c.code}), " ", countryName(c.code, null, c.name))));
    }
    const status = JSON.stringify([view.game.status]);
    patchList(this.list, injects, i => i.id, inject => {
      const slot = resultSlot();
      const title = sceneText(`injects.${inject.id}.title`, textOf(inject, "title"));
      const text = sceneText(`injects.${inject.id}.text`, textOf(inject, "text"));
      const when = inject.round ? t("scripted: round {round}", {round: inject.round})
        : inject.when ? t("scripted: when its condition holds") : t("scripted: by hand");
      return h("li", {class: ["inject", inject.released ? "released" : ""]},
        h("h4", {}, title.text, " ", h("span", {class: "badge"}, inject.released ? t("released") : when),
          title.fallback || text.fallback ? [" ", untranslatedBadge()] : null),
        inject.audience ? h("p", {class: "hint"}, t("Only for: {countries}", {countries: {countries: inject.audience}})) : null,
        inject.text ? h("details", {}, h("summary", {}, t("Text")), paragraphs(text.text)) : null,
        !inject.released && view.game.status !== "setup" && view.game.status !== "ended"
          ? actionButton(this.ctx, t("Release \u201c{title}\u201d now", {title: title.text}),
            {kind: "inject", actor: "instructor", inject: inject.id}, slot) : null,
        slot);
    }, i => [i, status, textsVersion()]);
  }
}
