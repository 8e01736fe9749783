"""The ``crisis-table`` command.

    crisis-table serve [--host H] [--port P] [--database URL] [--bus URL] [--lang LANG]
    crisis-table migrate [--database URL] [--lang LANG]
    crisis-table replay [--lang LANG] RECORD.json
    crisis-table import RECORD.json [--database URL] [--lang LANG]
    crisis-table scenario validate [--resolved] [--lang LANG] FILE
    crisis-table scenario list [--lang LANG]
    crisis-table scenario schema

Bad input is answered with its place and the problem, exit status 1, never a
traceback. Every command that writes sentences for a person takes ``--lang`` (fr, es;
English by default); ``scenario schema`` writes only JSON.
"""

from __future__ import annotations

import argparse
import json
import sys

from game_rules.messages import N_, Nn_, message, plural_message
from server.jsonfile import InputProblem, read_json
from server.languages_cli import (
    LANG_HELP,
    LANG_OPTION,
    argparse_language,
    help_text,
    lang_in,
    renderer,
    say,
    scenario_words,
)
from server.settings import BadSetting

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE = 0, 1, 2

def _cmd_replay(args: argparse.Namespace) -> int:
    from game_rules import library
    from game_rules.errors import ScenarioError
    from game_rules.records import load_record, replay_lines

    render = renderer(args.lang)
    data = read_json(args.record, render)
    try:
        record = load_record(data, library.get)
    except ScenarioError as err:
        raise InputProblem([f"{args.record}: {line}" for line in err.lines(render)]) from None
    out = sys.stdout
    for line in replay_lines(record, render):
        out.write(line + "\n")
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace) -> int:
    from game_rules.errors import ScenarioError
    from game_rules.scenario import load_scenario
    from game_rules.validator import notes_msg

    render = renderer(args.lang)
    data = read_json(args.file, render)
    try:
        scenario = load_scenario(data)
    except ScenarioError as err:
        lines = err.lines(render)
        counted = plural_message(*Nn_("{file}: {count} problem", "{file}: {count} problems"),
                                 count=len(lines), file=args.file)
        raise InputProblem([*lines, say(counted, render)]) from None
    for place, note in notes_msg(scenario):
        print(say(message(N_("note: {place}: {note}"), place=place, note=note), render),
              file=sys.stderr)
    if args.resolved:
        print(json.dumps(scenario.model_dump(mode="json", exclude_none=True), indent=2,
                         ensure_ascii=False))
        return EXIT_OK
    title = scenario_words(scenario, args.lang, "title")
    print(say(plural_message(*Nn_('{file}: valid scenario "{id}" ({title}), {count} country',
                                   '{file}: valid scenario "{id}" ({title}), {count} countries'),
                              count=len(scenario.country_codes()), file=args.file,
                              id=scenario.id, title=title), render))
    return EXIT_OK


def _cmd_list(args: argparse.Namespace) -> int:
    from game_rules import library

    render = renderer(args.lang)
    for scenario in library.shipped().values():
        title = scenario_words(scenario, args.lang, "title")
        countries = len(scenario.country_codes())
        about = (plural_message(*Nn_("{count} round, {countries} countries",
                                     "{count} rounds, {countries} countries"),
                                count=scenario.rounds, countries=countries)
                 if scenario.rounds else
                 message(N_("open session, {countries} countries"), countries=countries))
        print(f"{scenario.id:<20} {title}  ({say(about, render)})")
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from game_rules.scenario import scenario_json_schema

    print(json.dumps(scenario_json_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK


def build_parser(lang: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser, its help in ``lang`` (argparse's own words too, inside
    ``argparse_language``)."""
    text = help_text(lang)
    parser = argparse.ArgumentParser(
        prog="crisis-table",
        description=text(N_("Crisis Table: classroom crisis negotiations in the UN Security "
                            "Council and the North Atlantic Council.")))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("replay", help=text(N_("replay a game record through the engine, one "
                                              "JSON line per action")))
    p.add_argument("record",
                   help=text(N_("the record file (or - for standard input)")))
    p.add_argument(LANG_OPTION, help=text(N_(
        "write refusals and a record's problems in this language (fr, es; English by "
        "default); the lines' keys and codes stay the same")))
    p.set_defaults(run=_cmd_replay)

    scen = sub.add_parser("scenario", help=text(N_("validate or list scenarios")))
    scen_sub = scen.add_subparsers(dest="scenario_command", required=True, metavar="ACTION")
    v = scen_sub.add_parser("validate", help=text(N_("check a scenario file; every problem "
                                                     "with its place")))
    v.add_argument("file")
    v.add_argument(LANG_OPTION, help=text(LANG_HELP, what=message(N_("the problems and notes"))))
    v.add_argument("--resolved", action="store_true",
                   help=text(N_("print the scenario as the engine reads it: bodies given by "
                                "date filled in from the record, every default written out")))
    v.set_defaults(run=_cmd_validate)
    ls = scen_sub.add_parser("list", help=text(N_("list the shipped scenarios")))
    ls.add_argument(LANG_OPTION, help=text(LANG_HELP, what=message(N_("the titles and counts"))))
    ls.set_defaults(run=_cmd_list)
    sch = scen_sub.add_parser("schema", help=text(N_("print the JSON Schema of scenario files")))
    sch.set_defaults(run=_cmd_schema)

    try:
        from server import commands
    except ImportError:
        pass
    else:
        commands.register(sub, text)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    lang = lang_in(argv)
    with argparse_language(lang):
        args = build_parser(lang).parse_args(argv)
    try:
        code: int = args.run(args)
    except InputProblem as problem:
        for line in problem.lines:
            print(line, file=sys.stderr)
        return EXIT_BAD_INPUT
    except BadSetting as bad:
        print(f"crisis-table: {say(bad.said, renderer(getattr(args, 'lang', None)))}",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    return code


if __name__ == "__main__":
    sys.exit(main())
