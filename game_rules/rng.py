"""The game's own random generator, whose whole state is one integer kept in
the game state, so that a record replays to the same game.

SplitMix64: small, fast and well mixed; a draw returns the next state and a
float in [0, 1).

>>> state = seed_state(42)
>>> state, x = draw(state)
>>> 0.0 <= x < 1.0
True
>>> draw(seed_state(42)) == draw(seed_state(42))
True
"""

from __future__ import annotations

_MASK = (1 << 64) - 1


def seed_state(seed: int) -> int:
    """The generator state for a game seed."""
    return seed & _MASK


def draw(state: int) -> tuple[int, float]:
    """Advance the generator: the new state and a float in [0, 1)."""
    state = (state + 0x9E3779B97F4A7C15) & _MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    z = z ^ (z >> 31)
    return state, (z >> 11) / float(1 << 53)
