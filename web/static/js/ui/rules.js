// What the rules allow now, from GET /api/rules (the engine's own tables), so
// that the forms offer only what the engine would accept.

import {api} from "../api.js";
import {PHASE_NAMES} from "../names.js";
import {formatList, t, tn} from "../i18n.js";

let cached = null;

export async function loadRules() {
  if (!cached) cached = api("GET", "/api/rules");
  return cached;
}

/** null if ``kind`` may be taken now (as far as the game's status and phase go), else why not,
 * a sentence of its own; ``inPhases(names)`` words the out-of-phase case for a page's kind. */
export function whyNot(rules, view, kind, inPhases = null) {
  const game = view.game;
  if (game.status === "ended") return t("The game has ended.");
  if (game.status === "setup" && !rules.before_start.includes(kind)) return t("The game has not started yet.");
  if (game.status === "paused" && !rules.while_paused.includes(kind)) return t("The game is paused.");
  const phases = rules.phases[kind];
  if (phases && game.status !== "setup" && !phases.includes(game.phase)) {
    const names = phases.filter(p => p !== "open").map(p => PHASE_NAMES[p] || p);
    if (inPhases) return inPhases(names);
    return tn("Not now: this belongs to the {phases} phase.", "Not now: this belongs to the {phases} phases.", names.length, {phases: formatList(names)});
  }
  return null;
}

/** Whether a UNSC draft with Chapter VII measures already has its Art. 39 determination. */
export function hasDetermination(view, rules) {
  const drafts = view.UNSC?.drafts || [];
  return drafts.some(d => d.status === "adopted" && d.measures.includes(rules.measures.determination));
}
