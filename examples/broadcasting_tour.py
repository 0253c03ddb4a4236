"""The course's broadcasting examples, each explained by bcast and checked.

1. Calories from carbohydrates, proteins and fats in 100 g of four foods, a
   (3, 4) matrix, divided by its column sums reshaped to (1, 4): the share of
   each food's calories from each source, in percent.
2. (m, n) + (1, n): a row is stretched down every row.
3. (m, n) + (m, 1): a column is stretched across every column.
4. A vector plus a scalar: the scalar is stretched to the vector's length.
5. The pitfall: a rank-1 (5,) array meeting a (5, 1) column gives (5, 5),
   silently.  bcast.explain warns about it, and the shape guard stops it.

Every result is computed by NumPy, compared with a plain loop, and its shape
compared with the explainer's; the script exits with status 1 if one differs.

    python examples/broadcasting_tour.py
"""

from __future__ import annotations

import sys
from itertools import product

import numpy as np
from rich.console import Console

import bcast

console = Console(highlight=False)
failed: list[str] = []


def check(what: str, ok: bool) -> None:
    console.print(f"check: {what}: {'ok' if ok else 'FAILED'}")
    if not ok:
        failed.append(what)


def by_loop(op, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``op(x, y)`` one element at a time, stretching axes of length 1 by hand."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    ndim = max(x.ndim, y.ndim)
    x = x.reshape((1,) * (ndim - x.ndim) + x.shape)
    y = y.reshape((1,) * (ndim - y.ndim) + y.shape)
    shape = tuple(max(a, b) for a, b in zip(x.shape, y.shape))
    out = np.empty(shape)
    for i in product(*map(range, shape)):
        xi = tuple(k if n > 1 else 0 for k, n in zip(i, x.shape))
        yi = tuple(k if n > 1 else 0 for k, n in zip(i, y.shape))
        out[i] = op(x[xi], y[yi])
    return out


def tour(title, x, y, names, op=np.add, formula=None):
    """Explain ``op(x, y)``, show NumPy's result and check it."""
    console.rule(title)
    e = bcast.explain(np.shape(x), np.shape(y), names=names, values=True)
    console.print(e)
    result = op(x, y)
    console.print(f"\nNumPy: {formula or ' + '.join(names)} =")
    console.print(np.array2string(np.asarray(result), precision=1, suppress_small=True))
    check(
        f"explain's result {e.result} is NumPy's {result.shape}",
        e.result == result.shape,
    )
    check("NumPy's values equal a plain loop's", np.allclose(result, by_loop(op, x, y)))
    return e, result


def main() -> int:
    # 1. the course's calories: rows carbs, proteins, fats; columns apples,
    #    beef, eggs, potatoes
    A = np.array(
        [
            [56.0, 0.0, 4.4, 68.0],
            [1.2, 104.0, 52.0, 8.0],
            [1.8, 135.0, 99.0, 0.9],
        ]
    )
    cal = A.sum(axis=0)  # (4,): one total per food
    console.print(f"A {A.shape}: calories per source (rows) and food (columns)")
    console.print(f"cal = A.sum(axis=0) {cal.shape}: {cal}")
    _, percentage = tour(
        "1. percentage = 100 * A / cal.reshape(1, 4)",
        A,
        cal.reshape(1, 4),
        ["A", "cal"],
        op=lambda a, c: 100 * a / c,
        formula="100 * A / cal.reshape(1, 4), each food's calories by source in %",
    )
    check(
        "each food's percentages add up to 100",
        np.allclose(percentage.sum(axis=0), 100),
    )

    # 2. (m, n) + (1, n) and 3. (m, n) + (m, 1)
    M = np.array([[1, 2, 3], [4, 5, 6]])
    tour(
        "2. (m, n) + (1, n): the row is copied down",
        M,
        np.array([[100, 200, 300]]),
        ["M", "row"],
    )
    tour(
        "3. (m, n) + (m, 1): the column is copied across",
        M,
        np.array([[100], [200]]),
        ["M", "col"],
    )

    # 4. a vector plus a scalar
    tour("4. vector + scalar", np.array([1, 2, 3, 4]), 100, ["v", "s"])

    # 5. the pitfall: rank-1 meets a column
    rng = np.random.default_rng(0)
    y_hat = rng.standard_normal(5)  # rank 1: shape (5,), neither row nor column
    y = rng.standard_normal((5, 1))
    e, silent = tour(
        "5. the rank-1 pitfall: y_hat (5,) - y (5, 1), meant elementwise",
        y_hat,
        y,
        ["y_hat", "y"],
        op=np.subtract,
        formula="y_hat - y",
    )
    check("NumPy gives (5, 5) without a word", silent.shape == (5, 5))
    kinds = [w.kind for w in e.warnings]
    check(f"bcast.explain warns: {kinds}", "rank1_column" in kinds)

    @bcast.shaped(y_hat="m, 1", y="m, 1", returns="m, 1")
    def residual(y_hat, y):
        return y_hat - y

    console.print(
        '\nThe shape guard: @bcast.shaped(y_hat="m, 1", y="m, 1", returns="m, 1")'
    )
    try:
        residual(y_hat, y)
    except bcast.ShapeError as err:
        console.print(f"ShapeError: {err}")
        check(
            "the guard stops the (5,) argument",
            err.argument == "y_hat" and err.shape == (5,),
        )
    else:
        check("the guard stops the (5,) argument", False)
    fixed = residual(y_hat.reshape(-1, 1), y)
    console.print(f"with y_hat.reshape(-1, 1): residual has shape {fixed.shape}")
    check("the fix gives (5, 1)", fixed.shape == (5, 1))

    console.rule()
    console.print("all checks passed" if not failed else f"FAILED: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
