// A vote in words and in chips: who voted how, and, while the vote is open,
// what would happen if it closed now (and why), by the Charter's rules.

import {h} from "../dom.js";
import {VOTES} from "../names.js";
import {formatNumber, t, textOf, tn, tParts} from "../i18n.js";

function leagueVerdict(draft, names) {
  const tally = draft.tally;
  const p = {draft: draft.id};
  const uncounted = tally.not_counted?.length
    ? ` ${t("The votes of {countries} do not count.", {countries: names.list(tally.not_counted)})}` : "";
  if (draft.body === "LNA" && tally.article === "15" && tally.explanation) {
    // Art. 15(10): the Council's concurrence and a majority of the other Members, in the
    // engine's words (which condition holds, with the count).
    const why = textOf(tally, "explanation").replace(/^(Not adopted|Adopted): /, "");
    return `${tally.if_closed_now === "adopted" ? t("If the vote closed now, {draft} would pass.", p)
      : t("If the vote closed now, {draft} would fall short.", p)} ${why}`;
  }
  if (tally.rule === "majority") {
    return tally.if_closed_now === "adopted"
      ? t("If the vote closed now, {draft} would pass: procedure needs a majority of the members present (Covenant Art. 5(2)).", p)
      : t("If the vote closed now, {draft} would fall short: procedure needs a majority of the members present (Covenant Art. 5(2)).", p);
  }
  if (tally.if_closed_now === "adopted") {
    return t("If the vote closed now, {draft} would pass: no member whose vote counts is against " +
      "(Covenant Art. 5(1)); abstentions do not break unanimity.", p) + uncounted;
  }
  if (tally.blocked_by?.length) {
    const first = names.param(tally.blocked_by[0]);
    const text = tally.blocked_by.length > 1
      ? tn("{country} and {count} more voted against: {draft} cannot be adopted, since a decision needs the " +
        "agreement of every member represented (Covenant Art. 5(1)).", "{country} and {count} more voted against: " +
        "{draft} cannot be adopted, since a decision needs the agreement of every member represented (Covenant Art. 5(1)).",
      tally.blocked_by.length - 1, {country: first, draft: draft.id})
      : t("{country} voted against: {draft} cannot be adopted, since a decision needs the agreement of every " +
        "member represented (Covenant Art. 5(1)).", {country: first, draft: draft.id});
    return capital(text) + uncounted;
  }
  return t("If the vote closed now, {draft} would fall short: no member whose vote counts has agreed yet.", p) + uncounted;
}

function capital(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function tallyVerdict(draft, council, names) {
  const tally = draft.tally;
  if (!tally) return "";
  if (draft.body === "LNC" || draft.body === "LNA") return leagueVerdict(draft, names);
  const yes = tally.yes.length;
  const needed = tally.needed;
  const sc = draft.body === "UNSC";
  const permanent = new Set(council.permanent || []);
  const p = {draft: draft.id, yes, needed};
  if (tally.if_closed_now === "adopted") {
    return sc && !draft.procedural
      ? t("If the vote closed now, {draft} would pass: {yes} in favour, {needed} needed, and no permanent member against (Charter Art. 27(3)).", p)
      : t("If the vote closed now, {draft} would pass: {yes} in favour, {needed} needed.", p);
  }
  if (tally.if_closed_now === "vetoed") {
    return t("If the vote closed now, {draft} would be vetoed by {countries}: it has {yes} votes in favour, " +
      "enough ({needed} needed), but a permanent member voted against (Charter Art. 27(3)).",
    {...p, countries: names.list(tally.vetoed_by)});
  }
  let text = !sc ? t("If the vote closed now, {draft} would fall short: {yes} in favour, fewer than the {needed} needed.", p)
    : draft.procedural
      ? t("If the vote closed now, {draft} would fall short: {yes} in favour, fewer than the {needed} needed (Charter Art. 27(2)).", p)
      : t("If the vote closed now, {draft} would fall short: {yes} in favour, fewer than the {needed} needed (Charter Art. 27(3)).", p);
  const p5No = tally.no.filter(c => permanent.has(c));
  if (sc && !draft.procedural && p5No.length) {
    text += ` ${capital(t("{countries} voted against: a veto if the draft reaches {needed}.",
      {countries: names.list(p5No), needed}))}`;
  }
  if (tally.not_voted.length) {
    text += " " + (tally.can_still_pass
      ? tn("{count} member has not voted yet.", "{count} members have not voted yet.", tally.not_voted.length)
      : t("It can no longer be adopted."));
  }
  return text;
}

export function renderTally(draft, council, names, {verdict = true} = {}) {
  const tally = draft.tally;
  const members = council.members || [];
  const permanent = new Set(council.permanent || []);
  const votes = draft.votes || {};
  const abstain = tally.abstain.length;
  const notVoted = tally.not_voted.length;
  // Each count's words agree with its number ("2 abstentions", "3 n'ont pas voté"): the
  // counted sentence with {count} still in it, where the number goes in bold.
  const counts = h("p", {class: "tally-counts"},
    count("yes", tally.yes.length, t("{count} yes", {count: "{count}"})),
    count("no", tally.no.length, t("{count} no", {count: "{count}"})),
    count("abstain", abstain, tn("{count} abstention", "{count} abstentions", abstain, {count: "{count}"})),
    count("not-voted", notVoted, draft.status === "voting"
      ? tn("{count} not voted", "{count} not voted", notVoted, {count: "{count}"})
      : tn("{count} did not vote", "{count} did not vote", notVoted, {count: "{count}"})),
    h("span", {class: "tally-needed"}, tally.needed === null || tally.needed === undefined
      ? (tally.rule === "majority" ? t("majority needed") : t("unanimity needed"))
      : t("{count} needed", {count: tally.needed})));
  const chips = h("ul", {class: "chips", "aria-label": t("Votes by member")}, members.map(code => {
    const vote = votes[code];
    const label = vote ? VOTES[vote] : t("not voted");
    return h("li", {class: ["chip", `vote-${vote || "none"}`, permanent.has(code) ? "permanent" : ""],
      title: t("{label}: {value}", {label: names.name(code), value: label}), "data-country": code},
    h("span", {class: "chip-name"}, names.short(code)),
    h("span", {class: "chip-vote"}, vote ? ` ${symbol(vote)}` : ""),
    h("span", {class: "visually-hidden"}, `: ${label}${permanent.has(code) ? `, ${t("permanent member")}` : ""}`));
  }));
  const parts = [counts, chips];
  if (verdict && draft.status === "voting") {
    const v = tally.if_closed_now;
    parts.push(h("p", {class: ["verdict", `verdict-${v}`]}, tallyVerdict(draft, council, names)));
  }
  return h("div", {class: "tally"}, parts);
}

function count(kind, n, counted) {
  return h("span", {class: `count count-${kind}`}, tParts(counted, {count: h("strong", {}, formatNumber(n))}));
}

function symbol(vote) {
  return {yes: "\u2713", no: "\u2717", abstain: "\u2013"}[vote] || "";
}
