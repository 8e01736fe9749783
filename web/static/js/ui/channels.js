// Messages in channels: public, one per body, the team's own channel and the
// private groups countries open. Unread messages are counted per channel.

import {h, fill, field, showError} from "../dom.js";
import {namer, timeOfDay} from "../names.js";
import {bindForm, resultSlot, statusSlot} from "./act.js";
import {patchList} from "./keyed.js";

const KIND_ORDER = {public: 0, body: 1, team: 2, private: 3};

export class Channels {
  /** readKey: where read marks are kept; onUnread(total) when the count changes. */
  constructor(container, ctx, {readKey, onUnread}) {
    this.ctx = ctx;
    this.readKey = readKey;
    this.onUnread = onUnread;
    this.visible = false;
    this.selected = sessionStorage.getItem(`${readKey}:selected`) || "public";
    this.list = h("ul", {class: "channel-list", "aria-label": "Channels"});
    this.title = h("h3", {id: "channel-title", tabindex: -1});
    this.members = h("p", {class: "hint channel-members"});
    this.log = h("ol", {class: "messages", "aria-labelledby": "channel-title"});
    this.empty = h("p", {class: "hint"}, "No messages yet.");
    this.text = h("textarea", {rows: 2, maxlength: 4000, "data-keep": "message"});
    this.slot = resultSlot();
    this.status = statusSlot();
    this.compose = h("form", {class: "compose"}, field("Your message", this.text),
      h("button", {type: "submit", class: "primary"}, "Send"), this.slot, this.status);
    this.text.addEventListener("keydown", event => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) this.compose.requestSubmit();
    });
    bindForm(this.compose, ctx, {slot: this.slot, status: this.status,
      build: () => this.text.value.trim() ? {kind: "say", channel: this.selected, text: this.text.value.trim()}
        : "Write a message first.",
      done: () => { this.text.value = ""; this.status.textContent = ""; }});
    this.opener = this.openForm();
    fill(container, h("h2", {}, "Messages"),
      h("div", {class: "channels"},
        h("nav", {class: "channel-nav", "aria-label": "Channels"}, this.list, this.opener.toggle, this.opener.form),
        h("section", {class: "channel-view", "aria-labelledby": "channel-title"},
          this.title, this.members, this.empty, this.log, this.compose)));
  }

  openForm() {
    const boxes = h("div", {class: "choices country-grid"});
    const name = h("input", {maxlength: 80});
    const slot = resultSlot();
    const status = statusSlot();
    const form = h("form", {class: "card open-channel", hidden: true}, h("h4", {}, "Open a private channel"),
      h("fieldset", {class: "field"}, h("legend", {}, "With"), boxes),
      field("Name (optional)", name), h("button", {type: "submit", class: "primary"}, "Open the channel"), slot, status);
    const toggle = h("button", {type: "button", class: "link-button", "aria-expanded": "false"}, "Open a private channel…");
    toggle.addEventListener("click", () => {
      form.hidden = !form.hidden;
      toggle.setAttribute("aria-expanded", String(!form.hidden));
      if (!form.hidden) boxes.querySelector("input")?.focus();
    });
    bindForm(form, this.ctx, {slot, status,
      build: () => {
        const members = [...boxes.querySelectorAll("input:checked")].map(b => b.value);
        if (!members.length) return "Choose at least one country.";
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
    return Number(localStorage.getItem(`${this.readKey}:${channel}`) || 0);
  }

  markRead(channel, index) {
    if (index > this.read(channel)) localStorage.setItem(`${this.readKey}:${channel}`, String(index));
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
    sessionStorage.setItem(`${this.readKey}:selected`, this.selected);
    const byChannel = new Map(channels.map(c => [c.id, []]));
    for (const m of view.messages) byChannel.get(m.channel)?.push(m);
    const current = byChannel.get(this.selected) || [];
    if (!this.ctx.readOnly && this.visible && document.visibilityState === "visible" && current.length) {
      this.markRead(this.selected, current[current.length - 1].index);
    }
    let total = 0;
    const unread = new Map();
    for (const [id, messages] of byChannel) {
      if (this.ctx.readOnly) break;
      const seen = this.read(id);
      const count = messages.filter(m => m.index > seen && m.sender !== (me || "instructor")).length;
      unread.set(id, count);
      total += count;
    }
    patchList(this.list, channels, c => c.id, c => this.channelButton(c, unread.get(c.id), names),
      c => JSON.stringify([c, unread.get(c.id), this.selected === c.id]));
    const channel = channels.find(c => c.id === this.selected);
    this.title.textContent = channel ? channelName(channel, names, me) : "";
    this.members.textContent = channel?.members && channel.kind === "private"
      ? `Members: ${names.list(channel.members)}` : channel?.kind === "team" ? "Only your team reads this." : "";
    this.empty.hidden = current.length > 0;
    const wasAtEnd = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 40;
    patchList(this.log, current, m => m.index, m => message(m, names, me));
    if (wasAtEnd) this.log.scrollTop = this.log.scrollHeight;
    this.compose.querySelector("label").textContent = channel ? `Message to ${channelName(channel, names, me)}` : "Your message";
    this.compose.hidden = !channel || view.game.status === "ended" || Boolean(this.ctx.readOnly);
    this.fillOpener(view, names);
    this.onUnread?.(total);
  }

  channelButton(channel, count, names) {
    const selected = channel.id === this.selected;
    const button = h("button", {type: "button", class: ["channel", selected ? "selected" : ""],
      "aria-current": selected ? "true" : undefined, "data-focus": `channel-${channel.id}`},
    h("span", {class: "channel-name"}, channelName(channel, names, this.ctx.me)),
    count ? h("span", {class: "badge unread"}, String(count), h("span", {class: "visually-hidden"}, " unread")) : null);
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
      h("input", {type: "checkbox", value: c.code}), ` ${c.name}`)));
  }
}

function channelName(channel, names, me) {
  if (channel.kind === "team") return me && channel.id === `team:${me}` ? "Your team" : channel.name;
  if (channel.kind === "private") return `${channel.name} (private)`;
  return channel.name;
}

function message(m, names, me) {
  const mine = m.sender === me;
  const from = mine ? "You" : names.name(m.sender);
  return h("li", {class: ["message", mine ? "mine" : "", m.sender === "instructor" ? "from-instructor" : ""]},
    h("p", {class: "message-meta"}, h("strong", {class: "sender"}, from), " ",
      h("time", {}, timeOfDay(m.at))),
    h("p", {class: "message-text"}, m.text));
}
