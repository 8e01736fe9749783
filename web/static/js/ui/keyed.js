// Re-render a list from data without disturbing what did not change: each item
// is rebuilt only when its data changed, so focus and half-typed text survive
// the live updates of unchanged items. Where a rebuilt item held the focus, the
// control with the same data-focus key gets it back.
//
// "Changed" is decided without reading the data: the view's objects keep their
// identity until a patch changes them (see patch.js), so by default an item is
// unchanged when it is the same object as last time. A signature may add what
// else the rendering depends on: a value, or an array of values compared one by
// one (never serialised).

const signatures = new WeakMap();  // node -> the signature it was rendered with

export function patchList(container, items, keyOf, render, signature = item => item) {
  const old = new Map();
  for (const child of container.children) {
    if (child.dataset.key !== undefined) old.set(child.dataset.key, child);
  }
  const active = document.activeElement;
  const nodes = items.map(item => {
    const key = String(keyOf(item));
    const sig = signature(item);
    const existing = old.get(key);
    if (existing && sameSignature(signatures.get(existing), sig)) {
      old.delete(key);
      return existing;
    }
    const node = render(item);
    node.dataset.key = key;
    signatures.set(node, sig);
    if (existing) {
      old.delete(key);
      keepValues(existing, node);
      if (existing.contains(active)) restoreFocus(active, node);
      existing.replaceWith(node);
    }
    return node;
  });
  for (const gone of old.values()) gone.remove();
  // Put the nodes in order, moving as little as possible.
  let cursor = container.firstElementChild;
  for (const node of nodes) {
    if (node === cursor) {
      cursor = cursor.nextElementSibling;
    } else {
      container.insertBefore(node, cursor);
    }
  }
  while (cursor) {
    const next = cursor.nextElementSibling;
    if (cursor.dataset.key === undefined) cursor.remove();
    cursor = next;
  }
}

function sameSignature(a, b) {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return false;
  }
  return true;
}

function restoreFocus(active, node) {
  const key = active.dataset?.focus;
  queueMicrotask(() => {
    const target = (key && node.querySelector(`[data-focus="${CSS.escape(key)}"]`))
      || node.querySelector("h3, h4, [tabindex='-1']");
    if (target) {
      if (!target.hasAttribute("tabindex") && !target.matches("button, input, select, textarea, a")) {
        target.tabIndex = -1;
      }
      target.focus({preventScroll: true});
    }
  });
}

/** Half-typed text (fields marked data-keep) survives a rebuild of its item. */
function keepValues(from, to) {
  for (const field of from.querySelectorAll("[data-keep]")) {
    const twin = to.querySelector(`[data-keep="${CSS.escape(field.dataset.keep)}"]`);
    if (!twin) continue;
    if (field.type === "checkbox" || field.type === "radio") twin.checked = field.checked;
    else if (field.value) twin.value = field.value;
  }
}

const memos = new WeakMap();  // owner -> slot -> the parts it was last rendered from

/** True when ``parts`` are, one by one, the same values (by identity) as at the last call
 * for this owner and slot: what they render is then already on the page. Remembers them. */
export function unchanged(owner, slot, parts) {
  let slots = memos.get(owner);
  if (!slots) {
    slots = new Map();
    memos.set(owner, slots);
  }
  const last = slots.get(slot);
  slots.set(slot, parts);
  return last !== undefined && sameSignature(last, parts);
}

/** Set an element's text only when it differs (setting it replaces the text node). */
export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}
