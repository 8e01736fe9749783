"""The shape of the code, drawn from the code itself: three floors (game_rules <- server
<- bench), no import loop (none as a package's modules load; in the server, none even
through a function's own imports), and the server's modules and classes small enough to
read in one sitting (docs/design.md)."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODULE_LINES = 400
"""No module of ``server/`` is longer."""
CLASS_LINES = 250
"""No class of ``server/`` is longer (from its ``class`` line to its last)."""
FLOORS = {"game_rules": set(), "server": {"game_rules"}, "bench": {"game_rules", "server"}}
"""What each package may import of the project's packages."""


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).glob("*.py"))


def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def runtime_imports(module: ast.Module) -> Iterator[str]:
    """The modules a module imports when it runs (not those under ``if TYPE_CHECKING``),
    wherever the import stands (a function's own imports count)."""
    skipped: set[int] = set()
    for node in ast.walk(module):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(inner) for inner in ast.walk(node))
    for node in ast.walk(module):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def module_imports(module: ast.Module) -> Iterator[str]:
    """The modules a module imports as it loads (its own top-level imports)."""
    top = ast.Module(body=[node for node in module.body
                           if isinstance(node, ast.Import | ast.ImportFrom)], type_ignores=[])
    return runtime_imports(top)


def lines(node: ast.stmt) -> int:
    assert node.end_lineno is not None
    return node.end_lineno - node.lineno + 1


def test_the_measures_count_what_they_say() -> None:
    module = ast.parse("import a\nclass A:\n    x = 1\n\n    def f(self) -> None:\n"
                       "        from b import c\n\nif TYPE_CHECKING:\n    import d\n")
    assert [lines(n) for n in module.body if isinstance(n, ast.ClassDef)] == [5]
    assert sorted(runtime_imports(module)) == ["a", "b", "b.c"]
    assert list(module_imports(module)) == ["a"]


@pytest.mark.parametrize("path", modules("server"), ids=lambda p: p.name)
def test_a_server_module_is_read_in_one_sitting(path: Path) -> None:
    count = len(path.read_text(encoding="utf-8").splitlines())
    assert count <= MODULE_LINES, f"server/{path.name} has {count} lines"
    too_long = {node.name: lines(node) for node in ast.walk(tree(path))
                if isinstance(node, ast.ClassDef) and lines(node) > CLASS_LINES}
    assert not too_long, f"classes of server/{path.name} over {CLASS_LINES} lines: {too_long}"


@pytest.mark.parametrize("package", sorted(FLOORS))
def test_each_floor_imports_only_the_floors_below(package: str) -> None:
    others = set(FLOORS) - FLOORS[package] - {package}
    wrong = {f"{package}/{path.name}: {name}"
             for path in modules(package) for name in runtime_imports(tree(path))
             if name.split(".")[0] in others | {"tests"}}
    assert not wrong, sorted(wrong)


def import_graph(package: str, imports: Callable[[ast.Module], Iterator[str]]
                 ) -> dict[str, set[str]]:
    """Each module of a package, and the modules of the same package it imports."""
    names = {path.stem for path in modules(package)}
    return {path.stem: {name.split(".")[1] for name in imports(tree(path))
                        if name.startswith(f"{package}.") and name.split(".")[1] in names}
            - {path.stem}
            for path in modules(package)}


def on_a_loop(graph: dict[str, set[str]]) -> list[str]:
    """The modules that import themselves back, directly or through others."""
    looped = []
    for start in sorted(graph):
        seen: set[str] = set()
        todo = list(graph[start])
        while todo:
            name = todo.pop()
            if name == start:
                looped.append(start)
                break
            if name not in seen:
                seen.add(name)
                todo.extend(graph[name])
    return looped


def test_a_loop_is_found() -> None:
    assert on_a_loop({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c"]
    assert on_a_loop({"a": {"b"}, "b": set(), "c": {"a", "b"}}) == []


@pytest.mark.parametrize("package", sorted(FLOORS))
def test_no_module_imports_itself_back_as_it_loads(package: str) -> None:
    assert not on_a_loop(import_graph(package, module_imports))


def test_no_module_of_the_server_imports_itself_back_even_later() -> None:
    """Not even through an import a function makes when it runs."""
    assert not on_a_loop(import_graph("server", runtime_imports))
