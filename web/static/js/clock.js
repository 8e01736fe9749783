// Countdowns by the server's clock: deadlines are server times (seconds since
// the epoch), and this browser's clock may be off, so keep the difference.

import {h} from "./dom.js";
import {t, tn} from "./i18n.js";

let offset = 0;  // server time minus this browser's time, in seconds

export function serverNow() {
  return Date.now() / 1000 + offset;
}

/** Measure the offset against GET /api/time (half the round trip is the error). */
export async function syncClock() {
  try {
    const sent = Date.now();
    const response = await fetch("/api/time", {cache: "no-store"});
    const received = Date.now();
    const {now} = await response.json();
    if (typeof now === "number") offset = now - (sent + received) / 2000;
  } catch (err) {
    // Offline: keep the last offset; the countdowns are still close.
  }
}

/** A view says the server's time was at least ``moment``: never count from before it. */
export function noteServerTime(moment) {
  if (typeof moment === "number" && moment > serverNow() + 1) offset += moment - serverNow();
}

/** 754 -> "12:34"; 3725 -> "1:02:05". */
export function formatDuration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const secs = String(s % 60).padStart(2, "0");
  return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${secs}` : `${minutes}:${secs}`;
}

/** The words a screen reader says for a countdown. */
export function spokenDuration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(s / 60);
  const secs = s % 60;
  const parts = [];
  if (minutes) parts.push(tn("{count} minute", "{count} minutes", minutes));
  if (secs || !minutes) parts.push(tn("{count} second", "{count} seconds", secs));
  return parts.join(" ");
}

/** A countdown to a deadline (server time); it ticks by itself. A frozen
 * countdown (a paused clock) shows ``remaining`` and does not move. */
export function countdown(deadline, {remaining = null, className = "countdown"} = {}) {
  const el = h("span", {class: className, role: "timer", "aria-live": "off"});
  if (remaining !== null && remaining !== undefined) {
    el.dataset.frozen = String(remaining);
  } else {
    el.dataset.deadline = String(deadline);
  }
  update(el);
  return el;
}

function update(el) {
  const left = el.dataset.frozen !== undefined
    ? Number(el.dataset.frozen) : Number(el.dataset.deadline) - serverNow();
  const text = formatDuration(left);
  if (el.textContent !== text) el.textContent = text;
  el.classList.toggle("urgent", el.dataset.frozen === undefined && left <= 60 && left > 0);
  el.classList.toggle("expired", left <= 0);
  el.setAttribute("aria-label", left > 0 ? t("{duration} left", {duration: spokenDuration(left)}) : t("time is up"));
}

setInterval(() => {
  for (const el of document.querySelectorAll("[data-deadline]")) update(el);
}, 1000);
setInterval(syncClock, 5 * 60 * 1000);
