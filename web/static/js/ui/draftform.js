// The form to table a draft: it offers only what the Charter allows. A
// procedural question carries only procedural measures; measures under
// Articles 41 and 42 only under Chapter VII, with an Art. 39 determination.
// A League draft names its article of the Covenant, which decides its measures.
// The General Assembly recommends: its drafts offer every measure but the
// procedural ones and those of Articles 41-42. A scenario's own measures
// (view.measures) are offered beside the engine's, in the Council and the Assembly.

import {h, field, showError, uid} from "../dom.js";
import {ARTICLES, measureName} from "../names.js";
import {bindForm, resultSlot, statusSlot} from "./act.js";
import {hasDetermination} from "./rules.js";
import {countryName, formatList, t, tn} from "../i18n.js";

export class DraftForm {
  constructor(ctx, body) {
    this.ctx = ctx;
    this.body = body;
    const m = ctx.rules.measures;
    this.vii = new Set(m.chapter_vii_only);
    this.procedural = new Set(m.procedural);
    this.determination = m.determination;
    this.title = h("input", {maxlength: 200, autocomplete: "off", "data-keep": "title"});
    this.text = h("textarea", {rows: 4, maxlength: 4000, "data-keep": "text"});
    this.slot = resultSlot();
    this.status = statusSlot();
    const parts = [h("h3", {}, t("Table a draft")),
      field(t("Title"), this.title, body === "UNSC" ? t("For example: \u201cThe situation in Estonia\u201d.") : null),
      field(t("Text (optional)"), this.text)];
    if (body === "UNSC") {
      this.proceduralBox = h("input", {type: "checkbox", id: uid("proc")});
      this.chapterVI = h("input", {type: "radio", name: uid("chapter"), value: "VI", checked: true});
      this.chapterVII = h("input", {type: "radio", name: this.chapterVI.name, value: "VII"});
      this.chapterSet = h("fieldset", {class: "field"}, h("legend", {}, t("Chapter of the Charter")),
        h("label", {class: "choice"}, this.chapterVI, " ", t("Chapter VI: the peaceful settlement of disputes")),
        h("label", {class: "choice"}, this.chapterVII, " ", t("Chapter VII: threats to the peace, breaches of the peace, acts of aggression (Arts. 41-42 measures)")));
      // Art. 25 binds members to the Council's decisions, under either chapter (ICJ, Namibia, para 113).
      this.decidesBox = h("input", {type: "checkbox", id: uid("decides")});
      this.measureList = h("div", {class: "choices measures"});
      this.measureNote = h("p", {class: "hint", role: "status"});
      // Art. 27(2) asks the Council's own number of votes: nine since 1965, seven before.
      this.proceduralLabel = h("span", {});
      parts.push(
        h("div", {class: "field"}, h("label", {class: "choice", for: this.proceduralBox.id}, this.proceduralBox,
          " ", this.proceduralLabel)),
        this.chapterSet,
        h("div", {class: "field"}, h("label", {class: "choice", for: this.decidesBox.id}, this.decidesBox,
          " ", t("The Council decides (an operative \u201cdecides\u201d): every member is bound to carry it out (Art. 25), " +
          "under either chapter. Unticked, the measures and the text say whether it decides or recommends."))),
        h("fieldset", {class: "field"}, h("legend", {}, t("Measures")), this.measureList, this.measureNote));
      for (const input of [this.proceduralBox, this.chapterVI, this.chapterVII]) {
        input.addEventListener("change", () => this.refresh());
      }
    } else if (body === "LNC" || body === "LNA") {
      const name = uid("article");
      this.articles = Object.keys(ARTICLES).map((code, i) =>
        h("input", {type: "radio", name, value: code, checked: i === 0}));
      this.measureList = h("div", {class: "choices measures"});
      this.against = h("select", {"data-keep": "against"});
      this.againstField = field(t("Against (Art. 16: the state found to have resorted to war, or expelled)"),
        this.against, t("Left empty: the attacker in the game's incidents."));
      parts.push(h("fieldset", {class: "field"}, h("legend", {}, t("Article of the Covenant")),
        this.articles.map(input => h("label", {class: "choice"}, input, " ", ARTICLES[input.value]))),
      h("fieldset", {class: "field"}, h("legend", {}, t("Measures")), this.measureList), this.againstField);
      for (const input of this.articles) input.addEventListener("change", () => this.refresh());
    } else {
      this.importantBox = h("input", {type: "checkbox"});
      this.measureList = h("div", {class: "choices measures"});
      parts.push(h("div", {class: "field"}, h("label", {class: "choice"}, this.importantBox,
        " ", t("An important question (Art. 18(2): two thirds of those present and voting; a recommendation on " +
        "peace and security is one whether ticked or not)"))),
        h("fieldset", {class: "field"}, h("legend", {}, t("Measures (the Assembly recommends)")), this.measureList));
    }
    this.warning = h("p", {class: "warning", role: "status"});
    this.warning.hidden = true;
    this.submit = h("button", {type: "submit", class: "primary"}, t("Table the draft"));
    parts.push(this.warning, this.slot, this.status, this.submit);
    this.form = h("form", {class: "card draft-form"}, parts);
    this.checked = new Set();
    bindForm(this.form, ctx, {
      build: () => this.action(), slot: this.slot, status: this.status,
      done: () => this.reset(),
    });
    this.refresh();
  }

