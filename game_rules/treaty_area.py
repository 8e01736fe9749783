"""Where is it? The places an incident may happen, each inside or outside the area of
Article 6 of the North Atlantic Treaty, with the reason: the editor's answer to a
teacher placing an incident (``in_treaty_area`` of docs/scenarios.md, Incidents).

>>> where("guam").inside, where("turkey").inside
(False, True)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    label: str
    inside: bool
    why: str


PLACES: tuple[Place, ...] = (
    Place("ally_europe", "The territory of an ally in Europe", True,
          "Article 6(1): an armed attack on the territory of any of the Parties in Europe"),
    Place("ally_north_america", "The territory of an ally in North America", True,
          "Article 6(1): an armed attack on the territory of any of the Parties in North "
          "America"),
    Place("turkey", "Türkiye (all of it, in Europe and in Asia)", True,
          "Article 6(1): the territory of Turkey is named in the Article"),
    Place("north_atlantic_island", "An ally's island in the North Atlantic north of the Tropic "
          "of Cancer", True,
          "Article 6(1): the islands under the jurisdiction of any of the Parties in the North "
          "Atlantic area north of the Tropic of Cancer"),
    Place("forces_in_area", "An ally's forces, vessels or aircraft in or over those territories, "
          "the Mediterranean, or the North Atlantic north of the Tropic of Cancer", True,
          "Article 6(2): the forces, vessels or aircraft of any of the Parties in or over these "
          "territories, the Mediterranean Sea or the North Atlantic area north of the Tropic of "
          "Cancer"),
    Place("hawaii", "Hawaii", False, "a Pacific island: neither in Europe or North America nor in "
          "the North Atlantic"),
    Place("guam", "Guam", False, "a Pacific island south of the Tropic of Cancer"),
    Place("puerto_rico", "Puerto Rico", False, "a Caribbean island south of the Tropic of Cancer"),
    Place("french_guiana", "French Guiana", False, "in South America"),
    Place("falklands", "The Falkland Islands", False, "in the South Atlantic"),
    Place("ceuta_melilla", "Ceuta or Melilla", False, "in Africa"),
    Place("elsewhere", "Anywhere else", False, "outside every area Article 6 names"),
)
"""The Article 6 area as GAME.md and docs/rules.md give it, with the places the shipped
scenarios and the rules name outside it."""


def where(place_id: str) -> Place:
    """The place of that id (``elsewhere`` for an unknown one)."""
    for place in PLACES:
        if place.id == place_id:
            return place
    return PLACES[-1]
