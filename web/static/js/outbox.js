// Actions waiting for their answer, kept in sessionStorage so that a reload or a
// lost connection never loses one: each goes out again, with the same client_id,
// until the server answers it (the server never applies a client_id twice).

export class Outbox {
  constructor(scope) {
    this.key = `ct:outbox:${scope}`;
    this.prefix = `${scope.replace(/[^A-Za-z0-9]/g, "").slice(0, 20)}-${Date.now().toString(36)}`;
    this.counter = 0;
  }

  load() {
    try {
      const items = JSON.parse(sessionStorage.getItem(this.key) || "[]");
      return Array.isArray(items) ? items : [];
    } catch (err) {
      return [];
    }
  }

  save(items) {
    try {
      sessionStorage.setItem(this.key, JSON.stringify(items));
    } catch (err) {
      // Storage full or refused: the actions still go out from memory.
    }
  }

  /** Keep a new action; its client_id. */
  add(action) {
    this.counter += 1;
    const rand = Math.random().toString(36).slice(2, 8);
    const item = {client_id: `${this.prefix}-${this.counter}-${rand}`, action, at: Date.now()};
    this.save([...this.load(), item]);
    return item;
  }

  /** The action was answered (ack or error): forget it. */
  done(clientId) {
    this.save(this.load().filter(item => item.client_id !== clientId));
  }

  pending() {
    return this.load();
  }
}
