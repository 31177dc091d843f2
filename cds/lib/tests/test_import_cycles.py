"""No import cycles between our modules, not even ones hidden in a function-level import."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the cds package


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, name: str) -> set[str]:
    """Every cds module the file imports, at the top or inside a function (not under TYPE_CHECKING)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for inner in node.body
    }
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("cds."))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target.startswith("cds"):
                found.add(target)
                found.update(f"{target}.{a.name}" for a in node.names)
    return found


@functools.cache  # parsing every module costs ≈ 2 s of CPU: once for the module's tests, not per test
def _graph() -> dict[str, set[str]]:
    files = {
        _module_name(p): p
        for p in ROOT.rglob("*.py")
        if "tests" not in p.parts and "migrations" not in p.parts
    }
    return {
        name: {t for t in _imports(path, name) if t in files and t != name} for name, path in files.items()
    }


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_the_import_graph_is_read_from_every_module():
    graph = _graph()
    assert "cds.dti.scoring" in graph and "cds.dti.fast" in graph["cds.dti.scoring"]


# Issue 20 broke the last group (report kinds ↔ shared report parts): none may appear again.
KNOWN: set[str] = set()


def test_no_two_modules_import_each_other_even_inside_functions():
    # Package __init__ files that only re-export are not modules of their own here.
    graph = {k: {t for t in v if not t.endswith("__init__")} for k, v in _graph().items()}
    cycles = [c for c in _cycles(graph) if not set(c) <= KNOWN]
    assert cycles == [], "import cycles: " + "; ".join(" ↔ ".join(c) for c in cycles)


def test_the_cycle_finder_finds_a_cycle_hidden_in_a_function():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
