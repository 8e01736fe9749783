// Join: the code, then a nickname and a country. A browser that already holds
// a seat in the game goes straight back to it.
//
// The page is in the language the student reads: choosing one, in the header or as the
// seat's ("Your language"), opens the page again in it (?lang=, as every page's chooser
// does), with the code looked up again (?code=, which the address keeps from the first look-up)
// and what was typed or chosen put back.

import {api} from "../api.js";
import {byId, fieldError, h, showError, uid} from "../dom.js";
import {countryName, t, tn} from "../i18n.js";
import {gameTitle, loadTexts, untranslatedBadge} from "../texts.js";

const codeForm = byId("code-form");
const joinForm = byId("join-form");
const codeInput = byId("code");
const nickname = byId("nickname");
let game = null;
const DRAFT = "ct:join-draft";
let joined = false;

/** The address keeps the code looked up, so that the page opened again in another language
 * (by either chooser) looks it up again, and says its answer in that language. */
function keepCode(code) {
  const url = new URL(location.href);
  if (code) url.searchParams.set("code", code);
  else url.searchParams.delete("code");
  history.replaceState(history.state, "", url.href);
}

function normal(text) {
  return text.toUpperCase().replace(/[^A-Z0-9]/g, "");
}

async function lookUp(code) {
  fieldError(codeInput, byId("code-error"), "");
  keepCode(code);
  if (!code) {
    fieldError(codeInput, byId("code-error"), t("Type the code your teacher shows."));
    codeInput.focus();
    return;
  }
  try {
    await api("GET", `/api/join/${code}/me`);
    // A language chosen on this page goes with the student to the table (and its seat).
    const chosen = new URLSearchParams(location.search).get("lang");
    const query = chosen ? "?lang=" + encodeURIComponent(chosen) : "";
    location.assign(`/play/${code}${query}`);
    return;
  } catch (err) {
    if (err.code !== "no_seat") {
      fieldError(codeInput, byId("code-error"), err.message);
      codeInput.focus();
      return;
    }
  }
  try {
    game = await api("GET", `/api/join/${code}`);
  } catch (err) {
    fieldError(codeInput, byId("code-error"), err.message);
    codeInput.focus();
    return;
  }
  await loadTexts(game.game_id, {code: game.code});  // the game's title in this page's language
  showJoin();
}

function showJoin() {
  const title = gameTitle(game.title, game.title_msg);
  byId("game-title").replaceChildren(title.text, ...(title.fallback ? [" ", untranslatedBadge()] : []));
  const free = game.countries.filter(c => !c.full);
  const state = game.status === "setup" ? t("not started yet") : game.status === "ended" ? t("over") : t("under way");
  byId("game-status").textContent = [t("Game {code}", {code: game.code}), state,
    tn("{free} of {count} country has room", "{free} of {count} countries have room",
      game.countries.length, {free: free.length})].join(" · ");
  const choices = byId("countries");
  const auto = h("label", {class: "choice"}, h("input", {type: "radio", name: "country", value: "auto", checked: true}),
    " ", t("Give me a country (the one with the fewest players)"));
  const option = c => h("label", {class: ["choice", "country-choice", c.full ? "unavailable" : ""],
    title: countryName(c.code, null, c.name)},
    h("input", {type: "radio", name: "country", value: c.code, disabled: c.full}),
    h("span", {class: "choice-text"}, `${countryName(c.code, null, c.short || c.name)} `,
      h("span", {class: ["seat-state", c.full ? "full" : c.players ? "taken" : "free"]},
        c.full ? t("full") : c.players ? tn("{count} player", "{count} players", c.players) : t("free")),
      c.council && c.ally ? h("span", {class: "seat-state ally"}, t("NATO")) : null));
  // Grouped as a class thinks of them: the Council's permanent and elected members, the allies, the others.
  const groups = [
    [t("Permanent members of the Security Council"), c => c.council === "permanent"],
    [t("Elected members of the Security Council"), c => c.council === "elected"],
    [t("NATO allies"), c => !c.council && c.ally],
    [t("Other states"), c => !c.council && !c.ally],
  ];
  const sections = groups.map(([title, test]) => {
    const members = game.countries.filter(test);
    if (!members.length) return null;
    const free = members.filter(c => !c.players).length;
    const heading = uid("group");
    return h("div", {class: "country-group", role: "group", "aria-labelledby": heading},
      h("p", {class: "group-title", id: heading}, title, " ",
        h("span", {class: "hint"}, t("({free} of {count} still free)", {free, count: members.length}))),
      h("div", {class: "country-grid"}, members.map(option)));
  });
  choices.replaceChildren(auto, ...sections.filter(Boolean));
  codeForm.hidden = true;
  joinForm.hidden = false;
  restoreDraft();
  nickname.focus();
}

