// The crisis on a map: the scenario's states, the NATO allies and the Security
// Council's members, the attacked state and the aggressor, the incidents where
// they happened and, when NATO's treaty area matters, the Tropic of Cancer.
//
// The shapes are Natural Earth's (public domain), built into /static/map/world.json
// by scripts/build_map.py: SVG paths in hundredths of a degree (x = longitude,
// y = minus latitude). The map is a plate carree whose longitudes are shrunk by the
// cosine of the frame's middle latitude: one SVG transform, no projection code.
// Colours come from the Okabe-Ito palette (safe for colour-blind readers), and
// every category has a pattern or a label too; the SVG has a title and a
// description, and a list below says everything in words.

import {fill, h, svg, uid} from "../dom.js";
import {INCIDENT_KINDS, namer} from "../names.js";
import {countryName, sortByName, t} from "../i18n.js";
import {itemText, textsVersion} from "../texts.js";

const TROPIC = 23.44;
const ATTRIBUTION = t("Map data: Natural Earth (public domain), via world-atlas.");
// A label on the map: the country's name, and under it its role (the role agrees with it).
const ROLE_LABELS = {
  attacked: country => t("{country}\nattacked", {country}),
  aggressor: country => t("{country}\naggressor", {country}),
};
let world = null;

function version() {
  const script = document.querySelector("script[type=module][src*='/static/js/pages/']");
  return script ? new URL(script.src, location.href).searchParams.get("v") || "" : "";
}

/** The shapes, fetched once per page (a static file of the project, never another site). */
export function loadWorld() {
  if (!world) {
    world = fetch(`/static/map/world.json?v=${encodeURIComponent(version())}`)
      .then(response => response.ok ? response.json() : null)
      .catch(() => null);
  }
  return world;
}

/** What the map shows, from a view: the same facts the SVG draws and the list tells. */
export function mapFacts(view, shapes) {
  const names = new Map((view.countries || []).map(c => [c.code, countryName(c.code, null, c.short || c.name)]));
  const displays = new Map((view.countries || []).map(c => [c.code, countryName(c.code, null, c.display || c.name)]));
  const name = code => names.get(code) || code;
  const display = code => displays.get(code) || code;
  // As parameters of a sentence, which a translation may give articles and agreement.
  const namesOf = namer(view);
  const short = new Map((view.countries || []).map(c => [c.code, c.short || c.name]));
  const param = code => short.has(code) ? {country: code, name: short.get(code)} : namesOf.param(code);
  const params = codes => ({countries: codes.map(param)});
  const phrases = codes => namesOf.list(codes);
  const allies = new Set(view.NAC?.members || []);
  const council = new Set(view.UNSC?.members || []);
  const permanent = new Set(view.UNSC?.permanent || []);
  const invoked = new Set(view.NAC?.article5 || []);
  const incidents = (view.incidents || []).map((inc, i) => {
    const shape = shapes?.[inc.target];
    const at = inc.coordinates || (shape ? shape.anchor : null);
    return {...inc, number: i + 1, at, article5: invoked.has(inc.id)};
  });
  const attacked = [...new Set(incidents.map(i => i.target))];
  const aggressors = [...new Set([view.crisis?.aggressor, ...incidents.map(i => i.attacker)].filter(Boolean))];
  const states = (view.countries || []).map(c => c.code);
  const role = code => attacked.includes(code) ? "attacked" : aggressors.includes(code) ? "aggressor"
    : allies.has(code) ? "ally" : council.has(code) ? "council" : "scenario";
  return {name, display, param, params, phrases, allies, council, permanent, incidents, attacked, aggressors, states, role,
    nato: Boolean(view.NAC),
    outsideArea: incidents.some(i => view.NAC && !i.in_treaty_area)};
}

