"""bcast's shape algebra against np.broadcast_shapes (and torch's), side by side.

Run:  python benchmarks/bench_algebra.py [--rounds N]

Every case is timed for each implementation in interleaved rounds in this one
process; the table shows median microseconds per call and the ratio to NumPy.
bcast remembers results under a type-exact key, so each case is measured twice:
"repeat" calls with the same shapes (as a training loop does) and "fresh"
(the memos cleared before every call: the cost of working it out).  A fresh
row is compared with NumPy called through the same wrapper (which clears
bcast's memos too), so the wrapper's cost is not counted against bcast.
The headline ratios come last.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import timeit
from collections.abc import Callable

import numpy as np

import bcast
import bcast.core.rule

try:
    import torch
except ImportError:  # torch is optional
    torch = None

CASES: dict[str, tuple[tuple[int, ...], ...]] = {
    "2 operands": ((3, 1), (1, 4)),
    "3 operands": ((8, 1, 6, 1), (7, 1, 5), (8, 7, 6, 5)),
    "8 operands": (
        (8, 1, 6, 1),
        (7, 1, 5),
        (8, 7, 6, 5),
        (1, 5),
        (6, 1),
        (1,),
        (),
        (8, 1, 1, 1),
    ),
    "32 axes": ((1,) * 32, (2,) * 16 + (1,) * 16),
    "error path": ((3, 4), (3,)),
}


def _forget() -> None:
    bcast.core.rule.forget()


def _swallow(f: Callable[..., object]) -> Callable[..., object]:
    def call(*shapes: object) -> object:
        try:
            return f(*shapes)
        except (ValueError, RuntimeError):
            return None

    return call


def _fresh(f: Callable[..., object]) -> Callable[..., object]:
    def call(*shapes: object) -> object:
        _forget()
        return f(*shapes)

    return call


def median_us(f: Callable[..., object], args: tuple[object, ...], rounds: int) -> float:
    number = 2000
    times = timeit.repeat(lambda: f(*args), number=number, repeat=rounds)
    return statistics.median(times) / number * 1e6


def compare(rounds: int) -> list[tuple[str, str, float]]:
    rows = []
    for case, shapes in CASES.items():
        # Only the error path pays for a try/except wrapper, every contender alike.
        wrap = _swallow if case == "error path" else (lambda f: f)
        implementations: dict[str, Callable[..., object]] = {
            "numpy": wrap(np.broadcast_shapes),
            "numpy (fresh wrapper)": _fresh(wrap(np.broadcast_shapes)),
            "bcast.broadcast_shapes repeat": wrap(bcast.broadcast_shapes),
            "bcast.broadcast_shapes fresh": _fresh(wrap(bcast.broadcast_shapes)),
            "bcast.broadcast repeat": bcast.broadcast,
            "bcast.broadcast fresh": _fresh(bcast.broadcast),
        }
        if torch is not None:
            implementations["torch"] = wrap(torch.broadcast_shapes)
        samples: dict[str, list[float]] = {name: [] for name in implementations}
        for _ in range(rounds):  # interleaved: the machine's noise hits all alike
            for name, f in implementations.items():
                samples[name].append(median_us(f, shapes, 1))
        for name in implementations:
            rows.append((case, name, statistics.median(samples[name])))
    return rows


def _time_fresh(
    f: Callable[..., object], shapes: tuple[object, ...], number: int, rounds: int
) -> float:
    call = _fresh(f)
    return statistics.median(
        timeit.repeat(lambda: call(*shapes), number=number, repeat=rounds)
    )


def scaling(rounds: int) -> list[tuple[int, float, float]]:
    """µs per operand for many operands of 64 axes (beyond NumPy's 32)."""
    rng = np.random.default_rng(0)
    out = []
    for n in (100, 1_000, 10_000):
        wide = rng.choice(64, size=12, replace=False)
        shapes = tuple(
            tuple(3 if ax in wide and rng.random() < 0.5 else 1 for ax in range(64))
            for _ in range(n)
        )
        number = max(1, 2000 // n)
        t_shapes = _time_fresh(bcast.broadcast_shapes, shapes, number, rounds)
        t_full = _time_fresh(bcast.broadcast, shapes, number, rounds)
        out.append((n, t_shapes / number / n * 1e6, t_full / number / n * 1e6))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}", end="")
    print(f", torch {torch.__version__}" if torch is not None else ", torch absent")
    rows = compare(args.rounds)
    numpy_us = {case: us for case, name, us in rows if name == "numpy"}
    wrapped_us = {c: us for c, name, us in rows if name == "numpy (fresh wrapper)"}

    def ratio(case: str, name: str, us: float) -> float:
        base = wrapped_us if "fresh" in name else numpy_us
        return us / base[case]

    print(f"\n{'case':<12} {'implementation':<32} {'µs/call':>8} {'x numpy':>8}")
    for case, name, us in rows:
        print(f"{case:<12} {name:<32} {us:8.2f} {ratio(case, name, us):8.2f}")
    print("\nmany operands of 64 axes (µs per operand; fresh, nothing remembered):")
    print(f"{'operands':>9} {'broadcast_shapes':>17} {'broadcast':>10}")
    for n, per_shapes, per_full in scaling(max(3, args.rounds // 5)):
        print(f"{n:>9} {per_shapes:17.3f} {per_full:10.3f}")
    ratios = {(case, name): ratio(case, name, us) for case, name, us in rows}
    print("\nheadline (targets of issue 9 in brackets):")
    for name, cases, target in [
        (
            "bcast.broadcast_shapes fresh",
            ["2 operands", "3 operands", "8 operands", "error path"],
            1.0,
        ),
        ("bcast.broadcast_shapes fresh", ["32 axes"], 1.5),
        ("bcast.broadcast fresh", ["2 operands", "3 operands"], 2.0),
        ("bcast.broadcast_shapes repeat", list(CASES), 0.35),
    ]:
        got = ", ".join(f"{c} {ratios[c, name]:.2f}x" for c in cases)
        print(f"  {name}: {got}  [<= {target}x]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
