"""What watching costs: a ufunc call on watched arrays against plain ones.

Run:  python benchmarks/bench_watch.py [--rounds N]

Small arrays (8 elements), so the fixed cost per call shows rather than the
arithmetic.  Each case runs on plain ``ndarray`` operands and on the same
operands watched (``bcast.watch``), interleaved in rounds in this one process;
the table shows median microseconds per call and the overhead (watched minus
plain).  The headline — the overhead of a binary ufunc on two watched arrays,
the common case in a training loop — comes last.  Target: at most 3 µs.

Times are the process's CPU time (``time.process_time``) unless ``--wall``:
on a shared machine, wall-clock time also counts the moments other processes
hold the CPU, and that noise is larger than what is measured here.
"""

from __future__ import annotations

import argparse
import statistics
import time
import timeit
import warnings
from collections.abc import Callable

import numpy as np

import bcast

NUMBER = 20_000


Case = tuple[Callable[[], object], Callable[[], object], str]


def _cases(
    plain: dict[str, np.ndarray], watched: dict[str, np.ndarray]
) -> dict[str, Case]:
    """name -> (plain call, watched call, the strict() mode to time it under)."""
    p, w = plain, watched
    return {
        "a + b, same shape": (lambda: p["a"] + p["b"], lambda: w["a"] + w["b"], "off"),
        "a * 2.0, a number": (lambda: p["a"] * 2.0, lambda: w["a"] * 2.0, "off"),
        "np.exp(a), one input": (
            lambda: np.exp(p["a"]),
            lambda: np.exp(w["a"]),
            "off",
        ),
        "M + row, (2, 8) + (1, 8)": (
            lambda: p["M"] + p["row"],
            lambda: w["M"] + w["row"],
            "off",
        ),
        "a.sum(), a reduction": (lambda: p["a"].sum(), lambda: w["a"].sum(), "off"),
        "M + a, flagged, strict('off')": (
            lambda: p["M"] + p["a"],
            lambda: w["M"] + w["a"],
            "off",
        ),
        "M + a, flagged, warned (filtered)": (
            lambda: p["M"] + p["a"],
            lambda: w["M"] + w["a"],
            "warn",
        ),
        "a - b, two watched arrays": (
            lambda: p["a"] - p["b"],
            lambda: w["a"] - w["b"],
            "off",
        ),
    }


def compare(rounds: int, wall: bool = False) -> list[tuple[str, float, float]]:
    rng = np.random.default_rng(0)
    plain = {
        "a": rng.random(8),
        "b": rng.random(8),
        "M": rng.random((2, 8)),
        "row": rng.random((1, 8)),
    }
    watched = dict(zip(plain, bcast.watch(*plain.values())))
    cases = _cases(plain, watched)
    rows = []
    for name, (f, g, mode) in cases.items():
        with bcast.strict(mode), warnings.catch_warnings():
            # nothing may warn under strict("off"); under "warn", the filter
            # drops what is warned, as the default filter does after once
            warnings.simplefilter("ignore" if mode == "warn" else "error")
            base: list[float] = []
            cost: list[float] = []
            clock = time.perf_counter if wall else time.process_time
            for _ in range(rounds):  # interleaved: noise hits both alike
                for samples, h in ((base, f), (cost, g)):
                    timer = timeit.Timer(h, timer=clock)
                    samples.append(min(timer.repeat(number=NUMBER, repeat=3)) / NUMBER)
            rows.append(
                (name, statistics.median(base) * 1e6, statistics.median(cost) * 1e6)
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--wall", action="store_true", help="time wall-clock time")
    args = parser.parse_args()
    rows = compare(args.rounds, args.wall)
    print(f"{'case':34} {'plain µs':>9} {'watched µs':>11} {'overhead µs':>12}")
    for name, base, cost in rows:
        print(f"{name:34} {base:9.2f} {cost:11.2f} {cost - base:12.2f}")
    name, base, cost = rows[-1]
    print(
        f"\nheadline: a binary ufunc on watched arrays costs {cost - base:.2f} µs "
        f"more per call than on plain arrays ({cost / base:.1f}x; target ≤ 3 µs)"
    )


if __name__ == "__main__":
    main()
