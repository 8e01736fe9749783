// What each Member of the League does on its own: the sanctions of Covenant
// Art. 16(1) (each Member decides for itself, by the resolutions of 4 October
// 1921), and notice to leave the League (Art. 1(3), two years).

import {h, fill, showError} from "../dom.js";
import {SANCTIONS, namer} from "../names.js";
import {actionButton, bindForm, resultSlot, statusSlot} from "./act.js";
import {whyNot} from "./rules.js";
import {formatList, t, tParts} from "../i18n.js";

export class LeagueMember {
  constructor(container, ctx) {
    this.ctx = ctx;
    this.container = container;
    this.key = null;
  }

  update(view) {
    const league = view.LEAGUE;
    if (!league) {
      fill(this.container);
      return;
    }
    const me = this.ctx.me;
    const key = JSON.stringify([league, me, view.game.status, view.game.phase]);
    if (key === this.key) return;
    this.key = key;
    const names = namer(view);
    const parts = [h("h3", {}, t("Sanctions and membership"))];
    parts.push(h("p", {class: "hint"}, t("Under Article 16 each Member applies the measures against a state " +
      "that resorted to war on its own: the League recommends, each Member decides.")));
    if (league.war_found.length) {
      parts.push(h("p", {}, tParts("The League has found that {countries} resorted to war in disregard of the Covenant.",
        {countries: names.list(league.war_found)})));
    }
    const rows = league.sanctions.map(s => h("li", {},
      t("{member} against {against}: {measures}", {member: names.name(s.member), against: names.param(s.against),
        measures: formatList(s.measures.map(m => SANCTIONS[m] || m))})));
    parts.push(rows.length ? h("ul", {class: "sanctions", "aria-label": t("Sanctions in force")}, rows)
      : h("p", {class: "hint"}, t("No Member applies sanctions.")));
    if (me && league.members.includes(me) && !this.ctx.readOnly) parts.push(...this.memberTools(view, league, names));
    fill(this.container, parts);
  }

  memberTools(view, league, names) {
    const ctx = this.ctx;
    const me = ctx.me;
    const out = [];
    const slot = resultSlot();
    const status = statusSlot();
    if (!whyNot(ctx.rules, view, "apply_sanctions")) {
      const against = h("select", {"aria-label": t("Against")},
        (league.war_found.length ? league.war_found : view.countries.map(c => c.code))
          .filter(code => code !== me).map(code => h("option", {value: code}, names.name(code))));
      const boxes = Object.entries(SANCTIONS).map(([code, label]) =>
        h("label", {class: "choice"}, h("input", {type: "checkbox", value: code}), ` ${label}`));
      const form = h("form", {class: "card sanctions-form"}, h("h4", {}, t("Apply sanctions")),
        h("div", {class: "field"}, h("label", {}, `${t("Against")} `), against),
        h("fieldset", {class: "field"}, h("legend", {}, t("Measures")), h("div", {class: "choices"}, boxes)),
        slot, status, h("button", {type: "submit", class: "primary"}, t("Apply")));
      bindForm(form, ctx, {
        slot, status,
        build: () => {
          const measures = [...form.querySelectorAll("input:checked")].map(b => b.value);
          if (!measures.length) return t("Choose at least one measure.");
          return {kind: "apply_sanctions", against: against.value, measures};
        },
        done: () => showError(slot, ""),
      });
      out.push(form);
      for (const s of league.sanctions.filter(x => x.member === me)) {
        out.push(actionButton(ctx, t("Lift the sanctions against {country}", {country: names.param(s.against)}),
          {kind: "lift_sanctions", against: s.against}, slot));
      }
    }
    if (me in league.withdrawals) {
      out.push(h("p", {class: "standing"}, t("You have given notice to leave the League (Covenant Art. 1(3)): " +
        "you remain a Member until two years have passed.")));
    } else if (!whyNot(ctx.rules, view, "notify_withdrawal")) {
      out.push(actionButton(ctx, t("Give notice to leave the League (Art. 1(3))"),
        {kind: "notify_withdrawal", body: "LEAGUE"}, slot));
    }
    return out;
  }
}
