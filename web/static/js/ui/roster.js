// The roster, live: who sits where, who is online, the teams, the countries
// left to their caretakers; move, reset (a rejoin link) and remove a seat.

import {h, fill, showError} from "../dom.js";
import {namer} from "../names.js";
import {actionButton, resultSlot} from "./act.js";
import {patchList} from "./keyed.js";
import {formatList, formatNumber, t, tn, tParts} from "../i18n.js";

const ROLES = {student: t("student"), observer: t("observer"), projector: t("projector")};

export class Roster {
  /** seatApi(method, seatId, verb, body) -> the HTTP call for seats. */
  constructor(container, ctx, seatApi) {
    this.ctx = ctx;
    this.seatApi = seatApi;
    this.seats = [];
    this.summary = h("p", {class: "roster-summary", role: "status"});
    this.slot = resultSlot();
    this.body = h("tbody", {});
    this.rejoin = h("div", {class: "rejoin-links", "aria-live": "polite"});
    this.teams = h("ul", {class: "teams"});
    fill(container, h("h2", {}, t("Roster")), this.summary, this.slot, this.rejoin,
      h("div", {class: "table-scroll"}, h("table", {class: "roster"},
        h("caption", {class: "visually-hidden"}, t("Seats in this game")),
        h("thead", {}, h("tr", {}, h("th", {scope: "col"}, t("Nickname")), h("th", {scope: "col"}, t("Country")),
          h("th", {scope: "col"}, t("Online")), h("th", {scope: "col"}, t("Move, reset, remove")))),
        this.body)),
      h("h3", {}, t("Countries: teams and caretakers")),
      h("p", {class: "hint"}, t("A country nobody plays is run by its caretaker (the scenario's policy). " +
        "At the start, countries without students are handed to their caretakers.")),
      this.teams);
  }

  setSeats(seats) {
    this.seats = seats;
    if (this.view) this.update(this.view);
  }

  update(view) {
    this.view = view;
    const names = namer(view);
    const students = this.seats.filter(s => s.role === "student");
    const online = students.filter(s => s.online).length;
    // At a glance: how many are here, and who is missing, by name.
    const offline = students.filter(s => !s.online);
    const seated = new Set(students.map(s => s.country).filter(Boolean));
    const empty = view.countries.filter(c => c.playable && !seated.has(c.code));
    // tParts takes the counted sentence with {online} still in it, to put a node there.
    const counted = tn("{online} of {count} student online", "{online} of {count} students online",
      students.length, {online: "{online}"});
    fill(this.summary,
      h("span", {class: "roster-count"}, tParts(counted, {online: h("strong", {}, formatNumber(online))}),
        this.seats.length > students.length
          ? ["; ", tn("{count} other screen", "{count} other screens", this.seats.length - students.length)] : "", "."),
      offline.length
        ? h("span", {class: "roster-missing"}, h("strong", {}, t("Offline:")), " ",
          formatList(offline.map(s => `${s.nickname}${s.country ? ` (${names.short(s.country)})` : ""}`), ","), ".")
        : students.length ? h("span", {class: "roster-all"}, t("Everyone is here.")) : null,
      empty.length ? h("span", {class: "roster-empty"}, h("strong", {}, t("No student:")), " ",
        formatList(empty.map(c => names.short(c.code)), ","), ".") : null);
    const playable = view.countries.filter(c => c.playable);
    const optionsKey = playable.map(c => c.code).join();
    patchList(this.body, this.seats, s => s.seat_id, seat => this.row(seat, playable, names),
      s => JSON.stringify(s) + optionsKey);
    const caretakers = new Set(view.instructor?.caretakers || []);
    const teams = new Map();
    for (const s of students) if (s.country) teams.set(s.country, [...(teams.get(s.country) || []), s]);
    const status = view.game.status;
    patchList(this.teams, view.countries, c => c.code, c => {
      const members = teams.get(c.code) || [];
      const slot = resultSlot();
      const care = caretakers.has(c.code);
      return h("li", {class: ["team", care ? "caretaker" : ""]},
        h("strong", {}, names.short(c.code)), " ",
        h("span", {class: "hint"}, members.length ? members.map(s => s.nickname).join(", ")
          : c.playable ? t("no student") : t("not playable")),
        care ? h("span", {class: "badge"}, t("caretaker")) : null, " ",
        // "Give back" only to players who are there; a country nobody can play stays with its caretaker.
        status !== "ended" && c.playable && (!care || members.length)
          ? actionButton(this.ctx, care ? t("Give {country} back to its players", {country: names.param(c.code)})
            : t("Hand {country} to its caretaker", {country: names.param(c.code)}),
            {kind: "set_caretaker", actor: "instructor", country: c.code, caretaker: !care}, slot, {class: "small"}) : null,
        slot);
    }, c => JSON.stringify([c.code, c.name, c.playable, caretakers.has(c.code),
      (teams.get(c.code) || []).map(s => s.nickname), status]));
  }