/** The frame in degrees: around the incidents, else around the scenario's states. */
function frameOf(facts, shapes, aspect) {
  let west = Infinity; let east = -Infinity; let south = Infinity; let north = -Infinity;
  const add = (x1, y1, x2 = x1, y2 = y1) => {
    west = Math.min(west, x1); east = Math.max(east, x2);
    south = Math.min(south, y1); north = Math.max(north, y2);
  };
  const points = facts.incidents.filter(i => i.at).map(i => i.at);
  if (points.length) {
    for (const [x, y] of points) add(x, y);
  } else {
    for (const code of facts.states) {
      const box = shapes[code]?.main;
      if (box && box[2] - box[0] < 90) add(box[0], box[1], box[2], box[3]);
    }
  }
  if (!Number.isFinite(west)) add(-30, 30, 45, 70);
  // At least a region's width around a single point; then a margin.
  const padX = Math.max(0, 40 - (east - west)) / 2 + (east - west) * 0.15;
  const padY = Math.max(0, 22 - (north - south)) / 2 + (north - south) * 0.15;
  west -= padX; east += padX; south -= padY; north += padY;
  south = Math.max(south, -58); north = Math.min(north, 84);
  const k = Math.cos(((south + north) / 2) * Math.PI / 180);
  const width = (east - west) * k;
  const height = north - south;
  if (width / height < aspect) {
    const grow = (height * aspect / k - (east - west)) / 2;
    west -= grow; east += grow;
  } else {
    const grow = (width / aspect - height) / 2;
    south -= grow; north += grow;
  }
  west = Math.max(west, -180); east = Math.min(east, 180);
  return {west, east, south, north, k};
}

/** Rings of a path in the shapes' units (for finding where a label fits). */
function rings(d) {
  const out = [];
  let x = 0; let y = 0; let ring = null; let starting = false; let pending = null;
  for (const token of d.match(/[mlz]|-?\d+/g) || []) {
    if (token === "m") { starting = true; continue; }
    if (token === "l") continue;
    if (token === "z") {
      // After a closepath, a relative move starts from the ring's first point (as in SVG).
      if (ring) { out.push(ring); [x, y] = ring[0]; }
      ring = null;
      continue;
    }
    if (pending === null) { pending = Number(token); continue; }
    x += pending; y += Number(token); pending = null;
    if (starting) { ring = [[x, y]]; starting = false; } else ring.push([x, y]);
  }
  return out;
}

function inside(x, y, polygons) {
  let hit = false;
  for (const ring of polygons) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]; const [xj, yj] = ring[j];
      if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) hit = !hit;
    }
  }
  return hit;
}

/** Where a state's label goes: its anchor if in view, else the middle of its visible part
(the point of a grid farthest from the state's edge and the frame's). */
function labelPoint(shape, frame) {
  const [ax, ay] = shape.anchor;
  const mx = (frame.east - frame.west) * 0.12; const my = (frame.north - frame.south) * 0.1;
  if (ax > frame.west + mx && ax < frame.east - mx && ay > frame.south + my && ay < frame.north - my) return [ax, ay];
  if (!shape.d) return null;
  const polygons = rings(shape.d);
  const w = frame.west + mx; const e = frame.east - mx; const s = frame.south + my; const n = frame.north - my;
  const steps = 16;
  const grid = [];
  for (let i = 0; i <= steps; i++) {
    grid.push([]);
    for (let j = 0; j <= steps; j++) {
      const x = w + (e - w) * i / steps; const y = s + (n - s) * j / steps;
      grid[i].push(inside(x * 100, -y * 100, polygons));
    }
  }
  let best = null; let bestScore = 0;
  for (let i = 0; i <= steps; i++) {
    for (let j = 0; j <= steps; j++) {
      if (!grid[i][j]) continue;
      let score = Math.min(i + 1, steps + 1 - i, j + 1, steps + 1 - j);
      for (let a = 0; a <= steps; a++) {
        for (let b = 0; b <= steps; b++) {
          if (!grid[a][b]) score = Math.min(score, Math.hypot(a - i, b - j));
        }
      }
      if (score > bestScore) {
        bestScore = score;
        best = [w + (e - w) * i / steps, s + (n - s) * j / steps];
      }
    }
  }
  return best;
}

function patterns(ids, unit) {
  const stripe = (id, colour, angle, width) => svg("pattern", {id, patternUnits: "userSpaceOnUse",
    width: unit, height: unit, patternTransform: `rotate(${angle})`},
  svg("rect", {width: unit, height: unit, fill: "#fbe0cf"}),
  svg("rect", {width: unit * width, height: unit, fill: colour}));
  return svg("defs", {},
    stripe(ids.attacked, "#D55E00", 45, 0.45),
    svg("pattern", {id: ids.aggressor, patternUnits: "userSpaceOnUse", width: unit, height: unit},
      svg("rect", {width: unit, height: unit, fill: "#c9c9c9"}),
      svg("path", {d: `M0 0L${unit} ${unit}M${unit} 0L0 ${unit}`, stroke: "#222", "stroke-width": unit * 0.1})),
    svg("pattern", {id: ids.dots, patternUnits: "userSpaceOnUse", width: unit * 0.9, height: unit * 0.9},
      svg("circle", {cx: unit * 0.45, cy: unit * 0.45, r: unit * 0.14, fill: "#1a1f2b"})));
}

