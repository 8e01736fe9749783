// Where the game stands: round, phase, clock and whether it runs.

import {h, fill} from "../dom.js";
import {countdown} from "../clock.js";
import {PHASE_HINTS, PHASE_HINTS_WITHOUT_ALLIANCE, PHASE_NAMES, STATUS_NAMES} from "../names.js";
import {unchanged} from "./keyed.js";
import {t} from "../i18n.js";

/** ``frozen``: a replayed moment; the clock shows the time left then, and the page keeps its title. */
export function renderStatus(container, view, {hint = true, frozen = false} = {}) {
  const game = view.game;
  // What the line shows moves with these alone (a running clock ticks by itself).
  if (unchanged(container, "status", [game.status, game.phase, game.round, game.rounds, game.clock_deadline,
    game.clock_remaining, hint, frozen, frozen ? game.now : null, Boolean(view.NAC)])) return STATUS_NAMES[game.status];
  const parts = [];
  if (game.rounds) {
    parts.push(h("span", {class: "stat"}, h("span", {class: "stat-label"}, t("Round")), " ",
      h("strong", {class: "round"}, game.round ? t("{round} of {rounds}", {round: game.round, rounds: game.rounds}) : t("– of {rounds}", {rounds: game.rounds}))));
  }
  const phase = game.status === "setup" ? "setup" : game.status === "ended" ? "ended" : game.phase;
  parts.push(h("span", {class: "stat"}, h("span", {class: "stat-label"}, t("Phase")), " ",
    h("strong", {class: "phase"}, PHASE_NAMES[phase] || phase)));
  if (game.status === "paused") {
    parts.push(h("span", {class: "stat paused-flag"}, h("strong", {}, t("Paused"))));
  }
  if (game.clock_deadline || game.clock_remaining !== null && game.clock_remaining !== undefined) {
    let still = game.status === "paused" ? game.clock_remaining : null;
    if (frozen && still === null && game.clock_deadline) still = Math.max(0, game.clock_deadline - (game.now || 0));
    if (still !== null || game.clock_deadline) {
      parts.push(h("span", {class: "stat"}, h("span", {class: "stat-label"}, t("Clock")), " ",
        countdown(game.clock_deadline, {remaining: still, className: "countdown clock"})));
    }
  }
  const line = h("p", {class: "status-line", "data-status": game.status}, parts);
  const children = [line];
  if (hint) {
    const text = game.status === "paused" ? t("The instructor has paused the game: wait for the signal.")
      : (!view.NAC && PHASE_HINTS_WITHOUT_ALLIANCE[phase]) || PHASE_HINTS[phase];
    if (text) children.push(h("p", {class: "phase-hint"}, text));
  }
  fill(container, children);
  container.dataset.status = game.status;
  container.dataset.phase = game.phase;
  if (!frozen) document.title = `${PHASE_NAMES[phase] || ""}${game.status === "paused" ? ` ${t("(paused)")}` : ""} · Crisis Table`;
  return STATUS_NAMES[game.status];
}
