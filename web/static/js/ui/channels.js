// Messages in channels: public, one per body, the team's own channel and the
// private groups countries open. Unread messages are counted per channel.
//
// A channel shows its newest WINDOW messages; scrolling to the top shows earlier
// ones, from those the page holds or, past them, asked of the server
// (ctx.older(channel), answered by a `history` frame). An update reads no layout:
// whether the reader is at the end is kept by an IntersectionObserver, and only
// then is the list scrolled down after new messages, once the rest of the page's
// changes are made (one layout, not one per change). While the channels are not
// shown, an update only counts the unread messages.

import {h, fill, field, showError} from "../dom.js";
import {namer, timeOfDay} from "../names.js";
import {bindForm, resultSlot, statusSlot} from "./act.js";
import {patchList, setText} from "./keyed.js";
import {t} from "../i18n.js";

const CHANNEL_NAMES = {public: t("Public"), UNSC: t("Security Council"), NAC: t("North Atlantic Council"),
  UNGA: t("General Assembly"), LNC: t("Council of the League"), LNA: t("Assembly of the League")};

const KIND_ORDER = {public: 0, body: 1, team: 2, private: 3};
const WINDOW = 50;        // messages shown when a channel is opened, and added per "earlier"
const SLACK = 30;         // at the end, the window slides once it holds this many more

