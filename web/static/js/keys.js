// The instructor key of a game, in this browser. Classroom computers are shared,
// so the key is kept for this tab only (sessionStorage: gone when the tab or the
// browser closes), never in localStorage, and every page that holds one offers
// t("Forget this key on this computer"). It arrives in the URL fragment (#key=...),
// which browsers never send to a server, and leaves the address bar at once.
// Links to the same game's other pages carry it on in their fragment.

import {h} from "./dom.js";
import {t} from "./i18n.js";

const slot = gameId => `ct:key:${gameId}`;

/** The key for a game: from the fragment (then kept for this tab), or kept earlier in
 * this tab. A copy an older version left in localStorage moves to this tab, and is
 * removed from the computer. */
export function instructorKey(gameId) {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get("key");
  if (fromHash) history.replaceState(null, "", location.pathname + location.search);
  const old = localStorage.getItem(slot(gameId));
  if (old !== null) localStorage.removeItem(slot(gameId));
  const key = fromHash || sessionStorage.getItem(slot(gameId)) || old;
  if (key) keepKey(gameId, key);
  return key;
}

/** Keep a key for this tab (a game just created, forked or opened from the lab). */
export function keepKey(gameId, key) {
  sessionStorage.setItem(slot(gameId), key);
}

/** Remove the key from this browser: this tab's copy and any older stored one. */
export function forgetKey(gameId) {
  sessionStorage.removeItem(slot(gameId));
  localStorage.removeItem(slot(gameId));
}

/** A link to another page of a game that takes the key along (in the fragment). */
export function withKey(href, key) {
  return key ? `${href}#key=${encodeURIComponent(key)}` : href;
}

/** The visible control: forget the key, then say what is left to do. */
export function forgetKeyButton(gameId, {onForget} = {}) {
  const button = h("button", {type: "button", class: "small forget-key", id: "forget-key"},
    t("Forget this key on this computer"));
  button.addEventListener("click", () => {
    forgetKey(gameId);
    button.replaceWith(h("p", {class: "hint", role: "status", id: "key-forgotten"},
      t("This browser no longer holds the instructor key. If you opened the instructor link here, " +
      "it is still in the browser's history: clear the history too on a shared computer.")));
    onForget?.();
  });
  return button;
}
