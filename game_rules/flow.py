"""A game's life: setup, rounds of four phases (or one open session), pause,
clocks, caretakers and the end.

Each round runs briefing -> consultations -> council -> resolution. The
instructor advances the phase, or the phase clock does (a ``system``
``advance_phase``). Entering a briefing releases the round's scripted
injects; entering the resolution lets an unplayed aggressor move by its
policy; leaving it adds the humanitarian toll and delivers the pledges.
"""

from __future__ import annotations

from datetime import date

from game_rules.actions import (
    AdvancePhase,
    End,
    Pause,
    Resume,
    SetCaretaker,
    SetClock,
    SetVoteGrace,
    SkipTime,
    Start,
)
from game_rules.context import Context
from game_rules.council import close_all_votes
from game_rules.crisis import TOLL_PER_ROUND, draw_move, move_events, round_injects
from game_rules.errors import RuleError
from game_rules.events import (
    CaretakerSet,
    ClockSet,
    Event,
    GameEnded,
    GamePaused,
    GameResumed,
    GameStarted,
    PhaseStarted,
    RoundResolved,
    TimeSkipped,
    VoteGraceSet,
    explained,
)
from game_rules.evolve import fold
from game_rules.league import LEAGUE_BODIES
from game_rules.league import close_open_votes as close_league_votes
from game_rules.messages import N_, Nn_, join, message, plural_message
from game_rules.scenario import PHASES, Phase
from game_rules.state import State


def presidency_order(state: State) -> list[str]:
    """Council members in English alphabetical order of their names (rule 18)."""
    return sorted(state.council_members("UNSC"), key=lambda c: state.name(c).casefold())


def first_president(state: State) -> str | None:
    council = state.scenario.bodies.UNSC
    if council is None or not council.members:
        return None
    return council.president or presidency_order(state)[0]


def president_for_round(state: State, round_no: int) -> str | None:
    """The President of the Council in a round: the next member each round, the first
    throughout, or the next member each calendar month of the rounds' dates (provisional
    rule 18: "Each President shall hold office for one calendar month")."""
    first = first_president(state)
    rotation = state.scenario.options.presidency_rotation
    if first is None or rotation == "none" or round_no <= 1:
        return first
    order = presidency_order(state)
    if rotation == "month":
        dates = state.scenario.round_dates
        if not dates:
            return first
        start = date.fromisoformat(dates[0])
        day = date.fromisoformat(dates[min(round_no, len(dates)) - 1])
        months = (day.year - start.year) * 12 + day.month - start.month
        return order[(order.index(first) + months) % len(order)]
    return order[(order.index(first) + round_no - 1) % len(order)]


def _clock(state: State, phase: Phase, now: float) -> float | None:
    seconds = state.scenario.phase_seconds.get(phase)
    return now + seconds if seconds else None


def enter_phase(state: State, round_no: int, phase: Phase, now: float) -> list[Event]:
    """The events of entering a phase, before the state has them."""
    events: list[Event] = [PhaseStarted(round=round_no, phase=phase,
                                        clock_deadline=_clock(state, phase, now),
                                        president=president_for_round(state, round_no))]
    if phase == "briefing":
        from game_rules.crisis import inject_events

        for inject in round_injects(state, round_no):
            events += inject_events(state, inject, "system")
    if phase == "resolution":
        aggressor = state.scenario.aggressor
        if aggressor and aggressor.country in state.caretakers:
            _, move = draw_move(state)
            events += move_events(state, move, "system", drawn=True)
    return events


def start(state: State, action: Start, ctx: Context) -> list[Event]:
    if state.status != "setup":
        raise RuleError("already_started", message(N_("The game has already started.")))
    events: list[Event] = [GameStarted(at=ctx.now)]
    if state.scenario.rounds == 0:
        from game_rules.crisis import inject_events

        events.append(PhaseStarted(round=1, phase="open", clock_deadline=None,
                                   president=first_president(state)))
        for inject in round_injects(state, 1):
            events += inject_events(state, inject, "system")
    else:
        events += enter_phase(state, 1, "briefing", ctx.now)
    return events


def advance_phase(state: State, action: AdvancePhase, ctx: Context) -> list[Event]:
    if state.scenario.rounds == 0:
        raise RuleError("no_phases", message(N_(
                                    "This scenario is one open session: it has no phases to advance. The "
                                    "instructor ends it when the class is done.")))
    phase = state.phase
    assert phase in PHASES
    index = PHASES.index(phase)
    events: list[Event] = []
    if phase == "council":
        events += close_open_votes(state)
    if phase == "resolution":
        if state.round >= state.scenario.rounds:
            raise RuleError("last_phase", message(N_(
                                    "This is the last phase of the last round: end the game to go to the "
                                    "debrief.")))
        delivered = [p.id for p in state.pledges if p.status == "made"]
        events.append(RoundResolved(round=state.round,
                                    toll_added=TOLL_PER_ROUND[state.crisis.ladder],
                                    pledges_delivered=delivered))
        return events + enter_phase(fold(state, events), state.round + 1, "briefing", ctx.now)
    # The next phase opens on the world the closing votes left: the aggressor's odds at the
    # resolution read the deterrence of the resolutions just adopted or vetoed.
    return events + enter_phase(fold(state, events), state.round, PHASES[index + 1], ctx.now)


