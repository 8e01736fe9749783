// The instructor reads every student's reflection beside that student's moves,
// comments on each answer, and edits the questions for the game.

import {api} from "../api.js";
import {byId, fill, h} from "../dom.js";
import {openReview, replayHref, reviewProblem, showProblem} from "../review.js";
import {countryName, t, textOf, tn} from "../i18n.js";
import {gameTitle, loadTexts, reader, titledNodes} from "../texts.js";
import {questionText, questionsToEdit} from "../ui/reflection.js";

const gameId = document.body.dataset.gameId;

async function main() {
  let opened;
  let data;
  try {
    opened = await openReview(gameId);
    if (opened.summary.you.role !== "instructor") {
      return showProblem(t("This page is for the instructor. Students answer on their replay page."));
    }
    data = await api("GET", `/api/games/${gameId}/reflection`, {key: opened.key});
  } catch (err) {
    return showProblem(reviewProblem(err, gameId));
  }
  const {key, summary} = opened;
  const names = new Map(summary.countries.map(c => [c.code, countryName(c.code, null, c.name)]));
  await loadTexts(gameId, {key: key || undefined});
  const found = gameTitle(summary.title, summary.title_msg);
  const title = found.text;
  byId("game-title").replaceChildren(...titledNodes(t("Reflection: {title}", {title: "{title}"}), found));
  document.title = `${t("Reflection: {title}", {title})} · Crisis Table`;
  fill(byId("reflection-links"), h("a", {href: `/replay/${gameId}`}, t("Replay")), " · ",
    h("a", {href: `/debrief/${gameId}`}, t("Debrief")));

  const form = byId("questions-form");
  const text = byId("questions-text");
  const editing = questionsToEdit(data);
  text.value = editing.text.join("\n");
  if (editing.lang) text.setAttribute("lang", editing.lang);
  form.hidden = false;
  form.addEventListener("submit", async event => {
    event.preventDefault();
    const questions = text.value.split("\n").map(q => q.trim()).filter(Boolean);
    try {
      const saved = await api("PUT", `/api/games/${gameId}/reflection/questions`, {key, body: {questions}});
      data.questions = saved.questions;
      data.questions_from = saved.questions_from;
      if (!questionsToEdit(data).lang) text.removeAttribute("lang");
      byId("questions-status").textContent = tn("Saved: {count} question.", "Saved: {count} questions.", saved.questions.length);
      render(data, names, key);
    } catch (err) {
      byId("questions-status").textContent = err.message;
    }
  });
  render(data, names, key);
  byId("loading").hidden = true;
  document.body.dataset.ready = "true";
}

function render(data, names, key) {
  const read = reader();
  const cards = data.students.map(s => student(s, data, names, key, read));
  fill(byId("students"), cards.length ? [read.note(), ...cards]
    : h("p", {class: "hint"}, t("No student has joined this game.")));
}

function student(s, data, names, key, read) {
  const country = names.get(s.country) || s.country;
  const byQuestion = new Map(s.answers.map(a => [a.question, a]));
  return h("article", {class: "card student-reflection", id: `student-${s.seat_id}`},
    h("h2", {}, `${s.nickname} \u2013 ${country}`, s.removed ? h("span", {class: "hint"}, ` ${t("(removed from the game)")}`) : null),
    h("p", {}, h("a", {href: `/replay/${gameId}?viewer=${encodeURIComponent(s.country)}`}, t("Replay through the eyes of {country}", {country}))),
    h("div", {class: "reflection-columns"},
      h("section", {class: "reflection-answers-col", "aria-label": t("Answers of {nickname}", {nickname: s.nickname})},
        h("h3", {}, t("Answers")),
        h("ol", {}, data.questions.map((q, i) => {
          const a = byQuestion.get(i + 1);
          return h("li", {}, questionText(data, q, read, "p", {class: "question"}),
            a ? [h("p", {class: "answer"}, a.answer), commentForm(a, s, key)]
              : h("p", {class: "hint"}, t("Not answered yet.")));
        }))),
      h("section", {class: "reflection-moves-col", "aria-label": t("Moves of {nickname}", {nickname: s.nickname})},
        h("h3", {}, t("Moves ({count})", {count: s.moves.length})),
        s.moves.length ? h("ol", {class: "moves"}, s.moves.map(m => h("li", {},
          h("a", {href: `${replayHref(gameId, m.seq)}&viewer=${encodeURIComponent(s.country)}`}, textOf(m, "text")),
          h("span", {class: "seq"}, ` ${t("(event {seq})", {seq: m.seq})}`))))
          : h("p", {class: "hint"}, t("No move from this seat.")))));
}

function commentForm(answer, s, key) {
  const id = `comment-${answer.id}`;
  const box = h("textarea", {id, rows: 2, maxlength: 2000}, answer.comment || "");
  const status = h("p", {class: "form-status", role: "status"});
  const form = h("form", {class: "comment-form"},
    h("label", {for: id}, t("Your comment to {nickname}", {nickname: s.nickname})), box,
    h("button", {type: "submit"}, t("Save the comment")), status);
  form.addEventListener("submit", async event => {
    event.preventDefault();
    try {
      await api("PUT", `/api/games/${gameId}/reflection/answers/${answer.id}/comment`, {key, body: {text: box.value}});
      status.textContent = t("Saved.");
    } catch (err) {
      status.textContent = err.message;
    }
  });
  return form;
}

main();
