// A vote in words and in chips: who voted how, and, while the vote is open,
// what would happen if it closed now (and why), by the Charter's rules.

import {h} from "../dom.js";
import {VOTES} from "../names.js";

function leagueVerdict(draft, names) {
  const t = draft.tally;
  const uncounted = t.not_counted?.length ? ` The votes of ${names.list(t.not_counted)} do not count.` : "";
  if (draft.body === "LNA" && t.article === "15" && t.explanation) {
    // Art. 15(10): the Council's concurrence and a majority of the other Members, in the
    // engine's words (which condition holds, with the count).
    return `If the vote closed now, ${draft.id} would ${t.if_closed_now === "adopted" ? "pass" : "fall short"}. ` +
      t.explanation.replace(/^(Not adopted|Adopted): /, "");
  }
  if (t.rule === "majority") {
    return `If the vote closed now, ${draft.id} would ${t.if_closed_now === "adopted" ? "pass" : "fall short"}: ` +
      "procedure needs a majority of the members present (Covenant Art. 5(2)).";
  }
  if (t.if_closed_now === "adopted") {
    return `If the vote closed now, ${draft.id} would pass: no member whose vote counts is against ` +
      `(Covenant Art. 5(1)); abstentions do not break unanimity.${uncounted}`;
  }
  if (t.blocked_by?.length) {
    return `${names.subject(t.blocked_by[0])}${t.blocked_by.length > 1 ? ` and ${t.blocked_by.length - 1} more` : ""} ` +
      `voted against: ${draft.id} cannot be adopted, since a decision needs the agreement of every member ` +
      `represented (Covenant Art. 5(1)).${uncounted}`;
  }
  return `If the vote closed now, ${draft.id} would fall short: no member whose vote counts has agreed yet.${uncounted}`;
}

export function tallyVerdict(draft, council, names) {
  const t = draft.tally;
  if (!t) return "";
  if (draft.body === "LNC" || draft.body === "LNA") return leagueVerdict(draft, names);
  const yes = t.yes.length;
  const needed = t.needed;
  const sc = draft.body === "UNSC";
  const permanent = new Set(council.permanent || []);
  if (t.if_closed_now === "adopted") {
    return `If the vote closed now, ${draft.id} would pass: ${yes} in favour, ${needed} needed` +
      (sc && !draft.procedural ? ", and no permanent member against (Charter Art. 27(3))." : ".");
  }
  if (t.if_closed_now === "vetoed") {
    return `If the vote closed now, ${draft.id} would be vetoed by ${names.list(t.vetoed_by)}: ` +
      `it has ${yes} votes in favour, enough (${needed} needed), but a permanent member ` +
      `voted against (Charter Art. 27(3)).`;
  }
  let text = `If the vote closed now, ${draft.id} would fall short: ${yes} in favour, ` +
    `fewer than the ${needed} needed${sc ? ` (Charter Art. 27(${draft.procedural ? 2 : 3}))` : ""}.`;
  const p5No = t.no.filter(c => permanent.has(c));
  if (sc && !draft.procedural && p5No.length) {
    const who = names.list(p5No);
    text += ` ${who.charAt(0).toUpperCase()}${who.slice(1)} voted against: a veto if the draft reaches ${needed}.`;
  }
  if (t.not_voted.length) {
    text += t.can_still_pass
      ? ` ${t.not_voted.length} member${t.not_voted.length === 1 ? " has" : "s have"} not voted yet.`
      : " It can no longer be adopted.";
  }
  return text;
}

export function renderTally(draft, council, names, {verdict = true} = {}) {
  const t = draft.tally;
  const members = council.members || [];
  const permanent = new Set(council.permanent || []);
  const votes = draft.votes || {};
  const counts = h("p", {class: "tally-counts"},
    count("yes", t.yes.length), count("no", t.no.length), count("abstain", t.abstain.length),
    count("not-voted", t.not_voted.length, draft.status === "voting" ? "Not voted" : "Did not vote"),
    h("span", {class: "tally-needed"}, t.needed === null || t.needed === undefined
      ? (t.rule === "majority" ? "majority needed" : "unanimity needed") : `${t.needed} needed`));
  const chips = h("ul", {class: "chips", "aria-label": "Votes by member"}, members.map(code => {
    const vote = votes[code];
    const label = vote ? VOTES[vote] : "not voted";
    return h("li", {class: ["chip", `vote-${vote || "none"}`, permanent.has(code) ? "permanent" : ""],
      title: `${names.name(code)}: ${label}`, "data-country": code},
    h("span", {class: "chip-name"}, names.short(code)),
    h("span", {class: "chip-vote"}, vote ? ` ${symbol(vote)}` : ""),
    h("span", {class: "visually-hidden"}, `: ${label}${permanent.has(code) ? ", permanent member" : ""}`));
  }));
  const parts = [counts, chips];
  if (verdict && draft.status === "voting") {
    const v = t.if_closed_now;
    parts.push(h("p", {class: ["verdict", `verdict-${v}`]}, tallyVerdict(draft, council, names)));
  }
  return h("div", {class: "tally"}, parts);
}

function count(kind, n, label) {
  return h("span", {class: `count count-${kind}`}, h("strong", {}, String(n)), " ",
    label || VOTES[kind] || kind);
}

function symbol(vote) {
  return {yes: "\u2713", no: "\u2717", abstain: "\u2013"}[vote] || "";
}
