"""The build compiles the translation catalogs (server/locale/*/LC_MESSAGES/*.po -> .mo),
into the wheel, or beside the sources for an editable install (docs/i18n.md). The server
compiles any that are missing or older than their .po when it starts, too."""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


def compile_catalogs(locale_dir: Path) -> None:
    try:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po
    except ImportError:  # the server compiles them when it starts
        return
    for po in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as source:
            catalog = read_po(source, locale=po.parent.parent.name, domain=po.stem)
        with po.with_suffix(".mo").open("wb") as target:
            write_mo(target, catalog, use_fuzzy=False)


class BuildWithCatalogs(build_py):
    def run(self) -> None:
        super().run()
        here = Path(__file__).parent / "server" / "locale"
        if getattr(self, "editable_mode", False):
            compile_catalogs(here)
        else:
            compile_catalogs(Path(self.build_lib) / "server" / "locale")


setup(cmdclass={"build_py": BuildWithCatalogs})
