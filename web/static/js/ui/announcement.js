// The instructor's latest announcement (a public message from the instructor), in a banner.

import {fill, h} from "../dom.js";
import {t} from "../i18n.js";

const shown = new WeakMap();  // banner -> the message it shows

/** ``messages``: the messages to look in, oldest first (by default the view's). */
export function renderAnnouncement(banner, view, messages = view.messages) {
  let latest = null;
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.sender === "instructor" && m.channel === "public") {
      latest = m;
      break;
    }
  }
  if (shown.has(banner) && shown.get(banner) === latest) return;
  shown.set(banner, latest);
  banner.hidden = !latest;
  if (latest) fill(banner, h("strong", {}, t("From the instructor:")), " ", latest.text);
}
