"""Crisis Table's rules: the institutions, the crisis, the record.

Pure: no I/O, no clock, no global random. ``decide`` turns an action into
events or refuses it with a coded ``RuleError``; ``evolve`` applies an event;
``view_for`` and ``redact`` say what each seat may see.
"""

from game_rules.actions import Action, parse_action
from game_rules.context import Context
from game_rules.engine import decide, fold, new_game, step
from game_rules.errors import RuleError, ScenarioError
from game_rules.events import Event, event_from_dict, event_to_dict
from game_rules.evolve import evolve
from game_rules.scenario import Scenario, load_scenario
from game_rules.state import State
from game_rules.views import redact, view_for

__version__ = "0.1.0"

__all__ = [
    "Action",
    "Context",
    "Event",
    "RuleError",
    "Scenario",
    "ScenarioError",
    "State",
    "decide",
    "event_from_dict",
    "event_to_dict",
    "evolve",
    "fold",
    "load_scenario",
    "new_game",
    "parse_action",
    "redact",
    "step",
    "view_for",
]