  row(seat, playable, names) {
    const select = h("select", {"aria-label": t("Move {nickname} to", {nickname: seat.nickname}), "data-focus": "move"},
      h("option", {value: ""}, t("Move to\u2026")), h("option", {value: "auto"}, t("Any free country")),
      playable.filter(c => c.code !== seat.country).map(c => h("option", {value: c.code}, names.name(c.code))));
    const move = h("button", {type: "button", class: "small"}, t("Move"));
    move.addEventListener("click", () => {
      if (!select.value) { select.focus(); return; }
      this.call(() => this.seatApi("POST", seat.seat_id, "move", {country: select.value === "auto" ? null : select.value}));
    });
    const reset = h("button", {type: "button", class: "small"}, t("Reset"));
    reset.addEventListener("click", async () => {
      const answer = await this.call(() => this.seatApi("POST", seat.seat_id, "reset"));
      if (answer) this.showRejoin(seat, answer.rejoin_url);
    });
    const remove = h("button", {type: "button", class: "small danger"}, t("Remove"));
    remove.addEventListener("click", () => {
      const yes = h("button", {type: "button", class: "small danger"}, t("Yes, remove {nickname}", {nickname: seat.nickname}));
      yes.addEventListener("click", () => this.call(() => this.seatApi("DELETE", seat.seat_id)));
      remove.replaceWith(yes);
      yes.focus();
    });
    // One line a seat; its controls (only those that apply to it) open on demand.
    const manage = h("details", {class: "seat-actions"},
      h("summary", {}, t("Manage"), h("span", {class: "visually-hidden"}, ` ${seat.nickname}`)),
      h("div", {class: "row-actions"}, seat.role === "student" ? h("span", {class: "move"}, select, move) : null,
        reset, remove));
    return h("tr", {class: seat.online ? "online" : "offline"},
      h("th", {scope: "row"}, seat.nickname, seat.role !== "student" ? h("span", {class: "hint"}, ` (${ROLES[seat.role] || seat.role})`) : null),
      h("td", {}, seat.country ? names.short(seat.country) : "\u2013"),
      h("td", {}, h("span", {class: ["dot", seat.online ? "on" : "off"]}), " ", seat.online ? t("online") : t("offline")),
      h("td", {}, manage));
  }

  async call(request) {
    showError(this.slot, "");
    try {
      return await request();
    } catch (err) {
      showError(this.slot, err.message);
      return null;
    }
  }

  showRejoin(seat, url) {
    // The server builds links from its configured public address, or relative to the page.
    const input = h("input", {readOnly: true, value: new URL(url, location.href).href, "aria-label": t("Rejoin link for {nickname}", {nickname: seat.nickname}), class: "wide"});
    input.addEventListener("focus", () => input.select());
    fill(this.rejoin, h("div", {class: "card"}, h("p", {}, t("The old seat link of {nickname} no longer works.", {nickname: seat.nickname}), " ",
      t("Give them this link (it opens their seat in any browser, once typed or clicked):")), input));
    input.focus();
  }
}