def pause(state: State, action: Pause, ctx: Context) -> list[Event]:
    if state.status == "paused":
        raise RuleError("already_paused", message(N_("The game is already paused.")))
    remaining = (max(0.0, state.clock_deadline - ctx.now)
                 if state.clock_deadline is not None else None)
    return [GamePaused(clock_remaining=remaining, at=ctx.now)]


def resume(state: State, action: Resume, ctx: Context) -> list[Event]:
    if state.status != "paused":
        raise RuleError("not_paused", message(N_("The game is not paused.")))
    shift = max(0.0, ctx.now - (state.paused_at if state.paused_at is not None else ctx.now))
    deadline = (ctx.now + state.clock_remaining) if state.clock_remaining is not None else None
    return [GameResumed(clock_deadline=deadline, shift=shift)]


def close_open_votes(state: State) -> list[Event]:
    """Close every open vote, the Charter's and the Covenant's, each by its own rule."""
    un = state.model_copy(update={"open_votes": {b: d for b, d in state.open_votes.items()
                                                 if b not in LEAGUE_BODIES}})
    return close_all_votes(un) + close_league_votes(state)


def end(state: State, action: End, ctx: Context) -> list[Event]:
    events: list[Event] = close_open_votes(state)
    if state.scenario.rounds and state.phase == "resolution":
        delivered = [p.id for p in state.pledges if p.status == "made"]
        events.append(RoundResolved(round=state.round,
                                    toll_added=TOLL_PER_ROUND[state.crisis.ladder],
                                    pledges_delivered=delivered))
    events.append(GameEnded(at=ctx.now))
    return events


def set_clock(state: State, action: SetClock, ctx: Context) -> list[Event]:
    if action.seconds is None and action.extend is None:
        raise RuleError("invalid_action", message(N_("set_clock takes seconds or extend.")))
    if action.seconds is not None:
        deadline = ctx.now + action.seconds if action.seconds > 0 else None
    else:
        assert action.extend is not None
        if state.status == "paused":
            # The clock stands still during a pause: what is extended is what remains of it.
            base = ctx.now + (state.clock_remaining or 0.0)
        else:
            base = state.clock_deadline if state.clock_deadline is not None else ctx.now
        deadline = max(ctx.now, base + action.extend)
    if state.status == "paused":
        return [ClockSet(clock_deadline=deadline,
                         clock_remaining=None if deadline is None else deadline - ctx.now)]
    return [ClockSet(clock_deadline=deadline)]


def set_vote_grace(state: State, action: SetVoteGrace, ctx: Context) -> list[Event]:
    """The instructor sets how long a vote waits for an absent delegation."""
    return [VoteGraceSet(seconds=action.seconds)]


def skip_time(state: State, action: SkipTime, ctx: Context) -> list[Event]:
    """The instructor moves the world's calendar forward, in the open and with a reason: a
    year of Article 13 notice can pass within a class period, never silently."""
    reason = action.reason.strip()
    if not reason:
        raise RuleError("reason_required",
                        message(N_("A time skip is made in the open, with a reason: say why.")))
    now = state.world_time(ctx.now) + action.days * 86400
    text = message(N_("The instructor moves the world's calendar forward by {days}: {reason}. "
                      "Treaty periods count these days; the class's clocks (phases, silence "
                      "deadlines) do not."),
                   days=plural_message(*Nn_("{count} day", "{count} days"), count=action.days),
                   reason=reason)
    ran_out = [c for c, moment in state.withdrawals.items() if moment <= now]
    if ran_out:
        text = join(text, message(N_("The year of notice under Article 13 has run for "
                                     "{countries}: the withdrawal can take effect."),
                                  countries=state.countries_of(ran_out, ",")))
    return [TimeSkipped(days=action.days, reason=reason, **explained(text))]


def set_caretaker(state: State, action: SetCaretaker, ctx: Context) -> list[Event]:
    if action.country not in state.countries():
        raise RuleError("unknown_country", message(N_(
                                    "\"{code}\" is not a state in this game."),
                                    code=action.country))
    if (action.country in state.caretakers) == action.caretaker:
        raise RuleError("no_change",
                        message(N_("{country} is already with its caretaker.") if action.caretaker
                                else N_("{country} is already played."),
                                country=state.country(action.country)))
    return [CaretakerSet(country=action.country, caretaker=action.caretaker)]
