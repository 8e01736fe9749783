// The scenario's texts in the page's language (docs/i18n.md, "The scenario's texts"). Views
// and events hold no language: they show each text of the scenario in the scenario's own,
// and the items that hold one (a scripted inject's news, an incident the scenario writes)
// name its key. The page reads the game's texts document, GET /api/games/{id}/texts/{lang}
// (what this viewer may read now: a role sheet only for its own country, an inject's texts
// once it is released to it), and shows each text by its key. A text not yet translated is
// shown in the scenario's language, and the page says so.
//
//   await loadTexts(gameId, {code})              the projector (by the join code)
//   const r = reader();
//   r.text("briefing", game.briefing)           -> the French briefing, or the English one
//   r.note()                                     -> "Not yet translated..." if one fell back
//   onTexts(() => render(view))                  when the document changes (news released)

import {h} from "./dom.js";
import {lang, renderMsg, renderParts, setGameNames, setSceneTexts, t, textOf, tParts} from "./i18n.js";

let doc = null;
let fallbacks = new Set();
let from = null;  // {gameId, key, code}
let loading = null;
let again = false;  // asked again while a reading was under way: read once more after it
let etag = null;
let version = 0;
const asked = new Set();  // keys the document did not have, asked for again once
const listeners = new Set();

/** Load the game's texts document in the page's language (``key``: the instructor's; ``code``:
 * the join code, for a page without a seat; a seat's page sends its cookie; ``viewer``:
 * another perspective than the asker's own, as the replay may open). */
export function loadTexts(gameId, {key, code, viewer} = {}) {
  from = {gameId, key, code, viewer};
  return refresh();
}

/** Call ``listener`` whenever the document changes (a page renders its view again). */
export function onTexts(listener) {
  listeners.add(listener);
}

/** A number that changes with the document: for a rendering's "unchanged?" check. */
export function textsVersion() {
  return version;
}

function refresh() {
  if (!from) return Promise.resolve(doc);
  if (loading) {
    again = true;
    return loading;
  }
  const params = new URLSearchParams();
  if (from.code) params.set("code", from.code);
  if (from.viewer) params.set("viewer", from.viewer);
  const query = params.toString() ? `?${params}` : "";
  const headers = {accept: "application/json"};
  if (from.key) headers.authorization = `Bearer ${from.key}`;
  loading = fetch(`/api/games/${encodeURIComponent(from.gameId)}/texts/${encodeURIComponent(lang)}${query}`,
    {headers, credentials: "same-origin"})
    .then(async response => {
      if (!response.ok) return doc;
      const tag = response.headers.get("etag");
      if (doc && tag && tag === etag) return doc;
      const fresh = await response.json();
      etag = tag;
      doc = fresh;
      fallbacks = new Set(doc.fallback || []);
      const names = {};
      for (const [key, text] of Object.entries(doc.texts || {})) {
        const name = /^countries\.([^.]+)\.name$/.exec(key);
        if (name && !fallbacks.has(key)) names[name[1]] = text;
      }
      setGameNames(names);
      version += 1;
      for (const listener of listeners) listener();
      return doc;
    })
    .catch(() => doc)  // offline: the scenario's own texts stay
    .finally(() => {
      loading = null;
      if (again) {
        again = false;
        refresh();
      }
    });
  return loading;
}

/** A text of the scenario by its key: ``{text, fallback, lang}``, where ``original`` is the
 * text as the view has it (in the scenario's language). */
export function sceneText(key, original) {
  if (!doc || !key) return {text: original ?? "", fallback: false, lang: null};
  if (key in doc.texts) {
    const fallback = fallbacks.has(key);
    return {text: doc.texts[key], fallback, lang: fallback ? doc.scenario_language : lang};
  }
  if (!asked.has(key)) {  // released since the document was read: read it again
    asked.add(key);
    refresh();
  }
  return {text: original ?? "", fallback: false, lang: null};
}

/** Resolves once the document has been read with ``key`` in it, or read again without it
 * (a text of the scenario released a moment ago, or one this reader may not read). */
export async function textReady(key) {
  if (!from || (doc && key in doc.texts)) return;
  await refresh();
  if (loading && !(doc && key in doc.texts)) await loading;
}

/** A game's title in the page's language: the scenario's title translated, when the game has
 * it (a game the instructor named keeps its name); a title the server wrote (``msg``: a
 * what-if fork's, a lab run's) rendered, with the title it was made from in the page's
 * language too. */
export function gameTitle(title, msg) {
  if (msg?.id) {
    const from = msg.params?.title;
    const inner = typeof from === "string" ? gameTitle(from)
      : from?.msg ? gameTitle(renderMsg(from.msg, ""), from.msg) : null;
    const params = inner ? {...msg.params, title: inner.text} : msg.params;
    return {text: renderMsg({...msg, params}, title ?? ""), fallback: inner?.fallback ?? false, lang: inner?.lang ?? null};
  }
  return doc && title === doc.scenario_title ? sceneText("title", title) : {text: title ?? "", fallback: false, lang: null};
}

/** A heading that names the game (``sentence``: translated, with ``{title}`` still in it) as
 * nodes: the title (``found``, as ``gameTitle`` gives it) marked with the scenario's language,
 * and the "not yet translated" badge after it, where it is not yet translated. */
