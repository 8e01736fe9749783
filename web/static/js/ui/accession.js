// Membership of the Alliance (Article 10): applications, invitations, and each
// ally's ratification; the new member joins when the last ally has ratified.

import {fill, h} from "../dom.js";
import {actionButton, resultSlot} from "./act.js";
import {whyNot} from "./rules.js";

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
    parts.push(h("h3", {}, "Membership (Article 10)"));
  }
  if (nac.membership_requests.length) {
    parts.push(h("p", {}, `Applied to join: ${names.list(nac.membership_requests)}.`));
  }
  for (const acc of nac.accessions) {
    const done = acc.status === "member";
    const text = done ? " has joined the Alliance."
      : acc.status === "ratified" ? " is invited and every party to its accession protocol has ratified: " +
        "it joins when it deposits its instrument of accession in Washington."
      : ` is invited: ratified by ${acc.ratified.length} of the ${acc.ratifying.length} parties to its accession protocol` +
        `${acc.ratifying.length - acc.ratified.length ? `; still to ratify: ${names.list(acc.ratifying.filter(c => !acc.ratified.includes(c)))}` : ""}.`;
    parts.push(h("p", {}, h("strong", {}, names.name(acc.candidate)), text));
    if (acc.status === "ratified" && me === acc.candidate && !whyNot(rules, view, "deposit_accession")) {
      parts.push(actionButton(ctx, "Deposit the instrument of accession (Article 10)",
        {kind: "deposit_accession"}, slot, {class: "primary"}));
    }
    if (!done && me && acc.ratifying.includes(me) && !acc.ratified.includes(me) && !whyNot(rules, view, "ratify")) {
      parts.push(actionButton(ctx, `Ratify ${names.name(acc.candidate)}'s accession`,
        {kind: "ratify", candidate: acc.candidate}, slot, {class: "primary"}));
    }
  }
  if (me && !ally && !nac.membership_requests.includes(me) && !nac.accessions.some(a => a.candidate === me)
      && !whyNot(rules, view, "request_membership")) {
    parts.push(h("p", {class: "hint"}, "A European state may ask to join; the allies then decide, by consensus, " +
      "whether to invite it."), actionButton(ctx, "Apply to join NATO", {kind: "request_membership"}, slot));
  }
  parts.push(slot);
  fill(container, parts);
}
