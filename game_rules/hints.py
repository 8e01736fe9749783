"""Hints for a scenario's author: the valid name nearest to a mistaken one.

>>> nearest("sanctons", ["sanctions", "arms_embargo", "condemn"])
'sanctions'
>>> country_hint("URS")
'did you mean "SUN" (the Soviet Union)?'
>>> country_hint("FRG")
'did you mean "DEU" (the Federal Republic of Germany: ISO 3166 gives it the code of Germany)?'
>>> country_hint("Germany")
'did you mean "DEU" (Germany)?'
>>> did_you_mean("thresold", ["threshold", "president"])
' (did you mean "threshold"?)'
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from game_rules.countries import COUNTRIES, display
from game_rules.messages import N_, Country, Msg, message

ALIASES: dict[str, tuple[str, str]] = {
    "URS": ("SUN", "the Soviet Union"),
    "USSR": ("SUN", "the Soviet Union"),
    "SSSR": ("SUN", "the Soviet Union"),
    "CCCP": ("SUN", "the Soviet Union"),
    "FRG": ("DEU", N_("the Federal Republic of Germany: ISO 3166 gives it the code of Germany")),
    "BRD": ("DEU", N_("the Federal Republic of Germany: ISO 3166 gives it the code of Germany")),
    "GER": ("DEU", "Germany"),
    "GDR": ("DDR", N_("the German Democratic Republic")),
    "RDA": ("DDR", N_("the German Democratic Republic")),
    "TCH": ("CSK", "Czechoslovakia"),
    "UK": ("GBR", "the United Kingdom"),
    "GB": ("GBR", "the United Kingdom"),
    "ENG": ("GBR", "the United Kingdom"),
    "US": ("USA", "the United States"),
    "UAE": ("ARE", "the United Arab Emirates"),
    "PRC": ("CHN", "China"),
    "ROC": ("CHN", N_("the Republic of China, which held China's seat until 25 October 1971")),
    "ROK": ("KOR", N_("the Republic of Korea")),
    "DPRK": ("PRK", N_("the Democratic People's Republic of Korea")),
    "UAR": ("EGY", N_("the United Arab Republic: Egypt's code")),
    "NED": ("NLD", "the Netherlands"),
    "HOL": ("NLD", "the Netherlands"),
    "DEN": ("DNK", "Denmark"),
    "SUI": ("CHE", "Switzerland"),
    "POR": ("PRT", "Portugal"),
    "GRE": ("GRC", "Greece"),
    "CRO": ("HRV", "Croatia"),
    "SLO": ("SVN", "Slovenia"),
    "BUL": ("BGR", "Bulgaria"),
    "LAT": ("LVA", "Latvia"),
    "RSA": ("ZAF", "South Africa"),
    "IRI": ("IRN", "Iran"),
    "KSA": ("SAU", "Saudi Arabia"),
    "INA": ("IDN", "Indonesia"),
    "MAS": ("MYS", "Malaysia"),
    "PHI": ("PHL", "the Philippines"),
    "CHI": ("CHL", "Chile"),
    "URU": ("URY", "Uruguay"),
    "PAR": ("PRY", "Paraguay"),
    "ALG": ("DZA", "Algeria"),
    "NGR": ("NGA", "Nigeria"),
    "ZAM": ("ZMB", "Zambia"),
    "ZIM": ("ZWE", "Zimbabwe"),
    "SIAM": ("THA", N_("Siam: Thailand's code")),
    "BYE": ("BYS", "the Byelorussian SSR"),
    "ZAI": ("ZAR", "Zaire"),
    "ABY": ("ETH", N_("Abyssinia: Ethiopia's code")),
    "PERSIA": ("IRN", N_("Persia: Iran's code")),
}
"""Codes that people write for a state (IOC, FIFA and everyday abbreviations) and the
ISO code that the game uses, with a word on why: the state's name, or an English template
(``N_``) a reader's language translates."""


def nearest(name: str, valid: Iterable[str]) -> str | None:
    """The valid name closest to ``name``, or None if none is close."""
    options = list(valid)
    folded = {option.casefold(): option for option in options}
    if name.casefold() in folded:
        return folded[name.casefold()]
    found = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
    if found:
        return found[0]
    found = difflib.get_close_matches(name.casefold(), list(folded), n=1, cutoff=0.6)
    return folded[found[0]] if found else None


def did_you_mean(name: str, valid: Iterable[str]) -> str:
    """`` (did you mean "x"?)`` for the nearest valid name, or an empty string."""
    hint = did_you_mean_msg(name, valid)
    return hint.english() if isinstance(hint, Msg) else ""


def did_you_mean_msg(name: str, valid: Iterable[str]) -> Msg | str:
    """``did_you_mean`` as a message (an empty string when no name is near)."""
    found = nearest(name, valid)
    return message(N_(' (did you mean "{name}"?)'), name=found) if found and found != name else ""


def country_hint(code: str) -> str | None:
    """A hint for a code the game does not know: an alias, a name, or a near code."""
    hint = country_hint_msg(code)
    return hint.english() if hint is not None else None


def country_hint_msg(code: str) -> Msg | None:
    """``country_hint`` as a message."""
    key = code.strip().upper()
    if key in ALIASES:
        alias, why = ALIASES[key]
        if why == display(alias):  # the state's name: a parameter, in the reader's language
            return message(N_('did you mean "{code}" ({country})?'), code=alias,
                           country=Country(alias, why))
        return message(N_('did you mean "{code}" ({why})?'), code=alias, why=message(why))
    if key in COUNTRIES and key != code:
        return message(N_('did you mean "{code}" (codes are written in capitals)?'), code=key)
    by_name = {c.name.casefold(): c.code for c in COUNTRIES.values()}
    by_name.update({c.short.casefold(): c.code for c in COUNTRIES.values()})
    real: str | None = None
    if code.casefold() in by_name:
        real = by_name[code.casefold()]
    else:
        named = nearest(code.casefold(), by_name)
        if named and len(code) > 3:
            real = by_name[named]
        else:
            close = difflib.get_close_matches(key, list(COUNTRIES), n=1, cutoff=0.67)
            real = close[0] if close else None
    if real is None:
        return None
    return message(N_('did you mean "{code}" ({country})?'), code=real,
                   country=Country(real, display(real)))


def plural(count: int, word: str, words: str | None = None) -> str:
    """A count with its noun in agreement.

    >>> plural(1, "country", "countries"), plural(13, "country", "countries"), plural(2, "problem")
    ('1 country', '13 countries', '2 problems')
    """
    return f"{count} {word if count == 1 else (words or word + 's')}"
