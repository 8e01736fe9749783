// Sending an action from a form or a button, and showing what came of it:
// the engine's own sentence when it refuses, a note while it waits offline.

import {h, showError} from "../dom.js";
import {alertNow} from "../live.js";
import {t} from "../i18n.js";

/** A message slot under a form: errors in role=alert, progress as plain text. */
export function resultSlot() {
  return h("p", {class: "error", role: "alert", hidden: true});
}

export function statusSlot() {
  return h("p", {class: "form-status", role: "status"});
}

/** Send ``action`` through ctx.act; show a refusal in ``slot``. Resolves to the result. */
export async function run(ctx, action, slot, status) {
  showError(slot, "");
  if (status) status.textContent = ctx.online() ? t("Sending…") : t("Offline: it will be sent when the connection is back.");
  const result = await ctx.act(action);
  if (status) status.textContent = "";
  if (!result.ok) {
    showError(slot, result.message);
    alertNow(result.message);
  }
  return result;
}

/** Wire a form: build() returns an action, or a string saying what is missing. */
export function bindForm(form, ctx, {build, done, slot, status}) {
  form.noValidate = true;
  form.addEventListener("submit", async event => {
    event.preventDefault();
    const action = build();
    if (typeof action === "string") {
      showError(slot, action);
      alertNow(action);
      return;
    }
    if (!action) return;
    const submit = form.querySelector("button[type=submit]");
    if (submit) submit.disabled = true;
    try {
      const result = await run(ctx, action, slot, status);
      if (result.ok) done?.(result);
    } finally {
      if (submit) submit.disabled = false;
    }
  });
}

/** A button that sends one action. */
export function actionButton(ctx, label, action, slot, attrs = {}) {
  const button = h("button", {type: "button", ...attrs}, label);
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await run(ctx, typeof action === "function" ? action() : action, slot);
    } finally {
      if (button.isConnected) button.disabled = false;
    }
  });
  return button;
}
