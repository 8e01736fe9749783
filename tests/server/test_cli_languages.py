"""``--lang`` on every command that writes sentences for a person (docs/i18n.md, "The
command line"): ``serve``'s lines for whoever starts it and its errors, ``migrate``,
``import``. The same choices, default and refusal of an unknown language as ``replay`` and
``scenario``; codes, JSON keys and URLs stay as they are. The pseudo-locale ``qps`` proves
that no English is left but data."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from server.cli import main
from server.translator import Translator

WORD = re.compile(r"[A-Za-z]{2,}")


def english_left(text: str, *data: str) -> list[str]:
    """Plain words of ``text`` once the data (``data``, quoted values, the program's name)
    is taken out."""
    for item in sorted(data, key=len, reverse=True):
        text = text.replace(item, " ")
    text = re.sub(r"'[^']*'|crisis-table:", " ", text)
    return WORD.findall(text)


@pytest.fixture
def database(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"


@pytest.fixture
def no_server(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """``serve`` without its server: uvicorn's run only notes that it was asked."""
    import uvicorn

    runs: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: runs.append(kw))
    return runs


def test_serve_says_where_to_open_the_pages_in_the_language_asked(
        database: str, no_server: list[dict[str, Any]], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    args = ["serve", "--port", "8123", "--database", database]
    assert main(args) == 0
    english = capsys.readouterr().out
    assert "Crisis Table is running at http://127.0.0.1:8123/" in english
    assert "Create a game: open http://127.0.0.1:8123/new in a browser" in english
    assert main([*args, "--lang", "fr"]) == 0
    french = capsys.readouterr().out.replace("\u00a0", " ")
    assert "Crisis Table fonctionne à l'adresse http://127.0.0.1:8123/" in french
    assert "Pour créer une partie : ouvrez http://127.0.0.1:8123/new dans un navigateur (la page " \
           "de l'enseignant)," in french
    assert f"Base de données : {database}" in french
    assert main([*args, "--lang", "es"]) == 0
    spanish = capsys.readouterr().out
    assert "Para crear una partida: abra http://127.0.0.1:8123/new en un navegador (la página " \
           "del docente)," in spanish and f"Base de datos: {database}" in spanish
    assert len(no_server) == 3 and no_server[-1]["port"] == 8123
    # Every line in the language asked: in the pseudo-locale only the data is plain.
    monkeypatch.setenv("CRISIS_TABLE_PSEUDO_LOCALES", "1")
    assert main([*args, "--lang", "qps"]) == 0
    pseudo = capsys.readouterr().out
    curl = next(line for line in english.splitlines() if "curl" in line).split("or: ", 1)[1]
    assert english_left(pseudo, database, "http://127.0.0.1:8123/new", "http://127.0.0.1:8123/",
                        curl) == [], pseudo
    assert len(pseudo.splitlines()) == 4


def test_serve_says_a_bad_option_in_the_language_asked(
        database: str, no_server: list[dict[str, Any]], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["serve", "--port", "http", "--lang", "fr"]) == 1
    err = capsys.readouterr().err
    assert err == "crisis-table: --port est un numéro de port de 0 à 65535, pas 'http'\n"
    assert main(["serve", "--port", "70000"]) == 1
    assert capsys.readouterr().err == ("crisis-table: --port is a port number from 0 to 65535, "
                                       "not '70000'\n")
    assert main(["serve", "--database", database, "--bus", "rabbit://x", "--lang", "es"]) == 1
    assert "bus desconocido 'rabbit://x': use memory:// o redis://host:puerto" in \
        capsys.readouterr().err
    monkeypatch.setenv("CRISIS_TABLE_PORT", "eighty")
    assert main(["serve", "--database", database, "--lang", "fr"]) == 1
    assert "CRISIS_TABLE_PORT doit être un nombre entier, pas 'eighty'" in capsys.readouterr().err
    monkeypatch.delenv("CRISIS_TABLE_PORT")
    monkeypatch.setenv("CRISIS_TABLE_OVERLOAD_LAG", "0.5,0.1")
    assert main(["serve", "--database", database, "--lang", "es"]) == 1
    assert "CRISIS_TABLE_OVERLOAD_LAG espera dos demoras en segundos, la primera menor" in \
        capsys.readouterr().err
    monkeypatch.delenv("CRISIS_TABLE_OVERLOAD_LAG")
    assert main(["serve", "--database", "nonsense", "--lang", "fr"]) == 1
    err = capsys.readouterr().err.replace("\u00a0", " ")
    assert err.startswith("crisis-table: impossible de préparer la base de données nonsense : "
                          "ce n'est pas une URL de base de données"), err
    assert main(["serve", "--lang", "xx"]) == 1
    assert "unknown language 'xx': one of en, es, fr" in capsys.readouterr().err
    assert no_server == []
    monkeypatch.setenv("CRISIS_TABLE_PSEUDO_LOCALES", "1")
    for argv, data in [(["serve", "--port", "http"], ["--port"]),
                       (["serve", "--database", "nonsense"],
                        ["nonsense", "sqlite+aiosqlite:///PATH",
                         "postgresql+asyncpg://user@host/db"]),
                       (["serve", "--database", database, "--bus", "rabbit://x"],
                        ["memory://", "redis://"])]:
        assert main([*argv, "--lang", "qps"]) == 1
        err = capsys.readouterr().err
        assert english_left(err, *data) == [], err


def test_migrate_in_the_language_asked(database: str, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["migrate", "--database", database, "--lang", "es"]) == 0
    assert capsys.readouterr().out == f"La base de datos {database} está al día.\n"
    assert main(["migrate", "--database", database, "--lang", "fr"]) == 0
    assert capsys.readouterr().out == f"La base de données {database} est à jour.\n"
    assert main(["migrate", "--database", "mysql://db/x", "--lang", "es"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("crisis-table: la migración de mysql://db/x ha fallado: no hay "
                          "controlador para ese tipo de base de datos aquí"), err
    assert "MySQLdb" not in err  # Python's words are not passed on
    assert main(["migrate", "--database", database, "--lang", "de"]) == 1
    assert "unknown language 'de'" in capsys.readouterr().err
    monkeypatch.setenv("CRISIS_TABLE_PSEUDO_LOCALES", "1")
    assert main(["migrate", "--database", database, "--lang", "qps"]) == 0
    assert english_left(capsys.readouterr().out, database) == []


RECORD = {"scenario": "sandbox", "seed": 1,
          "actions": [{"actor": "instructor", "kind": "start"},
                      {"actor": "FRA", "kind": "vote", "draft": "S/1", "vote": "maybe"}]}


def test_import_says_refusals_and_a_records_problems_in_the_language_asked(
        database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "record.json"
    path.write_text(json.dumps(RECORD), encoding="utf-8")
    assert main(["import", str(path), "--database", database]) == 0
    english = json.loads(capsys.readouterr().out)
    assert main(["import", str(path), "--database", database, "--lang", "es"]) == 0
    spanish = json.loads(capsys.readouterr().out)
    assert list(spanish) == list(english) and spanish["applied"] == english["applied"] == 1
    (refused,) = spanish["refused"]
    assert list(refused) == ["index", "code", "message"] == list(english["refused"][0])
    assert refused["code"] == english["refused"][0]["code"] == "invalid_action"
    assert english["refused"][0]["message"] == "vote.vote: input should be 'yes', 'no' or 'abstain'"
    assert refused["message"] == "vote.vote: el valor debe ser 'yes', 'no' o 'abstain'"
    # A record that is not one, and a file that is not JSON: the place, and why, in French.
    path.write_text(json.dumps({**RECORD, "scenario": "nowhere"}), encoding="utf-8")
    assert main(["import", str(path), "--database", database, "--lang", "fr"]) == 1
    err = capsys.readouterr().err.replace("\u00a0", " ")
    assert err.startswith(f"{path}: scenario: ") and "« nowhere »" in err, err
    path.write_text('{"scenario": "sandbox", "seed": 1, "actions": [}', encoding="utf-8")
    assert main(["import", str(path), "--database", database, "--lang", "fr"]) == 1
    err = capsys.readouterr().err.replace("\u00a0", " ")
    assert err.startswith(f"{path} : ligne 1, colonne 48 : ") and "Expecting" not in err, err
    monkeypatch.setenv("CRISIS_TABLE_PSEUDO_LOCALES", "1")
    assert main(["import", str(path), "--database", database, "--lang", "qps"]) == 1
    first = capsys.readouterr().err.splitlines()[0]
    assert english_left(first, str(path)) == [], first


def test_a_records_problems_over_http_carry_their_message(client: TestClient) -> None:
    """``POST /api/records``: the record's problems as a message (``invalid_record``), and
    each refused action's message beside its English."""
    bad = client.post("/api/records", json={"record": {**RECORD, "scenario": "nowhere"}})
    assert bad.status_code == 422
    error = bad.json()["error"]
    assert error["code"] == "invalid_record" and "nowhere" in error["message"]
    french = Translator("fr").render(error["msg"]).replace("\u00a0", " ")
    assert french.startswith("scenario : ") and "« nowhere »" in french, french
    imported = client.post("/api/records", json={"record": RECORD}).json()
    (refused,) = imported["refused"]
    assert refused["code"] == "invalid_action" and refused["message"].startswith("vote.vote: ")
    assert Translator("es").render(refused["msg"]) == \
        "vote.vote: el valor debe ser 'yes', 'no' o 'abstain'"


def test_a_request_that_is_not_json_is_said_in_words_of_ours(client: TestClient) -> None:
    """pydantic's problem with a body that is not JSON carries Python's parser's words
    ("Expecting value"): the message leaves them out."""
    answer = client.post("/api/games", content=b'{"scenario": ',
                         headers={"content-type": "application/json"})
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["code"] == "invalid_request"
    assert "Expecting" not in json.dumps(error["msg"])
    assert Translator("es").render(error["msg"]).endswith(": JSON no válido")


def _parsed(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int | str | None, str]:
    """What argparse does with ``argv``: its exit status, and what it wrote (no-break spaces
    as plain ones)."""
    with pytest.raises(SystemExit) as done:
        main(argv)
    said = capsys.readouterr()
    return done.value.code, (said.out + said.err).replace("\u00a0", " ")


def test_help_is_in_the_language_asked_argparses_words_and_ours(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    code, french = _parsed(["serve", "--help", "--lang", "fr"], capsys)
    assert code == 0
    assert french.startswith("utilisation : crisis-table serve [-h] [--host HOST]"), french
    assert "-h, --help" in french and "afficher ce message d'aide et quitter" in french
    assert "le port (CRISIS_TABLE_PORT ; 8000)" in french
    assert "écrire les lignes pour qui lance le serveur et ses erreurs dans cette langue " \
           "(fr, es ; anglais par défaut)" in french
    code, spanish = _parsed(["serve", "--lang=es", "--help"], capsys)
    assert code == 0
    assert spanish.startswith("uso: crisis-table serve [-h]"), spanish
    assert "\nopciones:\n" in spanish and "mostrar este mensaje de ayuda y salir" in spanish
    assert "la dirección en la que escuchar (CRISIS_TABLE_HOST; 127.0.0.1)" in spanish
    code, spanish = _parsed(["--help", "--lang", "es"], capsys)
    assert "argumentos posicionales:" in spanish and "ejecutar el servidor del juego" in spanish
    assert "Crisis Table: negociaciones de crisis en el aula" in spanish
    # Without --lang, and after another language, argparse and we speak English.
    code, english = _parsed(["serve", "--help"], capsys)
    assert code == 0
    assert english.startswith("usage: crisis-table serve [-h] [--host HOST]"), english
    assert "\noptions:\n" in english and "show this help message and exit" in english
    assert "port (CRISIS_TABLE_PORT; 8000)" in english
    assert "write the lines for whoever starts the server and its errors in this language " \
           "(fr, es; English by default)" in english
    # A language not spoken here: the help in English (the command itself refuses it).
    assert _parsed(["serve", "--help", "--lang", "xx"], capsys)[1] == english


def test_usage_errors_are_in_the_language_asked(capsys: pytest.CaptureFixture[str]) -> None:
    code, spanish = _parsed(["scenario", "validate", "--lang", "es"], capsys)
    assert code == 2
    assert spanish.startswith("uso: crisis-table scenario validate [-h]"), spanish
    assert spanish.endswith("crisis-table scenario validate: error: los siguientes argumentos "
                            "son obligatorios: file\n"), spanish
    code, spanish = _parsed(["serve", "--bogus", "--lang", "es"], capsys)
    assert code == 2 and spanish.endswith("crisis-table: error: argumentos no reconocidos: "
                                          "--bogus\n"), spanish
    code, french = _parsed(["replay", "--lang=fr", "record.json", "--lang"], capsys)
    assert code == 2 and french.endswith("crisis-table replay : erreur : argument --lang : un "
                                         "argument est attendu\n"), french
    code, english = _parsed(["serve", "--bogus"], capsys)
    assert english.endswith("crisis-table: error: unrecognized arguments: --bogus\n"), english


def test_the_server_runs_with_gettext_as_it_was(
        database: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """argparse is lent the language only while it parses: the server that runs afterwards,
    and its libraries, find gettext's domain and ``LANGUAGE`` as they were."""
    import gettext
    import os

    import uvicorn

    before = gettext.bindtextdomain("messages"), os.environ.get("LANGUAGE")
    seen: list[tuple[str, str | None]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.append(
        (gettext.gettext("usage: "), os.environ.get("LANGUAGE"))))
    code, french = _parsed(["serve", "--database", database, "--bogus", "--lang", "fr"], capsys)
    assert code == 2 and "crisis-table : erreur : arguments non reconnus : --bogus" in french
    assert main(["serve", "--database", database, "--lang", "fr"]) == 0
    assert "Crisis Table fonctionne" in capsys.readouterr().out
    assert seen == [("usage: ", before[1])]
    assert (gettext.bindtextdomain("messages"), os.environ.get("LANGUAGE")) == before


def _helps(parser: argparse.ArgumentParser) -> list[str]:
    """Every help and description a parser and its subcommands show."""
    found = [parser.description or ""]
    for action in parser._actions:
        found.append(action.help or "")
        if isinstance(action, argparse._SubParsersAction):
            found += [choice.help or "" for choice in action._choices_actions]
            for sub in dict.fromkeys(action.choices.values()):
                found += _helps(sub)
    return [text for text in found if text]


def test_every_help_of_ours_is_a_sentence_of_the_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    """In the pseudo-locale every help of ours comes accented: none escaped the catalog
    (argparse's ``-h`` help aside, which has no pseudo catalog)."""
    from server.cli import build_parser

    monkeypatch.setenv("CRISIS_TABLE_PSEUDO_LOCALES", "1")
    helps = [text for text in _helps(build_parser("qps"))
             if text != "show this help message and exit"]
    assert len(helps) > 20
    assert [text for text in helps if not (text.startswith("[") and text.endswith("]"))] == []


def test_argparses_words_in_the_catalog_are_argparses_own() -> None:
    """Each msgid server/argparse_words.py lists is one argparse asks gettext for, in the
    Python that runs: a msgid argparse changed would no longer be translated."""
    import ast

    from server import argparse_words

    asked: set[str] = set()
    tree = ast.parse(Path(argparse.__file__).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("_", "ngettext"):
            asked |= {arg.value for arg in node.args
                      if isinstance(arg, ast.Constant) and isinstance(arg.value, str)}
    ours = {word for entry in (*argparse_words.USAGE, *argparse_words.ERRORS)
            for word in ((entry,) if isinstance(entry, str) else entry)}
    assert ours - asked == set()
    assert {"usage: ", "options", "the following arguments are required: %s"} <= ours
