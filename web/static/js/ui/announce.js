// What a screen reader hears when something happens: news and results, in words.

import {announce} from "../live.js";
import {PHASE_NAMES} from "../names.js";
import {t, textOf} from "../i18n.js";
import {itemText, textReady} from "../texts.js";

export function describe(event, names, me = null) {
  const n = code => names.param(code);
  const why = textOf(event, "explanation");
  const cap = text => text.charAt(0).toUpperCase() + text.slice(1);
  switch (event.kind) {
    case "phase_started":
      return t("Round {round}: the {phase} phase begins.", {round: event.round, phase: PHASE_NAMES[event.phase] || event.phase});
    case "game_started": return t("The game has started.");
    case "game_paused": return t("The instructor has paused the game.");
    case "game_resumed": return t("The game resumes.");
    case "game_ended": return t("The game has ended.");
    case "history_revealed": return event.entry ? t("What really happened is shown on the projector.") : null;
    case "inject_released": return t("News: {title}", {title: itemText(newsKeys(event), "title").text});
    case "draft_tabled": return cap(event.title
      ? t("{country} tabled {draft}: {title}.", {country: n(event.sponsor), draft: event.draft, title: textOf(event, "title")})
      : t("{country} tabled {draft}.", {country: n(event.sponsor), draft: event.draft}));
    case "vote_called": return t("The vote on {draft} is open.", {draft: event.draft});
    case "draft_adopted": return `${t("{draft} adopted as {resolution}.", {draft: event.draft, resolution: event.resolution})} ${why}`;
    case "draft_vetoed": return `${t("{draft} vetoed.", {draft: event.draft})} ${why}`;
    case "draft_failed": return `${t("{draft} not adopted.", {draft: event.draft})} ${why}`;
    case "item_circulated": return t("{item} circulated under silence: \u201c{title}\u201d.",
      {item: event.item, title: textOf(event, "title") || textOf(event, "decision")});
    case "silence_broken": return cap(t("{country} broke silence on {item}: {reason}",
      {country: n(event.by), item: event.item, reason: event.reason}));
    case "decision_blocked": return `${t("{item} blocked.", {item: event.item})} ${why}`;
    case "decision_adopted": return `${t("{item} adopted.", {item: event.item})} ${why}`;
    case "article5_invoked": return t("Article 5 invoked: the attack on {country} is an attack on all the allies.",
      {country: n(event.target)});
    case "consultations_opened": return cap(t("{country} requests consultations under Article 4.", {country: n(event.by)}));
    case "pledge_made": return cap(PLEDGES[event.response]
      ? PLEDGES[event.response](n(event.ally))
      : t("{country} pledges a response: {response}.", {country: n(event.ally), response: event.response}));
    case "channel_opened":
      return event.opened_by !== me
        ? cap(t("{country} opened a private channel with you: {name}.", {country: n(event.opened_by), name: event.name || names.list(event.members)})) : null;
    case "message_sent":
      if (event.sender === "instructor" && event.channel === "public") return t("Announcement: {text}", {text: event.text});
      return null;
    default:
      return null;
  }
}

const PLEDGES = {
  diplomatic: country => t("{country} pledges a diplomatic response.", {country}),
  economic: country => t("{country} pledges an economic response.", {country}),
  military: country => t("{country} pledges a military response.", {country}),
};

/** A released inject as a news item: a scripted one names the keys of its texts, so that
 * its headline is heard in the reader's language. */
function newsKeys(event) {
  return event.scripted === false ? event
    : {...event, keys: {title: `injects.${event.inject}.title`, text: `injects.${event.inject}.text`}};
}

export async function announceEvent(frame, names, me) {
  const event = frame.event;
  // The texts document holds a released inject's texts once it is read again.
  if (event.kind === "inject_released" && event.scripted !== false) await textReady(`injects.${event.inject}.title`);
  const text = describe(event, names, me);
  if (text) announce(text);
}
