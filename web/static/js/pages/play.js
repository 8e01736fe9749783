// The student's table: one country, its bodies, the news, the messages.

import {api} from "../api.js";
import {byId, fill, h} from "../dom.js";
import {syncClock} from "../clock.js";
import {Connection} from "../connection.js";
import {alertNow} from "../live.js";
import {BODY_ABBREVIATIONS, namer, prepareTimeOfDay, setScenarioMeasures} from "../names.js";
import {announceEvent} from "../ui/announce.js";
import {renderAnnouncement} from "../ui/announcement.js";
import {Channels} from "../ui/channels.js";
import {renderNews} from "../ui/news.js";
import {loadRules} from "../ui/rules.js";
import {setText} from "../ui/keyed.js";
import {renderStatus} from "../ui/status.js";
import {Tabs} from "../ui/tabs.js";
import {VoteBar} from "../ui/votebar.js";
import {WhosWho} from "../ui/whoswho.js";
import {countryName, t, tParts} from "../i18n.js";
import {loadTexts, onTexts} from "../texts.js";

const code = document.body.dataset.code;
const TAB_KEY = `ct:tab:${code}`;

// The briefing's, the councils' and the North Atlantic Council's panels are modules of their
// own, imported when their tab is first shown: the tab the page opens on beside the seat,
// the others once the page is up, so that the page's first render waits for none of them.
const PANEL_MODULES = {
  briefing: () => import("../ui/briefing.js"),
  unsc: () => import("../ui/council.js"),
  unga: () => import("../ui/council.js"),
  nac: () => import("../ui/nac.js"),
  lnc: () => import("../ui/council.js"),
  lna: () => Promise.all([import("../ui/council.js"), import("../ui/league.js")]),
};

