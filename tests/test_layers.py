"""The layers of DESIGN.md ("Layers (imports only go down)"), checked over every import.

Each module of confsite belongs to a *unit*: its sub-package (``site``, ``plan``, …) or, for
a module at the top of the package, the module itself (``cli``, ``i18n``, …; ``confsite``
is the package's own ``__init__``). Every ``import`` and ``from … import`` in every module
counts, wherever it is: at the top, inside a function, under ``if TYPE_CHECKING``.

``LAYERS`` below is the whole rule: the layers from the top down, and in each the units it
holds with the units each may import. An import goes to a lower layer, or sideways to a
unit of the same layer; no two units import each other, directly or round a loop. A new
sub-package or top-level module gets a row here, in the layer it belongs to.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "confsite"

# layer: {unit: the units it may import}, from the top down.
LAYERS: dict[str, dict[str, set[str]]] = {
    "command line": {
        "__main__": {"cli"},
        "cli": {
            *("site", "export", "promo", "notices", "importers", "scaffold", "schema"),
            *("project", "errors", "plan", "load"),
            *("confsite", "atomic", "interrupt", "lock", "problems"),
        },
    },
    # What each command makes (or, for importers, reads in); site and promo show the
    # programme view that export builds, and the site carries the promotion kit.
    "outputs": {
        "site": {
            *("promo", "export"),
            *("project", "i18n", "templating", "errors", "plan", "model"),
            *("atomic", "interrupt", "markup", "problems", "stamps"),
        },
        "promo": {
            "export",
            *("project", "i18n", "templating", "errors", "plan", "model"),
            *("atomic", "markup", "stamps"),
        },
        "export": {"plan", "model", "confsite", "stamps"},
        "notices": {"i18n", "templating", "plan", "model", "atomic"},
        # The content format's own limits (a session's length, a file's size, its values)
        # and its required folders, applied as an import writes.
        "importers": {"cosplib", "load", "model", "atomic", "slugs", "stamps"},
        "scaffold": {"schema"},
        "schema": {"load"},
        "reference": {"load", "model"},
    },
    # What every output uses: the project loaded once, texts and dates, templates, errors.
    "project": {
        "project": {"plan", "load", "model", "problems"},
        "i18n": {"model"},
        "templating": {"markup"},
        "errors": set(),
    },
    "plan": {
        "plan": {"load", "model", "atomic", "problems", "stamps"},
        "cosplib": {"model", "slugs"},
    },
    "load": {
        "load": {"model", "markup", "problems"},
    },
    # The records import nothing of confsite but the leaves.
    "model": {
        "model": set(),
    },
    # Small modules that import nothing of confsite.
    "leaves": {
        "confsite": set(),
        "atomic": set(),
        "interrupt": set(),
        "lock": set(),
        "markup": set(),
        "problems": set(),
        "slugs": set(),
        "stamps": set(),
    },
}

ALLOWED = {unit: wanted for units in LAYERS.values() for unit, wanted in units.items()}
LAYER_OF = {unit: depth for depth, units in enumerate(LAYERS.values()) for unit in units}


@dataclass(frozen=True)
class Import:
    source: Path  # the importing file
    line: int
    module: str  # the imported module, e.g. confsite.i18n

    @property
    def where(self) -> str:
        return f"{self.source.relative_to(PACKAGE.parent)}:{self.line}"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def unit(module: str) -> str:
    """``confsite.site.build`` → ``site``; ``confsite.cli`` → ``cli``; ``confsite`` →
    ``confsite``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path, known: set[str]) -> Iterator[Import]:
    """Every import of a confsite module in ``path``, at any depth of the file."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            # ``from confsite.site import build`` imports the module confsite.site.build;
            # ``from confsite.site.build import Project`` the module confsite.site.build.
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            if target == "confsite" or target.startswith("confsite."):
                yield Import(path, node.lineno, target)


def unit_imports() -> dict[tuple[str, str], list[Import]]:
    """(importing unit, imported unit): the imports that make that edge."""
    found = modules()
    edges: dict[tuple[str, str], list[Import]] = {}
    for name, path in found.items():
        for each in imports(path, set(found)):
            edge = (unit(name), unit(each.module))
            if edge[0] != edge[1] and each not in edges.get(edge, []):
                edges.setdefault(edge, []).append(each)
    return edges


def cycles(edges: set[tuple[str, str]]) -> list[list[str]]:
    """The strongly connected groups of more than one unit (Tarjan), each sorted."""
    graph: dict[str, set[str]] = {}
    for source, target in edges:
        graph.setdefault(source, set()).add(target)
        graph.setdefault(target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)


def describe(edges: dict[tuple[str, str], list[Import]], group: list[str]) -> str:
    lines = [" ↔ ".join(group) + ":"]
    for (source, target), found in sorted(edges.items()):
        if source in group and target in group:
            lines += [f"  {each.where} imports {each.module}" for each in found]
    return "\n".join(lines)


def test_every_unit_has_a_layer() -> None:
    present = {unit(name) for name in modules()}
    assert sorted(present - set(ALLOWED)) == [], "add these to a layer of LAYERS"
    assert sorted(set(ALLOWED) - present) == [], "LAYERS names units that do not exist"
    assert len(ALLOWED) == sum(len(units) for units in LAYERS.values()), "a unit in two layers"


def test_no_two_units_import_each_other() -> None:
    edges = unit_imports()
    found = cycles(set(edges))
    assert found == [], "import cycles:\n" + "\n".join(describe(edges, g) for g in found)


def test_imports_follow_the_layers() -> None:
    wrong = []
    for (source, target), found in sorted(unit_imports().items()):
        if target not in ALLOWED.get(source, set()):
            wanted = ", ".join(sorted(ALLOWED.get(source, ()))) or "nothing of confsite"
            wrong.append(f"{source} → {target} ({source} may import {wanted}):")
            wrong += [f"  {each.where} imports {each.module}" for each in found]
    assert wrong == [], "imports against LAYERS:\n" + "\n".join(wrong)


def test_the_layers_only_go_down() -> None:
    """The table itself: sideways at most, never up, no loop; the leaves import nothing,
    and the model only leaves."""
    for source, wanted in ALLOWED.items():
        for target in wanted:
            assert target in LAYER_OF, f"{source} may import {target}, which has no layer"
            assert LAYER_OF[target] >= LAYER_OF[source], f"{source} may import {target}, above it"
    assert cycles({(s, t) for s, wanted in ALLOWED.items() for t in wanted}) == []
    assert all(not wanted for wanted in LAYERS["leaves"].values())
    assert ALLOWED["model"] <= set(LAYERS["leaves"])
    outputs = set(LAYERS["outputs"])
    assert not any({"cli", "__main__"} & ALLOWED[unit] for unit in outputs)
