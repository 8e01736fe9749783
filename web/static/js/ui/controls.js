// The instructor's controls: start, pause, resume, the next phase, the clock,
// announcements, the record, and the end of the game.

import {h, fill, field} from "../dom.js";
import {countdown} from "../clock.js";
import {PHASE_NAMES, namer} from "../names.js";
import {actionButton, bindForm, resultSlot, run, statusSlot} from "./act.js";
import {renderStatus} from "./status.js";
import {formatList, formatNumber, t, tParts} from "../i18n.js";

const NEXT = {briefing: "consultations", consultations: "council", council: "resolution", resolution: "briefing"};

export class Controls {
  /** runBar: the bar that stays in view while the page scrolls (phase, pause, clock, close the
   * vote, announce); container: the rest (setting the clock, the record, the end). */
  constructor(container, ctx, {downloadRecord, gameId, runBar, seats = () => [], held = false}) {
    this.ctx = ctx;
    /** Replayed from a record: the game stands still where the record ends until resumed. */
    this.held = held;
    this.gameId = gameId;
    this.seats = seats;
    this.slot = resultSlot();
    this.buttons = h("div", {class: "controls big-controls"});
    this.clockSlot = resultSlot();
    this.minutes = h("input", {type: "number", min: 0, max: 600, step: 1, value: 10, class: "short"});
    const clockForm = h("form", {class: "inline-form"},
      field(t("Clock, in minutes"), this.minutes), h("button", {type: "submit"}, t("Set the clock")));
    bindForm(clockForm, ctx, {slot: this.clockSlot,
      build: () => {
        const m = Number(this.minutes.value);
        if (!Number.isFinite(m) || m < 0) return t("Give the minutes as a number.");
        return {kind: "set_clock", seconds: Math.round(m * 60)};
      }});
    this.quickClock = h("div", {class: "controls quick-clock", role: "group", "aria-label": t("Clock")},
      actionButton(ctx, t("+1 minute"), {kind: "set_clock", extend: 60}, this.clockSlot, {class: "small"}),
      actionButton(ctx, t("+5 minutes"), {kind: "set_clock", extend: 300}, this.clockSlot, {class: "small"}));
    this.clockButtons = h("div", {class: "controls"},
      actionButton(ctx, t("\u22121 minute"), {kind: "set_clock", extend: -60}, this.clockSlot,
        {"aria-label": t("\u22121 minute: take one minute off the clock"), class: "small"}),
      actionButton(ctx, t("Stop the clock"), {kind: "set_clock", seconds: 0}, this.clockSlot, {class: "small"}));
    this.closeVote = h("div", {class: "controls close-vote"});
    this.waiting = h("div", {class: "not-voted", "aria-live": "polite"});
    this.grace = h("input", {type: "number", min: 0, max: 3600, step: 5, value: 30, class: "short"});
    this.graceSlot = resultSlot();
    const graceStatus = statusSlot();
    const graceForm = h("form", {class: "inline-form"},
      field(t("Seconds before a caretaker votes for an absent delegation"), this.grace,
        t("A country whose students are all offline when a vote is open is voted by its caretaker after this long.")),
      h("button", {type: "submit"}, t("Set")), graceStatus);
    bindForm(graceForm, ctx, {slot: this.graceSlot, status: graceStatus,
      build: () => {
        const seconds = Number(this.grace.value);
        if (!Number.isInteger(seconds) || seconds < 0 || seconds > 3600) return t("Give whole seconds, from 0 to 3600.");
        return {kind: "set_vote_grace", seconds, actor: "instructor"};
      },
      done: () => { graceStatus.textContent = t("Set."); setTimeout(() => { graceStatus.textContent = ""; }, 4000); }});
    this.announce = h("textarea", {rows: 2, maxlength: 4000});
    const annSlot = resultSlot();
    const annStatus = statusSlot();
    this.announce.rows = 1;
    const announceForm = h("form", {class: "announce-form"},
      field(t("Announcement to everyone"), this.announce, t("On every student's table and on the projector.")),
      h("button", {type: "submit"}, t("Announce")), annSlot, annStatus);
    bindForm(announceForm, ctx, {slot: annSlot, status: annStatus,
      build: () => this.announce.value.trim()
        ? {kind: "say", channel: "public", text: this.announce.value.trim(), actor: "instructor"}
        : t("Write the announcement first."),
      done: () => {
        this.announce.value = "";
        annStatus.textContent = t("Announced.");
        setTimeout(() => { annStatus.textContent = ""; }, 4000);
      }});
    const recordButton = h("button", {type: "button"}, t("Download the game record"));
    recordButton.addEventListener("click", downloadRecord);
    this.endArea = h("div", {class: "controls"});
    this.runStatus = h("div", {class: "run-status", role: "group", "aria-label": t("Phase and clock")});
    fill(runBar, h("h2", {class: "visually-hidden"}, t("Run the class")), this.runStatus,
      h("div", {class: "run-main"}, this.buttons, this.quickClock, this.closeVote), this.waiting, this.slot, announceForm);
    fill(container, h("h2", {id: "controls-heading"}, t("More controls")),
      h("h3", {}, t("Clock")), clockForm, this.clockButtons, this.clockSlot,
      h("h3", {}, t("Absent students")), graceForm, this.graceSlot,
      h("h3", {}, t("Record")), h("p", {class: "hint"}, t("Every action of the game, to replay or grade.")), recordButton,
      h("h3", {}, t("End")), this.endArea);
  }

