// Renders messages with web/static/js/i18n.js under Node, as a page in one language would:
// stdin is {"catalog": <GET /i18n/<lang>.json>, "names": {code: name}, "messages": [{id, params}]},
// stdout the rendered texts (a JSON list). The page's document and fetch are stood in for.
// Optional: "scene" ({key: {text, fallback, lang}}) stands in for the game's texts document
// (texts.js) for the scenario's texts a message names; "parts": true writes each message's
// pieces (renderParts) instead of its text.
import {readFileSync} from "node:fs";
import {pathToFileURL} from "node:url";

const input = JSON.parse(readFileSync(0, "utf8"));
globalThis.document = {
  documentElement: {dataset: {i18n: "/i18n/catalog.json"}, lang: input.catalog.lang},
  querySelectorAll: () => [],
};
globalThis.fetch = async () => ({ok: true, json: async () => input.catalog});
const i18n = await import(pathToFileURL(process.argv[2]).href);
i18n.setGameNames(input.names || {});
if (input.scene) {
  i18n.setSceneTexts((key, original, own) => input.scene[key]
    || {text: original, fallback: own !== input.catalog.lang, lang: own !== input.catalog.lang ? own : null});
}
const render = input.parts ? i18n.renderParts : i18n.renderMsg;
process.stdout.write(JSON.stringify(input.messages.map(msg => render(msg))));
