// The scenario library: scenarios this browser saved from the editor. The library key
// (256 random bits) is made here and kept in localStorage; the server keeps only its hash
// and shows a library only to a request that carries its key (docs/security.md).

import {api} from "./api.js";

const STORE = "ct:library-key";

function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** This browser's library key, made on first use; a #library=KEY link adopts another. */
export function libraryKey() {
  const fromLink = new URLSearchParams(location.hash.slice(1)).get("library");
  if (fromLink && fromLink.length >= 32) {
    localStorage.setItem(STORE, fromLink);
    history.replaceState(null, "", location.pathname + location.search);
  }
  let key = localStorage.getItem(STORE);
  if (!key) {
    key = newKey();
    localStorage.setItem(STORE, key);
  }
  return key;
}

export function library(method, path = "", body) {
  return api(method, `/api/library${path}`, {body, headers: {"x-library-key": libraryKey()}});
}

/** A link that opens this library in another browser (keep it to yourself). */
export function libraryLink() {
  return `${location.origin}/new#library=${encodeURIComponent(libraryKey())}`;
}
