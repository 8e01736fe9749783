// The instructor's latest announcement (a public message from the instructor), in a banner.

import {fill, h} from "../dom.js";

export function renderAnnouncement(banner, view) {
  const latest = [...view.messages].reverse().find(m => m.sender === "instructor" && m.channel === "public");
  banner.hidden = !latest;
  if (latest) fill(banner, h("strong", {}, "From the instructor: "), latest.text);
}
