// The projector: the public picture only, large, for the back of the room.

import {byId, fill, h} from "../dom.js";
import {countdown, syncClock} from "../clock.js";
import {Connection} from "../connection.js";
import {DRAFT_STATUS, ITEM_STATUS, LEVEL_NAMES, namer} from "../names.js";
import {announceEvent} from "../ui/announce.js";
import {renderAnnouncement} from "../ui/announcement.js";
import {renderNews} from "../ui/news.js";
import {renderStatus} from "../ui/status.js";
import {renderTally} from "../ui/tally.js";

const code = document.body.dataset.code;
byId("join-host").textContent = location.host;
let current = null;

function render(view) {
  current = view;
  const names = namer(view);
  byId("game-title").textContent = view.game.title;
  renderStatus(byId("status"), view, {hint: false});
  renderAnnouncement(byId("announcement"), view);
  renderNews(byId("news"), view, {limit: 4});
  renderVotes(byId("votes"), view, names);
  renderNac(byId("nac"), view, names);
}

function renderVotes(box, view, names) {
  const council = view.UNSC;
  box.parentElement.hidden = !council;
  if (!council) return;
  const drafts = council.drafts;
  const open = drafts.find(d => d.id === council.open_vote);
  const decided = drafts.filter(d => ["adopted", "vetoed", "failed"].includes(d.status));
  const latest = decided[decided.length - 1];
  const pending = drafts.filter(d => d.status === "tabled");
  const parts = [];
  for (const draft of [open, !open ? latest : null].filter(Boolean)) {
    parts.push(h("article", {class: ["p-draft", `draft-${draft.status}`]},
      h("h3", {}, `${draft.id} ${draft.title}`, " ", h("span", {class: ["badge", `status-${draft.status}`]},
        DRAFT_STATUS[draft.status])),
      draft.tally ? renderTally(draft, council, names) : null,
      draft.explanation && draft.status !== "voting" ? h("p", {class: ["explanation", `result-${draft.status}`]},
        draft.resolution ? `${draft.resolution}. ` : "", draft.explanation) : null));
  }
  if (pending.length) {
    parts.push(h("p", {class: "pending"}, `Tabled: ${pending.map(d => `${d.id} ${d.title}`).join("; ")}`));
  }
  if (!parts.length) parts.push(h("p", {class: "hint"}, "No draft tabled yet."));
  if (council.president) parts.push(h("p", {class: "hint"}, `President: ${names.name(council.president)}`));
  fill(box, parts);
}

function renderNac(box, view, names) {
  const nac = view.NAC;
  const crisis = view.crisis;
  byId("p-nac").textContent = nac ? "North Atlantic Council" : "The crisis";
  const parts = [];
  if (crisis) {
    parts.push(h("p", {class: "crisis-line"}, h("strong", {}, LEVEL_NAMES[crisis.level] || crisis.level),
      ` · deterrence ${crisis.deterrence} of 100`));
  }
  if (!nac) {
    fill(box, parts);
    return;
  }
  if (nac.article5.length) parts.push(h("p", {class: "article5-invoked"}, "Article 5 invoked"));
  const items = nac.items.filter(i => i.status === "silence");
  for (const item of items) {
    parts.push(h("article", {class: "p-item"}, h("h3", {}, `${item.id} ${item.title || item.decision_name}`),
      h("p", {}, "Under silence: adopted in ", countdown(item.deadline), " unless an ally objects.")));
  }
  const done = nac.items.filter(i => i.status !== "silence").slice(-2).reverse();
  for (const item of done) {
    parts.push(h("article", {class: ["p-item", `item-${item.status}`]}, h("h3", {}, `${item.id} `,
      h("span", {class: ["badge", `status-${item.status}`]}, ITEM_STATUS[item.status])),
    item.status === "blocked" ? h("p", {}, `Silence broken by ${names.list(item.broken_by)}.`)
      : h("p", {}, "Adopted by consensus.")));
  }
  if (nac.pledges.length) {
    const counts = {};
    for (const p of nac.pledges) if (p.status !== "retracted") counts[p.response] = (counts[p.response] || 0) + 1;
    parts.push(h("p", {class: "pledge-line"}, `Pledges: ${Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(", ")}`));
  }
  if (parts.length === (crisis ? 1 : 0)) parts.push(h("p", {class: "hint"}, "Nothing under silence."));
  fill(box, parts);
}

syncClock();
const conn = new Connection({
  scope: `projector:${code}`,
  hello: () => ({game: code, watch: true}),
  onWelcome: frame => render(frame.view),
  onView: view => render(view),
  onEvent: (frame, {missed}) => { if (!missed && current) announceEvent(frame, namer(current), null); },
  onFatal: ({message}) => {
    const box = byId("problem");
    box.textContent = message;
    box.hidden = false;
  },
});
conn.start();
