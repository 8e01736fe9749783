// What a screen reader hears when something happens: news and results, in words.

import {announce} from "../live.js";
import {PHASE_NAMES, RESPONSES, withArticle} from "../names.js";

export function describe(event, names, me = null) {
  const n = names.subject;
  switch (event.kind) {
    case "phase_started":
      return `Round ${event.round}: the ${PHASE_NAMES[event.phase] || event.phase} phase begins.`;
    case "game_started": return "The game has started.";
    case "game_paused": return "The instructor has paused the game.";
    case "game_resumed": return "The game resumes.";
    case "game_ended": return "The game has ended.";
    case "history_revealed": return event.entry ? "What really happened is shown on the projector." : null;
    case "inject_released": return `News: ${event.title}`;
    case "draft_tabled": return `${n(event.sponsor)} tabled ${event.draft}${event.title ? `: ${event.title}` : ""}.`;
    case "vote_called": return `The vote on ${event.draft} is open.`;
    case "draft_adopted": return `${event.draft} adopted as ${event.resolution}. ${event.explanation}`;
    case "draft_vetoed": return `${event.draft} vetoed. ${event.explanation}`;
    case "draft_failed": return `${event.draft} not adopted. ${event.explanation}`;
    case "item_circulated": return `${event.item} circulated under silence: ${event.title || event.decision}.`;
    case "silence_broken": return `${n(event.by)} broke silence on ${event.item}: ${event.reason}`;
    case "decision_blocked": return `${event.item} blocked. ${event.explanation}`;
    case "decision_adopted": return `${event.item} adopted. ${event.explanation}`;
    case "article5_invoked": return `Article 5 invoked: the attack on ${names.display(event.target)} is an attack on all the allies.`;
    case "consultations_opened": return `${n(event.by)} requests consultations under Article 4.`;
    case "pledge_made": return `${n(event.ally)} pledges ${withArticle(`${(RESPONSES[event.response] || event.response).toLowerCase()} response`)}.`;
    case "channel_opened":
      return event.opened_by !== me ? `${n(event.opened_by)} opened a private channel with you: ${event.name}.` : null;
    case "message_sent":
      if (event.sender === "instructor" && event.channel === "public") return `Announcement: ${event.text}`;
      return null;
    default:
      return null;
  }
}

export function announceEvent(frame, names, me) {
  const text = describe(frame.event, names, me);
  if (text) announce(text);
}
