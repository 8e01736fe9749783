"""Agreement with countries (docs/i18n.md, "Agreement"): the same cases for the server
(``server.translator``) and the browser (``web/static/js/i18n.js``), which must render each
one alike. A case is a sentence written as a translation would write it (its template is no
msgid, so no catalog changes it), its parameters, the game's own names of countries in the
language, and what a reader sees."""

from __future__ import annotations

from typing import Any

USA = {"country": "USA", "name": "the United States"}
FRA = {"country": "FRA", "name": "France"}
GBR = {"country": "GBR", "name": "the United Kingdom"}
DEU = {"country": "DEU", "name": "Germany"}
NLD = {"country": "NLD", "name": "the Netherlands"}
EST = {"country": "EST", "name": "Estonia"}
RUS = {"country": "RUS", "name": "the Russian Federation"}
JPN = {"country": "JPN", "name": "Japan"}
CUB = {"country": "CUB", "name": "Cuba"}
ISR = {"country": "ISR", "name": "Israel"}
CHN = {"country": "CHN", "name": "China"}
YUG = {"country": "YUG", "name": "Yugoslavia"}
YEM = {"country": "YEM", "name": "Yemen"}

VOTED_FR = "{country@Def} {country@agree:s=a|p=ont} voté."
ABSTAINED_FR = ("{country@Def} {country@agree:ms=s'est abstenu|fs=s'est abstenue|mp=se sont abstenus"
                "|fp=se sont abstenues}.")
BROKE_FR = "{countries@Def} {countries@agree:s=a|p=ont} rompu le silence."
ISOLATED_FR = "{country@Def} {country@agree:m=est isolé|f=est isolée|p=sont isolés|fp=sont isolées}."
VOTED_ES = "{country@Def} {country@agree:s=ha votado|p=han votado}."
ALLY_ES = "{country@Def} {country@agree:ms=no es aliado|fs=no es aliada|mp=no son aliados|fp=no son aliadas}."
VETOED_ES = "Vetado por {countries@def}: {countries@agree:s=votó|p=votaron} en contra."

CASES: list[dict[str, Any]] = [
    {"lang": "fr", "id": VOTED_FR, "params": {"country": USA}, "text": "Les États-Unis ont voté."},
    {"lang": "fr", "id": VOTED_FR, "params": {"country": FRA}, "text": "La France a voté."},
    {"lang": "fr", "id": VOTED_FR, "params": {"country": ISR}, "text": "Israël a voté."},
    {"lang": "fr", "id": ABSTAINED_FR, "params": {"country": GBR}, "text": "Le Royaume-Uni s'est abstenu."},
    {"lang": "fr", "id": ABSTAINED_FR, "params": {"country": DEU}, "text": "L'Allemagne s'est abstenue."},
    {"lang": "fr", "id": ABSTAINED_FR, "params": {"country": NLD}, "text": "Les Pays-Bas se sont abstenus."},
    {"lang": "fr", "id": ISOLATED_FR, "params": {"country": CUB}, "text": "Cuba est isolée."},
    {"lang": "fr", "id": ISOLATED_FR, "params": {"country": JPN}, "text": "Le Japon est isolé."},
    # A name's first Y is a consonant: no elision.
    {"lang": "fr", "id": VOTED_FR, "params": {"country": YUG}, "names": {"YUG": "Yougoslavie"},
     "text": "La Yougoslavie a voté."},
    {"lang": "fr", "id": ABSTAINED_FR, "params": {"country": YEM}, "text": "Le Yémen s'est abstenu."},
    {"lang": "fr", "id": BROKE_FR, "params": {"countries": {"countries": [EST]}},
     "text": "L'Estonie a rompu le silence."},
    {"lang": "fr", "id": BROKE_FR, "params": {"countries": {"countries": [FRA, DEU]}},
     "text": "La France et l'Allemagne ont rompu le silence."},
    {"lang": "fr", "id": ISOLATED_FR, "params": {"country": {"countries": [FRA, DEU]}},
     "text": "La France et l'Allemagne sont isolées."},
    {"lang": "fr", "id": ISOLATED_FR, "params": {"country": {"countries": [FRA, JPN]}},
     "text": "La France et le Japon sont isolés."},
    # What is not a country agrees as the grammar's default (masculine singular).
    {"lang": "fr", "id": "{n} {n@agree:s=vote|p=votes}", "params": {"n": 3}, "text": "3 vote"},
    {"lang": "es", "id": VOTED_ES, "params": {"country": USA}, "text": "Los Estados Unidos han votado."},
    {"lang": "es", "id": VOTED_ES, "params": {"country": FRA}, "text": "Francia ha votado."},
    {"lang": "es", "id": ALLY_ES, "params": {"country": RUS}, "text": "Rusia no es aliada."},
    {"lang": "es", "id": ALLY_ES, "params": {"country": JPN}, "text": "Japón no es aliado."},
    {"lang": "es", "id": ALLY_ES, "params": {"country": NLD}, "text": "Los Países Bajos no son aliados."},
    {"lang": "es", "id": VETOED_ES, "params": {"countries": {"countries": [RUS]}},
     "text": "Vetado por Rusia: votó en contra."},
    {"lang": "es", "id": VETOED_ES, "params": {"countries": {"countries": [RUS, CHN]}},
     "text": "Vetado por Rusia y China: votaron en contra."},
    # A scenario's own name takes its own article ("la República de China", not "China").
    {"lang": "es", "id": VOTED_ES, "params": {"country": CHN}, "names": {"CHN": "República de China"},
     "text": "La República de China ha votado."},
    # A slip of the translator (no key) still reads: the first choice's words.
    {"lang": "fr", "id": "{country@Def} {country@agree:s=a|ont} voté.", "params": {"country": USA},
     "text": "Les États-Unis a voté."},
]
