// The instructor's latest announcement (a public message from the instructor), in a banner.

import {fill, h} from "../dom.js";
import {t} from "../i18n.js";

const shown = new WeakMap();  // banner -> the message it shows
const searched = new WeakMap();  // banner -> {first, last, latest}: the indexes looked through

/** ``messages``: the messages to look in, oldest first by index (by default the view's).
 * When they are the messages looked through last time with newer ones after them or older
 * ones before them, only those are read: an update costs what it added, not what the game
 * holds (in a class whose instructor never announces, every message was read again). */
export function renderAnnouncement(banner, view, messages = view.messages) {
  let seen = searched.get(banner);
  if (!messages.length) {
    seen = null;
  } else if (!seen || messages[0].index > seen.first || messages[messages.length - 1].index < seen.last) {
    // Not the messages looked through with more before or after them (a fresh view's window):
    // look through them all.
    seen = {first: Infinity, last: -Infinity, latest: null};
  }
  let latest = seen?.latest ?? null;
  if (seen) {
    for (let i = messages.length - 1; i >= 0 && messages[i].index > seen.last; i--) {
      if (isAnnouncement(messages[i])) {
        latest = messages[i];
        break;
      }
    }
    if (!latest) {
      for (let i = 0; i < messages.length && messages[i].index < seen.first; i++) {
        if (isAnnouncement(messages[i])) latest = messages[i];
      }
    }
    searched.set(banner, {first: Math.min(seen.first, messages[0].index),
      last: Math.max(seen.last, messages[messages.length - 1].index), latest});
  } else {
    searched.delete(banner);
  }
  if (shown.has(banner) && shown.get(banner) === latest) return;
  shown.set(banner, latest);
  banner.hidden = !latest;
  if (latest) fill(banner, h("strong", {}, t("From the instructor:")), " ", latest.text);
}

function isAnnouncement(m) {
  return m.sender === "instructor" && m.channel === "public";
}
