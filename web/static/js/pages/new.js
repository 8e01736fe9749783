// Create a game from a shipped scenario or an uploaded file (checked first:
// every problem with its place), then go to the instructor's page.

import {api} from "../api.js";
import {byId, fill, h, showError} from "../dom.js";
import {keepKey} from "../keys.js";

const list = byId("scenarios");
const upload = byId("upload");
const result = byId("upload-result");
let uploaded = null;

async function loadScenarios() {
  try {
    const scenarios = await api("GET", "/api/scenarios");
    const preferred = Math.max(0, scenarios.findIndex(s => s.id === "eastern-flank"));
    fill(list, scenarios.map((s, i) => h("label", {class: "choice scenario"},
      h("input", {type: "radio", name: "scenario", value: s.id, checked: i === preferred}),
      h("span", {}, h("strong", {}, s.title), h("span", {class: "hint"},
        ` ${s.rounds ? `${s.rounds} rounds` : "one open session"}, ${s.countries} countries` +
        (s.levels ? ", two reading levels" : "")),
      s.summary ? h("span", {class: "summary"}, s.summary) : null))));
  } catch (err) {
    fill(list, h("p", {class: "error", role: "alert"}, err.message));
  }
}

upload.addEventListener("change", async () => {
  uploaded = null;
  fill(result);
  const file = upload.files[0];
  if (!file) return;
  let data;
  try {
    data = JSON.parse(await file.text());
  } catch (err) {
    fill(result, h("p", {class: "error", role: "alert"}, `${file.name} is not valid JSON: ${err.message}`));
    return;
  }
  try {
    const answer = await api("POST", "/api/scenarios/validate", {body: {scenario: data}});
    if (answer.valid) {
      uploaded = data;
      fill(result, h("p", {class: "ok"}, `${file.name}: a valid scenario, \u201c${answer.title}\u201d. `,
        "It will be used for this game."));
    } else {
      fill(result, h("p", {class: "error", role: "alert"},
        `${file.name} has ${answer.problems.length} problem${answer.problems.length === 1 ? "" : "s"}:`),
      h("ul", {class: "problems"}, answer.problems.map(p =>
        h("li", {}, h("code", {}, p.place || "(the file)"), `: ${p.problem}`))));
    }
  } catch (err) {
    fill(result, h("p", {class: "error", role: "alert"}, err.message));
  }
});

byId("new-form").addEventListener("submit", async event => {
  event.preventDefault();
  showError(byId("create-error"), "");
  const chosen = list.querySelector("input[name=scenario]:checked");
  if (upload.files.length && !uploaded) {
    showError(byId("create-error"), "The uploaded file is not a valid scenario: fix it, or clear the " +
      "file to use a shipped scenario.");
    return;
  }
  const scenario = uploaded || chosen?.value;
  if (!scenario) {
    showError(byId("create-error"), "Choose a scenario.");
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

loadScenarios();
