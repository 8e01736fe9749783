// A rejoin link (the instructor reset a seat): the token comes in the fragment,
// which never reaches a server log; it becomes this browser's seat cookie.

import {api} from "../api.js";
import {byId, showError} from "../dom.js";
import {t} from "../i18n.js";

const code = document.body.dataset.code;
const token = new URLSearchParams(location.hash.slice(1)).get("token");
history.replaceState(null, "", location.pathname);

async function main() {
  if (!token) {
    byId("rejoin-status").textContent = "";
    showError(byId("rejoin-error"), t("This link has no seat in it. Ask your teacher for a new rejoin link."));
    return;
  }
  try {
    await api("POST", `/api/join/${encodeURIComponent(code)}/resume`, {body: {token}});
    location.replace(`/play/${encodeURIComponent(code)}`);
  } catch (err) {
    byId("rejoin-status").textContent = "";
    showError(byId("rejoin-error"), err.message);
  }
}

main();
