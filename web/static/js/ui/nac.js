// The North Atlantic Council: no votes, consensus. Article 4 consultations,
// Article 5 requests, texts under silence with their deadlines, breaking
// silence (in writing, with a reason), and pledges after Article 5.

import {h, fill, field, setOptions, uid} from "../dom.js";
import {countdown, serverNow} from "../clock.js";
import {INCIDENT_KINDS, ITEM_STATUS, RESPONSES, namer} from "../names.js";
import {actionButton, bindForm, resultSlot, statusSlot} from "./act.js";
import {patchList, unchanged} from "./keyed.js";
import {renderAccessions} from "./accession.js";
import {whyNot} from "./rules.js";
import {paragraphs} from "./news.js";
import {itemText, textsVersion} from "../texts.js";
import {t, textOf, tParts} from "../i18n.js";

const PLEDGE_STATUS = {made: t("made"), retracted: t("retracted")};
// A text the chair circulated: the chair is a person, not a country.
const CIRCULATED_BY_CHAIR = {instructor: t("Circulated by the instructor"),
  secretary_general: t("Circulated by the Secretary-General")};
const RETRACT = {diplomatic: t("Retract your diplomatic pledge"), economic: t("Retract your economic pledge"),
  military: t("Retract your military pledge")};

function capital(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export class NorthAtlanticCouncil {
  constructor(container, ctx) {
    this.ctx = ctx;
    this.summary = h("div", {class: "council-summary"});
    this.article5 = h("div", {class: "article5-status"});
    this.forms = h("div", {class: "form-area nac-forms"});
    this.items = h("ol", {class: "items", "aria-label": t("Texts before the Council")});
    this.noItems = h("p", {class: "hint"}, t("No text is before the Council."));
    this.pledgeArea = h("div", {class: "pledge-area"});
    this.pledges = h("ul", {class: "pledges", "aria-label": t("Pledges")});
    this.consultations = h("ul", {class: "consultations"});
    this.accessions = h("div", {class: "accessions"});
    fill(container, h("h2", {}, t("North Atlantic Council")), this.summary, this.article5, this.forms,
      h("h3", {}, t("Texts under the silence procedure")), this.noItems, this.items,
      h("h3", {}, t("Pledges under Article 5")), this.pledgeArea, this.pledges,
      h("h3", {}, t("Consultations under Article 4")), this.consultations, this.accessions);
    this.formsFor = undefined;
  }

  update(view) {
    const nac = view.NAC;
    if (!nac) return;
    if (unchanged(this, "update", [nac, view.game.status, view.game.phase, view.incidents, view.countries,
      this.ctx.me, this.ctx.readOnly, this.pledgeMore, this.ctx.readOnly ? view.game.now : null,
      textsVersion()])) return;
    const names = namer(view);
    const me = this.ctx.me;
    const ally = Boolean(me && nac.members.includes(me));
    fill(this.summary,
      h("p", {}, t("{count} allies decide by consensus: a text circulated under silence is " +
        "adopted at its deadline unless an ally breaks silence, and one objection blocks it.", {count: nac.members.length})),
      me ? h("p", {class: "standing"}, ally ? t("You are an ally: you may request consultations (Article 4) " +
        "or an Article 5 determination, and break silence.")
        : capital(t("{country} is not a NATO ally: it cannot invoke Article 4 or 5, and keeps its right of " +
          "self-defence under Charter Art. 51.", {country: names.param(me)}))) : null);
    fill(this.article5, nac.article5.length
      ? h("p", {class: "article5-invoked"}, h("strong", {}, t("Article 5 invoked:")), " ",
        nac.article5.map(id => incidentLabel(view, id, names)).join("; "), ". ",
        t("An armed attack on one ally is an attack on all; each ally decides its own response."))
      : null);
    this.updateForms(view, names, ally);
    const items = [...nac.items].reverse();
    this.noItems.hidden = items.length > 0;
    // A later decision can retire an item's controls: it is part of each card's signature.
    const context = JSON.stringify([me, ally, view.game.status, view.game.phase, nac.article5, nac.items.length]);
    patchList(this.items, items, i => i.id, i => this.itemCard(i, view, names, ally),
      i => [i, context]);
    this.updatePledges(view, names, ally);
    renderAccessions(this.accessions, view, this.ctx, names, ally);
    fill(this.consultations, nac.consultations.length
      ? nac.consultations.map(code => h("li", {}, capital(t("{country} requested consultations.", {country: names.param(code)}))))
      : h("li", {class: "hint"}, t("None yet.")));
  }

  updateForms(view, names, ally) {
    const me = this.ctx.me;
    if (this.formsFor !== `${me}:${ally}`) {
      this.formsFor = `${me}:${ally}`;
      const acts = ally && !this.ctx.readOnly;
      this.art4 = acts ? this.article4Form() : null;
      this.art5 = acts ? this.article5Form() : null;
      this.circ = !me && this.ctx.isInstructor && !this.ctx.readOnly ? this.circulateForm() : null;
      this.pledgeForm = acts ? this.makePledgeForm() : null;
      fill(this.forms, this.art4?.form, this.art5?.form, this.circ?.form);
      fill(this.pledgeArea, this.pledgeForm ? this.mine : null, this.pledgeForm?.form,
        this.pledgeNote = h("p", {class: "hint"}));
    }
    const rules = this.ctx.rules;
    for (const [part, kind] of [[this.art4, "request_consultations"], [this.art5, "request_article5"],
      [this.circ, "circulate"]]) {
      if (!part) continue;
      const why = whyNot(rules, view, kind);
      part.fields.hidden = Boolean(why);
      part.note.textContent = why || "";
      part.note.hidden = !why;
    }
    if (this.art5) {
      const options = incidentOptions(view, names);
      setOptions(this.art5.incident, options);
      if (!this.art5.fields.hidden && !options.some(o => o.value && !o.disabled)) {
        // Nothing left to request: no form, and the reason instead.
        this.art5.fields.hidden = true;
        this.art5.note.hidden = false;
        this.art5.note.textContent = view.incidents.length
          ? t("No incident can be put to the allies now: each is already under silence, decided, or outside what Article 5 covers.")
          : t("No incident has happened yet.");
      }
    }
    if (this.circ) {
      setOptions(this.circ.incident, [{value: "", label: t("(not an Article 5 determination)")},
        ...incidentOptions(view, names)]);
    }
  }

  article4Form() {
    const concern = h("textarea", {rows: 2, maxlength: 4000});
    const slot = resultSlot();
    const status = statusSlot();
    const note = h("p", {class: "hint"});
    const fields = h("div", {}, field(t("Your concern"), concern,
      t("Any ally may ask for consultations when it thinks an ally's territorial integrity, political " +
      "independence or security is threatened. Consultations only, no action.")),
    h("button", {type: "submit"}, t("Request consultations (Article 4)")));
    const form = h("form", {class: "card"}, h("h3", {}, t("Article 4: consultations")), fields, note, slot, status);
    bindForm(form, this.ctx, {slot, status,
      build: () => ({kind: "request_consultations", concern: concern.value.trim()}),
      done: () => { concern.value = ""; status.textContent = t("Requested."); }});
    return {form, fields, note};
  }

  article5Form() {
    const incident = h("select", {});
    const text = h("textarea", {rows: 2, maxlength: 4000});
    const slot = resultSlot();
    const status = statusSlot();
    const note = h("p", {class: "hint"});
    const fields = h("div", {},
      field(t("The incident"), incident, t("Article 5 covers an armed attack on an ally inside the Article 6 area. " +
        "Cyber, hybrid and space incidents count only if the allies so decide, case by case.")),
      field(t("Draft text (optional)"), text),
      h("button", {type: "submit"}, t("Request an Article 5 determination")));
    const form = h("form", {class: "card"}, h("h3", {}, t("Article 5: collective defence")), fields, note, slot, status);
    bindForm(form, this.ctx, {slot, status,
      build: () => incident.value ? {kind: "request_article5", incident: incident.value, text: text.value.trim()}
        : t("Choose the incident."),
      done: () => { text.value = ""; status.textContent = t("Circulated under silence."); }});
    return {form, fields, note, incident};
  }

  circulateForm() {
    const decision = h("select", {}, h("option", {value: "statement"}, t("A statement")),
      h("option", {value: "article5"}, t("An Article 5 determination")),
      h("option", {value: "operation"}, t("A decision on an operation")));
    const incident = h("select", {});
    const title = h("input", {maxlength: 200});
    const text = h("textarea", {rows: 2, maxlength: 4000});
    const minutes = h("input", {type: "number", min: 0.1, max: 600, step: 0.5, value: 5});
    const slot = resultSlot();
    const status = statusSlot();
    const note = h("p", {class: "hint"});
    const fields = h("div", {}, field(t("Decision"), decision), field(t("Incident"), incident), field(t("Title"), title),
      field(t("Text"), text), field(t("Silence deadline, in minutes"), minutes),
      h("button", {type: "submit"}, t("Circulate under silence")));
    const form = h("form", {class: "card"}, h("h3", {}, t("Chair: circulate a text")), fields, note, slot, status);
    bindForm(form, this.ctx, {slot, status,
      build: () => {
        const action = {kind: "circulate", decision: decision.value, title: title.value.trim(),
          text: text.value.trim()};
        const m = Number(minutes.value);
        if (m > 0) action.deadline = Math.round(serverNow() + m * 60);
        if (decision.value === "article5") {
          if (!incident.value) return t("An Article 5 determination names its incident.");
          action.incident = incident.value;
        }
        return action;
      },
      done: () => { title.value = ""; text.value = ""; status.textContent = t("Circulated."); }});
    return {form, fields, note, incident};
  }

  itemCard(item, view, names, ally) {
    const me = this.ctx.me;
    const slot = resultSlot();
    const parts = [h("h4", {}, h("span", {class: "symbol"}, item.id), " ", textOf(item, "title") || textOf(item, "decision_name"), " ",
      h("span", {class: ["badge", `status-${item.status}`]}, ITEM_STATUS[item.status] || item.status)),
    h("p", {class: "draft-meta"}, CIRCULATED_BY_CHAIR[item.by] || t("Circulated by {country}", {country: names.param(item.by)}),
      ` · ${textOf(item, "decision_name")}`)];
    if (item.case_by_case) {
      parts.push(h("p", {class: "hint"}, t("Not an armed attack in the classic sense: Article 5 applies only if " +
        "the allies so decide, case by case.")));
    }
    if (item.text) parts.push(paragraphs(textOf(item, "text"), "item-text"));
    if (item.status === "silence") {
      // A replay shows the time left at that moment, frozen.
      const clock = this.ctx.readOnly ? countdown(null, {remaining: Math.max(0, item.deadline - (view.game.now || 0))})
        : countdown(item.deadline);
      parts.push(h("p", {class: "silence-clock"}, tParts("Adopted unless an ally breaks silence within {clock}.", {clock})));
    }
    if (item.broken_by.length) {
      parts.push(h("ul", {class: "objections", "aria-label": t("Objections")}, item.broken_by.map((code, i) =>
        h("li", {}, h("strong", {}, capital(t("{country} broke silence:", {country: names.param(code)}))), " ", item.reasons[i] || ""))));
    }
    if (item.status === "blocked") {
      parts.push(h("p", {class: "explanation result-blocked"}, t("Not adopted: {countries} " +
        "broke silence, and the North Atlantic Council decides only by consensus; one objection blocks.",
      {countries: names.list(item.broken_by)})));
    } else if (item.status === "adopted") {
      parts.push(h("p", {class: "explanation result-adopted"}, t("Adopted: no ally broke silence before the " +
        "deadline, so the Council agreed it by consensus.")));
    }
    // Joining an objection makes sense only while the text's deadline runs and nothing later
    // settled its question (Article 5 invoked for its incident, or a later text on it).
    const superseded = item.status === "blocked" && (
      (item.incident && view.NAC.article5.includes(item.incident))
      || view.NAC.items.some(other => other.id !== item.id && other.deadline > item.deadline
        && other.decision === item.decision && other.incident === item.incident));
    const open = !this.ctx.readOnly && (item.status === "silence"
      || (item.status === "blocked" && item.broken_by.length && item.deadline > serverNow() && !superseded));
    if (me && ally && open && !item.broken_by.includes(me) && !whyNot(this.ctx.rules, view, "break_silence")) {
      const reason = h("textarea", {rows: 2, maxlength: 1000, "data-keep": "reason", "data-focus": "reason"});
      const status = statusSlot();
      const form = h("form", {class: "break-silence"},
        field(item.status === "silence" ? t("Your reason for breaking silence") : t("Join the objection: your reason"),
          reason, t("Silence is broken in writing, with a reason. One objection blocks the text.")),
        h("button", {type: "submit", class: "danger", "data-focus": "break"}, t("Break silence on {item}", {item: item.id})),
        status);
      bindForm(form, this.ctx, {slot, status,
        build: () => reason.value.trim() ? {kind: "break_silence", item: item.id, reason: reason.value.trim()}
          : t("Write your reason: silence is broken in writing, with a reason.")});
      parts.push(form);
    }
    if (this.ctx.isInstructor && !this.ctx.readOnly && !me && item.status === "silence") {
      parts.push(actionButton(this.ctx, t("End the silence now"), {kind: "silence_deadline", item: item.id}, slot));
    }
    parts.push(slot);
    return h("li", {class: ["item", `item-${item.status}`]}, h("article", {"aria-label": item.id}, parts));
  }

  makePledgeForm() {
    const name = uid("response");
    const radios = Object.entries(RESPONSES).map(([value, label], i) =>
      h("label", {class: "choice", "data-response": value},
        h("input", {type: "radio", name, value, checked: i === 0}), " ", label));
    const detail = h("input", {maxlength: 4000});
    const slot = resultSlot();
    const status = statusSlot();
    const form = h("form", {class: "card"}, h("h4", {}, t("Your pledge")),
      h("fieldset", {class: "field"}, h("legend", {}, t("Response")), h("div", {class: "choices inline"}, radios)),
      field(t("What exactly (optional)"), detail, t("Each ally decides its own response: \u201csuch action as it deems " +
        "necessary\u201d. Force is allowed, never required.")),
      h("button", {type: "submit", class: "primary"}, t("Pledge")), slot, status);
    bindForm(form, this.ctx, {slot, status,
      build: () => {
        const chosen = form.querySelector("label:not([hidden]) > input[type=radio]:checked");
        return chosen ? {kind: "pledge", response: chosen.value, detail: detail.value.trim()} : t("Choose a response.");
      },
      done: () => { detail.value = ""; this.pledgeMore = false; }});
    this.mine = h("div", {class: "card my-pledges"});
    return {form, radios};
  }

  /** One pledge per response kind: the form offers the kinds not pledged yet, and after a
   * pledge it gives way to what was pledged (with Retract), unless the ally asks for another. */
  updateMine(view, names) {
    const me = this.ctx.me;
    const nac = view.NAC;
    const incident = nac.article5[nac.article5.length - 1];
    const mine = nac.pledges.filter(p => p.ally === me && p.incident === incident && p.status === "made");
    const taken = new Set(mine.map(p => p.response));
    for (const label of this.pledgeForm.radios) {
      label.hidden = taken.has(label.dataset.response);
      const input = label.querySelector("input");
      if (label.hidden) input.checked = false;
    }
    const free = this.pledgeForm.radios.filter(l => !l.hidden);
    if (free.length && !free.some(l => l.querySelector("input").checked)) free[0].querySelector("input").checked = true;
    const key = JSON.stringify([mine, free.length, this.pledgeMore]);
    if (this.mine.dataset.key !== key) {
      this.mine.dataset.key = key;
      const slot = resultSlot();
      fill(this.mine, mine.length ? [h("h4", {}, mine.length > 1 ? t("Your pledges") : t("Your pledge")),
        h("ul", {}, mine.map(p => h("li", {}, h("strong", {}, RESPONSES[p.response] || p.response),
          p.detail ? ` – ${p.detail} ` : " ",
          actionButton(this.ctx, t("Retract"), {kind: "retract_pledge", pledge: p.id}, slot,
            {class: "small", "aria-label": RETRACT[p.response] || t("Retract")})))),
        free.length && !this.pledgeMore ? h("button", {type: "button", class: "small", onclick: () => {
          this.pledgeMore = true;
          this.update(this.ctx.view);
          this.pledgeForm.form.querySelector("label:not([hidden]) > input")?.focus();
        }}, t("Pledge another kind of response")) : null, slot] : null);
    }
    this.mine.hidden = !mine.length;
    return mine.length > 0 && (!free.length || !this.pledgeMore);
  }

  updatePledges(view, names, ally) {
    const nac = view.NAC;
    const invoked = nac.article5.length > 0;
    if (this.pledgeForm) {
      const why = !invoked ? t("Pledges come after the allies invoke Article 5.") : whyNot(this.ctx.rules, view, "pledge");
      const pledged = !why && this.updateMine(view, names);
      if (why) this.mine.hidden = true;
      this.pledgeForm.form.hidden = Boolean(why) || pledged;
      this.pledgeNote.textContent = why || "";
    } else if (this.pledgeNote) {
      this.pledgeNote.textContent = invoked ? "" : t("Pledges come after the allies invoke Article 5.");
    }
    const me = this.ctx.me;
    const context = JSON.stringify([me, view.game.status]);
    patchList(this.pledges, nac.pledges, p => p.id, p => {
      const slot = resultSlot();
      return h("li", {class: `pledge pledge-${p.status}`},
        h("strong", {}, names.name(p.ally)), `: ${RESPONSES[p.response] || p.response}`,
        p.detail ? ` \u2013 ${p.detail}` : "", " ", h("span", {class: "badge"}, PLEDGE_STATUS[p.status] || p.status),
        p.ally === me && p.status === "made" && !this.ctx.readOnly && !this.pledgeForm
          ? actionButton(this.ctx, t("Retract"), {kind: "retract_pledge", pledge: p.id}, slot, {class: "small"}) : null,
        slot);
    }, p => [p, context]);
  }
}

function incidentLabel(view, id, names) {
  const inc = view.incidents.find(i => i.id === id);
  if (!inc) return id;
  // The scenario's title of the incident in the page's language (the texts document), quoted:
  // it may hold a colon of its own (« Article 5 invoqué : « Entraînement : … » »).
  const what = t("{kind} against {target}", {kind: INCIDENT_KINDS[inc.kind] || inc.kind, target: names.param(inc.target)});
  return t("\u201c{title}\u201d ({what})", {title: itemText(inc, "title").text || id, what});
}

/** The incidents, those Article 5 cannot cover disabled with the reason. */
function incidentOptions(view, names) {
  const nac = view.NAC;
  const pending = new Set(nac.items.filter(i => i.decision === "article5" && i.status === "silence").map(i => i.incident));
  return [{value: "", label: t("Choose an incident")}, ...view.incidents.map(inc => {
    let why = "";
    if (!nac.members.includes(inc.target)) why = t("the target is not an ally");
    else if (!inc.in_treaty_area) why = t("outside the Article 6 area");
    else if (nac.article5.includes(inc.id)) why = t("Article 5 already invoked");
    else if (pending.has(inc.id)) why = t("already under silence");
    return {value: inc.id, disabled: Boolean(why),
      label: `${incidentLabel(view, inc.id, names)}${why ? ` \u2013 ${why}` : ""}`};
  })];
}