/** The legend's swatch for a category, drawn like the map draws it. */
function swatch(kind, ids) {
  const fill = {attacked: `url(#${ids.attacked})`, aggressor: `url(#${ids.aggressor})`}[kind];
  return svg("svg", {class: "swatch", viewBox: "0 0 20 14", width: 20, height: 14, "aria-hidden": "true", focusable: "false"},
    svg("rect", {x: 0.5, y: 0.5, width: 19, height: 13, class: ["land", kind === "council-dots" ? "other" : kind].join(" "),
      ...(fill ? {fill} : {})}),
    kind === "council-dots" ? svg("rect", {x: 0.5, y: 0.5, width: 19, height: 13, fill: `url(#${ids.dots})`}) : null,
    kind === "incident" ? svg("circle", {cx: 10, cy: 7, r: 5, class: "incident-dot"}) : null,
    kind === "tropic" ? svg("line", {x1: 0, y1: 7, x2: 20, y2: 7, class: "tropic"}) : null);
}

/** The words for the map: a title, one summary line, and the full list. */
export function describeMap(facts) {
  // Countries as one parameter, in the language's alphabetical order: a translation gives
  // them their articles ({countries@def}: « la Chine, les États-Unis, la France »).
  const list = codes => facts.params(sortByName(codes, facts.name));
  const attacked = facts.attacked.length ? facts.phrases(facts.attacked) : null;
  const aggressor = facts.aggressors.length ? facts.phrases(facts.aggressors) : null;
  const title = attacked
    ? (aggressor ? t("Map of the crisis: {attacked} attacked by {aggressor}", {attacked, aggressor})
      : t("Map of the crisis: {attacked} attacked", {attacked}))
    : t("Map of the crisis: the states of the scenario");
  const lines = [];
  for (const inc of facts.incidents) {
    const what = {kind: INCIDENT_KINDS[inc.kind] || inc.kind, target: facts.param(inc.target),
      attacker: inc.attacker ? facts.param(inc.attacker) : ""};
    const parts = [inc.attacker ? t("{kind} against {target} by {attacker}", what) : t("{kind} against {target}", what)];
    if (inc.location) parts.push(itemText(inc, "location").text);
    if (facts.nato) parts.push(inc.in_treaty_area ? t("inside NATO's treaty area") : t("outside NATO's treaty area (Art. 6)"));
    lines.push(t("Incident {number}: {title}, {facts}", {number: inc.number, title: itemText(inc, "title").text || inc.id,
      facts: parts.join(", ")}) + (inc.article5 ? `; ${t("Article 5 invoked")}` : "") + ".");
  }
  if (aggressor) lines.push(t("Aggressor: {countries}.", {countries: aggressor}));
  if (facts.nato) lines.push(t("NATO allies (blue): {countries}.", {countries: list(facts.states.filter(c => facts.allies.has(c)))}));
  if (facts.council.size) {
    lines.push(t("Security Council members (dotted): {countries} (permanent: {permanent}).",
      {countries: list(facts.states.filter(c => facts.council.has(c))),
        permanent: list(facts.states.filter(c => facts.permanent.has(c)))}));
  }
  const others = facts.states.filter(c => facts.role(c) === "scenario");
  if (others.length) lines.push(t("Other states of the scenario (sand): {countries}.", {countries: list(others)}));
  if (facts.nato && facts.outsideArea) {
    lines.push(t("The dashed line is the Tropic of Cancer: NATO's treaty area (Art. 6) covers the allies' territory " +
      "in Europe and North America and the North Atlantic islands north of it."));
  }
  return {title, lines};
}

export class CrisisMap {
  /** compact: fewer labels (a phone, a side panel); words: show the list below the map. */
  constructor({aspect = 1.6, words = true, labelRatio = null} = {}) {
    this.aspect = aspect;
    this.labelRatio = labelRatio;
    this.words = words;
    this.element = h("figure", {class: "map"});
    this.signature = null;
    this.ids = {attacked: uid("attacked"), aggressor: uid("aggressor"), dots: uid("dots"),
      title: uid("map-title"), desc: uid("map-desc")};
  }