  update(view) {
    const ctx = this.ctx;
    const game = view.game;
    renderStatus(this.runStatus, view, {hint: false});
    const slot = this.slot;
    const as = action => ({...action, actor: "instructor"});
    const buttons = [];
    if (game.status === "setup") {
      buttons.push(actionButton(ctx, t("Start the game"), as({kind: "start"}), slot, {class: "primary", "data-focus": "start"}));
    }
    if (game.status !== "running") this.held = false;
    if (this.held) {
      const resume = h("button", {type: "button", class: "primary", "data-focus": "resume"}, t("Resume"));
      resume.addEventListener("click", async () => {
        resume.disabled = true;
        const result = await run(ctx, as({kind: "resume"}), slot);
        if (result.ok) {
          this.held = false;
          this.update(ctx.view);
        } else if (resume.isConnected) resume.disabled = false;
      });
      buttons.push(h("p", {class: "hint held-note"}, t("This game was replayed from a record and stands still where the " +
        "record ends: no clock, caretaker or deadline runs until you resume it (its clocks keep what remained of them).")), resume);
    } else if (game.status === "running") {
      buttons.push(actionButton(ctx, t("Pause"), as({kind: "pause"}), slot, {"data-focus": "pause"}));
    }
    if (game.status === "paused") {
      buttons.push(actionButton(ctx, t("Resume"), as({kind: "resume"}), slot, {class: "primary", "data-focus": "resume"}));
    }
    if (game.status === "running" && !this.held && game.rounds && !(game.phase === "resolution" && game.round >= game.rounds)) {
      const next = NEXT[game.phase];
      const label = next === "briefing" ? t("Next round ({round})", {round: game.round + 1}) : t("Next phase: {phase}", {phase: PHASE_NAMES[next]});
      buttons.push(actionButton(ctx, label, as({kind: "advance_phase"}), slot, {class: "primary", "data-focus": "advance"}));
    }

    if (game.status === "ended") {
      buttons.push(h("p", {}, t("The game has ended. Review it with the class: the replay, the debrief, what-ifs.")));
    }
    if (this.gameId && game.status !== "setup") {
      buttons.push(h("a", {href: `/replay/${this.gameId}`, class: "button-link", target: "_blank", rel: "noopener"},
        game.status === "ended" ? t("Review the game") : t("Review (the game so far)")));
    }
    const key = JSON.stringify([game.status, game.phase, game.round, this.held]);
    if (this.key !== key) {
      this.key = key;
      fill(this.endArea, game.status !== "ended" && game.status !== "setup" ? this.endButton()
        : h("p", {class: "hint"}, game.status === "ended" ? t("The game has ended.") : t("Start the game first.")));
      const focused = this.buttons.contains(document.activeElement) ? document.activeElement.dataset.focus : null;
      fill(this.buttons, buttons);
      if (focused) (this.buttons.querySelector(`[data-focus="${focused}"]`) || this.buttons.querySelector("button"))?.focus();
    }
    const clockable = game.status === "running" || game.status === "paused";
    this.clockButtons.hidden = !clockable;
    this.quickClock.hidden = !clockable;
    // Close the open vote from the bar: what the teacher needs when a vote waits on someone.
    const open = ["UNSC", "UNGA", "LNC", "LNA"].map(b => view[b]?.open_vote).filter(Boolean);
    const closeKey = JSON.stringify([open, game.status]);
    if (this.closeKey !== closeKey) {
      this.closeKey = closeKey;
      fill(this.closeVote, game.status === "running" ? open.map(draft => actionButton(ctx,
        t("Close the vote on {draft}", {draft}), {kind: "close_vote", draft, actor: "instructor"}, slot, {class: "small"})) : null);
    }
    if (document.activeElement !== this.grace && game.vote_grace !== undefined) this.grace.value = String(game.vote_grace);
    this.updateWaiting(view);
  }

