// The one websocket a page keeps to /ws: hello, the latest view, the live events,
// the actions (through the outbox) and, when the network goes, an honest banner
// and reconnection with exponential backoff and jitter.
//
// Every frame that changes what the page shows (a patch, a message, a whole view)
// is applied to the connection's TableState at once; the page renders the result
// once per animation frame, however many frames came in meanwhile.

import {Outbox} from "./outbox.js";
import {noteServerTime} from "./clock.js";
import {announce} from "./live.js";
import {PatchError} from "./patch.js";
import {TableState} from "./tablestate.js";
import {renderMsg, t, tn} from "./i18n.js";

const RETRY_BASE = 0.5;      // seconds before the first retry
const RETRY_CAP = 15;        // longest wait between two tries
const PING_EVERY = 20_000;   // ms
const SILENCE_LIMIT = 45_000; // ms without any frame: the connection is dead
const RETRY_CODES = new Set(["server_busy", "rate_limited", "overloaded"]);
const FATAL_CLOSE = new Map([[4404, t("This game has been deleted.")]]);
const INPUT_YIELDS = 2;      // frames a view's render may wait for the reader's input
const INPUT_RECENT = 100;    // ms: an input this recent is still being painted

// When the reader last typed or clicked (a frame's time, as requestAnimationFrame gives it).
let lastInput = -Infinity;
for (const type of ["keydown", "pointerdown", "input"]) {
  window.addEventListener(type, () => { lastInput = performance.now(); }, {capture: true, passive: true});
}

