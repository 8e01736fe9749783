// The bar at the top of a student's page: the open vote on a draft the country
// votes on (what, the live tally, Yes / No / Abstain, then "You voted yes"), or,
// for the Council's President, the next draft to put to the vote. It is the first
// thing the keyboard reaches, and a screen reader hears when a vote opens.

import {h, fill} from "../dom.js";
import {alertNow} from "../live.js";
import {VOTES} from "../names.js";
import {actionButton, resultSlot} from "./act.js";
import {setText} from "./keyed.js";
import {whyNot} from "./rules.js";
import {t, textOf, tn, tParts} from "../i18n.js";

// A whole sentence for each body, so that a translation gives its name the article and the
// preposition it takes ("au Conseil de sécurité", "à l'Assemblée générale", "en el Consejo").
const VOTE_OPEN = {UNSC: t("Vote open in the Security Council:"), UNGA: t("Vote open in the General Assembly:"),
  LNC: t("Vote open in the Council of the League of Nations:"), LNA: t("Vote open in the Assembly of the League of Nations:")};
const YOU_VOTED = {yes: t("You voted yes. A vote once cast is final."), no: t("You voted no. A vote once cast is final."),
  abstain: t("You abstained. A vote once cast is final.")};
const VOTE_ON = {yes: draft => t("Vote yes on {draft}", {draft}), no: draft => t("Vote no on {draft}", {draft}),
  abstain: draft => t("Abstain on {draft}", {draft})};

/** The open vote this country casts a vote in, if any: {body, council, draft}. */
export function openVoteFor(view, me) {
  for (const body of Object.keys(VOTE_OPEN)) {
    const council = view[body];
    if (!council?.open_vote || !me) continue;
    const draft = (council.drafts || []).find(d => d.id === council.open_vote && d.status === "voting");
    if (!draft) continue;
    // A Member of the League party to the dispute sits with its Council as a member (Art. 4(5)).
    const party = body === "LNC" && (draft.parties || []).includes(me) && (view.LEAGUE?.members || []).includes(me);
    if ((council.members || []).includes(me) || party) return {body, council, draft};
  }
  return null;
}

export class VoteBar {
  constructor(container, ctx) {
    this.container = container;
    this.ctx = ctx;
    this.key = null;
    this.announced = null;
  }

  update(view) {
    const me = this.ctx.me;
    const vote = openVoteFor(view, me);
    const call = vote ? null : this.nextToCall(view, me);
    // A vote cast by another member changes the tally's line alone: the buttons stay as they are.
    const key = JSON.stringify([vote?.body, vote?.draft.id, vote?.draft.title, vote?.draft.votes?.[me],
      vote && whyNot(this.ctx.rules, view, "vote"), call?.id, call?.title, view.game.status]);
    if (key === this.key) {
      if (vote && this.tallyLine) {
        const counts = tallyCounts(vote.draft);
        setText(this.tallyLine, counts);
        this.tallyLine.hidden = !counts;
      }
      return;
    }
    this.key = key;
    const focused = this.container.contains(document.activeElement)
      ? document.activeElement.getAttribute("aria-label") || document.activeElement.textContent : null;
    this.container.hidden = !vote && !call;
    document.body.classList.toggle("has-vote-bar", Boolean(vote || call));
    if (vote) this.showVote(view, vote, me);
    else if (call) this.showCall(call);
    else fill(this.container);
    if (focused) {
      const again = [...this.container.querySelectorAll("button")].find(b =>
        (b.getAttribute("aria-label") || b.textContent) === focused);
      (again || this.container.querySelector("button, .vote-bar-title"))?.focus?.();
    }
    const announceKey = vote ? `vote:${vote.draft.id}` : call ? `call:${call.id}` : null;
    if (announceKey && announceKey !== this.announced && !vote?.draft.votes?.[me]) {
      alertNow(vote
        ? t("Vote open on {draft}, {title}: vote Yes, No or Abstain at the top of the page.",
          {draft: vote.draft.id, title: textOf(vote.draft, "title")})
        : t("You preside: call the vote on {draft} at the top of the page.", {draft: call.id}));
    }
    this.announced = announceKey;
  }

  /** The President's next draft to put to the vote (drafts are voted in order of submission). */
  nextToCall(view, me) {
    const council = view.UNSC;
    if (!council || !me || council.president !== me || council.open_vote || this.ctx.readOnly) return null;
    if (whyNot(this.ctx.rules, view, "call_vote")) return null;
    return (council.drafts || []).find(d => d.status === "tabled" && !(d.needs_member_request && !d.requested_by)) || null;
  }

  showVote(view, {body, draft}, me) {
    const mine = draft.votes?.[me];
    const slot = resultSlot();
    const counts = tallyCounts(draft);
    this.tallyLine = h("p", {class: "vote-bar-tally", hidden: !counts}, counts);
    const controls = mine
      ? h("p", {class: "vote-bar-mine"}, YOU_VOTED[mine] || VOTES[mine])
      : whyNot(this.ctx.rules, view, "vote")
        ? h("p", {class: "vote-bar-mine"}, whyNot(this.ctx.rules, view, "vote"))
        : h("div", {class: "vote-bar-buttons", role: "group", "aria-label": t("Your vote on {draft}", {draft: draft.id})},
          ["yes", "no", "abstain"].map(choice => actionButton(this.ctx, VOTES[choice],
            {kind: "vote", draft: draft.id, vote: choice}, slot,
            {class: `vote vote-${choice}`, "aria-label": VOTE_ON[choice](draft.id)})));
    fill(this.container, h("section", {class: "vote-bar-inner", "aria-labelledby": "vote-bar-title"},
      h("div", {class: "vote-bar-text"},
        h("p", {id: "vote-bar-title", class: "vote-bar-title"}, h("strong", {}, VOTE_OPEN[body]), " ",
          h("span", {class: "symbol"}, draft.id), " ", textOf(draft, "title") || t("(untitled)")),
        this.tallyLine),
      controls, slot));
  }

  showCall(draft) {
    this.tallyLine = null;
    const slot = resultSlot();
    const title = textOf(draft, "title") || t("(untitled)");
    fill(this.container, h("section", {class: "vote-bar-inner vote-bar-president", "aria-labelledby": "vote-bar-title"},
      h("div", {class: "vote-bar-text"},
        h("p", {id: "vote-bar-title", class: "vote-bar-title"}, h("strong", {}, t("You preside over the Security Council:")), " ",
          tParts("next to vote is {draft} {title}.", {draft: h("span", {class: "symbol"}, draft.id), title}))),
      actionButton(this.ctx, t("Call the vote on {draft}", {draft: draft.id}), {kind: "call_vote", draft: draft.id}, slot,
        {class: "primary"}),
      slot));
  }
}

/** The tally in a line: "9 yes · 2 no · … · closed now, it would pass". */
function tallyCounts(draft) {
  const tally = draft.tally;
  if (!tally) return "";
  const now = {adopted: t("closed now, it would pass"), vetoed: t("closed now, it would be vetoed"),
    failed: t("closed now, it would fall short")}[tally.if_closed_now];
  return [t("{count} yes", {count: tally.yes.length}), t("{count} no", {count: tally.no.length}),
    tn("{count} abstention", "{count} abstentions", tally.abstain.length),
    tn("{count} not voted", "{count} not voted", tally.not_voted.length),
    t("{count} needed", {count: tally.needed}), now].filter(Boolean).join(" · ");
}
