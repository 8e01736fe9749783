// The instructor's panel: the class, live. The key arrives in the URL fragment
// (#key=...), is kept for this tab only (keys.js), and leaves the address bar at
// once; "Forget this key on this computer" removes it.

import {api} from "../api.js";
import {byId, fill, h, setOptions} from "../dom.js";
import {syncClock} from "../clock.js";
import {Connection} from "../connection.js";
import {forgetKeyButton, instructorKey, withKey} from "../keys.js";
import {namer, setScenarioMeasures} from "../names.js";
import {announceEvent} from "../ui/announce.js";
import {renderCrisis, roleSheet} from "../ui/briefing.js";
import {Channels} from "../ui/channels.js";
import {Controls} from "../ui/controls.js";
import {Council} from "../ui/council.js";
import {LeagueMember} from "../ui/league.js";
import {HistoryControls} from "../ui/history.js";
import {Injects} from "../ui/injects.js";
import {NorthAtlanticCouncil} from "../ui/nac.js";
import {renderNews} from "../ui/news.js";
import {Roster} from "../ui/roster.js";
import {loadRules} from "../ui/rules.js";
import {renderStatus} from "../ui/status.js";
import {Tabs} from "../ui/tabs.js";
import {t} from "../i18n.js";
import {gameTitle, loadTexts, onTexts, reader, textsVersion} from "../texts.js";

const gameId = document.body.dataset.gameId;

/** The game's rule for students who join a country others already play: whether they read
 * the team's and its private channels' earlier talk (docs/security.md). */
function teamHistory(game, key) {
  const choices = [["default", t("In the first ten minutes of the game only (the default)")],
    ["yes", t("Always")], ["no", t("Never: only what is said after they join")]];
  const current = game.new_teammates_read_history === true ? "yes"
    : game.new_teammates_read_history === false ? "no" : "default";
  const select = h("select", {id: "team-history"},
    choices.map(([value, label]) => h("option", {value, selected: value === current}, label)));
  const status = h("span", {class: "form-status", role: "status"});
  select.addEventListener("change", async () => {
    const value = {default: null, yes: true, no: false}[select.value];
    try {
      await api("PATCH", `/api/games/${gameId}/options`, {key, body: {new_teammates_read_history: value}});
      status.textContent = t("Saved.");
    } catch (err) {
      status.textContent = err.message;
    }
  });
  return h("p", {class: "team-history"},
    h("label", {for: "team-history"}, `${t("New team-mates read their team's earlier messages:")} `), select, " ", status);
}

