// The roster, live: who sits where, who is online, the teams, the countries
// left to their caretakers; move, reset (a rejoin link) and remove a seat.

import {h, fill, showError} from "../dom.js";
import {namer} from "../names.js";
import {actionButton, resultSlot} from "./act.js";
import {patchList} from "./keyed.js";

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
    fill(container, h("h2", {}, "Roster"), this.summary, this.slot, this.rejoin,
      h("div", {class: "table-scroll"}, h("table", {class: "roster"},
        h("caption", {class: "visually-hidden"}, "Seats in this game"),
        h("thead", {}, h("tr", {}, h("th", {scope: "col"}, "Nickname"), h("th", {scope: "col"}, "Country"),
          h("th", {scope: "col"}, "Online"), h("th", {scope: "col"}, "Move, reset, remove"))),
        this.body)),
      h("h3", {}, "Countries: teams and caretakers"),
      h("p", {class: "hint"}, "A country nobody plays is run by its caretaker (the scenario's policy). " +
        "At the start, countries without students are handed to their caretakers."),
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
    fill(this.summary,
      h("span", {class: "roster-count"}, h("strong", {}, `${online} of ${students.length}`),
        ` student${students.length === 1 ? "" : "s"} online`,
        this.seats.length > students.length ? `; ${this.seats.length - students.length} other screens` : "", "."),
      offline.length
        ? h("span", {class: "roster-missing"}, h("strong", {}, "Offline: "),
          offline.map(s => `${s.nickname}${s.country ? ` (${names.short(s.country)})` : ""}`).join(", "), ".")
        : students.length ? h("span", {class: "roster-all"}, "Everyone is here.") : null,
      empty.length ? h("span", {class: "roster-empty"}, h("strong", {}, "No student: "),
        empty.map(c => names.short(c.code)).join(", "), ".") : null);
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
          : c.playable ? "no student" : "not playable"),
        care ? h("span", {class: "badge"}, "caretaker") : null, " ",
        // "Give back" only to players who are there; a country nobody can play stays with its caretaker.
        status !== "ended" && c.playable && (!care || members.length)
          ? actionButton(this.ctx, care ? `Give ${c.code} back to its players` : `Hand ${c.code} to its caretaker`,
            {kind: "set_caretaker", actor: "instructor", country: c.code, caretaker: !care}, slot, {class: "small"}) : null,
        slot);
    }, c => JSON.stringify([c.code, c.name, c.playable, caretakers.has(c.code),
      (teams.get(c.code) || []).map(s => s.nickname), status]));
  }

  row(seat, playable, names) {
    const select = h("select", {"aria-label": `Move ${seat.nickname} to`, "data-focus": "move"},
      h("option", {value: ""}, "Move to\u2026"), h("option", {value: "auto"}, "Any free country"),
      playable.filter(c => c.code !== seat.country).map(c => h("option", {value: c.code}, c.name)));
    const move = h("button", {type: "button", class: "small"}, "Move");
    move.addEventListener("click", () => {
      if (!select.value) { select.focus(); return; }
      this.call(() => this.seatApi("POST", seat.seat_id, "move", {country: select.value === "auto" ? null : select.value}));
    });
    const reset = h("button", {type: "button", class: "small"}, "Reset");
    reset.addEventListener("click", async () => {
      const answer = await this.call(() => this.seatApi("POST", seat.seat_id, "reset"));
      if (answer) this.showRejoin(seat, answer.rejoin_url);
    });
    const remove = h("button", {type: "button", class: "small danger"}, "Remove");
    remove.addEventListener("click", () => {
      const yes = h("button", {type: "button", class: "small danger"}, `Yes, remove ${seat.nickname}`);
      yes.addEventListener("click", () => this.call(() => this.seatApi("DELETE", seat.seat_id)));
      remove.replaceWith(yes);
      yes.focus();
    });
    // One line a seat; its controls (only those that apply to it) open on demand.
    const manage = h("details", {class: "seat-actions"},
      h("summary", {}, "Manage", h("span", {class: "visually-hidden"}, ` ${seat.nickname}`)),
      h("div", {class: "row-actions"}, seat.role === "student" ? h("span", {class: "move"}, select, move) : null,
        reset, remove));
    return h("tr", {class: seat.online ? "online" : "offline"},
      h("th", {scope: "row"}, seat.nickname, seat.role !== "student" ? h("span", {class: "hint"}, ` (${seat.role})`) : null),
      h("td", {}, seat.country ? names.short(seat.country) : "\u2013"),
      h("td", {}, h("span", {class: ["dot", seat.online ? "on" : "off"]}), seat.online ? " online" : " offline"),
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
    const input = h("input", {readOnly: true, value: new URL(url, location.href).href, "aria-label": `Rejoin link for ${seat.nickname}`, class: "wide"});
    input.addEventListener("focus", () => input.select());
    fill(this.rejoin, h("div", {class: "card"}, h("p", {}, `${seat.nickname}'s old seat link no longer works. `,
      "Give them this link (it opens their seat in any browser, once typed or clicked):"), input));
    input.focus();
  }
}
