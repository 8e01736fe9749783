// The map's words (web/static/js/ui/map.js: describeMap) under Node, as a page in one language
// would write them: stdin is {"catalog": <GET /i18n/<lang>.json>, "view": <a view>}, stdout
// {"title", "lines"} (JSON). The page's document and fetch are stood in for.
import {readFileSync} from "node:fs";
import {pathToFileURL} from "node:url";

const input = JSON.parse(readFileSync(0, "utf8"));
globalThis.document = {
  documentElement: {dataset: {i18n: "/i18n/catalog.json"}, lang: input.catalog.lang},
  querySelectorAll: () => [],
};
globalThis.fetch = async () => ({ok: true, json: async () => input.catalog});
const map = await import(pathToFileURL(process.argv[2]).href);
process.stdout.write(JSON.stringify(map.describeMap(map.mapFacts(input.view, {}))));
