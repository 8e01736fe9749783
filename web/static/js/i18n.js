// The page's language: its strings from the server's catalogs (GET /i18n/<lang>.json, made
// from server/locale by Babel, docs/i18n.md) and the formatters of its locale data (numbers,
// dates, lists, country names from CLDR). Every module that shows text imports t() from here;
// the catalog is loaded before any of them runs (top-level await).
//
//   t("Vote yes")                                  -> "Voter pour"
//   t("{country} vetoed the draft", {country: {country: "RUS", name: "the Russian Federation"}})
//   tn("{count} player", "{count} players", 3)     -> "3 joueurs"
//   renderMsg({id, params, plural?})               -> a message of the engine or the server

const root = document.documentElement;
const EMPTY = {lang: "en", dir: "ltr", plural_locale: "en", plural_tags: ["one", "other"],
  messages: {}, plurals: {}, territories: {}, alpha3: {}, grammar: {}, names: {},
  list: {start: "{0}, {1}", middle: "{0}, {1}", end: "{0} and {1}", 2: "{0} and {1}"},
  number: {decimal: ".", group: ",", min_grouping: 1, percent: "{0}%"},
  dates: {long: "d MMMM y", medium: "d MMM y", time: "HH:mm", months_wide: [], months_abbreviated: []}};

async function load() {
  const url = root.dataset.i18n || `/i18n/${root.lang || "en"}.json`;
  try {
    const response = await fetch(url, {credentials: "same-origin"});
    if (response.ok) return {...EMPTY, ...(await response.json())};
  } catch (err) {
    // Offline or blocked: the page speaks English, the source language.
  }
  return EMPTY;
}

const catalog = await load();

/** The page's language ("fr") and direction ("ltr", "rtl"). */
export const lang = catalog.lang;
export const dir = catalog.dir;
const source = lang === "en";
const plurals = new Intl.PluralRules(catalog.plural_locale || "en");

// ---------------------------------------------------------------------------- formatters

/** 1234567.5 -> "1 234 567,5" in French. */
export function formatNumber(value) {
  if (typeof value !== "number" || !Number.isFinite(value)) return String(value);
  const [whole, fraction] = Math.abs(value).toString().split(".");
  let grouped = whole;
  if (whole.length >= 4 + ((catalog.number.min_grouping || 1) - 1)) {
    grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, "\u0000").split("\u0000").join(catalog.number.group);
  }
  return `${value < 0 ? "-" : ""}${grouped}${fraction ? catalog.number.decimal + fraction : ""}`;
}

/** A share as a percentage, rounded to whole points: 0.45 -> "45 %" in French, "45%" in English. */
export function formatPercent(share) {
  if (typeof share !== "number" || !Number.isFinite(share)) return String(share);
  return (catalog.number.percent || "{0}%").replace("{0}", formatNumber(Math.round(share * 100)));
}

function pattern(text, moment, utc) {
  const get = {
    y: utc ? moment.getUTCFullYear() : moment.getFullYear(),
    M: (utc ? moment.getUTCMonth() : moment.getMonth()) + 1,
    d: utc ? moment.getUTCDate() : moment.getDate(),
    H: utc ? moment.getUTCHours() : moment.getHours(),
    m: utc ? moment.getUTCMinutes() : moment.getMinutes(),
  };
  const two = n => String(n).padStart(2, "0");
  return text.replace(/'([^']*)'|(y+|M+|d+|H+|h+|m+|a)/g, (all, quoted, token) => {
    if (quoted !== undefined) return quoted === "" ? "'" : quoted;
    switch (token[0]) {
      case "y": return token.length === 2 ? two(get.y % 100) : String(get.y);
      case "M": return token.length >= 4 ? catalog.dates.months_wide[get.M - 1] || String(get.M)
        : token.length === 3 ? catalog.dates.months_abbreviated[get.M - 1] || String(get.M)
          : token.length === 2 ? two(get.M) : String(get.M);
      // The first of a month as the language's grammar file writes it (French "1er").
      case "d": return token.length === 2 ? two(get.d)
        : get.d === 1 && catalog.grammar?.first_day ? catalog.grammar.first_day : String(get.d);
      case "H": return token.length === 2 ? two(get.H) : String(get.H);
      case "h": return token.length === 2 ? two(get.H % 12 || 12) : String(get.H % 12 || 12);
      case "m": return two(get.m);
      case "a": return get.H < 12 ? "AM" : "PM";
      default: return all;
    }
  });
}

