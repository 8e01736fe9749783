"""argparse's own words, for the catalog: the sentences Python 3.11's ``argparse`` writes
to the person at the keyboard (the usage line, the help's headings, its usage errors), with
exactly the msgids it asks ``gettext.gettext`` and ``gettext.ngettext`` for in the default
text domain, ``messages``. They are not ours: they are marked here only so that Babel
extracts them into our ``messages`` catalog, which ``server.languages_cli.argparse_language``
lends to argparse for the language of ``--lang`` (docs/i18n.md, "The command line").

Left out: argparse's complaints about a parser built wrongly (a conflicting option string,
``dest= is required``...), which a user of the command never meets, and what no parser of
ours can say (``FileType``'s files).
"""

from __future__ import annotations

from game_rules.messages import N_, Nn_

USAGE = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
)
"""The help's words: the usage line's prefix, the headings, ``-h``'s help."""

ERRORS = (
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    Nn_("expected %s argument", "expected %s arguments"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("unexpected option string: %s"),
)
"""A usage error's words (exit status 2)."""
