// Re-render a list from data without disturbing what did not change: each item
// is rebuilt only when its data changed, so focus and half-typed text survive
// the live updates of unchanged items. Where a rebuilt item held the focus, the
// control with the same data-focus key gets it back.

export function patchList(container, items, keyOf, render, signature = JSON.stringify) {
  const old = new Map();
  for (const child of container.children) {
    if (child.dataset.key !== undefined) old.set(child.dataset.key, child);
  }
  const active = document.activeElement;
  const nodes = items.map(item => {
    const key = String(keyOf(item));
    const sig = signature(item);
    const existing = old.get(key);
    if (existing && existing.dataset.sig === sig) {
      old.delete(key);
      return existing;
    }
    const node = render(item);
    node.dataset.key = key;
    node.dataset.sig = sig;
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