/** "2022-04-26" -> "26 avril 2022" (style "long") or "26 avr. 2022" ("medium"). */
export function formatDate(iso, style = "long") {
  const match = /^(-?\d{1,6})-(\d\d)-(\d\d)/.exec(String(iso || ""));
  if (!match) return String(iso ?? "");
  const moment = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (Number(match[1]) < 100) moment.setUTCFullYear(Number(match[1]));
  return pattern(catalog.dates[style] || catalog.dates.long, moment, true);
}

/** A time of day in this browser's zone, as the language writes it ("14:05"). */
export function formatTime(date) {
  return pattern(catalog.dates.time, date, false);
}

/** ["A", "B", "C"] -> "A, B et C" (``conjunction`` "or": "A, B ou C"; ",": "A, B, C"). */
export function formatList(items, conjunction = "and") {
  const list = (items || []).filter(item => item !== "" && item !== null && item !== undefined);
  const patterns = conjunction === "or" && catalog.list_or ? catalog.list_or : catalog.list;
  const join = (p, a, b) => p.replace("{0}", a).replace("{1}", b);
  if (list.length === 0) return "";
  if (list.length === 1) return String(list[0]);
  if (conjunction === ",") return list.join(", ");
  if (list.length === 2) return join(patterns["2"], list[0], list[1]);
  let text = join(patterns.end, list[list.length - 2], list[list.length - 1]);
  for (let i = list.length - 3; i >= 1; i--) text = join(patterns.middle, list[i], text);
  return join(patterns.start, list[0], text);
}

/** ``items`` in the language's alphabetical order of ``key(item)`` (a name), for a list a
 * reader scans: « Allemagne, Belgique, Chine, États-Unis », not the scenario's order. */
export function sortByName(items, key = item => item) {
  let collator;
  try {
    collator = new Intl.Collator(catalog.plural_locale || "en", {sensitivity: "base"});
  } catch (err) {
    collator = new Intl.Collator("en", {sensitivity: "base"});
  }
  return [...items].sort((a, b) => collator.compare(key(a), key(b)));
}

const VOWEL = /^[AEIOUÂÊÎÔÛÄËÏÖÜÀÈÉÌÒÙaeiouâêîôûäëïöüàèéìòù]/;

// Agreement (docs/i18n.md): {country@agree:s=a voté|p=ont voté} gives the words that agree
// with the country's gender and number (ms, fs, mp, fp) from the grammar file; several
// countries are plural, feminine when all are. The same rules as server/i18n.py's.
const CHOICE_KEYS = {ms: ["ms", "s", "m", "other"], fs: ["fs", "s", "f", "other"],
  mp: ["mp", "p", "m", "other"], fp: ["fp", "p", "f", "other"]};
const KEYS = new Set(["ms", "fs", "mp", "fp", "m", "f", "s", "p", "other"]);

function choices(spec) {
  const found = {};
  for (const part of spec.split("|")) {
    const at = part.indexOf("=");
    const key = at < 0 ? "" : part.slice(0, at).trim();
    if (at < 0 || !KEYS.has(key) || key in found) return null;
    found[key] = part.slice(at + 1);
  }
  for (const order of Object.values(CHOICE_KEYS)) if (!order.some(key => key in found)) return null;
  return found;
}

/** The words of an agreement's choices ("s=a|p=ont") for a gender and number ("mp"). */
export function choose(spec, kind) {
  const found = choices(spec);
  if (!found) {
    const first = spec.split("|")[0];
    const at = first.indexOf("=");
    return at < 0 ? "" : first.slice(at + 1);
  }
  for (const key of CHOICE_KEYS[kind] || CHOICE_KEYS.ms) if (key in found) return found[key];
  return "";
}