  get league() {
    return this.body === "LNC" || this.body === "LNA";
  }

  /** The League form: the measures its article allows, and whom an Art. 16 draft is against. */
  refreshLeague(view) {
    for (const box of this.measureList.querySelectorAll("input")) {
      if (box.checked) this.checked.add(box.value); else this.checked.delete(box.value);
    }
    const rules = this.ctx.rules.league;
    const article = this.articles.find(a => a.checked)?.value || "11";
    const councilOnly = new Set(rules.council_only);
    let offered = article === "procedural" ? rules.procedural
      : article === "16" ? [...rules.article16, ...rules.other]
        : article === "15" ? [...rules.article15, ...rules.other] : rules.other;
    if (this.body === "LNA") offered = offered.filter(code => !councilOnly.has(code));
    this.measureList.replaceChildren(...offered.map(code => {
      const box = h("input", {type: "checkbox", value: code, checked: this.checked.has(code)});
      return h("label", {class: "choice"}, box, " ", measureName(code));
    }));
    this.againstField.hidden = article !== "16";
    const countries = view?.countries || [];
    const chosen = this.against.value;
    this.against.replaceChildren(h("option", {value: ""}, t("(the attacker)")),
      ...countries.map(c => h("option", {value: c.code, selected: c.code === chosen}, countryName(c.code, null, c.name))));
  }

  /** Rebuild the measure checkboxes for the form's state and the game's. */
  refresh(view = this.ctx.view) {
    if (this.league) {
      this.refreshLeague(view);
      return;
    }
    for (const box of this.measureList.querySelectorAll("input")) {
      if (box.checked) this.checked.add(box.value); else this.checked.delete(box.value);
    }
    const own = (view?.measures || []).map(m => m.id);
    if (this.body !== "UNSC") {
      this.refreshAssembly(own);
      return;
    }
    const needed = view?.UNSC?.threshold ?? 9;
    this.proceduralLabel.textContent = tn("A procedural question (Art. 27(2): {count} vote, no veto)",
      "A procedural question (Art. 27(2): {count} votes, no veto)", needed, {count: needed});
    const procedural = this.proceduralBox.checked;
    this.chapterSet.hidden = procedural;
    const chapterVII = this.chapterVII.checked;
    const known = [...this.ctx.rules.measures.known, ...own];
    // What did not exist yet on the scenario's date is not offered (the engine refuses it too).
    const notYet = view?.game?.not_yet_in_force || {};
    const offered = known.filter(code => !(code in notYet)
      && (procedural ? this.procedural.has(code) : !this.procedural.has(code)));
    // Determination first, then the others, Articles 41-42 last.
    offered.sort((a, b) => rank(this, a) - rank(this, b) || a.localeCompare(b));
    const needsDetermination = !procedural && [...this.checked].some(c => this.vii.has(c))
      && !hasDetermination(view, this.ctx.rules);
    const boxes = offered.map(code => {
      const onlyVII = this.vii.has(code);
      const forced = code === this.determination && needsDetermination;
      const box = h("input", {type: "checkbox", value: code,
        checked: this.checked.has(code) || forced,
        disabled: (onlyVII && !chapterVII) || forced});
      box.addEventListener("change", () => { this.unwarn(); this.refresh(); });
      const label = h("label", {class: ["choice", onlyVII && !chapterVII ? "unavailable" : ""]}, box, " ",
        measureName(code), onlyVII && !chapterVII ? h("span", {class: "hint"}, ` ${t("(Chapter VII only)")}`) : null);
      return label;
    });
    const focused = document.activeElement?.value;
    const hadFocus = this.measureList.contains(document.activeElement);
    this.measureList.replaceChildren(...boxes);
    if (hadFocus) this.measureList.querySelector(`input[value="${CSS.escape(focused)}"]`)?.focus();
    const missing = Object.keys(notYet).map(measureName).join("; ");
    this.measureNote.textContent = (needsDetermination
      ? t("Measures under Articles 41 and 42 need a determination under Art. 39: it is added to this draft.")
      : procedural ? t("A procedural draft carries only procedural measures.") : "")
      + (missing ? ` ${t("Not yet in existence on this game's date: {measures}.", {measures: missing})}` : "");
  }