  /** Redraw when what the map shows has changed (a view comes many times a minute). */
  update(view) {
    const sig = JSON.stringify([view.countries?.map(c => c.code), view.incidents, view.NAC?.members,
      view.NAC?.article5, view.UNSC?.members, view.crisis?.aggressor, textsVersion()]);
    if (sig === this.signature) return;
    this.signature = sig;
    loadWorld().then(data => {
      if (this.signature === sig) this.draw(view, data);
    });
  }

  draw(view, data) {
    // "YUG" named the Socialist Federal Republic until 1992 and then the Federal Republic of
    // Yugoslavia (Serbia and Montenegro, with Kosovo): the outline follows the scenario's year.
    const shapes = data?.countries && view.game?.year >= 1992 && data.countries.SCG
      ? {...data.countries, YUG: data.countries.SCG} : data?.countries;
    const facts = mapFacts(view, shapes || {});
    const words = describeMap(facts);
    if (!shapes) {
      fill(this.element, h("figcaption", {}, words.title),
        h("ul", {class: "map-words"}, words.lines.map(line => h("li", {}, line))));
      return;
    }
    const frame = frameOf(facts, shapes, this.aspect);
    const scale = 100;
    const vx = frame.west * scale * frame.k; const vy = -frame.north * scale;
    const vw = (frame.east - frame.west) * scale * frame.k; const vh = (frame.north - frame.south) * scale;
    const unit = vw / 90;
    // Labels of a readable size on the screen the map is drawn for: relatively larger on a phone.
    const font = vw / (this.labelRatio || Math.max(22, Math.min(44, window.innerWidth / 30)));
    const ids = this.ids;
    const visible = code => {
      const box = shapes[code]?.box;
      return box && box[2] >= frame.west && box[0] <= frame.east && box[3] >= frame.south && box[1] <= frame.north;
    };
    const inScenario = new Set(facts.states);
    const land = [];
    const overlays = [];
    for (const [code, shape] of Object.entries(shapes)) {
      if (!shape.d || !visible(code)) continue;
      if (["SUN", "YUG", "SCG", "CSK", "ZAR"].includes(code) && !inScenario.has(code)) continue;
      if (inScenario.has(code)) continue;
      // A successor is drawn as background only if its former state is not in the scenario.
      land.push(svg("path", {d: shape.d, class: "land other"}));
    }
    const drawn = facts.states.filter(c => shapes[c]?.d && visible(c));
    // Former states over their successors: the union is drawn after (on top of) them.
    for (const code of drawn) {
      const kind = facts.role(code);
      const fill = kind === "attacked" ? `url(#${ids.attacked})` : kind === "aggressor" ? `url(#${ids.aggressor})` : null;
      land.push(svg("path", {d: shapes[code].d, class: `land ${kind}`, "data-code": code, ...(fill ? {fill} : {})}));
      if (facts.council.has(code) && kind !== "attacked" && kind !== "aggressor") {
        overlays.push(svg("path", {d: shapes[code].d, fill: `url(#${ids.dots})`, class: "dots"}));
      }
    }
    const at = (lon, lat) => [lon * scale * frame.k, -lat * scale];
    const marks = [];
    let tropicBox = null;
    if (facts.nato && (facts.outsideArea || (frame.south < TROPIC && frame.north > TROPIC))) {
      if (frame.south < TROPIC && frame.north > TROPIC) {
        const [x1, y] = at(frame.west, TROPIC); const [x2] = at(frame.east, TROPIC);
        marks.push(svg("line", {x1, y1: y, x2, y2: y, class: "tropic"}),
          svg("text", {x: x1 + font * 0.4, y: y + font * 1.1, class: "map-label tropic-label", "font-size": font * 0.75},
            t("Tropic of Cancer: the limit of NATO's area in the North Atlantic")));
        tropicBox = [x1, y, x1 + font * 0.75 * 0.58 * 62, y + font * 1.3];
      }
    }
    const labels = [];
    const boxes = tropicBox ? [tropicBox] : [];
    const overlaps = box => boxes.some(b => box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3]);
    /** A label of one or two lines at a point, moved down (then up) until it overlaps nothing. */
    const place = (lon, lat, lines, cls) => {
      const [x, y0] = at(lon, lat);
      const width = Math.max(...lines.map((t, i) => t.length * (i ? 0.8 : 1))) * 0.58 * font;
      const height = font * (lines.length === 2 ? 2.1 : 1.2);
      let y = y0;
      for (const step of [0, 1, -1, 2, -2, 3]) {
        y = y0 + step * height * 0.8;
        if (!overlaps([x - width / 2, y - font, x + width / 2, y - font + height])) break;
      }
      boxes.push([x - width / 2, y - font, x + width / 2, y - font + height]);
      labels.push(svg("text", {x, y, class: `map-label ${cls}`, "text-anchor": "middle", "font-size": font},
        lines[0], lines[1] ? svg("tspan", {x, dy: font * 1.05, "font-size": font * 0.8, class: "map-role"}, lines[1]) : null));
    };
    for (const inc of facts.incidents) {
      if (!inc.at) continue;
      const [x, y] = at(inc.at[0], inc.at[1]);
      boxes.push([x - font * 0.8, y - font * 0.8, x + font * 0.8, y + font * 0.8]);
      marks.push(svg("g", {class: ["incident", inc.article5 ? "incident-article5" : ""].join(" ")},
        svg("circle", {cx: x, cy: y, r: font * 0.75, class: "incident-dot"}),
        svg("text", {x, y: y + font * 0.33, "text-anchor": "middle", "font-size": font * 0.9, class: "incident-number"},
          String(inc.number))));
    }
    for (const code of [...facts.attacked, ...facts.aggressors]) {
      const shape = shapes[code];
      const point = shape ? labelPoint(shape, frame) : null;
      if (!point) continue;
      const role = facts.attacked.includes(code) ? "attacked" : "aggressor";
      place(point[0], point[1], ROLE_LABELS[role](facts.param(code)).split("\n"), `label-${role}`);
    }
    for (const inc of facts.incidents) {
      // An incident away from its target's territory (a ship, an island) is named where it is.
      if (inc.at && inc.coordinates && inc.location) place(inc.at[0], inc.at[1] - 2.2 * font / scale, [itemText(inc, "location").text], "label-place");
    }
    const map = svg("svg", {viewBox: `${vx} ${vy} ${vw} ${vh}`, role: "img", "aria-labelledby": `${ids.title} ${ids.desc}`,
      class: "map-svg", preserveAspectRatio: "xMidYMid meet"},
    svg("title", {id: ids.title}, words.title),
    svg("desc", {id: ids.desc}, words.lines.join(" ")),
    patterns(ids, unit),
    svg("rect", {x: vx, y: vy, width: vw, height: vh, class: "sea"}),
    svg("g", {transform: `scale(${frame.k} 1)`}, land, overlays),
    marks, labels);
    const legend = [];
    const present = new Set(drawn.map(c => facts.role(c)));
    if (facts.attacked.length) legend.push(["attacked", t("Attacked (red stripes)")]);
    if (facts.aggressors.length) legend.push(["aggressor", t("Aggressor (cross-hatched)")]);
    if (facts.nato) legend.push(["ally", t("NATO ally (blue)")]);
    if (facts.council.size) legend.push(["council-dots", t("Security Council member (dotted)")]);
    if (present.has("council")) legend.push(["council", t("Council member, not an ally (orange)")]);
    if (present.has("scenario")) legend.push(["scenario", t("Other state of the scenario (sand)")]);
    if (facts.incidents.length) legend.push(["incident", t("Incident (numbered)")]);
    if (marks.some(m => m.getAttribute?.("class") === "tropic")) legend.push(["tropic", t("Tropic of Cancer")]);
    const offMap = [...facts.attacked, ...facts.aggressors].filter(c => !shapes[c]);
    fill(this.element,
      h("figcaption", {class: "map-title"}, words.title),
      h("div", {class: "map-frame"}, map),
      h("ul", {class: "map-legend", "aria-label": t("Legend")}, legend.map(([kind, text]) =>
        h("li", {}, swatch(kind, ids), " ", text))),
      offMap.length ? h("p", {class: "hint"}, t("Not on the map (a fictional state): {countries}.", {countries: facts.params(sortByName(offMap, facts.name))})) : null,
      this.words
        ? h("details", {class: "map-words"}, h("summary", {}, t("The map in words")),
          h("ol", {class: "map-incidents"}, words.lines.map(line => h("li", {}, line))))
        : h("ol", {class: "map-incidents map-incidents-short"}, facts.incidents.map(inc => h("li", {},
          `${itemText(inc, "title").text || inc.id}${inc.article5 ? ` \u2013 ${t("Article 5 invoked")}` : ""}` +
          `${facts.nato && !inc.in_treaty_area ? ` \u2013 ${t("outside NATO's treaty area")}` : ""}`))),
      h("p", {class: "map-credit"}, ATTRIBUTION));
  }
}