export class Channels {
  /** readKey: where read marks are kept; onUnread(total) when the count changes. */
  constructor(container, ctx, {readKey, onUnread}) {
    this.ctx = ctx;
    this.readKey = readKey;
    this.onUnread = onUnread;
    this.visible = false;
    this.selected = sessionStorage.getItem(`${readKey}:selected`) || "public";
    this.list = h("ul", {class: "channel-list", "aria-label": t("Channels")});
    this.title = h("h3", {id: "channel-title", tabindex: -1});
    this.members = h("p", {class: "hint channel-members"});
    this.log = h("ol", {class: "messages", "aria-labelledby": "channel-title"});
    this.earlier = h("button", {type: "button", class: "link-button"}, t("Show earlier messages"));
    this.earlierBox = h("p", {class: "earlier", hidden: true}, this.earlier);
    this.end = h("div", {class: "messages-end"});
    this.scroller = h("div", {class: "messages-scroller"}, this.earlierBox, this.log, this.end);
    this.empty = h("p", {class: "hint"}, t("No messages yet."));
    this.marks = new Map();    // channel -> read mark, as kept in localStorage
    this.atEnd = true;         // the reader sees the newest message (IntersectionObserver)
    this.shownChannel = null;  // the channel the log shows, and from which index on
    this.firstShown = 0;
    this.wantEarlier = false;
    this.earlier.addEventListener("click", () => this.showEarlier());
    if (typeof IntersectionObserver === "function") {
      new IntersectionObserver(entries => {
        this.atEnd = entries[entries.length - 1].isIntersecting;
      }, {root: this.scroller, rootMargin: "0px 0px 40px 0px"}).observe(this.end);
      new IntersectionObserver(entries => {
        if (entries[entries.length - 1].isIntersecting && !this.earlierBox.hidden) this.showEarlier();
      }, {root: this.scroller, rootMargin: "200px 0px 0px 0px"}).observe(this.earlierBox);
    }
    this.text = h("textarea", {rows: 2, maxlength: 4000, "data-keep": "message"});
    this.slot = resultSlot();
    this.status = statusSlot();
    this.compose = h("form", {class: "compose"}, field(t("Your message"), this.text),
      h("button", {type: "submit", class: "primary"}, t("Send")), this.slot, this.status);
    this.text.addEventListener("keydown", event => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) this.compose.requestSubmit();
    });
    bindForm(this.compose, ctx, {slot: this.slot, status: this.status,
      build: () => this.text.value.trim() ? {kind: "say", channel: this.selected, text: this.text.value.trim()}
        : t("Write a message first."),
      done: () => { this.text.value = ""; this.status.textContent = ""; }});
    this.opener = this.openForm();
    fill(container, h("h2", {}, t("Messages")),
      h("div", {class: "channels"},
        h("nav", {class: "channel-nav", "aria-label": t("Channels")}, this.list, this.opener.toggle, this.opener.form),
        h("section", {class: "channel-view", "aria-labelledby": "channel-title"},
          this.title, this.members, this.empty, this.scroller, this.compose)));
  }

  openForm() {
    const boxes = h("div", {class: "choices country-grid"});
    const name = h("input", {maxlength: 80});
    const slot = resultSlot();
    const status = statusSlot();
    const form = h("form", {class: "card open-channel", hidden: true}, h("h4", {}, t("Open a private channel")),
      h("fieldset", {class: "field"}, h("legend", {}, t("With")), boxes),
      field(t("Name (optional)"), name), h("button", {type: "submit", class: "primary"}, t("Open the channel")), slot, status);
    const toggle = h("button", {type: "button", class: "link-button", "aria-expanded": "false"}, t("Open a private channel…"));
    toggle.addEventListener("click", () => {
      form.hidden = !form.hidden;
      toggle.setAttribute("aria-expanded", String(!form.hidden));
      if (!form.hidden) boxes.querySelector("input")?.focus();
    });
    bindForm(form, this.ctx, {slot, status,
      build: () => {
        const members = [...boxes.querySelectorAll("input:checked")].map(b => b.value);
        if (!members.length) return t("Choose at least one country.");
        const action = {kind: "open_channel", members};
        if (name.value.trim()) action.name = name.value.trim();
        this.expectChannel = members;
        return action;
      },
      done: () => {
        for (const b of boxes.querySelectorAll("input")) b.checked = false;
        name.value = "";
        form.hidden = true;
        toggle.setAttribute("aria-expanded", "false");
        showError(slot, "");
        this.wantNewest = true;
      }});
    return {form, toggle, boxes, fillFor: null};
  }

  setVisible(visible) {
    this.visible = visible;
    if (this.view) this.update(this.view);
  }

  read(channel) {
    if (!this.marks.has(channel)) {
      this.marks.set(channel, Number(localStorage.getItem(`${this.readKey}:${channel}`) || 0));
    }
    return this.marks.get(channel);
  }

  markRead(channel, index) {
    if (index > this.read(channel)) {
      this.marks.set(channel, index);
      localStorage.setItem(`${this.readKey}:${channel}`, String(index));
    }
  }

  /** A channel's held messages, oldest first, and whether the server has earlier ones. */
  messagesOf(view, channel) {
    if (this.ctx.messagesOf) return this.ctx.messagesOf(channel);
    if (this.grouped?.view !== view) {
      const byChannel = new Map();
      for (const m of view.messages) {
        if (!byChannel.has(m.channel)) byChannel.set(m.channel, []);
        byChannel.get(m.channel).push(m);
      }
      this.grouped = {view, byChannel};
    }
    return {messages: this.grouped.byChannel.get(channel) || [], more: false};
  }

  /** Show earlier messages: held ones first, else ask the server for them. */
  showEarlier() {
    if (!this.view) return;
    const {messages, more} = this.messagesOf(this.view, this.selected);
    const start = firstAtOrAfter(messages, this.firstShown);
    if (start > 0) {
      this.firstShown = messages[Math.max(0, start - WINDOW)].index;
      this.keepPlace(() => this.update(this.view));
    } else if (more && this.ctx.older) {
      this.wantEarlier = true;
      this.ctx.older(this.selected);
    }
  }

  /** Run a change above what the reader sees without moving it (a user's request only). */
  keepPlace(change) {
    const fromEnd = this.scroller.scrollHeight - this.scroller.scrollTop;
    change();
    this.scroller.scrollTop = this.scroller.scrollHeight - fromEnd;
  }

  update(view) {
    this.view = view;
    const names = namer(view);
    const me = this.ctx.me;
    const channels = [...view.channels].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
    if (this.wantNewest) {
      const privates = channels.filter(c => c.kind === "private" && (!me || c.members.includes(me)));
      if (privates.length) this.selected = privates[privates.length - 1].id;
      this.wantNewest = false;
    }
    if (!channels.some(c => c.id === this.selected)) this.selected = "public";
    if (this.savedSelected !== this.selected) {
      this.savedSelected = this.selected;
      sessionStorage.setItem(`${this.readKey}:selected`, this.selected);
    }
    const current = this.messagesOf(view, this.selected);
    const messages = current.messages;
    if (!this.ctx.readOnly && this.visible && document.visibilityState === "visible" && messages.length) {
      this.markRead(this.selected, messages[messages.length - 1].index);
    }
    let total = 0;
    const unread = new Map();
    for (const channel of channels) {
      if (this.ctx.readOnly) break;
      const count = unreadCount(this.messagesOf(view, channel.id).messages, this.read(channel.id),
        me || "instructor");
      unread.set(channel.id, count);
      total += count;
    }
    if (!this.visible) {
      this.onUnread?.(total);
      return;
    }
    patchList(this.list, channels, c => c.id, c => this.channelButton(c, unread.get(c.id), names),
      c => [c, unread.get(c.id), this.selected === c.id, view.countries]);
    const channel = channels.find(c => c.id === this.selected);
    setText(this.title, channel ? channelName(channel, names, me) : "");
    setText(this.members, channel?.members && channel.kind === "private"
      ? t("Members: {countries}", {countries: names.list(channel.members)})
      : channel?.kind === "team" ? t("Only your team reads this.") : "");
    this.showMessages(current, names, me);
    setText(this.compose.querySelector("label"), channel
      ? t("Message to {channel}", {channel: channelName(channel, names, me)}) : t("Your message"));
    this.compose.hidden = !channel || view.game.status === "ended" || Boolean(this.ctx.readOnly);
    this.fillOpener(view, names);
    this.onUnread?.(total);
  }

  /** The window of the selected channel's messages: its tail, and earlier ones once asked for. */
  showMessages({messages, more}, names, me) {
    const opened = this.shownChannel !== this.selected;
    let fromEnd = null;  // earlier messages the reader asked for go in above without moving the rest
    if (opened) {
      this.shownChannel = this.selected;
      this.firstShown = messages.length > WINDOW ? messages[messages.length - WINDOW].index : 0;
      this.wantEarlier = false;
      if (!messages.length && more) this.ctx.older?.(this.selected);
    } else if (this.wantEarlier && firstAtOrAfter(messages, this.firstShown) > 0) {
      this.wantEarlier = false;
      const start = firstAtOrAfter(messages, this.firstShown);
      this.firstShown = messages[Math.max(0, start - WINDOW)].index;
      fromEnd = this.scroller.scrollHeight - this.scroller.scrollTop;
    } else if (this.atEnd && messages.length - firstAtOrAfter(messages, this.firstShown) > WINDOW + SLACK) {
      this.firstShown = messages[messages.length - WINDOW].index;
    }
    const start = firstAtOrAfter(messages, this.firstShown);
    const shown = start ? messages.slice(start) : messages;
    this.empty.hidden = messages.length > 0 || more;
    this.earlierBox.hidden = !(start > 0 || more);
    const before = this.log.lastElementChild;
    patchList(this.log, shown, m => m.index, m => message(m, names, me));
    if (fromEnd !== null) {
      this.scroller.scrollTop = this.scroller.scrollHeight - fromEnd;
    } else if (opened || (this.atEnd && this.log.lastElementChild !== before)) {
      this.scrollToEnd();
    }
  }

  /** Scroll to the newest message once the page's other changes of this turn are made. */
  scrollToEnd() {
    if (this.scrollPending) return;
    this.scrollPending = true;
    queueMicrotask(() => {
      this.scrollPending = false;
      this.scroller.scrollTop = this.scroller.scrollHeight;
    });
  }

  channelButton(channel, count, names) {
    const selected = channel.id === this.selected;
    const button = h("button", {type: "button", class: ["channel", selected ? "selected" : ""],
      "aria-current": selected ? "true" : undefined, "data-focus": `channel-${channel.id}`},
    h("span", {class: "channel-name"}, channelName(channel, names, this.ctx.me)),
    count ? h("span", {class: "badge unread"}, String(count), h("span", {class: "visually-hidden"}, ` ${t("unread")}`)) : null);
    button.addEventListener("click", () => {
      this.selected = channel.id;
      this.update(this.view);
      this.title.focus();
    });
    return h("li", {class: `channel-kind-${channel.kind}`}, button);
  }

  fillOpener(view, names) {
    const me = this.ctx.me;
    const key = JSON.stringify([me, view.countries.length]);
    this.opener.toggle.hidden = !me || Boolean(this.ctx.readOnly);
    if (!me || this.ctx.readOnly) this.opener.form.hidden = true;
    if (this.opener.fillFor === key) return;
    this.opener.fillFor = key;
    const others = view.countries.filter(c => c.code !== me);
    this.opener.boxes.replaceChildren(...others.map(c => h("label", {class: "choice"},
      h("input", {type: "checkbox", value: c.code}), " ", names.name(c.code))));
  }
}