// What the student typed and chose survives the page opened again in another language: the
// nickname and country for the game looked up, or a code typed and not yet looked up (the
// address has the one that was).
addEventListener("pagehide", () => {
  if (joined) return;
  if (!joinForm.hidden && game) {
    const country = joinForm.querySelector("input[name=country]:checked")?.value;
    sessionStorage.setItem(DRAFT, JSON.stringify({code: game.code, nickname: nickname.value, country}));
  } else {
    const at = new URL(location.href).searchParams.get("code");
    if (codeInput.value.trim() && normal(codeInput.value) !== at) {
      sessionStorage.setItem(DRAFT, JSON.stringify({typed: codeInput.value, at}));
    }
  }
});

function readDraft() {
  try {
    return JSON.parse(sessionStorage.getItem(DRAFT) || "null");
  } catch (ignored) {
    return null;
  }
}

function takeDraft() {
  const draft = readDraft();
  sessionStorage.removeItem(DRAFT);
  return draft;
}

function restoreDraft() {
  const draft = takeDraft();
  if (!draft || draft.code !== game.code) return;
  if (!nickname.value) nickname.value = draft.nickname || "";
  const again = draft.country && joinForm.querySelector(`input[name=country][value="${CSS.escape(draft.country)}"]`);
  if (again && !again.disabled) again.checked = true;
}

byId("seat-language").addEventListener("change", event => {
  const url = new URL(location.href);
  url.searchParams.set("lang", event.target.value);
  location.assign(url.href);
});

codeForm.addEventListener("submit", event => {
  event.preventDefault();
  const code = normal(codeInput.value);
  codeInput.value = code;
  lookUp(code);
});

byId("change-code").addEventListener("click", () => {
  keepCode("");
  joinForm.hidden = true;
  codeForm.hidden = false;
  codeInput.focus();
});

joinForm.addEventListener("submit", async event => {
  event.preventDefault();
  fieldError(nickname, byId("nickname-error"), "");
  showError(byId("country-error"), "");
  const name = nickname.value.trim();
  if (!name) {
    fieldError(nickname, byId("nickname-error"), t("Choose a nickname."));
    nickname.focus();
    return;
  }
  const country = joinForm.querySelector("input[name=country]:checked")?.value || "auto";
  const submit = joinForm.querySelector("button[type=submit]");
  submit.disabled = true;
  try {
    const language = byId("seat-language")?.value || undefined;
    await api("POST", `/api/join/${game.code}`, {body: {nickname: name, country, language}});
    joined = true;
    location.assign(`/play/${game.code}`);
  } catch (err) {
    submit.disabled = false;
    if (["nickname_taken", "invalid_nickname", "nickname_too_long"].includes(err.code)) {
      fieldError(nickname, byId("nickname-error"), err.message);
      nickname.focus();
    } else {
      showError(byId("country-error"), err.message);
      if (["team_full", "game_full", "unknown_country"].includes(err.code)) {
        try {
          game = await api("GET", `/api/join/${game.code}`);
          const chosen = country;
          showJoin();
          const again = joinForm.querySelector(`input[value="${CSS.escape(chosen)}"]`);
          if (again && !again.disabled) again.checked = true;
        } catch (ignored) {
          // The message already says what went wrong.
        }
        showError(byId("country-error"), err.message);
      }
    }
  }
});

const params = new URLSearchParams(location.search);
if (params.get("reason") === "seat") {
  const notice = byId("join-notice");
  notice.textContent = t("This browser has no seat in that game: join below. If you had one, the " +
    "instructor may have reset it: ask for your rejoin link, or join again with a new nickname.");
  notice.hidden = false;
}
// A code typed here before the page opened again (with the same code in its address, if any:
// a link with another code is not overridden).
const left = readDraft();
if (typeof left?.typed === "string" && left.at === params.get("code")) {
  takeDraft();
  codeInput.value = left.typed;
  keepCode("");
  codeInput.focus();
} else if (params.get("code")) {
  codeInput.value = normal(params.get("code"));
  lookUp(codeInput.value);
} else {
  takeDraft();
  codeInput.focus();
}
