"""Words for the sentences the engine writes: the article a word takes by its
sound, a list of names, a count with its noun, a verb that agrees.

Generated sentences are checked against the game they describe; these
helpers keep their grammar right whatever the data ("an economic response",
"the Russian Federation speaks first", "France and Germany speak first").

>>> with_article("economic response"), with_article("military response")
('an economic response', 'a military response')
>>> names(["France", "Germany", "Belgium"])
'France, Germany and Belgium'
>>> count(1, "vote"), count(3, "abstention")
('1 vote', '3 abstentions')
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

_CONSONANT_SOUND = ("uni", "use", "usa", "usi", "usu", "uti", "uto", "ura", "ure", "uri",
                    "euro", "eu", "one", "once", "ewe", "ubi")
"""Words spelt with a vowel but said with a consonant: "a union", "a European", "a one-off"."""
_VOWEL_SOUND = ("hour", "honest", "honour", "honor", "heir")
"""Words spelt with a consonant but said with a vowel: "an hour", "an honest"."""
_LETTERS_WITH_VOWEL_SOUND = frozenset("AEFHILMNORSX")
"""Letters whose names begin with a vowel sound: "an NAC item", "an FBI report"."""
_SAID_AS_WORDS = frozenset({"NATO", "UNICEF", "UNESCO", "OSCE"})
"""Acronyms read as a word, not letter by letter ("a NATO ally")."""


def article(phrase: str) -> str:
    """``a`` or ``an``, by how the first word of ``phrase`` sounds.

    >>> [article(w) for w in ("ally", "union", "hour", "NAC item", "UN resolution", "NATO ally")]
    ['an', 'a', 'an', 'an', 'a', 'a']
    """
    word = phrase.strip().split(" ", 1)[0].strip("\"'“‘(")
    if not word:
        return "a"
    head = word.split("-", 1)[0]
    said_as_letters = head[0].isupper() and (len(head) == 1 or not head[1].islower())
    if said_as_letters and head[0].isalpha() and head not in _SAID_AS_WORDS:
        return "an" if head[0] in _LETTERS_WITH_VOWEL_SOUND else "a"
    lower = word.lower()
    if lower.startswith(_VOWEL_SOUND):
        return "an"
    if lower.startswith(_CONSONANT_SOUND):
        return "a"
    if lower[0].isdigit():
        return "an" if lower.startswith(("8", "11", "18")) else "a"
    return "an" if lower[0] in "aeiou" else "a"


def with_article(phrase: str) -> str:
    """The phrase after its article: "an economic response"."""
    return f"{article(phrase)} {phrase}"


def names(items: Sequence[str], conjunction: str = "and") -> str:
    """A list in a sentence: "A", "A and B", "A, B and C"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def count(n: int, noun: str, plural: str | None = None) -> str:
    """A number with its noun in the right number: "1 vote", "2 votes"."""
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"


def agrees(subjects: Sequence[object], singular: str, plural: str) -> str:
    """The verb form for one subject or several: ``agrees(["RUS"], "speaks", "speak")``."""
    return singular if len(subjects) == 1 else plural


NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def number(n: int) -> str:
    """A number in words up to ten ("no" for none), in figures above."""
    return NUMBERS[n] if 0 <= n < len(NUMBERS) else str(n)


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """A count in words up to ten, as a sentence may start with it: "one draft", "12 drafts".

    >>> counted(1, "draft"), counted(0, "pledge"), counted(12, "vote")
    ('one draft', 'no pledges', '12 votes')
    """
    return f"{number(n)} {noun if n == 1 else (plural or noun + 's')}"


def times(n: int) -> str:
    """How often, in words: "once", "twice", "3 times"."""
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def capital(text: str) -> str:
    """The sentence with its first letter in capitals ("the Russian Federation" starting one)."""
    return text[:1].upper() + text[1:]


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def long_date(iso: str) -> str:
    """An ISO date in words, as the debrief writes it: "29 November 1990".

    >>> long_date("1990-11-29"), long_date("1931-10-24")
    ('29 November 1990', '24 October 1931')
    """
    day = date.fromisoformat(iso)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
