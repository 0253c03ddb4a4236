"""What watching costs: instrumented code and watched arrays, against plain code.

Run:  python benchmarks/bench_watch.py [--rounds N] [--iterations N]

Everything is measured side by side in this one process, in interleaved rounds
(medians), as process CPU time (``time.process_time``; ``--wall`` for wall
clock): on a shared machine, wall-clock time also counts the moments other
processes hold the CPU.

(a) Per instrumented operation (``bcast run --watch``, ``%load_ext bcast``):
    the same loop compiled plainly and by
    :func:`bcast.runtime.instrument.compile_watched`; the difference per
    operation.  Targets: at most 0.2 µs when both operands are Python
    numbers, at most 1.0 µs on small NumPy arrays and NumPy scalars
    (``A[0, i] > t`` as in the course's predict loop; with a literal,
    ``A[0, i] > 0.5``, the comparison is not rewritten at all).
(b) The course's logistic regression (n_x = 12288, m = 209; the corpus's
    week 2 program) watched against plain: target at most 1.05x.  BLAS runs
    one thread (``OPENBLAS_NUM_THREADS=1`` unless set): the CPU time of a
    threaded product on a shared machine varies more than what is measured.  The course
    runs 2,000 iterations; ``--iterations`` (default 100) runs fewer, since
    the ratio is per iteration and so does not depend on their number.
(c) A pure-Python numeric loop, 10^6 scalar additions ``s = s + i``:
    target at most 4x.
(d) What the rewrite costs at import: parse + rewrite + compile against
    compile alone, per 1,000 lines of source (the corpus and bcast's own
    modules as the sample).
(e) Watched arrays (``bcast.watch``): a ufunc call on small watched arrays
    against plain ones.  Target: at most 3 µs overhead.

The headline ratios come last.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
import timeit
import warnings
from collections.abc import Callable
from typing import Any

# One BLAS thread: CPU time of a multi-threaded matrix product on a shared
# machine varies with what the other threads wait for, more than what is
# measured here.  Set before NumPy is imported.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

import bcast  # noqa: E402
from bcast.runtime import checks  # noqa: E402
from bcast.runtime.instrument import compile_watched  # noqa: E402

ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent

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


# -- instrumented code ----------------------------------------------------------

OPS = 10_000

# name -> (statement, setup): the statement runs OPS times in a loop
OP_CASES = {
    "x + y, two floats": ("x + y", "x, y = 1.5, 2.5"),
    "i * j, two ints": ("i * j", "i, j = 3, 7"),
    "A[0, k] > t, NumPy scalar and float": (
        "A[0, k] > t",
        "A = np.random.default_rng(0).random((1, 8)); k = 3; t = 0.5",
    ),
    "A[0, k] > 0.5, literal (not rewritten)": (
        "A[0, k] > 0.5",
        "A = np.random.default_rng(0).random((1, 8)); k = 3",
    ),
    "a - b, small arrays (8,) (8,)": ("a - b", "a = np.ones(8); b = np.ones(8)"),
    "M + row, (2, 8) + (1, 8)": (
        "M + row",
        "M = np.ones((2, 8)); row = np.ones((1, 8))",
    ),
    "a * s, array and NumPy scalar": ("a * s", "a = np.ones(8); s = np.float64(2.0)"),
    "np.maximum(a, b), small arrays": (
        "np.maximum(a, b)",
        "a = np.ones(8); b = np.ones(8)",
    ),
}


def _exec(source: str, filename: str, watched: bool) -> dict[str, Any]:
    """Run ``source`` compiled plainly or instrumented; its namespace."""
    namespace: dict[str, Any] = {"__name__": "bench"}
    if watched:
        code = compile_watched(source, filename)
    else:
        code = compile(source, filename, "exec")
    exec(code, namespace)
    return namespace


def _loop(statement: str, setup: str, watched: bool, n: int) -> Callable[[], object]:
    source = (
        "import numpy as np\n"
        f"{setup}\n"
        "def run():\n"
        f"    for _ in range({n}):\n"
        f"        {statement}\n"
    )
    return _exec(source, "<bench>", watched)["run"]  # type: ignore[no-any-return]


def _interleaved(
    pairs: dict[str, tuple[Callable[[], object], Callable[[], object]]],
    rounds: int,
    clock: Callable[[], float],
    repeat: int = 3,
) -> dict[str, tuple[float, float]]:
    """name -> (median plain seconds, median watched seconds) per call."""
    samples = {name: ([], []) for name in pairs}  # type: ignore[var-annotated]
    for k in range(rounds):
        for name, (f, g) in pairs.items():
            both = list(zip(samples[name], (f, g)))
            for into, h in both if k % 2 == 0 else both[::-1]:  # who goes first
                # alternates, so that what one run leaves behind (caches,
                # frequency) falls on both alike
                best = float("inf")
                for _ in range(repeat):
                    t0 = clock()
                    h()
                    best = min(best, clock() - t0)
                into.append(best)
    return {
        name: (statistics.median(a), statistics.median(b))
        for name, (a, b) in samples.items()
    }


def per_op(rounds: int, clock: Callable[[], float]) -> dict[str, tuple[float, float]]:
    pairs = {
        name: (_loop(stmt, setup, False, OPS), _loop(stmt, setup, True, OPS))
        for name, (stmt, setup) in OP_CASES.items()
    }
    return _interleaved(pairs, rounds, clock)


def logreg(
    rounds: int, iterations: int, clock: Callable[[], float]
) -> tuple[float, float]:
    source = (ROOT / "tests" / "watch_corpus" / "week2_logreg.py").read_text()
    runs = []
    data = None
    for watched in (False, True):
        namespace = _exec(source, "week2_logreg.py", watched)
        if data is None:  # the same arrays for both
            data = namespace["load_data"](n_x=12288, m_train=209, m_test=50)

        def run(ns: dict[str, Any] = namespace, d: Any = data) -> object:
            return ns["model"](*d, num_iterations=iterations, learning_rate=0.005)

        runs.append(run)
    assert runs[0]() == runs[1]()  # the same accuracies, watched or not
    return _interleaved({"logreg": (runs[0], runs[1])}, rounds, clock, repeat=2)[
        "logreg"
    ]


LOOP = """\
def additions(n):
    s = 0
    for i in range(n):
        s = s + i
    return s
