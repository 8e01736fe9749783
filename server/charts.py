"""Pictures for the debrief, as SVG text: printable, accessible (each has a
title and a description), and built from the timeline alone. Their words are in the
language of the ``Translator`` given (English by default): the page that shows them asks in
its viewer's language."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from game_rules.evolve import LEVEL_NAMES
from game_rules.messages import Nn_
from game_rules.scenario import LEVELS
from game_rules.state import State
from server.i18n import N_, SOURCE
from server.translator import Translator, translator


def _english(tr: Translator | None) -> Translator:
    return tr or translator(SOURCE)


def _svg(width: int, height: int, title: str, desc: str, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" font-family="sans-serif" '
            f'font-size="12"><title>{escape(title)}</title><desc>{escape(desc)}</desc>'
            + "".join(body) + "</svg>")


LEGEND_ROW = 17
ROUND = N_("Round {round}")
LADDER = N_("Escalation ladder")
DETERRENCE = N_("Deterrence (0-100)")
EVENT = N_("event {seq}")
MESSAGES = Nn_("{count} message", "{count} messages")
NO_MESSAGES = N_("No private messages.")
"""The charts' words (Babel reads no call inside an f-string: they are named here)."""


def crisis_chart(series: Sequence[dict[str, Any]], last_seq: int,
                 rounds: Sequence[dict[str, Any]] = (), marks: Sequence[dict[str, Any]] = (),
                 width: int = 720, tr: Translator | None = None) -> str:
    """The escalation ladder (steps) and deterrence (a line) over the game; a dashed line
    where each round begins; the decisions that moved the world numbered on the chart and
    named in a legend beneath it."""
    tr = _english(tr)
    left, right, top, mid, bottom = 130, 20, 34, 174, 304
    height = bottom + 26 + (LEGEND_ROW * len(marks) + 8 if marks else 0)
    span = max(1, last_seq)

    def x(seq: int) -> float:
        return left + (width - left - right) * seq / span

    body = [f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>']
    for item in rounds:
        rx = x(item["seq"])
        body.append(f'<line x1="{rx:.1f}" x2="{rx:.1f}" y1="{top - 14}" y2="{bottom}" '
                    'stroke="#888888" stroke-dasharray="4 3"/>')
        body.append(f'<text x="{rx + 3:.1f}" y="{top - 18}" fill="#333333" font-weight="bold">'
                    f'{escape(tr.format(ROUND, round=int(item["round"])))}</text>')
    ladder_h = mid - top - 10
    for i, level in enumerate(LEVELS):
        y = mid - 10 - ladder_h * i / (len(LEVELS) - 1)
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
                    'stroke="#dddddd"/>')
        body.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#333333">'
                    f'{escape(tr.gettext(LEVEL_NAMES[level]))}</text>')
    points = []
    prev_y: float | None = None
    for item in series:
        y = mid - 10 - ladder_h * item["ladder"] / (len(LEVELS) - 1)
        if prev_y is not None:
            points.append(f"{x(item['seq']):.1f},{prev_y:.1f}")
        points.append(f"{x(item['seq']):.1f},{y:.1f}")
        prev_y = y
    if prev_y is not None:
        points.append(f"{x(last_seq):.1f},{prev_y:.1f}")
    body.append(f'<polyline fill="none" stroke="#b00020" stroke-width="3" '
                f'points="{" ".join(points)}"/>')
    body.append(f'<text x="{left - 124}" y="{top - 18}" fill="#b00020" font-weight="bold">'
                f'{escape(tr.gettext(LADDER))}</text>')
    det_h = bottom - mid - 20
    for value in (0, 50, 100):
        y = bottom - det_h * value / 100
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
                    'stroke="#dddddd"/>')
        body.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#333333">'
                    f'{value}</text>')
    det = " ".join(f"{x(item['seq']):.1f},{bottom - det_h * item['deterrence'] / 100:.1f}"
                   for item in series)
    if series:
        det += f" {x(last_seq):.1f},{bottom - det_h * series[-1]['deterrence'] / 100:.1f}"
    body.append(f'<polyline fill="none" stroke="#0b5394" stroke-width="3" points="{det}"/>')
    body.append(f'<text x="{left}" y="{mid + 8}" fill="#0b5394" font-weight="bold">'
                f'{escape(tr.gettext(DETERRENCE))}</text>')
    body.append(f'<text x="{width - right}" y="{bottom + 18}" text-anchor="end" fill="#333333">'
                f'{escape(tr.format(EVENT, seq=last_seq))}</text>')
    for n, mark in enumerate(marks, start=1):
        mx = x(mark["seq"])
        ladder_moved = mark["ladder"][0] != mark["ladder"][1]
        my = (mid - 10 - ladder_h * mark["ladder"][1] / (len(LEVELS) - 1) if ladder_moved
              else bottom - det_h * mark["deterrence"][1] / 100)
        colour = "#b00020" if ladder_moved else "#0b5394"
        body.append(f'<circle cx="{mx:.1f}" cy="{my:.1f}" r="8" fill="#ffffff" '
                    f'stroke="{colour}" stroke-width="2"/>')
        body.append(f'<text x="{mx:.1f}" y="{my + 4:.1f}" text-anchor="middle" font-size="10" '
                    f'font-weight="bold" fill="{colour}">{n}</text>')
        change = []
        if ladder_moved:
            change.append(tr.format(N_("ladder {before} \u2192 {after}"),
                                    before=tr.gettext(LEVEL_NAMES[LEVELS[mark["ladder"][0]]]),
                                    after=tr.gettext(LEVEL_NAMES[LEVELS[mark["ladder"][1]]])))
        if mark["deterrence"][0] != mark["deterrence"][1]:
            change.append(tr.format(N_("deterrence {before} \u2192 {after}"),
                                    before=mark["deterrence"][0], after=mark["deterrence"][1]))
        label = tr.render(mark["label_msg"]) if mark.get("label_msg") else mark["label"]
        ly = bottom + 26 + LEGEND_ROW * n
        legend = tr.format(N_("round {round}, event {seq}: {label} ({change})"),
                           round=int(mark["round"]), seq=int(mark["seq"]),
                           label=_short(label, 70), change="; ".join(change))
        body.append(f'<text x="6" y="{ly}" fill="#222222"><tspan font-weight="bold" '
                    f'fill="{colour}">{n}.</tspan> {escape(legend)}</text>')
    final = series[-1] if series else None
    desc = (tr.format(N_("Ends at {level} with deterrence {deterrence}."),
                      level=tr.gettext(LEVEL_NAMES[final["level"]]),
                      deterrence=final["deterrence"])
            if final else tr.gettext(N_("No crisis data.")))
    if marks:
        desc += " " + _count(tr, len(marks), *Nn_("{count} decision that moved it is numbered.",
                                                   "{count} decisions that moved it are numbered."))
    return _svg(width, height, tr.gettext(N_("Escalation and deterrence over the game")), desc,
                body)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "\u2026"


