// Reflection after the game: the student's questions and answers (on their replay
// page, beside their own country's replay), and the answers as the debrief prints them.

import {api} from "../api.js";
import {fill, h} from "../dom.js";
import {t} from "../i18n.js";
import {ownText, reader} from "../texts.js";

/** A question as a page shows it: the catalog's in the reader's language; the teacher's
 * brief's in the scenario's, marked when that is not the reader's (``read``: a ``reader()``);
 * the instructor's own as written. */
export function questionText(data, question, read, tag = "span", attrs = {}) {
  const n = data.questions.indexOf(question);
  if (data.questions_from === "scenario") return read.own(`teacher.reflection[${n}]`, question, tag, attrs);
  return h(tag, attrs, data.questions_from === "game" ? question : t(question));
}

/** The teacher's brief's questions as the instructor edits them (their translations where
 * there are), and their ``lang`` where it is not the reader's, else null. */
export function questionsToEdit(data) {
  if (data.questions_from !== "scenario") {
    return {text: data.questions.map(q => data.questions_from === "default" ? t(q) : q), lang: null};
  }
  const found = data.questions.map((q, n) => ownText(`teacher.reflection[${n}]`, q));
  return {text: found.map(f => f.text), lang: found.find(f => f.fallback)?.lang ?? null};
}

/** The student's reflection form: each question, a box for the answer, and the
 * instructor's comment once there is one. ``container`` is a section of the page. */
export async function studentReflection(gameId, container) {
  let data;
  try {
    data = await api("GET", `/api/games/${gameId}/reflection`);
  } catch (err) {
    return;
  }
  const byQuestion = new Map(data.answers.map(a => [a.question, a]));
  const read = reader();
  container.hidden = false;
  fill(container,
    h("h2", {id: "reflection-heading"}, t("Your reflection")),
    h("p", {class: "hint"}, t("Answer as {nickname}, for your country. Replay your moments on the left " +
      "to find your evidence; you may change an answer at any time.", {nickname: data.you.nickname})),
    h("ol", {class: "reflection-questions"}, data.questions.map((question, i) => {
      const n = i + 1;
      const saved = byQuestion.get(n);
      const box = h("textarea", {id: `reflection-${n}`, rows: 4, maxlength: 4000}, saved ? saved.answer : "");
      const status = h("p", {class: "form-status", role: "status"}, saved ? t("Saved.") : "");
      const form = h("form", {class: "reflection-form"},
        questionText(data, question, read, "label", {for: `reflection-${n}`}), box,
        h("button", {type: "submit", class: "primary"}, t("Save answer {number}", {number: n})), status,
        saved && saved.comment ? h("p", {class: "reflection-comment"}, h("strong", {}, t("Your teacher:")), " ", saved.comment) : null);
      form.addEventListener("submit", async event => {
        event.preventDefault();
        status.textContent = t("Saving…");
        try {
          await api("PUT", `/api/games/${gameId}/reflection/answers/${n}`, {body: {text: box.value}});
          status.textContent = t("Saved.");
        } catch (err) {
          status.textContent = err.message;
        }
      });
      return h("li", {}, form);
    })), read.note());
}

/** The answers as the printed debrief shows them: the questions once, then each
 * student's answers, numbered, with the instructor's comments. */
export function reflectionSection(data, name) {
  const students = data.students || [{nickname: data.you?.nickname, country: data.you?.country, answers: data.answers}];
  const answered = students.filter(s => (s.answers || []).length);
  const read = reader();
  return h("section", {class: "reflection-print", "aria-labelledby": "reflection-print-heading"},
    h("h2", {id: "reflection-print-heading"}, t("Reflection")),
    h("ol", {class: "reflection-asked"}, data.questions.map(q => questionText(data, q, read, "li"))), read.note(),
    answered.length
      ? h("div", {class: "reflection-answers"}, answered.map(s => h("div", {class: "reflection-student"},
        h("strong", {}, `${s.nickname} (${name(s.country)})`),
        [...s.answers].sort((a, b) => a.question - b.question).map(a => h("p", {},
          h("span", {class: "qn"}, `${a.question}. `), a.answer,
          a.comment ? h("span", {class: "reflection-comment"}, ` ${t("Comment:")} ${a.comment}`) : null)))))
      : h("p", {class: "hint"}, t("No answer yet.")));
}
