// A voting council (the Security Council, or the General Assembly on the same
// machinery): its drafts, live tallies and results, and what this seat may do.

import {h, fill} from "../dom.js";
import {BODY_NAMES, DRAFT_STATUS, VOTES, measureName, namer} from "../names.js";
import {formatList, t, textOf, tn, tParts} from "../i18n.js";
import {actionButton, resultSlot} from "./act.js";
import {DraftForm} from "./draftform.js";
import {patchList, unchanged} from "./keyed.js";
import {whyNot} from "./rules.js";
import {renderTally} from "./tally.js";
import {paragraphs} from "./news.js";

const DECIDED = new Set(["adopted", "vetoed", "failed", "withdrawn"]);
const DECIDED_SHOWN = 20;
const TITLES = BODY_NAMES;
/** Why the drafting form is away out of its phases: a sentence of its own, not a label and a colon before one. */
const tablingPhases = names => tn("Not now: drafts are tabled in the {phases} phase.",
  "Not now: drafts are tabled in the {phases} phases.", names.length, {phases: formatList(names)});
const VOTED = {yes: country => t("{country} voted yes.", {country}), no: country => t("{country} voted no.", {country}),
  abstain: country => t("{country} abstained.", {country})};
const VOTE_ON = {yes: draft => t("Vote yes on {draft}", {draft}), no: draft => t("Vote no on {draft}", {draft}),
  abstain: draft => t("Abstain on {draft}", {draft})};

export class Council {
  constructor(container, ctx, body = "UNSC") {
    this.ctx = ctx;
    this.body = body;
    this.heading = h("h2", {}, TITLES[body]);
    this.summary = h("div", {class: "council-summary"});
    this.formArea = h("div", {class: "form-area"});
    this.drafts = h("ol", {class: "drafts", "aria-label": t("Drafts")});
    this.empty = h("p", {class: "hint"}, t("No draft has been tabled yet."));
    // A long game's decided drafts: the newest are shown, the earlier ones once asked for.
    this.earlierButton = h("button", {type: "button", class: "link-button"});
    this.earlier = h("p", {class: "earlier", hidden: true}, this.earlierButton);
    this.earlierButton.addEventListener("click", () => this.showEarlier());
    fill(container, this.heading, this.summary, this.formArea,
      h("h3", {}, t("Drafts, in the order they are voted")), this.empty, this.earlier, this.drafts);
    this.formFor = undefined;
  }

  update(view) {
    const council = view[this.body];
    if (!council) return;
    const game = view.game;
    if (unchanged(this, "update", [council, game.status, game.phase, game.not_yet_in_force, view.countries,
      view.caretakers, view.instructor?.caretakers, view.measures, view.UNSC, view.LEAGUE, this.ctx.me,
      this.ctx.readOnly, this.allDecided])) return;
    this.view = view;
    const names = namer(view);
    const me = this.ctx.me;
    const members = council.members || [];
    const seat = me ? standing(me, council, this.body) : null;
    fill(this.summary, this.describe(council, names, seat));
    this.updateForm(view, seat);
    const drafts = council.drafts || [];
    this.empty.hidden = drafts.length > 0;
    const context = JSON.stringify([me, council.president, council.open_vote, view.game.phase,
      view.game.status, members.length]);
    const shown = this.window(drafts);
    // A decided draft offers no control: its card changes with the draft, the names and the members.
    patchList(this.drafts, shown, d => d.id, d => this.card(d, view, council, names, seat),
      d => DECIDED.has(d.status) ? [d, view.countries, council.members, council.permanent] : [d, context]);
  }

  /** The drafts shown: every draft still to be decided, and the newest DECIDED_SHOWN decided
   * ones unless the earlier ones were asked for. */
  window(drafts) {
    let hide = this.allDecided ? 0 : drafts.filter(d => DECIDED.has(d.status)).length - DECIDED_SHOWN;
    this.earlier.hidden = hide <= 0;
    if (hide <= 0) return drafts;
    this.earlierButton.textContent = tn("Show the {count} earlier decided draft", "Show the {count} earlier decided drafts", hide);
    const shown = [];
    for (const draft of drafts) {
      if (hide > 0 && DECIDED.has(draft.status)) hide -= 1;
      else shown.push(draft);
    }
    return shown;
  }

  showEarlier() {
    this.allDecided = true;
    if (this.view) this.update(this.view);
    const first = this.drafts.querySelector(".draft-title");
    if (first) {
      first.tabIndex = -1;
      first.focus();
    }
  }