  /** Who has not voted yet on each open vote: online, offline (and when its caretaker votes),
   * or a caretaker; one click hands a seat to its caretaker. */
  updateWaiting(view) {
    const game = view.game;
    const names = namer(view);
    const caretakers = new Set(view.instructor?.caretakers || []);
    const seats = this.seats().filter(s => s.role === "student" && s.country);
    const rows = [];
    for (const body of ["UNSC", "UNGA", "LNC", "LNA"]) {
      const council = view[body];
      const draft = council?.open_vote && (council.drafts || []).find(d => d.id === council.open_vote);
      if (!draft || draft.status !== "voting" || game.status !== "running") continue;
      const pending = draft.tally?.not_voted || [];
      const due = (draft.called_at ?? game.now) + (game.vote_grace ?? 30);
      rows.push({draft, due, members: pending.map(code => {
        const team = seats.filter(s => s.country === code);
        const state = caretakers.has(code) ? "caretaker" : !team.length ? "empty"
          : team.some(s => s.online) ? "online" : "offline";
        return {code, team, state};
      })});
    }
    const key = JSON.stringify(rows.map(r => [r.draft.id, r.due, r.members.map(m => [m.code, m.state])]));
    if (this.waitingKey === key) return;
    this.waitingKey = key;
    this.waiting.hidden = !rows.length;
    const slot = resultSlot();
    const words = {caretaker: t("caretaker (votes by its policy, or waits)"), online: t("online"), offline: t("offline"),
      empty: t("no student")};
    fill(this.waiting, rows.map(({draft, due, members}) => h("div", {class: "not-voted-list"},
      h("p", {class: "not-voted-title"}, h("strong", {}, t("Not voted yet on {draft}:", {draft: draft.id})), " ",
        members.length ? formatNumber(members.length) : t("everyone has voted")),
      h("ul", {}, members.map(m => h("li", {class: `nv-${m.state}`},
        h("span", {class: "nv-name"}, names.short(m.code)),
        m.team.length ? h("span", {class: "hint"}, ` (${formatList(m.team.map(s => s.nickname))})`) : null,
        " ", h("span", {class: ["badge", `nv-badge-${m.state}`]}, words[m.state]),
        m.state === "offline" ? [" ", h("span", {class: "hint"}, tParts("its caretaker votes in {clock}", {clock: countdown(due)}))] : null,
        m.state !== "caretaker" ? [" ", actionButton(this.ctx, t("Hand to its caretaker"),
          {kind: "set_caretaker", actor: "instructor", country: m.code, caretaker: true}, slot,
          {class: "small", "aria-label": t("Hand to its caretaker: {country}", {country: names.short(m.code)})})] : null))),
      slot)));
  }

  endButton() {
    const wrap = h("span", {class: "confirm"});
    const ask = h("button", {type: "button", class: "danger", "data-focus": "end"}, t("End the game\u2026"));
    ask.addEventListener("click", () => {
      const yes = actionButton(this.ctx, t("Yes, end the game now"), {kind: "end", actor: "instructor"}, this.slot,
        {class: "danger"});
      const no = h("button", {type: "button"}, t("Cancel"));
      no.addEventListener("click", () => { fill(wrap, ask); ask.focus(); });
      fill(wrap, h("span", {}, `${t("End for everyone?")} `), yes, " ", no);
      yes.focus();
    });
    return fill(wrap, ask);
  }
}
