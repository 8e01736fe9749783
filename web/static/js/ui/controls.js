// The instructor's controls: start, pause, resume, the next phase, the clock,
// announcements, the record, and the end of the game.

import {h, fill, field} from "../dom.js";
import {PHASE_NAMES} from "../names.js";
import {actionButton, bindForm, resultSlot, statusSlot} from "./act.js";
import {renderStatus} from "./status.js";

const NEXT = {briefing: "consultations", consultations: "council", council: "resolution", resolution: "briefing"};

export class Controls {
  /** runBar: the bar that stays in view while the page scrolls (phase, pause, clock, close the
   * vote, announce); container: the rest (setting the clock, the record, the end). */
  constructor(container, ctx, {downloadRecord, gameId, runBar}) {
    this.ctx = ctx;
    this.gameId = gameId;
    this.slot = resultSlot();
    this.buttons = h("div", {class: "controls big-controls"});
    this.clockSlot = resultSlot();
    this.minutes = h("input", {type: "number", min: 0, max: 600, step: 1, value: 10, class: "short"});
    const clockForm = h("form", {class: "inline-form"},
      field("Clock, in minutes", this.minutes), h("button", {type: "submit"}, "Set the clock"));
    bindForm(clockForm, ctx, {slot: this.clockSlot,
      build: () => {
        const m = Number(this.minutes.value);
        if (!Number.isFinite(m) || m < 0) return "Give the minutes as a number.";
        return {kind: "set_clock", seconds: Math.round(m * 60)};
      }});
    this.quickClock = h("div", {class: "controls quick-clock", role: "group", "aria-label": "Clock"},
      actionButton(ctx, "+1 minute", {kind: "set_clock", extend: 60}, this.clockSlot, {class: "small"}),
      actionButton(ctx, "+5 minutes", {kind: "set_clock", extend: 300}, this.clockSlot, {class: "small"}));
    this.clockButtons = h("div", {class: "controls"},
      actionButton(ctx, "\u22121 minute", {kind: "set_clock", extend: -60}, this.clockSlot,
        {"aria-label": "\u22121 minute: take one minute off the clock", class: "small"}),
      actionButton(ctx, "Stop the clock", {kind: "set_clock", seconds: 0}, this.clockSlot, {class: "small"}));
    this.closeVote = h("div", {class: "controls close-vote"});
    this.announce = h("textarea", {rows: 2, maxlength: 4000});
    const annSlot = resultSlot();
    const annStatus = statusSlot();
    this.announce.rows = 1;
    const announceForm = h("form", {class: "announce-form"},
      field("Announcement to everyone", this.announce, "On every student's table and on the projector."),
      h("button", {type: "submit"}, "Announce"), annSlot, annStatus);
    bindForm(announceForm, ctx, {slot: annSlot, status: annStatus,
      build: () => this.announce.value.trim()
        ? {kind: "say", channel: "public", text: this.announce.value.trim(), actor: "instructor"}
        : "Write the announcement first.",
      done: () => {
        this.announce.value = "";
        annStatus.textContent = "Announced.";
        setTimeout(() => { annStatus.textContent = ""; }, 4000);
      }});
    const recordButton = h("button", {type: "button"}, "Download the game record");
    recordButton.addEventListener("click", downloadRecord);
    this.endArea = h("div", {class: "controls"});
    this.runStatus = h("div", {class: "run-status", role: "group", "aria-label": "Phase and clock"});
    fill(runBar, h("h2", {class: "visually-hidden"}, "Run the class"), this.runStatus,
      h("div", {class: "run-main"}, this.buttons, this.quickClock, this.closeVote), this.slot, announceForm);
    fill(container, h("h2", {id: "controls-heading"}, "More controls"),
      h("h3", {}, "Clock"), clockForm, this.clockButtons, this.clockSlot,
      h("h3", {}, "Record"), h("p", {class: "hint"}, "Every action of the game, to replay or grade."), recordButton,
      h("h3", {}, "End"), this.endArea);
  }

  update(view) {
    const ctx = this.ctx;
    const game = view.game;
    renderStatus(this.runStatus, view, {hint: false});
    const slot = this.slot;
    const as = action => ({...action, actor: "instructor"});
    const buttons = [];
    if (game.status === "setup") {
      buttons.push(actionButton(ctx, "Start the game", as({kind: "start"}), slot, {class: "primary", "data-focus": "start"}));
    }
    if (game.status === "running") {
      buttons.push(actionButton(ctx, "Pause", as({kind: "pause"}), slot, {"data-focus": "pause"}));
    }
    if (game.status === "paused") {
      buttons.push(actionButton(ctx, "Resume", as({kind: "resume"}), slot, {class: "primary", "data-focus": "resume"}));
    }
    if (game.status === "running" && game.rounds && !(game.phase === "resolution" && game.round >= game.rounds)) {
      const next = NEXT[game.phase];
      const label = next === "briefing" ? `Next round (${game.round + 1})` : `Next phase: ${PHASE_NAMES[next]}`;
      buttons.push(actionButton(ctx, label, as({kind: "advance_phase"}), slot, {class: "primary", "data-focus": "advance"}));
    }

    if (game.status === "ended") {
      buttons.push(h("p", {}, "The game has ended. Review it with the class: the replay, the debrief, what-ifs."));
    }
    if (this.gameId && game.status !== "setup") {
      buttons.push(h("a", {href: `/replay/${this.gameId}`, class: "button-link", target: "_blank", rel: "noopener"},
        game.status === "ended" ? "Review the game" : "Review (the game so far)"));
    }
    const key = JSON.stringify([game.status, game.phase, game.round]);
    if (this.key !== key) {
      this.key = key;
      fill(this.endArea, game.status !== "ended" && game.status !== "setup" ? this.endButton()
        : h("p", {class: "hint"}, game.status === "ended" ? "The game has ended." : "Start the game first."));
      const focused = this.buttons.contains(document.activeElement) ? document.activeElement.dataset.focus : null;
      fill(this.buttons, buttons);
      if (focused) (this.buttons.querySelector(`[data-focus="${focused}"]`) || this.buttons.querySelector("button"))?.focus();
    }
    const clockable = game.status === "running" || game.status === "paused";
    this.clockButtons.hidden = !clockable;
    this.quickClock.hidden = !clockable;
    // Close the open vote from the bar: what the teacher needs when a vote waits on someone.
    const open = ["UNSC", "UNGA"].map(b => view[b]?.open_vote).filter(Boolean);
    const closeKey = JSON.stringify([open, game.status]);
    if (this.closeKey !== closeKey) {
      this.closeKey = closeKey;
      fill(this.closeVote, game.status === "running" ? open.map(draft => actionButton(ctx,
        `Close the vote on ${draft}`, {kind: "close_vote", draft, actor: "instructor"}, slot, {class: "small"})) : null);
    }
  }

  endButton() {
    const wrap = h("span", {class: "confirm"});
    const ask = h("button", {type: "button", class: "danger", "data-focus": "end"}, "End the game\u2026");
    ask.addEventListener("click", () => {
      const yes = actionButton(this.ctx, "Yes, end the game now", {kind: "end", actor: "instructor"}, this.slot,
        {class: "danger"});
      const no = h("button", {type: "button"}, "Cancel");
      no.addEventListener("click", () => { fill(wrap, ask); ask.focus(); });
      fill(wrap, h("span", {}, "End for everyone? "), yes, " ", no);
      yes.focus();
    });
    return fill(wrap, ask);
  }
}
