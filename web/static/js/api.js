// JSON over HTTP, with the server's error answers ({error: {code, message, msg}}) as
// exceptions whose message is in the page's language (msg rendered; the English otherwise).

import {renderMsg, t} from "./i18n.js";

export class ApiError extends Error {
  constructor(status, code, message, msg) {
    super(renderMsg(msg, message));
    this.status = status;
    this.code = code;
    this.msg = msg;
    this.english = message;
  }
}

export async function api(method, path, {body, key, headers: extra} = {}) {
  const headers = {"accept": "application/json", ...(extra || {})};
  if (body !== undefined) headers["content-type"] = "application/json";
  if (key) headers["authorization"] = `Bearer ${key}`;
  let response;
  try {
    response = await fetch(path, {method, headers, credentials: "same-origin",
                                  body: body === undefined ? undefined : JSON.stringify(body)});
  } catch (err) {
    throw new ApiError(0, "offline", t("The server cannot be reached. Check the connection and try again."));
  }
  if (response.status === 204) return null;
  let data = null;
  try {
    data = await response.json();
  } catch (err) {
    data = null;
  }
  if (!response.ok) {
    const error = (data && data.error) || {};
    throw new ApiError(response.status, error.code || "http_error",
                       error.message || t("The server answered {status}.", {status: String(response.status)}),
                       error.msg);
  }
  return data;
}
