// Create a game from a shipped scenario, one saved from the editor in this browser's
// library, or an uploaded file (checked first: a syntax error with its line and column,
// or every problem with its place), then go to the instructor's page.

import {api} from "../api.js";
import {byId, fill, h, showError} from "../dom.js";
import {keepKey} from "../keys.js";
import {library} from "../library.js";
import {formatDate, lang, t, textOf, tn} from "../i18n.js";
import {untranslatedBadge} from "../texts.js";

const list = byId("scenarios");
const upload = byId("upload");
const result = byId("upload-result");
let uploaded = null;

async function loadScenarios() {
  try {
    // Titles and summaries in this page's language, where the scenario translates them.
    const scenarios = await api("GET", `/api/scenarios?lang=${encodeURIComponent(lang)}`);
    const preferred = Math.max(0, scenarios.findIndex(s => s.id === "eastern-flank"));
    // A text shown in the scenario's own language says which it is (a screen reader reads
    // it in that language's voice).
    const own = (s, key) => (s.fallback || []).includes(key) ? s.language : null;
    fill(list, scenarios.map((s, i) => h("label", {class: "choice scenario"},
      h("input", {type: "radio", name: "scenario", value: s.id, checked: i === preferred}),
      h("span", {}, h("strong", {lang: own(s, "title")}, textOf(s, "title")),
        s.fallback?.length ? [" ", untranslatedBadge(s.language_name)] : null, h("span", {class: "hint"},
        ` ${[s.rounds ? tn("{count} round", "{count} rounds", s.rounds) : t("one open session"),
          tn("{count} country", "{count} countries", s.countries),
          s.levels ? t("two reading levels") : ""].filter(Boolean).join(", ")}`),
      s.summary ? h("span", {class: "summary", lang: own(s, "summary")}, textOf(s, "summary")) : null))));
  } catch (err) {
    fill(list, h("p", {class: "error", role: "alert"}, err.message));
  }
}

async function loadLibrary() {
  const slot = byId("library-scenarios");
  try {
    const saved = await library("GET");
    fill(slot, saved.length ? saved.map(s => h("label", {class: "choice scenario"},
      h("input", {type: "radio", name: "scenario", value: `library:${s.id}`}),
      h("span", {}, h("strong", {}, s.title), h("span", {class: "hint"}, ` ${t("{scenario}, saved {date}", {scenario: s.scenario_id, date: formatDate(new Date(s.saved_at * 1000).toISOString(), "medium")})}`))))
      : h("p", {class: "hint"}, t("None yet.")));
  } catch (err) {
    fill(slot, h("p", {class: "error", role: "alert"}, err.message));
  }
}

upload.addEventListener("change", async () => {
  uploaded = null;
  fill(result);
  const file = upload.files[0];
  if (!file) return;
  const text = await file.text();
  try {
    const answer = await api("POST", "/api/scenarios/validate", {body: {text}});
    if (answer.syntax) {
      const s = answer.syntax;
      fill(result, h("p", {class: "error", role: "alert"},
        t("{file} is not valid JSON: line {line}, column {column}: {message}", {file: file.name, line: s.line, column: s.column, message: s.message})),
      s.excerpt ? h("pre", {class: "excerpt"}, s.excerpt) : null);
      return;
    }
    if (answer.valid) {
      uploaded = JSON.parse(text);
      fill(result, h("p", {class: "ok"}, t("{file}: a valid scenario, \u201c{title}\u201d.", {file: file.name, title: answer.title}),
        " ", t("It will be used for this game.")));
    } else {
      fill(result, h("p", {class: "error", role: "alert"},
        t("{file} has {summary}:", {file: file.name, summary: textOf(answer, "summary")})),
      h("ul", {class: "problems"}, answer.problems.map(p =>
        h("li", {}, h("code", {}, p.place || t("(the file)")), `: ${textOf(p, "problem")}`))));
    }
  } catch (err) {
    fill(result, h("p", {class: "error", role: "alert"}, err.message));
  }
});

byId("new-form").addEventListener("submit", async event => {
  event.preventDefault();
  showError(byId("create-error"), "");
  const chosen = event.target.querySelector("input[name=scenario]:checked");
  if (upload.files.length && !uploaded) {
    showError(byId("create-error"), t("The uploaded file is not a valid scenario: fix it, or clear the " +
      "file to use a shipped scenario."));
    return;
  }
  let scenario = uploaded || chosen?.value;
  if (!uploaded && scenario && scenario.startsWith("library:")) {
    try {
      scenario = (await library("GET", `/${encodeURIComponent(scenario.slice(8))}`)).scenario;
    } catch (err) {
      showError(byId("create-error"), err.message);
      return;
    }
  }
  if (!scenario) {
    showError(byId("create-error"), t("Choose a scenario."));
    return;
  }
  const level = event.target.querySelector("input[name=reading_level]:checked");
  const body = {scenario, reading_level: level ? level.value : "advanced"};
  const title = byId("title").value.trim();
  if (title) body.title = title;
  const submit = event.target.querySelector("button[type=submit]");
  submit.disabled = true;
  try {
    const created = await api("POST", "/api/games", {body});
    keepKey(created.game_id, created.instructor_key);
    location.assign(`/instructor/${created.game_id}#key=${encodeURIComponent(created.instructor_key)}`);
  } catch (err) {
    submit.disabled = false;
    showError(byId("create-error"), err.message);
  }
});

// What the teacher chose outlives a change of the page's language: kept in this tab
// (sessionStorage) as the page goes, chosen again once the lists have loaded.
const KEPT = "ct:new-game";
document.addEventListener("ct:language-chosen", () => {
  const form = byId("new-form");
  sessionStorage.setItem(KEPT, JSON.stringify({
    title: byId("title").value,
    scenario: form.querySelector("input[name=scenario]:checked")?.value,
    level: form.querySelector("input[name=reading_level]:checked")?.value,
  }));
});

Promise.all([loadScenarios(), loadLibrary()]).then(() => {
  let kept = null;
  try {
    kept = JSON.parse(sessionStorage.getItem(KEPT) || "null");
  } catch (ignored) {
    kept = null;
  }
  sessionStorage.removeItem(KEPT);
  if (!kept) return;
  if (kept.title && !byId("title").value) byId("title").value = kept.title;
  for (const [name, value] of [["scenario", kept.scenario], ["reading_level", kept.level]]) {
    const again = value && document.querySelector(`input[name=${name}][value="${CSS.escape(value)}"]`);
    if (again) again.checked = true;
  }
});