def agreement(state: State) -> tuple[list[str], list[list[float | None]]]:
    """How often each pair of Council members voted alike, over the drafts voted."""
    voted = [d for d in state.drafts.values() if d.status in ("adopted", "vetoed", "failed")]
    members = list(state.council_members("UNSC"))
    matrix: list[list[float | None]] = []
    for a in members:
        row: list[float | None] = []
        for b in members:
            both = [d for d in voted if a in d.votes and b in d.votes]
            row.append(None if not both else
                       sum(1 for d in both if d.votes[a] == d.votes[b]) / len(both))
        matrix.append(row)
    return members, matrix


def agreement_chart(state: State, tr: Translator | None = None) -> str:
    tr = _english(tr)
    members, matrix = agreement(state)
    cell, left, top = 28, 60, 60
    size = left + cell * len(members) + 10
    body = [f'<rect x="0" y="0" width="{size}" height="{size}" fill="#ffffff"/>']
    for i, code in enumerate(members):
        body.append(f'<text x="{left - 4}" y="{top + cell * i + 18}" text-anchor="end">'
                    f'{escape(code)}</text>')
        body.append(f'<text transform="translate({left + cell * i + 18},{top - 4}) rotate(-60)">'
                    f'{escape(code)}</text>')
        for j, value in enumerate(matrix[i]):
            if value is None:
                fill, label = "#f2f2f2", tr.gettext(N_("no common vote"))
            else:
                shade = int(235 - 175 * value)
                fill, label = f"rgb({shade},{shade},255)", tr.format(
                    N_("{percent}% alike"), percent=round(100 * value))
            title = tr.format(N_("{first} and {second}: {how}"), first=code, second=members[j],
                              how=label)
            body.append(f'<rect x="{left + cell * j}" y="{top + cell * i}" width="{cell - 2}" '
                        f'height="{cell - 2}" fill="{fill}"><title>{escape(title)}</title></rect>')
    return _svg(size, size, tr.gettext(N_("How often Council members voted together")),
                tr.gettext(N_("Darker cells: the two members voted alike more often.")), body)


