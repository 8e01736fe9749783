// What a page renders from: the seat's view, kept up to date by the server's
// patches, and the messages, which travel as events and are held per channel.
//
// The view is replaced whole by a `welcome` or a `view` frame and changed by
// `patch` frames (RFC 6902, applied so that untouched parts keep their identity).
// Messages are not patched: the welcome brings the newest ones, each
// `message_sent` event adds one, and older ones come on request (`history`).
// For each channel the state knows from which index on it holds every message
// (`from`), so a page can show a channel's tail and ask for what lies before it.
// `current()` is the view with the held messages: what a fresh view from the
// server would be, except that it holds a channel's newest messages only.

import {applyPatch} from "./patch.js";

export class TableState {
  constructor() {
    this.view = null;       // the view without its messages
    this.seq = 0;           // the seq the view is at
    this.baseSeq = 0;       // the seq of the last whole view: its messages cover what came before
    this.channels = new Map();  // channel id -> {messages: [...] by index, from: index or Infinity}
    this.pending = new Set();   // channels with a history request out
    this.composed = null;
  }

  /** A welcome or a whole view: the state starts again from it (keeping the identity of
   * every part equal to what it had, so that pages rebuild only what changed). */
  reset(view, seq) {
    const {messages: fresh = [], messages_total: total, ...rest} = view;
    const known = new Map();
    for (const held of this.channels.values()) {
      for (const message of held.messages) known.set(message.index, message);
    }
    const messages = fresh.map(m => (known.has(m.index) ? reuse(known.get(m.index), m) : m));
    this.view = this.view === null ? rest : reuse(this.view, rest);
    this.seq = seq;
    this.baseSeq = seq;
    this.channels = new Map();
    this.pending.clear();
    // The view brings the newest messages: from the oldest of them on, it holds every
    // message of every channel (all of them if it brings them all).
    const complete = total === undefined || total <= messages.length;
    const from = complete ? 0 : (messages.length ? messages[0].index : Infinity);
    for (const channel of rest.channels || []) this.channels.set(channel.id, {messages: [], from});
    for (const message of messages) this.channels.get(message.channel)?.messages.push(message);
    this.composed = null;
  }

  /** RFC 6902 operations that bring the view to seq. Throws PatchError if they do not apply. */
  patch(ops, seq) {
    this.view = applyPatch(this.view, ops);
    this.seq = Math.max(this.seq, seq);
    this.syncChannels(seq);
    this.composed = null;
  }

  /** A live event: a message_sent (with its index) adds a message. True if anything changed. */
  event(frame) {
    const event = frame.event;
    if (event?.kind !== "message_sent" || typeof frame.message !== "number") return false;
    if (frame.seq <= this.baseSeq) return false;  // in the whole view already, or before its window
    let held = this.channels.get(event.channel);
    if (!held) {
      // A channel the view does not list yet (the patch that opens it comes after its first
      // messages): what came before in it is not known.
      held = {messages: [], from: Infinity, seen: 0};
      this.channels.set(event.channel, held);
    }
    held.seen = Math.max(held.seen || 0, frame.seq);
    const {readers: _readers, kind: _kind, ...fields} = event;
    return this.insert(held, [{index: frame.message, ...fields}]);
  }

  /** Older messages of a channel, answering a history request. */
  history(frame) {
    this.pending.delete(frame.channel);
    const held = this.channels.get(frame.channel);
    if (!held) return false;
    const messages = frame.messages || [];
    this.insert(held, messages);
    const oldest = messages.length ? messages[0].index : frame.before;
    held.from = frame.complete ? 0 : Math.min(held.from, oldest);
    this.composed = null;
    return true;
  }

  /** The held messages of a channel, oldest first, and whether older ones exist. */
  messagesOf(channel) {
    const held = this.channels.get(channel);
    if (!held) return {messages: [], more: false, from: 0};
    return {messages: held.messages, more: held.from > 0, from: held.from};
  }

  /** The history request that would bring older messages of a channel, or null. */
  olderRequest(channel, limit = 50) {
    const held = this.channels.get(channel);
    if (!held || held.from === 0 || this.pending.has(channel)) return null;
    const before = held.messages.length ? Math.min(held.from, held.messages[0].index) : held.from;
    this.pending.add(channel);
    return {type: "history", channel, before: Number.isFinite(before) ? before : null, limit};
  }

  /** The view with every held message (by index): what pages render from. Its `messages`
   * are merged from the channels' when first read (a page that reads a channel's messages
   * through messagesOf does not pay for the merge on every change). */
  current() {
    if (this.view === null) return null;
    if (this.composed === null) {
      const lists = [...this.channels.values()].map(held => held.messages);
      let messages = null;
      const composed = {...this.view};
      Object.defineProperty(composed, "messages", {
        enumerable: true, configurable: true,
        get: () => {
          if (messages === null) {
            messages = lists.flat();
            messages.sort((a, b) => a.index - b.index);
          }
          return messages;
        },
        set: value => { messages = value; },
      });
      this.composed = composed;
    }
    return this.composed;
  }

  /** Add messages to a channel's list (a new list: the old one may be part of a view). */
  insert(held, messages) {
    let list = null;
    for (const message of messages) {
      const current = list || held.messages;
      let at = current.length;
      if (current.length && current[current.length - 1].index >= message.index) {
        let lo = 0;
        let hi = current.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (current[mid].index < message.index) lo = mid + 1;
          else hi = mid;
        }
        if (current[lo]?.index === message.index) continue;
        at = lo;
      }
      list ||= held.messages.slice();
      list.splice(at, 0, message);
    }
    if (list === null) return false;
    held.messages = list;
    this.composed = null;
    return true;
  }

  /** Channels the seat no longer reads (as of seq) lose their messages; new ones start
   * with nothing known. */
  syncChannels(seq) {
    const ids = new Set((this.view.channels || []).map(c => c.id));
    for (const [id, held] of [...this.channels]) {
      if (!ids.has(id) && (held.seen || 0) <= seq) this.channels.delete(id);
    }
    for (const id of ids) {
      if (!this.channels.has(id)) this.channels.set(id, {messages: [], from: Infinity});
    }
  }
}

/** fresh, with every part that equals the same part of old replaced by old's own. */
export function reuse(old, fresh) {
  if (old === fresh) return old;
  if (Array.isArray(fresh)) {
    if (!Array.isArray(old)) return fresh;
    let same = old.length === fresh.length;
    const out = fresh.map((item, i) => {
      const kept = i < old.length ? reuse(old[i], item) : item;
      if (kept !== old[i]) same = false;
      return kept;
    });
    return same ? old : out;
  }
  if (fresh === null || typeof fresh !== "object") return fresh;
  if (old === null || typeof old !== "object" || Array.isArray(old)) return fresh;
  const keys = Object.keys(fresh);
  let same = keys.length === Object.keys(old).length;
  const out = {};
  for (const key of keys) {
    const kept = Object.hasOwn(old, key) ? reuse(old[key], fresh[key]) : fresh[key];
    if (kept !== old[key]) same = false;
    Object.defineProperty(out, key, {value: kept, writable: true, enumerable: true, configurable: true});
  }
  return same ? old : out;
}
