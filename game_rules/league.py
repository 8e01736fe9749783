"""The League of Nations: its Council and Assembly under the Covenant.

The measure names a League draft may carry, besides the Council's own
(``game_rules.council.KNOWN_MEASURES``: ``condemn``, ``call_for_ceasefire``,
``demand_withdrawal``, ``fact_finding`` ...).
"""

from __future__ import annotations

from game_rules.scenario import SANCTION_MEASURES

WAR_DETERMINATION = "determine_resort_to_war"
"""Covenant Art. 16(1): a Member has resorted to war in disregard of Arts. 12, 13 or 15."""
REPORT = "adopt_report"
"""Covenant Art. 15(4) (the Council) and 15(10) (the Assembly): a report on the dispute,
with the recommendations deemed just and proper."""
MILITARY_CONTRIBUTIONS = "recommend_military_contributions"
"""Covenant Art. 16(2): the Council recommends what forces Members contribute; none is bound."""
EXPULSION = "expel"
"""Covenant Art. 16(4): a Member that has violated a covenant is no longer a Member."""
REFER_TO_ASSEMBLY = "refer_to_assembly"
"""Covenant Art. 15(9): the Council refers the dispute to the Assembly."""

LEAGUE_ONLY_MEASURES = frozenset({WAR_DETERMINATION, REPORT, MILITARY_CONTRIBUTIONS, EXPULSION,
                                  REFER_TO_ASSEMBLY, "sanctions", *SANCTION_MEASURES})
"""Measures only a League draft carries (``sanctions`` and the Art. 16(1) measures there
recommend what each Member then applies on its own)."""
