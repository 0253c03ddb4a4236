"""DESIGN.md's layering, read from the source: imports flow one way.

errors <- syntax <- algebra <- {gufunc, adjoint, ...} <- ... <- {notebook,
logreg} <- cli.  Imports inside ``if TYPE_CHECKING:`` are for the type checker
only and do not count; imports inside functions do (they run when called).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "bcast"

RANK = {
    "errors": 0,
    "syntax": 1,
    "algebra": 2,
    "adjoint": 3,
    "catalog": 3,
    "frames": 3,
    "guard": 3,
    "gufunc": 3,
    "testing": 3,
    "advice": 4,
    "messages": 4,
    "explainer": 5,
    "render": 6,
    "watcher": 6,
    "logreg": 7,
    "notebook": 7,
    "cli": 8,
    "__main__": 9,
}

# An explanation draws itself by handing itself to the renderer, called only
# when something is drawn: the one import that points up.
UPWARD = {("explainer", "render")}


def imports(path: Path) -> list[tuple[str, int]]:
    """(module, line) for every import that runs, TYPE_CHECKING blocks left out."""
    found: list[tuple[str, int]] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if (
                isinstance(child, ast.If)
                and isinstance(child.test, ast.Name)
                and child.test.id == "TYPE_CHECKING"
            ):
                for other in child.orelse:
                    visit(other)
                continue
            if isinstance(child, ast.Import):
                found.extend((alias.name, child.lineno) for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module:
                if child.module == "bcast":
                    found.extend((f"bcast.{a.name}", child.lineno) for a in child.names)
                else:
                    found.append((child.module, child.lineno))
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


MODULES = sorted(p for p in PACKAGE.glob("*.py") if p.stem != "__init__")


def test_every_module_has_a_rank():
    assert sorted(p.stem for p in MODULES) == sorted(RANK)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.stem)
def test_imports_flow_one_way(path):
    me = path.stem
    for module, line in imports(path):
        if not module.startswith("bcast."):
            continue
        other = module.split(".")[1]
        if other not in RANK and not (PACKAGE / f"{other}.py").exists():
            continue  # a name from the package itself, such as __version__
        if (me, other) in UPWARD:
            continue
        assert RANK[other] < RANK[me], f"{path.name}:{line} imports {module}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.stem)
def test_only_render_imports_rich(path):
    rich = [line for module, line in imports(path) if module.split(".")[0] == "rich"]
    if path.stem != "render":
        assert rich == [], f"{path.name} imports rich at lines {rich}"