/** The position of the first message at or after index (binary search; messages by index). */
function firstAtOrAfter(messages, index) {
  let lo = 0;
  let hi = messages.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (messages[mid].index < index) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Messages after the read mark that others sent, counted from the newest back. */
function unreadCount(messages, seen, me) {
  let count = 0;
  for (let i = messages.length - 1; i >= 0 && messages[i].index > seen; i--) {
    if (messages[i].sender !== me) count += 1;
  }
  return count;
}

function channelName(channel, names, me) {
  if (channel.kind === "team") {
    return me && channel.id === `team:${me}` ? t("Your team")
      : t("Team {country}", {country: names.param(channel.id.slice(5))});
  }
  // A private channel opened without a name is named by its members, in the reader's language.
  if (channel.kind === "private") {
    return t("{name} (private)", {name: channel.name || names.list(channel.members)});
  }
  return CHANNEL_NAMES[channel.id] || channel.name;
}

function message(m, names, me) {
  const mine = m.sender === me;
  const from = mine ? t("You") : names.name(m.sender);
  return h("li", {class: ["message", mine ? "mine" : "", m.sender === "instructor" ? "from-instructor" : ""]},
    h("p", {class: "message-meta"}, h("strong", {class: "sender"}, from), " ",
      h("time", {}, timeOfDay(m.at))),
    h("p", {class: "message-text"}, m.text));
}