def message_counts(state: State, member: str | None = None) -> dict[tuple[str, str], int]:
    """Messages between pairs of countries in private channels (each message counts
    once for every other member of its channel); with ``member``, only the channels
    that country sat in."""
    counts: dict[tuple[str, str], int] = {}
    for message in state.messages:
        channel = state.channels.get(message.channel)
        if channel is None or channel.kind != "private" or not channel.members:
            continue
        if member is not None and member not in channel.members:
            continue
        for other in channel.members:
            if other != message.sender:
                key = (min(message.sender, other), max(message.sender, other))
                counts[key] = counts.get(key, 0) + 1
    return counts


def private_messages(state: State, member: str | None = None) -> int:
    """How many messages were sent in private channels (with ``member``, in its own)."""
    total = 0
    for message in state.messages:
        channel = state.channels.get(message.channel)
        if channel is None or channel.kind != "private" or not channel.members:
            continue
        if member is None or member in channel.members:
            total += 1
    return total


def network_chart(state: State, size: int = 420, member: str | None = None,
                  tr: Translator | None = None) -> str:
    tr = _english(tr)
    counts = message_counts(state, member)
    nodes = sorted({c for pair in counts for c in pair})
    centre, radius = size / 2, size / 2 - 40
    pos = {c: (centre + radius * math.cos(2 * math.pi * i / max(1, len(nodes)) - math.pi / 2),
               centre + radius * math.sin(2 * math.pi * i / max(1, len(nodes)) - math.pi / 2))
           for i, c in enumerate(nodes)}
    most = max(counts.values(), default=1)
    body = [f'<rect x="0" y="0" width="{size}" height="{size}" fill="#ffffff"/>']
    for (a, b), n in sorted(counts.items()):
        (x1, y1), (x2, y2) = pos[a], pos[b]
        body.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                    f'stroke="#555555" stroke-opacity="0.7" '
                    f'stroke-width="{1 + 7 * n / most:.1f}"><title>{escape(a)}-{escape(b)}: '
                    f'{escape(_count(tr, n, *MESSAGES))}'
                    '</title></line>')
    for code, (px, py) in pos.items():
        body.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="16" fill="#0b5394"/>')
        body.append(f'<text x="{px:.1f}" y="{py + 4:.1f}" text-anchor="middle" fill="#ffffff" '
                    f'font-weight="bold">{escape(code)}</text>')
    if not nodes:
        body.append(f'<text x="{centre}" y="{centre}" text-anchor="middle">'
                    f'{escape(tr.gettext(NO_MESSAGES))}</text>')
    desc = tr.format(N_("{countries}, {messages}; a line's width is how many messages passed "
                        "between its two countries."),
                     countries=_count(tr, len(nodes), *Nn_("{count} country", "{count} countries")),
                     messages=_count(tr, private_messages(state, member),
                                     *Nn_("{count} private message", "{count} private messages")))
    return _svg(size, size, tr.gettext(N_("Who talked to whom in private")), desc, body)


def _count(tr: Translator, n: int, singular: str, plural: str) -> str:
    """A count with its noun, in the plural form ``tr``'s language gives ``n``."""
    return tr.ngettext(singular, plural, n).replace("{count}", tr.number(n))