  /** The Assembly's form: every measure but the procedural ones and those of Arts. 41-42. */
  refreshAssembly(own) {
    const offered = [...this.ctx.rules.measures.known, ...own]
      .filter(code => !this.procedural.has(code) && !this.vii.has(code));
    offered.sort((a, b) => rank(this, a) - rank(this, b) || a.localeCompare(b));
    const key = offered.join(" ");
    if (key === this.offered) return;  // a new view, the same choices: keep the boxes as they are
    this.offered = key;
    this.measureList.replaceChildren(...offered.map(code => {
      const box = h("input", {type: "checkbox", value: code, checked: this.checked.has(code)});
      return h("label", {class: "choice"}, box, " ", measureName(code));
    }));
  }

  action() {
    const title = this.title.value.trim();
    if (!title) return t("Give the draft a title.");
    const action = {kind: "table_draft", body: this.body, title, text: this.text.value.trim()};
    if (this.body === "UNSC") {
      const measures = [...this.measureList.querySelectorAll("input:checked")].map(b => b.value);
      if (!measures.length && !this.warned) {
        this.warn();
        return null;
      }
      action.procedural = this.proceduralBox.checked;
      if (!action.procedural) action.chapter = this.chapterVII.checked ? "VII" : "VI";
      action.measures = measures;
      if (!action.procedural && this.decidesBox.checked) action.decides = true;
    } else if (this.league) {
      action.article = this.articles.find(a => a.checked)?.value || "11";
      action.measures = [...this.measureList.querySelectorAll("input:checked")].map(b => b.value);
      if (action.article === "16" && this.against.value) action.against = this.against.value;
    } else {
      action.important = this.importantBox.checked;
      action.measures = [...this.measureList.querySelectorAll("input:checked")].map(b => b.value);
    }
    return action;
  }

  /** Before a draft without measures: caretakers vote by measures, so they will abstain. */
  warn() {
    const view = this.ctx.view;
    const council = view?.UNSC;
    const caretakers = new Set(view?.caretakers || view?.instructor?.caretakers || []);
    const names = new Map((view?.countries || []).map(c => [c.code, countryName(c.code, null, c.short || c.name)]));
    const who = (council?.members || []).filter(c => caretakers.has(c) && c !== this.ctx.me).map(c => names.get(c) || c);
    this.warned = true;
    this.warning.hidden = false;
    this.warning.textContent = `${t("No measure is ticked.")} ` + (who.length
      ? t("The caretaker states ({countries}) vote by the measures a draft carries: on a draft without any, they " +
        "fall back on their standing instruction, which for most is to abstain, and an abstention never counts " +
        "toward the nine votes. Tick a measure, or table it as it is.", {countries: formatList(who)})
      : t("Caretaker states (the countries no student plays) vote by the measures a draft carries: on a draft " +
        "without any, they fall back on their standing instruction, which for most is to abstain, and an " +
        "abstention never counts toward the nine votes. Tick a measure, or table it as it is."));
    this.submit.textContent = t("Table it without measures");
    this.warning.focus?.();
  }

  unwarn() {
    this.warned = false;
    this.warning.hidden = true;
    this.warning.textContent = "";
    this.submit.textContent = t("Table the draft");
  }

  reset() {
    this.title.value = "";
    this.text.value = "";
    this.checked.clear();
    if (this.body === "UNSC") {
      for (const box of this.measureList.querySelectorAll("input")) box.checked = false;
      this.proceduralBox.checked = false;
      this.decidesBox.checked = false;
      this.chapterVI.checked = true;
      this.refresh();
      this.unwarn();
    }
    if (this.league) {
      this.articles[0].checked = true;
      this.against.value = "";
      this.refresh();
    }
    if (this.body === "UNGA") {
      for (const box of this.measureList.querySelectorAll("input")) box.checked = false;
      this.refresh();
    }
    showError(this.slot, "");
    this.status.textContent = t("Tabled.");
    clearTimeout(this.statusTimer);
    this.statusTimer = setTimeout(() => { this.status.textContent = ""; }, 4000);
  }
}

function rank(form, code) {
  if (code === form.determination) return 0;
  if (form.vii.has(code)) return 2;
  return 1;
}
