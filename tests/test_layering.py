"""DESIGN.md's layering, read from the source: imports point down, none in a cycle.

errors, core.shapes <- core <- explainer (advice <- words <- messages,
explanation <- render) <- guard <- runtime, lint <- course <- cli.  Imports
inside ``if TYPE_CHECKING:`` are for the type checker only and do not count;
imports inside functions do (they run when called).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "bcast"

# A module's layer is the rank of the longest prefix of its dotted name listed
# here.  A module may import only modules of a lower layer, or of its own
# layer as long as no cycle forms.
LAYER = {
    "bcast.core.shapes": 0,
    "bcast.core.memo": 0,
    "bcast.core.records": 0,
    "bcast.errors": 1,
    "bcast.core.syntax": 2,
    "bcast.core.rule": 3,
    "bcast.core": 4,  # gufunc, adjoint, ...: stand on the rule
    "bcast.explainer.policy": 10,
    "bcast.explainer.advice": 10,
    "bcast.explainer.words": 11,
    "bcast.explainer.messages": 12,
    "bcast.explainer.explanation": 12,
    "bcast.explainer.render": 13,
    "bcast.explainer": 14,  # the public face of explanations, above render
    "bcast.guard": 20,
    "bcast.testing": 21,
    "bcast.runtime": 30,
    "bcast.lint": 30,
    "bcast.course": 40,
    "bcast.logreg": 41,  # the old name of bcast.course.logreg
    "bcast.cli": 50,
    "bcast.__main__": 51,
}

# Where rich may be imported: drawing, and the course's training progress bar.
RICH = ("bcast.explainer.render", "bcast.course")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {
    module_name(p): p
    for p in sorted(PACKAGE.rglob("*.py"))
    if "__pycache__" not in p.parts and p != PACKAGE / "__init__.py"
}


def layer(name: str) -> int | None:
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        rank = LAYER.get(".".join(parts[:end]))
        if rank is not None:
            return rank
    return None


def resolve(me: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = me.split(".")
    is_package = MODULES[me].name == "__init__.py"
    base = package[: len(package) - node.level + (1 if is_package else 0)]
    return ".".join([*base, node.module] if node.module else base)


def imports(me: str) -> list[tuple[str, int]]:
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
            elif isinstance(child, ast.ImportFrom):
                module = resolve(me, child)
                for alias in child.names:
                    # `from bcast.core import rule` imports the module bcast.core.rule
                    sub = f"{module}.{alias.name}"
                    found.append((sub if sub in MODULES else module, child.lineno))
            visit(child)

    visit(ast.parse(MODULES[me].read_text(encoding="utf-8")))
    return found


def bcast_imports(me: str) -> set[str]:
    return {m for m, _ in imports(me) if m in MODULES and m != me}


def test_every_module_has_a_layer():
    assert [name for name in MODULES if layer(name) is None] == []


@pytest.mark.parametrize("me", sorted(MODULES))
def test_imports_point_down(me):
    mine = layer(me)
    assert mine is not None
    for module, line in imports(me):
        if module in MODULES and module != me:
            theirs = layer(module)
            assert theirs is not None
            assert theirs <= mine, f"{me}:{line} imports {module}, a higher layer"


def test_no_import_cycle():
    graph = {me: bcast_imports(me) for me in MODULES}
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for other in sorted(graph[node]):
            # a package's __init__ importing its own submodules is not a cycle
            # unless the submodule imports the package back
            if state.get(other) == 1:
                cycle = [*stack[stack.index(other) :], other]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if other not in state:
                visit(other)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)


@pytest.mark.parametrize("me", sorted(MODULES))
def test_only_drawing_imports_rich(me):
    rich = [line for module, line in imports(me) if module.split(".")[0] == "rich"]
    if not me.startswith(RICH):
        assert rich == [], f"{me} imports rich at lines {rich}"
