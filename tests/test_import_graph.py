"""The import graph between the web apps has no cycle, and the core imports nothing of the web.

Read from the source with ``ast`` (every import, those inside functions included), without
importing anything: a node is an app of ``csc_workforce.web`` or one of the project's own
modules beside them (``demo.py``, ``frames.py``, ``settings``…).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
WEB = SRC / "csc_workforce" / "web"
CORE = SRC / "csc_workforce" / "core"

Edges = dict[str, dict[str, set[str]]]
"""Node -> node it imports -> the files (relative to ``web/``) whose imports make the edge."""


def imported_modules(path: Path, package: list[str]) -> Iterator[str]:
    """Every module ``path`` imports (relative imports resolved against ``package``), with each
    name imported from a package as a possible module."""
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            yield module
            yield from (f"{module}.{alias.name}" for alias in node.names)


def package_of(path: Path) -> list[str]:
    """The package a module of ``src`` is in, as the parts of its dotted name."""
    return list(path.relative_to(SRC).parent.parts)


def web_graph() -> Edges:
    edges: Edges = defaultdict(lambda: defaultdict(set))
    for path in sorted(WEB.rglob("*.py")):
        relative = path.relative_to(WEB)
        if "migrations" in relative.parts:
            continue
        source = relative.parts[0].removesuffix(".py")
        for name in imported_modules(path, package_of(path)):
            parts = name.split(".")
            if parts[:2] != ["csc_workforce", "web"] or len(parts) < 3:
                continue
            target = parts[2]
            if target != source and ((WEB / target).is_dir() or (WEB / f"{target}.py").exists()):
                edges[source][target].add(str(relative))
    return edges


def cycles(edges: Edges) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in edges.get(node, {}):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_cycle_between_web_apps() -> None:
    edges = web_graph()
    circles = cycles(edges)
    described = [
        "; ".join(
            f"{a} -> {b} ({', '.join(sorted(edges[a][b]))})"
            for a in circle
            for b in circle
            if b in edges.get(a, {})
        )
        for circle in circles
    ]
    assert not circles, "\n".join(described)


def test_the_graph_sees_the_apps_and_their_imports() -> None:
    """The reading itself: an import known to be there is found."""
    edges = web_graph()
    assert "organisation" in edges["caseloads"]
    assert "accounts" in edges["organisation"]


def test_the_cycle_finder_finds_a_circle() -> None:
    edges: Edges = {"a": {"b": {"a.py"}}, "b": {"c": {"b.py"}}, "c": {"a": {"c.py"}}, "d": {}}
    assert cycles(edges) == [["a", "b", "c"]]
    assert cycles({"a": {"b": {"a.py"}}, "b": {}}) == []


def test_accounts_imports_no_app_but_organisation() -> None:
    apps = {path.parent.name for path in WEB.glob("*/apps.py")}
    assert set(web_graph()["accounts"]) & apps <= {"organisation"}


def test_core_imports_nothing_of_the_web() -> None:
    offending = [
        f"{path.relative_to(CORE)}: {name}"
        for path in sorted(CORE.rglob("*.py"))
        for name in imported_modules(path, package_of(path))
        if name.startswith(("csc_workforce.web", "django"))
    ]
    assert not offending