async function main() {
  const key = instructorKey(gameId);
  if (!key) return problem(t("This browser does not have this game's instructor key (it is kept for one tab, and forgotten when the tab closes). Open the instructor link you got when you created the game."));
  let game;
  try {
    game = await api("GET", `/api/games/${gameId}`, {key});
  } catch (err) {
    return problem(err.message);
  }
  const [rules] = await Promise.all([loadRules(), syncClock(), loadTexts(gameId, {key})]);
  byId("game-title").textContent = gameTitle(game.title, game.title_msg).text;
  byId("join-code").textContent = game.code;
  byId("join-host").textContent = location.host;
  const secretLink = h("input", {readOnly: true, class: "wide", id: "instructor-link",
    value: `${location.origin}/instructor/${gameId}#key=${encodeURIComponent(key)}`});
  secretLink.addEventListener("focus", () => secretLink.select());
  fill(byId("game-links"), h("a", {href: `/projector/${game.code}`, target: "_blank", rel: "noopener"}, t("Open the projector view")),
    " · ", h("a", {href: `/?code=${game.code}`, target: "_blank", rel: "noopener"}, t("Students' join page")),
    " · ", h("a", {href: withKey(`/replay/${gameId}`, key), class: "review-link", target: "_blank", rel: "noopener"}, t("Review: replay, notes and what-ifs")),
    " · ", h("a", {href: withKey(`/debrief/${gameId}`, key), target: "_blank", rel: "noopener"}, t("Debrief")),
    h("details", {class: "secret-link"}, h("summary", {}, t("Your instructor link (secret: keep it to yourself)")),
      h("label", {for: "instructor-link"}, t("Open this link on another computer to run the game from there:")),
      secretLink),
    " ", forgetKeyButton(gameId, {onForget: () => location.replace(location.pathname)}),
    teamHistory(game, key));

  const ctx = {rules, me: null, isInstructor: true, readOnly: false, view: null,
    act: action => conn.act(ctx.me && !action.actor ? {...action, actor: ctx.me} : action),
    online: () => conn.open,
    messagesOf: channel => conn.table.messagesOf(channel), older: channel => conn.requestOlder(channel)};
  const tabs = new Tabs(byId("tabs"), [
    {id: "roster", label: t("Roster"), panel: byId("panel-roster")},
    {id: "injects", label: t("Injects"), panel: byId("panel-injects")},
    {id: "act", label: t("Chambers"), panel: byId("panel-act")},
    {id: "messages", label: t("Messages"), panel: byId("panel-messages")},
    {id: "roles", label: t("Role sheets"), panel: byId("panel-roles")},
    {id: "history", label: t("History"), panel: byId("panel-history")},
  ], {storageKey: `ct:itab:${gameId}`});

  const controls = new Controls(byId("controls"), ctx, {downloadRecord: () => downloadRecord(key, game), gameId,
    runBar: byId("run-bar"), seats: () => roster.seats, held: Boolean(game.held)});
  const roster = new Roster(byId("panel-roster"), ctx, (method, seatId, verb, body) =>
    api(method, [`/api/games/${gameId}/seats/${seatId}`, verb].filter(Boolean).join("/"), {key, body}));
  const injects = new Injects(byId("panel-injects"), ctx);
  const history = new HistoryControls(byId("panel-history"), ctx);
  const actAs = h("select", {id: "act-as-select"});
  fill(byId("act-as"), h("label", {for: "act-as-select"}, t("Act as")), actAs,
    h("p", {class: "hint"}, t("Take any country's seat: table, vote, break silence, pledge or speak for it. " +
      "As yourself you call and close votes, and chair the North Atlantic Council.")));
  const council = new Council(byId("act-unsc"), ctx, "UNSC");
  const nac = new NorthAtlanticCouncil(byId("act-nac"), ctx);
  const assembly = new Council(byId("act-unga"), ctx, "UNGA");
  const leagueCouncil = new Council(byId("act-lnc"), ctx, "LNC");
  const leagueAssembly = new Council(byId("act-lna"), ctx, "LNA");
  const leagueMember = new LeagueMember(byId("act-league"), ctx);
  const channels = new Channels(byId("panel-messages"), ctx, {
    readKey: `ct:iread:${gameId}`, onUnread: total => tabs.badge("messages", total, t("unread"))});
  tabs.onselect = id => channels.setVisible(id === "messages");
  channels.setVisible(tabs.current === "messages");
  actAs.addEventListener("change", () => {
    ctx.me = actAs.value || null;
    if (ctx.view) render(ctx.view);
  });

  function render(view) {
    ctx.view = view;
    setScenarioMeasures(view.measures);
    const names = namer(view);
    // The game's title is the scenario's, unless the instructor named the game.
    byId("game-title").textContent = gameTitle(game.title, game.title_msg).text;
    renderStatus(byId("status"), view, {hint: false});
    controls.update(view);
    roster.update(view);
    injects.update(view);
    history.update(view);
    setOptions(actAs, [{value: "", label: t("Yourself (the instructor)")},
      ...view.countries.map(c => ({value: c.code, label: view.instructor?.caretakers.includes(c.code)
        ? t("{country} (caretaker)", {country: names.name(c.code)}) : names.name(c.code)}))]);
    if (view.UNSC) council.update(view);
    else fill(byId("act-unsc"));
    byId("act-nac").hidden = !view.NAC;
    if (view.NAC) nac.update(view);
    byId("act-unga").hidden = !view.UNGA;
    if (view.UNGA) assembly.update(view);
    byId("act-lnc").hidden = !view.LNC;
    if (view.LNC) leagueCouncil.update(view);
    byId("act-lna").hidden = !view.LNA;
    if (view.LNA) leagueAssembly.update(view);
    leagueMember.update(view);
    renderCrisis(byId("act-crisis"), view, ctx);
    channels.update(view);
    renderNews(byId("news"), view);
    const roles = view.instructor?.roles || {};
    const rolesKey = JSON.stringify([Object.keys(roles), textsVersion()]);
    if (byId("panel-roles").dataset.key !== rolesKey) {
      byId("panel-roles").dataset.key = rolesKey;
      const read = reader();
      const sheets = Object.entries(roles).map(([code, role]) => h("details", {class: "card"},
        h("summary", {}, names.name(code)), roleSheet(role, names.name(code), code, read)));
      fill(byId("panel-roles"), h("h2", {}, t("Role sheets")),
        h("p", {class: "hint"}, t("Each team sees only its own sheet.")), read.note(), sheets);
    }
  }

  onTexts(() => { if (ctx.view) render(ctx.view); });
  const conn = new Connection({
    scope: `instructor:${gameId}`,
    hello: () => ({token: key}),
    onWelcome: frame => render(frame.view),
    onView: view => render(view),
    onRoster: seats => {
      roster.setSeats(seats);
      if (ctx.view) controls.update(ctx.view);
    },
    onEvent: (frame, {missed}) => {
      if (!missed && ctx.view) announceEvent(frame, namer(ctx.view), null);
    },
    onFatal: ({message}) => problem(message),
  });
  conn.start();
}

async function downloadRecord(key, game) {
  try {
    const record = await api("GET", `/api/games/${gameId}/record`, {key});
    const blob = new Blob([JSON.stringify(record, null, 2)], {type: "application/json"});
    const link = h("a", {href: URL.createObjectURL(blob), download: `crisis-table-${game.code}.json`});
    document.body.append(link);
    link.click();
    link.remove();
  } catch (err) {
    problem(err.message);
  }
}

function problem(message) {
  const box = byId("key-problem");
  box.textContent = message;
  box.hidden = false;
}

main();