/** The gender and number words agree with for these countries' codes, in this language. */
export function agreement(codes) {
  const own = catalog.grammar.agreement || {};
  const articles = catalog.grammar.territories || {};
  const fallback = catalog.grammar.agreement_default || "ms";
  const one = code => {
    for (const key of [code, catalog.alpha3[code]]) if (key && key in own) return own[key];
    for (const key of [code, catalog.alpha3[code]]) if (key && CHOICE_KEYS[articles[key]]) return articles[key];
    return fallback;
  };
  const kinds = (codes || []).map(one);
  if (kinds.length === 1) return kinds[0];
  if (!kinds.length) return fallback;
  return kinds.every(kind => kind[0] === "f") ? "fp" : "mp";
}

function agreeSpec(form) {
  return form && form.startsWith("agree:") ? form.slice("agree:".length) : null;
}

function withForm(name, code, form) {
  if (!form) return name;
  const table = (catalog.grammar.forms || {})[form.toLowerCase()];
  if (!table) return name;
  const kinds = catalog.grammar.territories || {};
  const kind = (catalog.grammar.names || {})[name] || kinds[code] || kinds[catalog.alpha3[code]] || "none";
  const vowel = VOWEL.test(name);
  let prefix;
  if ((kind === "ms" || kind === "fs") && vowel && "vowel" in table) prefix = table.vowel;
  else if (kind === "none" && vowel && "none_vowel" in table) prefix = table.none_vowel;
  else prefix = table[kind] ?? table.none ?? "";
  const text = prefix + name;
  return form[0] === form[0].toUpperCase() ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

// The game's own names of its countries in this language (a scenario may give them).
const GAME_NAMES = new Map();

/** The game's names for its countries in this language: {code: name}. */
export function setGameNames(names) {
  GAME_NAMES.clear();
  for (const [code, name] of Object.entries(names || {})) GAME_NAMES.set(code, name);
}

/** CLDR's name of a country in this language, by the game's code ("FRA") or ISO's ("FR"). */
export function territoryName(code) {
  const iso = /^[A-Z]{2}$/.test(code) ? code : catalog.alpha3[code];
  return iso ? catalog.territories[iso] : undefined;
}

/** A country in this language: the game's own name for it, else CLDR's, else ``fallback``
 * (the game's English name). ``form``: "def", "of", "to" (articles, from the language's
 * grammar file; capitalised: at a sentence's start). */
export function countryName(value, form, fallback) {
  const code = typeof value === "object" && value ? value.country : value;
  const spec = agreeSpec(form);
  if (spec !== null) return choose(spec, agreement([code]));
  const english = (typeof value === "object" && value ? value.name : undefined) || fallback || code;
  if (source) return english;
  const name = GAME_NAMES.get(code) || territoryName(code);
  return name ? withForm(name, code, form) : english;
}

// ---------------------------------------------------------------------------- messages

// A text of the game's scenario named in a message by its key ({scene_text: "history.<id>.proposed",
// text, lang, clause}): texts.js gives the page's language's from the game's texts document
// (setSceneTexts); without it, the scenario's own text, in its language ``lang``.
let sceneTexts = (key, original, own) => {
  const fallback = Boolean(original && own && own !== lang);
  return {text: original, fallback, lang: fallback ? own : null};
};

/** Where a message's texts of the scenario come from: ``resolver(key, original, own)`` ->
 * ``{text, fallback, lang}`` (``own``: the language of ``original``, the scenario's). */
export function setSceneTexts(resolver) {
  sceneTexts = resolver;
}

/** A sentence as a clause of another: without its final full stop. */
function clauseOf(text) {
  const trimmed = String(text ?? "").trimEnd();
  return trimmed.endsWith(".") && !trimmed.endsWith("..") ? trimmed.slice(0, -1).trimEnd() : trimmed;
}

/** A scenario's text parameter in this language: ``{text, fallback, lang}`` (``lang`` the
 * scenario's when it falls back: not yet translated). */
export function sceneParam(value) {
  const found = sceneTexts(value.scene_text, value.text ?? "", value.lang || "");
  return {text: value.clause ? clauseOf(found.text) : found.text, fallback: found.fallback, lang: found.lang};
}

function isScene(value) {
  return Boolean(value && typeof value === "object" && "scene_text" in value);
}

function param(value, form) {
  const spec = agreeSpec(form);
  if (spec !== null && value && typeof value === "object" && "cite" in value) return param(value.cite, form);
  if (spec !== null) {
    // Words agreeing with a country, with countries (a plural), else with the unmarked form.
    if (value && typeof value === "object" && "country" in value) return choose(spec, agreement([value.country]));
    if (value && typeof value === "object" && "countries" in value) {
      return choose(spec, agreement((value.countries || []).map(c => (c && typeof c === "object" ? c.country : c))));
    }
    return choose(spec, agreement([]));
  }
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return formatList(value.map(v => param(v, form)));
  if (typeof value === "object") {
    if ("scene_text" in value) return sceneParam(value).text;
    if ("country" in value) return countryName(value, form);
    if ("countries" in value) {
      // A capitalised form (@Def) starts the sentence: only the first name takes the capital.
      const rest = form ? form.toLowerCase() : form;
      return formatList((value.countries || []).map((c, i) => countryName(c, i === 0 ? form : rest)),
        value.conjunction || "and");
    }
    if ("date" in value) return formatDate(value.date);
    if ("datetime" in value) return formatDate(value.datetime, "medium");
    if ("cite" in value) return param(value.cite, form);
    if ("msg" in value) return renderMsg(value.msg);
    if ("id" in value) return renderMsg(value);
  }
  return String(value);
}

// {name}, {name@form}, {name@agree:key=words|...}; {{ and }} are braces.
const PLACEHOLDER = /\{\{|\}\}|\{(\w+)(?:@(\w+)(?::([^{}]*))?)?\}/g;

function formOf(form, spec) {
  return form !== undefined && spec !== undefined ? `${form}:${spec}` : form;
}

function fill(text, params) {
  if (!params) return text;
  return text.replace(PLACEHOLDER, (all, name, form, spec) => {
    if (all === "{{") return "{";
    if (all === "}}") return "}";
    return name in params ? param(params[name], formOf(form, spec)) : all;
  });
}

/** A string of the catalog in this language, its {placeholders} filled. */
export function t(id, params) {
  return fill(catalog.messages[id] || id, params);
}

/** A counted string: the plural form of ``n`` in this language; {count} is ``n``. */
export function tn(singular, plural, n, params) {
  const forms = catalog.plurals[singular];
  let text;
  if (forms && forms.length) {
    const index = catalog.plural_tags.indexOf(plurals.select(n));
    text = forms[index >= 0 && index < forms.length ? index : forms.length - 1];
  } else {
    text = n === 1 ? singular : plural;
  }
  return fill(text, {count: n, ...params});
}

/** A string whose placeholders are nodes (a link, a <strong>): the pieces, to append. */
export function tParts(id, params) {
  const text = catalog.messages[id] || id;
  const parts = [];
  let last = 0;
  for (const found of text.matchAll(PLACEHOLDER)) {
    const [all, name, form, spec] = found;
    parts.push(text.slice(last, found.index));
    if (all === "{{" || all === "}}") parts.push(all[0]);
    else if (name in params) {
      const value = params[name];
      parts.push(typeof Node !== "undefined" && value instanceof Node && spec === undefined
        ? value : param(value, formOf(form, spec)));
    } else parts.push(all);
    last = found.index + all.length;
  }
  parts.push(text.slice(last));
  return parts.filter(part => part !== "");
}

/** A message of the engine or the server ({id, params, plural?}) in this language; an
 * English text stands in for a record made before messages were ids. */
export function renderMsg(msg, english) {
  if (!msg || typeof msg !== "object" || !msg.id) return english ?? "";
  const params = msg.params || {};
  const text = msg.plural ? tn(msg.id, msg.plural, Number(params.count) || 0, params) : t(msg.id, params);
  return msg.capital ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

function msgTemplate(msg) {
  const params = msg.params || {};
  if (!msg.plural) return catalog.messages[msg.id] || msg.id;
  const n = Number(params.count) || 0;
  const forms = catalog.plurals[msg.id];
  if (forms && forms.length) {
    const index = catalog.plural_tags.indexOf(plurals.select(n));
    return forms[index >= 0 && index < forms.length ? index : forms.length - 1];
  }
  return n === 1 ? msg.id : msg.plural;
}

function pieces(msg) {
  const text = msgTemplate(msg);
  const params = {count: msg.params?.count, ...(msg.params || {})};
  const out = [];
  let last = 0;
  for (const found of text.matchAll(PLACEHOLDER)) {
    const [all, name, named, spec] = found;
    const form = formOf(named, spec);
    out.push({text: text.slice(last, found.index)});
    last = found.index + all.length;
    if (all === "{{" || all === "}}") { out.push({text: all[0]}); continue; }
    if (!(name in params)) { out.push({text: all}); continue; }
    const value = params[name];
    const cited = value && typeof value === "object" && "cite" in value;
    const inner = cited ? value.cite : value;
    // Words that agree with a parameter are words of the sentence, never a citation's link.
    if (agreeSpec(form) !== null) out.push({text: param(inner, form)});
    else if (isScene(inner)) {
      const found = sceneParam(inner);
      out.push({text: found.text, seq: cited ? value.seq || undefined : undefined, lang: found.fallback ? found.lang : undefined});
    } else if (cited && value.seq) out.push({text: param(value.cite, form), seq: value.seq});
    else if (inner && typeof inner === "object" && ("msg" in inner || "id" in inner)) out.push(...pieces(inner.msg || inner));
    else out.push({text: param(inner, form)});
  }
  out.push({text: text.slice(last)});
  if (msg.capital) {
    const first = out.find(p => p.text);
    if (first) first.text = first.text.charAt(0).toUpperCase() + first.text.slice(1);
  }
  return out;
}

/** A message of the engine in this language, in pieces: ``{text, seq}`` for the words that
 * cite a moment of the game (a ``{cite, seq}`` parameter), ``{text}`` between them; a text of
 * the scenario not yet translated is a piece of its own, with its ``lang``. */
export function renderParts(msg) {
  const out = [];
  for (const piece of pieces(msg)) {
    if (!piece.text) continue;
    const prev = out[out.length - 1];
    if (prev && !prev.seq && !piece.seq && !prev.lang && !piece.lang) prev.text += piece.text;
    else {
      const copy = {text: piece.text};
      if (piece.seq) copy.seq = piece.seq;
      if (piece.lang) copy.lang = piece.lang;
      out.push(copy);
    }
  }
  return out;
}

/** An error of the API or a refusal, as its viewer reads it. */
export function errorText(err) {
  return renderMsg(err?.msg, err?.message ?? String(err ?? ""));
}

/** A field of a view or an event in this language: its sibling ``<field>_msg`` (the message
 * the engine made it from) rendered, else the text as it is (a record made before, or what
 * someone typed). */
export function textOf(item, field) {
  return renderMsg(item?.[`${field}_msg`], item?.[field] ?? "");
}

// The language chooser of the page (a plain GET form): with a script, a choice reloads the
// page in that language at once, keeping the rest of its address. Just before, the document
// hears "ct:language-chosen": a page keeps there what the teacher has typed and not yet
// saved (the scenario editor, the new game's form), to put it back once open again.
for (const select of document.querySelectorAll("[data-language-chooser]")) {
  select.form?.classList.add("js-enhanced");
  select.addEventListener("change", () => {
    document.dispatchEvent(new CustomEvent("ct:language-chosen", {detail: {lang: select.value}}));
    const url = new URL(location.href);
    url.searchParams.set("lang", select.value);
    location.assign(url.href);
  });
}