  describe(council, names, seat) {
    const lines = [];
    if (this.body === "UNSC") {
      lines.push(h("p", {}, t("{members} members, {permanent} of them permanent. A draft needs {threshold} votes in " +
        "favour and, unless procedural, no permanent member against.", {members: council.members.length,
        permanent: council.permanent.length, threshold: council.threshold})));
      lines.push(this.presidency(council, names));
    } else if (this.body === "LNC" || this.body === "LNA") {
      lines.push(h("p", {}, t("{members} members. A decision needs the agreement of every member " +
        "represented (Covenant Art. 5(1)): one vote against blocks it, an abstention does not. The parties' votes " +
        "count under Article 11 and not under Articles 15 and 16; procedure is decided by a majority (Art. 5(2)).",
      {members: council.members.length})));
      if (council.president) lines.push(h("p", {}, tParts("President: {country} (calls the votes).",
        {country: h("strong", {}, names.name(council.president))})));
    } else {
      lines.push(h("p", {}, t("{members} members; recommendations only, adopted by a majority " +
        "(two thirds on important questions) of those present and voting.", {members: council.members.length})));
    }
    if (seat) lines.push(h("p", {class: "standing"}, seat.text));
    return lines;
  }

  /** Who calls the votes: a student who presides, or the teacher for a caretaker's or an empty seat. */
  presidency(council, names) {
    const president = council.president;
    const view = this.ctx.view;
    const me = this.ctx.me;
    const caretaken = president && (view?.caretakers || view?.instructor?.caretakers || []).includes(president);
    if (!president) {
      return h("p", {class: "presidency"}, this.ctx.isInstructor ? t("No President: you call the votes.") : t("Your teacher calls the votes."));
    }
    if (me && president === me) {
      const youPreside = h("strong", {}, t("You preside"));
      return h("p", {class: "presidency presidency-mine"}, tParts("{you_preside}: you call the votes, in the order the " +
        "drafts were tabled (the button is at the top of the page when one can be called).",
      {you_preside: youPreside}));
    }
    if (caretaken) {
      return h("p", {class: "presidency"}, this.ctx.isInstructor && !me
        ? tParts("President: {country}, played by its caretaker: you call the votes.",
          {country: h("strong", {}, names.name(president))})
        : [h("strong", {}, t("Your teacher calls the votes")), " ",
          t("(the President, {country}, has no student).", {country: names.param(president)})]);
    }
    return h("p", {class: "presidency"}, tParts("President: {country} (calls the votes).",
      {country: h("strong", {"data-country": president}, names.name(president))}));
  }

  updateForm(view, seat) {
    const me = this.ctx.me;
    if (this.formFor !== me) {
      this.formFor = me;
      this.form = me && seat?.canTable && !this.ctx.readOnly ? new DraftForm(this.ctx, this.body) : null;
      this.note = h("p", {class: "hint form-note"});
      fill(this.formArea, this.form ? this.form.form : null, this.note);
    }
    if (!this.form) {
      this.note.textContent = me ? "" : "";
      this.note.hidden = true;
      return;
    }
    const why = whyNot(this.ctx.rules, view, "table_draft", tablingPhases);
    const voting = view[this.body]?.open_vote;
    // While a vote is open the form folds away (what was typed stays), so the vote comes first.
    this.form.form.hidden = Boolean(why || voting);
    this.note.hidden = !why && !voting;
    this.note.textContent = why ? why
      : voting ? t("The drafting form is folded away while the vote on {draft} is open; it comes back when the vote closes.",
        {draft: voting}) : "";
    this.form.refresh(view);
  }

  card(draft, view, council, names, seat) {
    const me = this.ctx.me;
    const slot = resultSlot();
    const status = DRAFT_STATUS[draft.status] || draft.status;
    const kind = draft.article && draft.article !== "procedural"
      ? (draft.against ? t("Article {article} against {country}", {article: draft.article, country: names.param(draft.against)})
        : t("Article {article}", {article: draft.article}))
      : draft.procedural ? t("Procedural") : draft.chapter ? t("Chapter {chapter}", {chapter: draft.chapter}) : "";
    const heading = h("h4", {class: "draft-title"}, h("span", {class: "symbol"}, draft.id), " ",
      textOf(draft, "title") || t("(untitled)"), " ", h("span", {class: ["badge", `status-${draft.status}`]}, status));
    const meta = h("p", {class: "draft-meta"}, t("Tabled by {country}", {country: names.param(draft.sponsor)}),
      kind ? ` · ${kind}` : "", draft.amends ? ` · ${t("amends {draft}", {draft: draft.amends})}` : "",
      draft.needs_member_request && !draft.requested_by ? ` · ${t("voted only if a member asks (rule 38)")}` : "");
    const parts = [heading, meta];
    if (draft.measures?.length) {
      parts.push(h("ul", {class: "measures-list", "aria-label": t("Measures")},
        draft.measures.map(m => h("li", {}, measureName(m)))));
    }
    if (draft.text) parts.push(h("details", {}, h("summary", {}, t("Text of the draft")), paragraphs(draft.text)));
    if (draft.tally) parts.push(renderTally(draft, council, names));
    if (["adopted", "vetoed", "failed"].includes(draft.status)) {
      parts.push(h("p", {class: ["explanation", `result-${draft.status}`]},
        draft.resolution ? h("strong", {}, `${draft.resolution}. `) : null, textOf(draft, "explanation")));
    }
    const controls = this.controls(draft, view, council, names, seat, slot);
    if (controls.length) parts.push(h("div", {class: "controls"}, controls));
    parts.push(slot);
    return h("li", {class: ["draft", `draft-${draft.status}`]}, h("article", {"aria-label": `${draft.id} ${textOf(draft, "title")}`}, parts));
  }