export function titledNodes(sentence, found) {
  const nodes = tParts(sentence, {title: found.lang ? h("span", {lang: found.lang}, found.text) : found.text});
  return found.fallback ? [...nodes, " ", untranslatedBadge()] : nodes;
}

/** A field of a view's item (news, an incident) in the page's language: by its ``keys``, else
 * the item's own text (its message rendered, or the text as it is). */
export function itemText(item, field) {
  const own = textOf(item, field);
  const key = item?.keys?.[field];
  return key ? sceneText(key, own) : {text: own, fallback: false, lang: null};
}

/** A message whose parameters named in ``keys`` are texts of the scenario ({param: key}): the
 * same message with those parameters in the page's language (an objective in the debrief). */
export function withTexts(msg, keys) {
  if (!msg?.params || !keys) return msg;
  const params = {...msg.params};
  // Each as a text of the scenario named by its key: rendered in the page's language where
  // the scenario has it, else in its own, which msgNodes marks with its language.
  for (const [name, key] of Object.entries(keys)) {
    if (typeof params[name] === "string") params[name] = {scene_text: key, text: params[name]};
  }
  return {...msg, params};
}

/** A text of the debrief or the reflection (a history track entry's proposal or source,
 * ``history.<id>.proposed``; a reflection question, ``teacher.reflection[<n>]``):
 * ``{text, fallback, lang}``, its translation where the document has one, else the text in
 * the scenario's language, a fallback when the page's language is another. */
export function ownText(key, original) {
  if (doc && key && key in doc.texts) return sceneText(key, original);
  if (doc && key && original && !asked.has(key)) {  // revealed since the document was read
    asked.add(key);
    refresh();
  }
  const theirs = doc?.scenario_language;
  const fallback = Boolean(theirs && original && theirs !== lang);
  return {text: original ?? "", fallback, lang: fallback ? theirs : null};
}

/** A text of the scenario that a message names by its key (``{scene_text, text, lang}``: a
 * real event's words in the comparison with history): as ``ownText``; before the document is
 * read, the message's own copy, marked when its language (``own``) is not the page's. */
function namedText(key, original, own) {
  if (doc || !own) return ownText(key, original);
  const fallback = Boolean(original && own !== lang);
  return {text: original ?? "", fallback, lang: fallback ? own : null};
}

setSceneTexts(namedText);

/** A message of the engine or the server as nodes to append: its words in the page's
 * language, each text of the scenario it names that is not yet translated in a span marked
 * with the scenario's language (``english``: the text of a record made before messages).
 * ``{nodes, fallback}``. */
export function msgNodes(msg, english) {
  if (!msg || typeof msg !== "object" || !msg.id) return {nodes: [english ?? ""], fallback: false};
  let fallback = false;
  const nodes = renderParts(msg).map(piece => {
    if (!piece.lang) return piece.text;
    fallback = true;
    return h("span", {lang: piece.lang}, piece.text);
  });
  return {nodes, fallback};
}

/** The note a page shows by texts of the scenario that are not yet translated. */
export function untranslatedNote() {
  return h("p", {class: "hint untranslated"}, t("Some of the scenario's texts are not yet translated into your language: they are shown in {language}.",
    {language: doc?.scenario_language_name || doc?.scenario_language || ""}));
}

/** The badge of one text not yet translated (a line of news); ``language``: the name of the
 * language it is shown in (by default the game's scenario's). */
export function untranslatedBadge(language) {
  return h("span", {class: "badge untranslated", title: t("Not yet translated into your language: shown in {language}.",
      {language: language || doc?.scenario_language_name || doc?.scenario_language || ""})}, t("not yet translated"));
}

/** One rendering's texts: each read by key, and whether any fell back. */
export function reader() {
  const read = {
    fallback: false,
    /** The text of ``key`` (``original``: the view's). */
    text(key, original) {
      const found = sceneText(key, original);
      if (found.fallback) read.fallback = true;
      return found.text;
    },
    /** The text of ``key`` and the language to mark it with: the scenario's where it falls
     * back (``lang`` on its element, so that a screen reader reads it in that language), else
     * null. */
    marked(key, original) {
      const found = sceneText(key, original);
      if (found.fallback) read.fallback = true;
      return {text: found.text, lang: found.fallback ? found.lang : null};
    },
    /** A field of a view's item (its ``keys``). */
    item(item, field) {
      const found = itemText(item, field);
      if (found.fallback) read.fallback = true;
      return found.text;
    },
    /** A text of the debrief or the reflection (``ownText``): an element of ``tag`` with
     * the text, its ``lang`` the scenario's when it falls back. */
    own(key, original, tag = "span", attrs = {}) {
      const found = ownText(key, original);
      if (found.fallback) read.fallback = true;
      return h(tag, {...attrs, lang: found.lang}, found.text);
    },
    /** A message (``msgNodes``) as nodes, the scenario's texts it names marked where they
     * fall back. */
    msg(msg, english) {
      const found = msgNodes(msg, english);
      if (found.fallback) read.fallback = true;
      return found.nodes;
    },
    /** A field of a view or an answer as nodes: its ``<field>_msg`` (``msg``), else its text. */
    field(item, field) {
      return read.msg(item?.[`${field}_msg`], item?.[field] ?? "");
    },
    /** The "not yet translated" note, if a text read fell back; else null. */
    note() {
      return read.fallback ? untranslatedNote() : null;
    },
  };
  return read;
}
