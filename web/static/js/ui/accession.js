// Membership of the Alliance (Article 10): applications, invitations, and each
// ally's ratification; the new member joins when the last ally has ratified.

import {fill, h} from "../dom.js";
import {actionButton, resultSlot} from "./act.js";
import {whyNot} from "./rules.js";
import {t, tParts} from "../i18n.js";

export function renderAccessions(container, view, ctx, names, ally) {
  const nac = view.NAC;
  const me = ctx.readOnly ? null : ctx.me;
  const rules = ctx.rules;
  const key = JSON.stringify([me, ally, nac.accessions, nac.membership_requests, view.game.status, view.game.phase]);
  if (container.dataset.key === key) return;
  container.dataset.key = key;
  const slot = resultSlot();
  const parts = [];
  if (nac.accessions.length || nac.membership_requests.length || (me && !ally)) {
    parts.push(h("h3", {}, t("Membership (Article 10)")));
  }
  if (nac.membership_requests.length) {
    parts.push(h("p", {}, t("Applied to join: {countries}.", {countries: names.list(nac.membership_requests)})));
  }
  for (const acc of nac.accessions) {
    const done = acc.status === "member";
    // A parameter, not a node: a translation gives it its article and agreement.
    const who = names.param(acc.candidate);
    const missing = acc.ratifying.filter(c => !acc.ratified.includes(c));
    const text = done ? tParts("{country} has joined the Alliance.", {country: who})
      : acc.status === "ratified" ? tParts("{country} is invited and every party to its accession protocol has " +
        "ratified: it joins when it deposits its instrument of accession in Washington.", {country: who})
      : missing.length ? tParts("{country} is invited: ratified by {ratified} of the {parties} parties to its " +
          "accession protocol; still to ratify: {missing}.", {country: who, ratified: acc.ratified.length,
          parties: acc.ratifying.length, missing: names.list(missing)})
        : tParts("{country} is invited: ratified by {ratified} of the {parties} parties to its accession protocol.",
          {country: who, ratified: acc.ratified.length, parties: acc.ratifying.length});
    parts.push(h("p", {}, text));
    if (acc.status === "ratified" && me === acc.candidate && !whyNot(rules, view, "deposit_accession")) {
      parts.push(actionButton(ctx, t("Deposit the instrument of accession (Article 10)"),
        {kind: "deposit_accession"}, slot, {class: "primary"}));
    }
    if (!done && me && acc.ratifying.includes(me) && !acc.ratified.includes(me) && !whyNot(rules, view, "ratify")) {
      parts.push(actionButton(ctx, t("Ratify the accession of {country}", {country: names.param(acc.candidate)}),
        {kind: "ratify", candidate: acc.candidate}, slot, {class: "primary"}));
    }
  }
  if (me && !ally && !nac.membership_requests.includes(me) && !nac.accessions.some(a => a.candidate === me)
      && !whyNot(rules, view, "request_membership")) {
    parts.push(h("p", {class: "hint"}, t("A European state may ask to join; the allies then decide, by consensus, " +
      "whether to invite it.")), actionButton(ctx, t("Apply to join NATO"), {kind: "request_membership"}, slot));
  }
  parts.push(slot);
  fill(container, parts);
}