"""


def scalar_loop(rounds: int, clock: Callable[[], float]) -> tuple[float, float]:
    funcs = []
    for watched in (False, True):
        ns = _exec(LOOP, "<loop>", watched)
        funcs.append(lambda f=ns["additions"]: f(1_000_000))
    assert funcs[0]() == funcs[1]()
    return _interleaved({"loop": (funcs[0], funcs[1])}, rounds, clock, repeat=1)["loop"]


def rewrite_cost(rounds: int, clock: Callable[[], float]) -> tuple[float, float, int]:
    """(compile alone, compile_watched) seconds per 1,000 lines; sample lines."""
    files = sorted((ROOT / "tests" / "watch_corpus").glob("*.py"))
    files += sorted((ROOT / "bcast").rglob("*.py"))
    sources = [(str(p), p.read_text()) for p in files]
    lines = sum(text.count("\n") for _, text in sources)

    def plain() -> None:
        for name, text in sources:
            compile(text, name, "exec", dont_inherit=True)

    def watched() -> None:
        for name, text in sources:
            compile_watched(text, name)

    base, cost = _interleaved({"rewrite": (plain, watched)}, rounds, clock, repeat=1)[
        "rewrite"
    ]
    return base * 1000 / lines, cost * 1000 / lines, lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--iterations", type=int, default=100)
    parser.add_argument("--wall", action="store_true", help="time wall-clock time")
    args = parser.parse_args()
    clock = time.perf_counter if args.wall else time.process_time
    checks.configure("warn")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing here may warn: all of it is correct
        ops = per_op(args.rounds, clock)
        print("(a) per instrumented operation")
        print(f"{'case':42} {'plain µs':>9} {'watched µs':>11} {'overhead µs':>12}")
        for name, (base, cost) in ops.items():
            b, c = base / OPS * 1e6, cost / OPS * 1e6
            print(f"{name:42} {b:9.3f} {c:11.3f} {c - b:12.3f}")
        lr = logreg(args.rounds, args.iterations, clock)
        print(
            f"\n(b) logistic regression n_x=12288, m=209, {args.iterations} iterations: "
            f"plain {lr[0]:.3f} s, watched {lr[1]:.3f} s, {lr[1] / lr[0]:.3f}x"
        )
        loop = scalar_loop(max(3, args.rounds // 2), clock)
        print(
            f"(c) 10^6 scalar additions: plain {loop[0]:.3f} s, watched {loop[1]:.3f} s, "
            f"{loop[1] / loop[0]:.2f}x"
        )
        per_base, per_cost, lines = rewrite_cost(max(3, args.rounds // 2), clock)
        print(
            f"(d) import, per 1,000 lines ({lines} lines sampled): compile {per_base * 1e3:.1f} ms, "
            f"parse + rewrite + compile {per_cost * 1e3:.1f} ms "
            f"(+{(per_cost - per_base) * 1e3:.1f} ms, {per_cost / per_base:.1f}x)"
        )
    rows = compare(args.rounds, args.wall)
    print("\n(e) watched arrays (bcast.watch)")
    print(f"{'case':34} {'plain µs':>9} {'watched µs':>11} {'overhead µs':>12}")
    for name, base, cost in rows:
        print(f"{name:34} {base:9.2f} {cost:11.2f} {cost - base:12.2f}")

    def over(name: str) -> float:
        base, cost = ops[name]
        return (cost - base) / OPS * 1e6

    print("\nheadline:")
    print(
        f"  two floats, x + y:              +{over('x + y, two floats'):.3f} µs per op (target ≤ 0.2)"
    )
    print(
        f"  NumPy scalar, A[0, k] > t:      +{over('A[0, k] > t, NumPy scalar and float'):.3f} µs "
        "per op (target ≤ 1.0)"
    )
    print(
        f"  small arrays, a - b:            +{over('a - b, small arrays (8,) (8,)'):.3f} µs per op (target ≤ 1.0)"
    )
    print(
        f"  logistic regression, watched:   {lr[1] / lr[0]:.3f}x plain (target ≤ 1.05)"
    )
    print(
        f"  10^6 scalar additions, watched: {loop[1] / loop[0]:.2f}x plain (target ≤ 4)"
    )
    print(
        f"  rewrite at import:              +{(per_cost - per_base) * 1e3:.1f} ms per 1,000 lines"
    )
    name, base, cost = rows[-1]
    print(
        f"  watched arrays, a - b:          +{cost - base:.2f} µs per call (target ≤ 3)"
    )


if __name__ == "__main__":
    main()
