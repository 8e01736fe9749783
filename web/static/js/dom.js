// Building the page from data, safely: every piece of text goes in as
// textContent, never as HTML, so nothing a user types is ever interpreted.

const PROPS = new Set(["value", "checked", "disabled", "selected", "hidden", "readOnly",
  "required", "multiple", "indeterminate", "tabIndex"]);

/** h("button", {class: "primary", onclick: f, "aria-label": "Vote yes"}, "Yes") */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      el.addEventListener(name.slice(2), value);
    } else if (name === "class") {
      el.className = Array.isArray(value) ? value.filter(Boolean).join(" ") : value;
    } else if (name === "dataset") {
      Object.assign(el.dataset, value);
    } else if (PROPS.has(name)) {
      el[name] = value;
    } else if (name === "style" || name === "innerHTML" || name === "outerHTML") {
      throw new Error(`h(): ${name} is not allowed`);
    } else {
      el.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(el, children);
  return el;
}

/** Append children: nodes, text (as text), arrays of either; null and false are skipped. */
export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replace an element's content. */
export function fill(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

export function byId(id) {
  return document.getElementById(id);
}

/** Show a message in an error slot (an element with role=alert), or hide it. */
export function showError(slot, message) {
  if (!slot) return;
  slot.textContent = message || "";
  slot.hidden = !message;
}

/** Mark a field invalid with its message, or valid again. */
export function fieldError(input, slot, message) {
  showError(slot, message);
  if (message) input.setAttribute("aria-invalid", "true");
  else input.removeAttribute("aria-invalid");
}

let idCounter = 0;
/** A fresh id for label/for and aria-describedby pairs. */
export function uid(prefix = "f") {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** A labelled form field: {label, control, hint} -> the wrapper. */
export function field(label, control, hint) {
  if (!control.id) control.id = uid("field");
  const parts = [h("label", {for: control.id}, label), control];
  if (hint) {
    const hintEl = h("p", {class: "hint", id: uid("hint")}, hint);
    control.setAttribute("aria-describedby", hintEl.id);
    parts.push(hintEl);
  }
  return h("div", {class: "field"}, parts);
}

/** Keep the options of a <select> in step with data, keeping the chosen value. */
export function setOptions(select, options) {
  const current = select.value;
  select.replaceChildren(...options.map(o => h("option", {
    value: o.value, disabled: o.disabled || undefined}, o.label)));
  if (options.some(o => o.value === current && !o.disabled)) select.value = current;
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** An SVG element built like h(): attributes and text only, never markup. */
export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      el.addEventListener(name.slice(2), value);
    } else if (name === "style" || name === "innerHTML" || name === "href" || name.startsWith("xlink")) {
      throw new Error(`svg(): ${name} is not allowed`);
    } else {
      el.setAttribute(name, String(value));
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}