async function main() {
  const ready = Promise.all([loadRules(), syncClock()]);  // meanwhile, not after
  ready.catch(() => {});
  const loaded = {};  // tab -> its panel's module, once it has come
  const loading = {};
  const loadPanel = id => {
    loading[id] ||= PANEL_MODULES[id]().then(module => { loaded[id] = module; }, () => { delete loading[id]; });
    return loading[id];
  };
  const opening = sessionStorage.getItem(TAB_KEY) || "briefing";
  const openingPanel = PANEL_MODULES[opening] ? loadPanel(opening) : null;
  // The game of the seat the page was served for: its texts come beside the seat.
  const servedFor = document.body.dataset.gameId;
  const texts = servedFor ? loadTexts(servedFor) : null;
  const seatAsked = api("GET", `/api/join/${encodeURIComponent(code)}/me`);
  prepareTimeOfDay();  // while the answers travel, not when the first messages are shown
  let seat;
  try {
    seat = await seatAsked;
  } catch (err) {
    if (err.code === "no_seat" || err.code === "unknown_code") {
      location.replace(`/?code=${encodeURIComponent(code)}&reason=seat`);
      return;
    }
    problem(err.message);
    return;
  }
  // The scenario's texts in this seat's language (its own role sheet among them).
  const [[rules]] = await Promise.all([ready,
    texts && seat.game_id === servedFor ? texts : loadTexts(seat.game_id), openingPanel]);
  const ctx = {rules, me: seat.country, isInstructor: false, readOnly: false, view: null, voteBar: true,
    act: action => conn.act(action), online: () => conn.open,
    messagesOf: channel => conn.table.messagesOf(channel), older: channel => conn.requestOlder(channel)};
  const voteBar = new VoteBar(byId("vote-bar"), ctx);
  new WhosWho(document.querySelector(".table-head .who"), () => ctx.view);
  const panels = {
    briefing: byId("panel-briefing"), unsc: byId("panel-unsc"), unga: byId("panel-unga"),
    nac: byId("panel-nac"), messages: byId("panel-messages"), lnc: byId("panel-lnc"),
    lna: byId("panel-lna"),
  };
  const tabs = new Tabs(byId("tabs"), [
    {id: "briefing", label: t("Briefing"), panel: panels.briefing},
    {id: "unsc", label: t("Security Council"), panel: panels.unsc},
    {id: "nac", label: t("NATO Council"), panel: panels.nac},
    {id: "unga", label: t("General Assembly"), panel: panels.unga},
    {id: "lnc", label: t("League Council"), panel: panels.lnc},
    {id: "lna", label: t("League Assembly"), panel: panels.lna},
    {id: "messages", label: t("Messages"), panel: panels.messages},
  ], {storageKey: TAB_KEY});
  const channels = new Channels(panels.messages, ctx, {
    readKey: `ct:read:${code}:${seat.seat_id}`,
    onUnread: total => tabs.badge("messages", total, t("unread")),
  });
  // A tab's panel is rendered when it is shown, and kept up to date while it is: the
  // others wait until they are opened (a slow computer spends nothing on what is hidden).
  const panelMakers = {
    briefing: ({renderBriefing, renderCrisis}) => view => {
      renderBriefing(byId("briefing"), view);
      renderCrisis(byId("crisis"), view, ctx);
    },
    unsc: ({Council}) => {
      const council = new Council(panels.unsc, ctx, "UNSC");
      return view => view.UNSC && council.update(view);
    },
    unga: ({Council}) => {
      const assembly = new Council(panels.unga, ctx, "UNGA");
      return view => view.UNGA && assembly.update(view);
    },
    nac: ({NorthAtlanticCouncil}) => {
      const nac = new NorthAtlanticCouncil(panels.nac, ctx);
      return view => view.NAC && nac.update(view);
    },
    lnc: ({Council}) => {
      const leagueCouncil = new Council(panels.lnc, ctx, "LNC");
      return view => view.LNC && leagueCouncil.update(view);
    },
    lna: ([{Council}, {LeagueMember}]) => {
      const leagueAssembly = new Council(byId("lna-council"), ctx, "LNA");
      const leagueMember = new LeagueMember(byId("league-member"), ctx);
      return view => {
        if (view.LNA) leagueAssembly.update(view);
        leagueMember.update(view);
      };
    },
  };
  const panelRenders = {};  // tab -> its render, made once its module has come
  const panelViews = new Map();  // tab -> the view its panel was rendered from
  function renderPanel(view) {
    const id = tabs.current;
    if (!PANEL_MODULES[id] || panelViews.get(id) === view) return;
    if (!panelRenders[id]) {
      if (!loaded[id]) {
        loadPanel(id).then(() => { if (loaded[id] && tabs.current === id && ctx.view) renderPanel(ctx.view); });
        return;
      }
      panelRenders[id] = panelMakers[id](loaded[id]);
    }
    panelViews.set(id, view);
    panelRenders[id](view);
  }
  tabs.onselect = id => {
    channels.setVisible(id === "messages");
    if (ctx.view) renderPanel(ctx.view);
  };
  channels.setVisible(tabs.current === "messages");

  function render(view) {
    ctx.view = view;
    setScenarioMeasures(view.measures);
    ctx.me = view.me?.country || null;
    const me = view.me;
    setText(byId("me-name"), me ? countryName(me.country, null, me.name) : t("Waiting for a country"));
    setText(byId("me-detail"), [seat.nickname, me?.bodies.map(b => BODY_ABBREVIATIONS[b] || b).join(" · "),
      me?.president ? t("President of the Security Council") : ""].filter(Boolean).join(" · "));
    renderStatus(byId("status"), view);
    voteBar.update(view);
    renderAnnouncement(byId("announcement"), view, ctx.messagesOf("public").messages);
    tabs.show("unsc", Boolean(view.UNSC));
    tabs.show("unga", Boolean(view.UNGA && me?.bodies.includes("UNGA")));
    tabs.show("nac", Boolean(view.NAC));
    tabs.show("lnc", Boolean(view.LNC));
    tabs.show("lna", Boolean(view.LNA || view.LEAGUE));
    renderPanel(view);
    channels.update(view);
    renderNews(byId("news"), view);
    const review = byId("review");
    review.hidden = view.game.status !== "ended";
    if (!review.hidden && !review.childElementCount) {
      const links = {
        review: h("a", {href: `/replay/${encodeURIComponent(seat.game_id)}`, id: "review-link"}, t("Review the game")),
        debrief: h("a", {href: `/debrief/${encodeURIComponent(seat.game_id)}`}, t("debrief"))};
      fill(review, h("strong", {}, t("The game has ended.")), " ",
        tParts("{review}: replay it through your country's eyes, with your teacher's notes, and read the {debrief}.", links));
    }
  }

  onTexts(() => {
    panelViews.clear();
    if (ctx.view) render(ctx.view);
  });
  const conn = new Connection({
    scope: `play:${code}`,
    hello: () => ({game: code}),
    onWelcome: frame => {
      seat.nickname = frame.seat.nickname || seat.nickname;
      byId("seat-problem").hidden = true;
      render(frame.view);
      // The other panels' modules, once the page is up (a tab then opens at once).
      setTimeout(() => { for (const id of Object.keys(PANEL_MODULES)) loadPanel(id); }, 1000);
    },
    onView: view => render(view),
    onEvent: (frame, {missed}) => {
      if (!missed && ctx.view) announceEvent(frame, namer(ctx.view), ctx.me);
    },
    onOrphan: result => {
      // The answer to an action sent before this page was (re)loaded.
      if (!result.ok) {
        alertNow(result.message);
        problem(t("An action you sent earlier was refused: {reason}", {reason: result.message}));
        setTimeout(() => { byId("seat-problem").hidden = true; }, 15000);
      }
    },
    onFatal: ({code: problemCode, message}) => {
      // with_caretaker: the teacher handed this country to its caretaker (the server says which).
      problem(problemCode === "bad_token"
        ? t("Your seat was reset or removed by the instructor. Ask for a rejoin link, or join again with the code.")
        : message, true);
    },
  });
  conn.start();
}

function problem(message, rejoin = false) {
  const box = byId("seat-problem");
  fill(box, message, rejoin ? [" ", h("a", {href: `/?code=${encodeURIComponent(code)}`}, t("Join again"))] : null);
  box.hidden = false;
}

main();
