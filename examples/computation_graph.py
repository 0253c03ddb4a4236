"""The course's computation graph: J = 3(a + bc), forward and backward.

    u = bc      v = a + u      J = 3v

The forward pass computes each node's value from its inputs; the backward pass
starts from dJ/dJ = 1 and applies the chain rule, dJ/dx = dJ/dy · dy/dx, from
each node back to its inputs.  At a = 5, b = 3, c = 2 the notes find u = 6,
v = 11, J = 33 and dJ/da = 3, dJ/db = 6, dJ/dc = 9.  The script prints the
graph as a table, then checks every derivative against central differences
and exits with status 1 if one disagrees.

    python examples/computation_graph.py
    python examples/computation_graph.py --a 1 --b -2 --c 0.5
"""

from __future__ import annotations

import argparse
import sys

from rich import box
from rich.console import Console
from rich.table import Table


class Node:
    """A value in the graph, its inputs, and dJ/d(this node) once known."""

    def __init__(self, name: str, formula: str, inputs: tuple[Node, ...] = ()) -> None:
        self.name, self.formula, self.inputs = name, formula, inputs
        self.value = 0.0
        self.grad = 0.0
        self.chain = ""  # how the backward pass got grad, for the table

    def forward(self) -> None:
        """Compute ``value`` from the inputs' values (an input has none)."""

    def local(self) -> tuple[float, ...]:
        """d(this node)/d(each input), at the current values."""
        return ()

    def __repr__(self) -> str:
        return f"{self.name} = {self.value:g}"


class Input(Node):
    def __init__(self, name: str, value: float) -> None:
        super().__init__(name, "input")
        self.value = value


class Mul(Node):
    def __init__(self, name: str, x: Node, y: Node) -> None:
        super().__init__(name, f"{x.name}·{y.name}", (x, y))

    def forward(self) -> None:
        x, y = self.inputs
        self.value = x.value * y.value

    def local(self) -> tuple[float, ...]:
        x, y = self.inputs
        return (y.value, x.value)  # d(xy)/dx = y, d(xy)/dy = x


class Add(Node):
    def __init__(self, name: str, x: Node, y: Node) -> None:
        super().__init__(name, f"{x.name} + {y.name}", (x, y))

    def forward(self) -> None:
        x, y = self.inputs
        self.value = x.value + y.value

    def local(self) -> tuple[float, ...]:
        return (1.0, 1.0)


class Scale(Node):
    def __init__(self, name: str, k: float, x: Node) -> None:
        super().__init__(name, f"{k:g}{x.name}", (x,))
        self.k = k

    def forward(self) -> None:
        self.value = self.k * self.inputs[0].value

    def local(self) -> tuple[float, ...]:
        return (self.k,)


def graph(a: float, b: float, c: float) -> list[Node]:
    """The nodes of J = 3(a + bc) in the order the forward pass visits them."""
    na, nb, nc = Input("a", a), Input("b", b), Input("c", c)
    u = Mul("u", nb, nc)
    v = Add("v", na, u)
    J = Scale("J", 3.0, v)
    return [na, nb, nc, u, v, J]


def forward(nodes: list[Node]) -> float:
    for node in nodes:
        node.forward()
    return nodes[-1].value


def backward(nodes: list[Node]) -> None:
    """Reverse order: a node's grad is complete before it is passed on."""
    for node in nodes:
        node.grad, node.chain = 0.0, ""
    out = nodes[-1]
    out.grad, out.chain = 1.0, "(start)"
    for node in reversed(nodes):
        for x, d in zip(node.inputs, node.local()):
            x.grad += node.grad * d  # chain rule; += sums every path to x
            step = f"dJ/d{node.name} · d{node.name}/d{x.name} = {node.grad:g} × {d:g}"
            x.chain = f"{x.chain} + {step}" if x.chain else step


def J_at(a: float, b: float, c: float) -> float:
    return forward(graph(a, b, c))


def numerical(a: float, b: float, c: float, h: float = 1e-5) -> dict[str, float]:
    """Central differences (J(x + h) − J(x − h)) / 2h for each input."""
    point = {"a": a, "b": b, "c": c}
    out = {}
    for name in point:
        up, down = dict(point), dict(point)
        up[name] += h
        down[name] -= h
        out[name] = (J_at(**up) - J_at(**down)) / (2 * h)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="J = 3(a + bc) on a computation graph")
    parser.add_argument("--a", type=float, default=5.0)
    parser.add_argument("--b", type=float, default=3.0)
    parser.add_argument("--c", type=float, default=2.0)
    args = parser.parse_args(argv)
    console = Console(highlight=False)

    nodes = graph(args.a, args.b, args.c)
    J = forward(nodes)
    backward(nodes)

    table = Table(title="J = 3(a + bc)", box=box.SIMPLE_HEAD)
    for column in ("node", "formula", "value", "dJ/dnode", "chain rule"):
        table.add_column(
            column, justify="right" if column in ("value", "dJ/dnode") else "left"
        )
    for node in nodes:
        table.add_row(
            node.name, node.formula, f"{node.value:g}", f"{node.grad:g}", node.chain
        )
    console.print(table)

    numeric = numerical(args.a, args.b, args.c)
    worst = 0.0
    console.print("numerical check, (J(x + h) − J(x − h)) / 2h with h = 1e-5:")
    for node in nodes[:3]:
        diff = abs(node.grad - numeric[node.name])
        worst = max(worst, diff)
        console.print(
            f"  dJ/d{node.name}: graph {node.grad:g}, numerical {numeric[node.name]:.6f}, "
            f"difference {diff:.1e}"
        )
    ok = worst <= 1e-6 * max(1.0, abs(J))
    console.print(f"J = {J:g}; derivatives {'agree' if ok else 'DISAGREE'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