  controls(draft, view, council, names, seat, slot) {
    const ctx = this.ctx;
    const me = ctx.me;
    const out = [];
    const rules = ctx.rules;
    if (ctx.readOnly) {
      const mine = me && draft.votes?.[me];
      if (mine && draft.status === "voting") out.push(h("p", {class: "my-vote"}, capital(VOTED[mine](names.param(me)))));
      return out;
    }
    const open = council.open_vote === draft.id && draft.status === "voting";
    // A Member of the League party to the dispute sits with its Council as a member (Art. 4(5)).
    const voter = seat?.member || (this.body === "LNC" && (draft.parties || []).includes(me)
      && (view.LEAGUE?.members || []).includes(me));
    if (me && voter && open) {
      const mine = draft.votes?.[me];
      if (mine) {
        out.push(h("p", {class: "my-vote"}, `${capital(VOTED[mine](names.param(me)))} ${t("A vote once cast is final.")}`));
      } else if (ctx.voteBar) {
        out.push(h("p", {class: "vote-prompt"}, t("Your vote on {draft} is at the top of the page.", {draft: draft.id})));
      } else if (!whyNot(rules, view, "vote")) {
        out.push(h("p", {class: "vote-prompt"}, t("Your vote on {draft}:", {draft: draft.id})));
        for (const choice of ["yes", "no", "abstain"]) {
          out.push(actionButton(ctx, VOTES[choice], {kind: "vote", draft: draft.id, vote: choice}, slot,
            {class: `vote vote-${choice}`, "data-focus": `vote-${choice}`,
             "aria-label": VOTE_ON[choice](draft.id)}));
        }
      }
    }
    const presiding = me ? council.president === me : ctx.isInstructor;
    if (presiding && (this.body === "UNSC" || this.body === "LNC") || ctx.isInstructor && !me) {
      if (draft.status === "tabled" && !council.open_vote && !whyNot(rules, view, "call_vote")) {
        out.push(actionButton(ctx, t("Call the vote on {draft}", {draft: draft.id}), {kind: "call_vote", draft: draft.id}, slot,
          {class: "primary", "data-focus": "call"}));
      }
      if (open && !whyNot(rules, view, "close_vote")) {
        out.push(actionButton(ctx, t("Close the vote"), {kind: "close_vote", draft: draft.id}, slot,
          {"data-focus": "close"}));
      }
    }
    if (me && draft.sponsor === me && draft.status === "tabled" && !whyNot(rules, view, "withdraw_draft")) {
      out.push(actionButton(ctx, t("Withdraw"), {kind: "withdraw_draft", draft: draft.id}, slot, {"data-focus": "withdraw"}));
    }
    if (me && seat?.member && draft.needs_member_request && !draft.requested_by && draft.status === "tabled") {
      out.push(actionButton(ctx, t("Ask for a vote (rule 38)"), {kind: "request_vote", draft: draft.id}, slot));
    }
    return out;
  }
}

/** What a country may do in a council. */
function standing(code, council, body) {
  const members = council.members || [];
  const member = members.includes(code);
  const invited = (council.invited || []).includes(code);
  const permanent = (council.permanent || []).includes(code);
  let text;
  if (member) {
    const presides = council.president === code;
    text = body === "UNSC"
      ? (permanent
        ? (presides ? t("You are a permanent member, with the veto, and you preside: you call the votes.")
          : t("You are a permanent member, with the veto."))
        : (presides ? t("You are an elected member, and you preside: you call the votes.") : t("You are an elected member.")))
      : body === "LNC"
        ? (permanent
          ? (presides ? t("You sit on the Council of the League as a permanent member, and you preside: you call the votes: one vote against blocks a decision.")
            : t("You sit on the Council of the League as a permanent member: one vote against blocks a decision."))
          : (presides ? t("You sit on the Council of the League, and you preside: you call the votes: one vote against blocks a decision.")
            : t("You sit on the Council of the League: one vote against blocks a decision.")))
        : t("You are a member: you table drafts and vote.");
  } else if (invited) {
    text = t("You are invited without a vote (rule 37): you may table a draft, which is voted only if a member asks.");
  } else {
    text = t("You do not sit in this body: you follow its work, and may speak to its members.");
  }
  return {member, invited, permanent, canTable: member || invited, text};
}

function capital(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