export class Connection {
  /**
   * scope: where the outbox and the last seq are kept (a join code, a game id).
   * hello: () => the hello frame without type and last_seq.
   * handlers: onWelcome(frame), onView(view, seq), onEvent(frame, {missed}),
   *   onRoster(seats), onFatal({code, message}), onQueue(count), onOrphan(result),
   *   onStatus(state). The view given to onWelcome (as frame.view) and onView is the
   *   table's current view: the seat's view with the messages held (see TableState).
   */
  constructor({scope, hello, ...handlers}) {
    this.scope = scope;
    this.makeHello = hello;
    this.handlers = handlers;
    this.outbox = new Outbox(scope);
    this.seqKey = `ct:seq:${scope}`;
    this.waiting = new Map();  // client_id -> resolve
    this.sentOn = new Map();   // client_id -> connection number it went out on
    this.ws = null;
    this.number = 0;
    this.open = false;          // true between welcome and close
    this.attempt = 0;
    this.stopped = false;
    this.everOpen = false;
    this.welcomeSeq = 0;
    this.retryTimer = null;
    this.lastFrame = Date.now();
    this.table = new TableState();
    this.viewPending = false;
    this.yielded = 0;
    this.resyncing = false;     // a sync is out: patches wait for the fresh view
    this.banner = document.getElementById("connection");
    window.addEventListener("pagehide", () => this.saveSeq());
    window.addEventListener("offline", () => this.drop("offline"));
    window.addEventListener("online", () => this.retryNow());
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") this.check();
    });
    setInterval(() => this.heartbeat(), PING_EVERY / 2);
  }

  /** The seq of the last frame handled, kept for this tab (a reload says it in its hello);
   * written to storage at most once a second and when the page goes, not once a frame. */
  get lastSeq() {
    if (this.handledSeq === undefined) {
      const value = Number(sessionStorage.getItem(this.seqKey));
      this.handledSeq = Number.isFinite(value) && value > 0 ? value : null;
    }
    return this.handledSeq;
  }

  set lastSeq(seq) {
    if (typeof seq === "number" && seq > (this.lastSeq || 0)) {
      this.handledSeq = seq;
      this.seqTimer ??= setTimeout(() => this.saveSeq(), 1000);
    }
  }

  saveSeq() {
    clearTimeout(this.seqTimer);
    this.seqTimer = null;
    if (this.handledSeq) sessionStorage.setItem(this.seqKey, String(this.handledSeq));
  }

  start() {
    this.connect();
    this.handlers.onQueue?.(this.outbox.pending().length);
    setTimeout(() => { if (!this.open && !this.stopped) this.showBanner(); }, 2000);
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    if (this.ws) this.ws.close(1000);
    this.hideBanner();
  }

  connect() {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const ws = new WebSocket(`${scheme}://${location.host}/ws`);
    this.ws = ws;
    this.number += 1;
    this.setStatus("connecting");
    ws.addEventListener("open", () => {
      const hello = {type: "hello", views: true, ...this.makeHello()};
      if (this.lastSeq !== null) hello.last_seq = this.lastSeq;
      ws.send(JSON.stringify(hello));
    });
    ws.addEventListener("message", message => {
      if (ws !== this.ws) return;
      this.lastFrame = Date.now();
      let frame;
      try {
        frame = JSON.parse(message.data);
      } catch (err) {
        return;
      }
      this.receive(frame);
    });
    ws.addEventListener("close", event => {
      if (ws !== this.ws) return;
      this.closed(event.code);
    });
  }

  receive(frame) {
    switch (frame.type) {
      case "welcome":
        if (this.everOpen) announce(t("Back online: the table is up to date."));
        this.open = true;
        this.everOpen = true;
        this.attempt = 0;
        this.welcomeSeq = frame.seq;
        this.resyncing = false;
        this.lastSeq = frame.seq;
        noteServerTime(frame.view?.game?.now);
        this.table.reset(frame.view, frame.seq);
        this.hideBanner();
        this.setStatus("open");
        this.handlers.onWelcome?.({...frame, view: this.table.current()});
        this.flush();
        break;
      case "view":
        this.resyncing = false;
        this.lastSeq = frame.seq;
        noteServerTime(frame.view?.game?.now);
        this.table.reset(frame.view, frame.seq);
        this.viewChanged();
        break;
      case "patch":
        if (this.resyncing) break;  // a fresh view is on its way
        if (frame.base !== this.table.seq) {
          this.resync();  // a patch of a view this page does not have: a fresh view puts it right
          break;
        }
        try {
          this.table.patch(frame.ops, frame.seq);
          noteServerTime(this.table.view?.game?.now);
          this.viewChanged();
        } catch (err) {
          if (!(err instanceof PatchError)) throw err;
          this.resync();
        }
        break;
      case "history":
        if (this.table.history(frame)) this.viewChanged();
        break;
      case "event":
        this.lastSeq = frame.seq;
        if (frame.event?.kind !== "hidden") {
          if (this.table.event(frame)) this.viewChanged();
          this.handlers.onEvent?.(frame, {missed: frame.seq <= this.welcomeSeq});
        }
        break;
      case "roster":
        this.handlers.onRoster?.(frame.seats);
        break;
      case "ack":
        this.answered(frame.client_id, {ok: true, ack: frame});
        break;
      case "error":
        if (frame.client_id) {
          if (RETRY_CODES.has(frame.code)) {
            // Sent again (same client_id) once the server said it could take it, with jitter.
            this.sentOn.delete(frame.client_id);
            const wait = typeof frame.retry_after === "number" ? frame.retry_after : 1;
            setTimeout(() => this.flush(), (wait + Math.random() * Math.max(wait, 1)) * 1000);
          } else {
            this.answered(frame.client_id, {ok: false, code: frame.code, message: renderMsg(frame.msg, frame.message), msg: frame.msg});
          }
        } else if (this.resyncing && frame.code === "rate_limited") {
          const wait = typeof frame.retry_after === "number" ? frame.retry_after : 1;
          setTimeout(() => { if (this.resyncing) this.send({type: "sync"}); }, wait * 1000);
        } else if (frame.code === "bad_token" || frame.code === "with_caretaker"
                   || (!this.open && frame.code !== "rate_limited")) {
          this.fatal({code: frame.code, message: renderMsg(frame.msg, frame.message), msg: frame.msg});
        }
        break;
      default:
        break;
    }
  }

  /** Ask for a fresh view (patches are ignored until it comes). */
  resync() {
    this.resyncing = true;
    this.send({type: "sync"});
  }

  /** Render the table's view with the next animation frame (once for many changes). A
   * frame in which the reader typed or clicked shows that first: the view waits for the
   * next frame (at most INPUT_YIELDS frames in a row), so that a key's echo is not painted
   * behind the game's changes. */
  viewChanged() {
    if (this.viewPending) return;
    this.viewPending = true;
    this.yielded = 0;
    requestAnimationFrame(now => this.renderView(now));
  }

  renderView(now) {
    if (now - lastInput < INPUT_RECENT && this.yielded < INPUT_YIELDS) {
      this.yielded += 1;
      requestAnimationFrame(next => this.renderView(next));
      return;
    }
    this.viewPending = false;
    const view = this.table.current();
    if (view) this.handlers.onView?.(view, this.table.seq);
  }

  /** Ask for older messages of a channel than the table holds (answered by a history frame). */
  requestOlder(channel) {
    if (!this.open) return;
    const request = this.table.olderRequest(channel);
    if (request) this.send(request);
  }

  send(frame) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(frame));
  }

  answered(clientId, result) {
    this.outbox.done(clientId);
    this.sentOn.delete(clientId);
    const resolve = this.waiting.get(clientId);
    this.waiting.delete(clientId);
    if (resolve) resolve(result);
    else this.handlers.onOrphan?.(result);
    this.handlers.onQueue?.(this.outbox.pending().length);
  }

  /** Send an action: a promise of {ok: true, ack} or {ok: false, code, message}.
   * Offline, it waits in the outbox and goes out once the connection is back. */
  act(action) {
    const item = this.outbox.add(action);
    const result = new Promise(resolve => this.waiting.set(item.client_id, resolve));
    this.handlers.onQueue?.(this.outbox.pending().length);
    if (this.open) this.flush();
    else if (this.everOpen) this.showBanner();
    return result;
  }

  flush() {
    if (!this.open || !this.ws || this.ws.readyState !== WebSocket.OPEN) return;
    for (const item of this.outbox.pending()) {
      if (this.sentOn.get(item.client_id) === this.number) continue;
      this.sentOn.set(item.client_id, this.number);
      this.ws.send(JSON.stringify({type: "act", client_id: item.client_id, action: item.action}));
    }
  }

  closed(code) {
    const wasOpen = this.open;
    this.open = false;
    this.ws = null;
    if (FATAL_CLOSE.has(code)) {
      this.fatal({code: "game_deleted", message: FATAL_CLOSE.get(code)});
      return;
    }
    if (this.stopped) return;
    if (wasOpen || this.everOpen) this.showBanner();
    this.schedule();
  }

  fatal(problem) {
    this.stop();
    this.setStatus("closed");
    this.handlers.onFatal?.(problem);
  }

  /** The next try: exponential backoff, with jitter so that 30 laptops do not all come at once. */
  schedule() {
    clearTimeout(this.retryTimer);
    const ceiling = Math.min(RETRY_CAP, RETRY_BASE * 2 ** this.attempt);
    const delay = ceiling / 2 + Math.random() * ceiling / 2;
    this.attempt += 1;
    this.nextTry = Date.now() + delay * 1000;
    this.setStatus("offline");
    this.showBanner();
    this.retryTimer = setTimeout(() => this.connect(), delay * 1000);
  }

  retryNow() {
    if (this.stopped || this.open) return;
    this.attempt = 0;
    if (this.ws) {
      this.ws.close();
      this.ws = null;
    }
    this.connect();
  }

  /** The network went away (the browser says so): stop waiting for a dead socket. */
  drop(reason) {
    if (this.stopped) return;
    if (this.ws) {
      const ws = this.ws;
      this.ws = null;
      ws.close();
    }
    this.open = false;
    this.setStatus("offline");
    this.showBanner(reason === "offline" ? t("This computer is offline.") : "");
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), 3000);
  }

  check() {
    if (this.stopped) return;
    if (!this.ws) this.retryNow();
    else this.heartbeat(true);
  }

  heartbeat(force = false) {
    if (!this.open || !this.ws) return;
    if (Date.now() - this.lastFrame > SILENCE_LIMIT) {
      this.drop("silent");
      return;
    }
    if (force || Date.now() - this.lastFrame > PING_EVERY) {
      try {
        this.ws.send(JSON.stringify({type: "ping", t: Date.now()}));
      } catch (err) {
        this.drop("send failed");
      }
    }
  }

  setStatus(state) {
    this.state = state;
    document.body.dataset.connection = state;
    this.handlers.onStatus?.(state);
  }

  showBanner(extra = "") {
    if (!this.banner || this.stopped) return;
    const waiting = this.outbox.pending().length;
    const parts = [this.everOpen ? t("Offline: the connection to the game is lost.") : t("Connecting to the game…")];
    if (extra) parts.push(extra);
    if (this.everOpen) parts.push(t("Reconnecting automatically; what you do now is kept and sent once you are back."));
    if (waiting) parts.push(tn("{count} action waiting to be sent.", "{count} actions waiting to be sent.", waiting));
    this.banner.textContent = parts.join(" ");
    if (this.everOpen) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = t("Try now");
      button.addEventListener("click", () => this.retryNow());
      this.banner.append(" ", button);
    }
    this.banner.hidden = false;
  }

  hideBanner() {
    if (this.banner) this.banner.hidden = true;
  }
}
