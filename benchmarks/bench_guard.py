"""What a shape guard costs per call: bcast.shaped against its peers.

``f(w, b, X) = sigmoid(w.T @ X + b)`` with specs on ``w``, ``b``, ``X`` and the
result, in five variants timed side by side in one process: unchecked,
hand-written asserts, ``@bcast.shaped``, jaxtyping + beartype, check_shapes.
Also the guard switched off (``bcast.guard.disable()`` at run time, and
``BCAST_GUARD=0`` at import) against unchecked.

A variant's overhead is its time per call minus the unchecked time, measured
in the same round; each round keeps the best of five short timings of each
variant (a context switch only ever slows a timing down), and the script
prints medians over the rounds.  The checks
cost the same whatever the body computes, so the overhead is measured on a
body that returns a precomputed result of the right shape (at n_x=100,
m=10,000 the real sigmoid takes milliseconds and would bury microseconds in
noise); full-call times with the real body are printed too.

Run::

    python benchmarks/bench_guard.py            # 9 rounds
    python benchmarks/bench_guard.py --rounds 3 # quicker
"""

# No ``from __future__ import annotations`` here: jaxtyping's annotations must
# be real objects, or beartype cannot resolve them and checks nothing.
import argparse
import importlib.util
import os
import statistics
import timeit

# One BLAS thread: on a shared two-core machine a second BLAS thread waiting
# for a busy core makes single matrix products take milliseconds at random.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402 - after the thread settings
from beartype import beartype  # noqa: E402
from check_shapes import check_shapes  # noqa: E402
from jaxtyping import Float, jaxtyped  # noqa: E402

import bcast  # noqa: E402
import bcast.guard  # noqa: E402


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


def variants(body):
    """The five variants of ``body(w, b, X)``, plus the guard switched off."""

    def unchecked(w, b, X):
        return body(w, b, X)

    def asserts(w, b, X):
        n_x, m = X.shape
        assert w.shape == (n_x, 1), w.shape
        assert b.shape == (1, 1), b.shape
        out = body(w, b, X)
        assert out.shape == (1, m), out.shape
        return out

    @bcast.shaped(w="n_x, 1", b="1, 1", X="n_x, m", returns="1, m")
    def guarded(w, b, X):
        return body(w, b, X)

    @jaxtyped(typechecker=beartype)
    def jaxtyping_beartype(
        w: Float[np.ndarray, "n_x 1"],  # noqa: F722 - jaxtyping's dims
        b: Float[np.ndarray, "1 1"],  # noqa: F722
        X: Float[np.ndarray, "n_x m"],  # noqa: F722
    ) -> Float[np.ndarray, "1 m"]:  # noqa: F722
        return body(w, b, X)

    @check_shapes("w: [n_x, 1]", "b: [1, 1]", "X: [n_x, m]", "return: [1, m]")
    def check_shapes_(w, b, X):
        return body(w, b, X)

    # The guard switched off at run time: the wrapper stays, checks nothing.
    switched = bcast.shaped(w="n_x, 1", b="1, 1", X="n_x, m", returns="1, m")(unchecked)
    # BCAST_GUARD=0 at import: a fresh copy of bcast.guard, read with it set.
    before = os.environ.get("BCAST_GUARD")
    os.environ["BCAST_GUARD"] = "0"
    try:
        spec = importlib.util.find_spec("bcast.guard.shaped")
        assert spec is not None
        assert spec.loader is not None
        off = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(off)
    finally:
        if before is None:
            del os.environ["BCAST_GUARD"]
        else:
            os.environ["BCAST_GUARD"] = before
    env_off = off.shaped(w="n_x, 1", b="1, 1", X="n_x, m", returns="1, m")(unchecked)
    assert env_off is unchecked

    return {
        "unchecked": unchecked,
        "hand-written asserts": asserts,
        "bcast.shaped": guarded,
        "jaxtyping+beartype": jaxtyping_beartype,
        "check_shapes": check_shapes_,
    }, {"disable() at run time": switched, "BCAST_GUARD=0 at import": env_off}


def time_per_call(fn, args, number: int, repeat: int = 5) -> float:
    """The best of ``repeat`` timings of ``number`` calls, per call.

    Other processes share this machine's two cores: a timing that a context
    switch lands in is slower, never faster, so each round keeps its best.
    """
    best = min(timeit.repeat(lambda: fn(*args), number=number, repeat=repeat))
    return best / number


def calls_per_timing(fn, args) -> int:
    """Enough calls for a timing of about half a millisecond (at least 5)."""
    once = time_per_call(fn, args, 5, repeat=3)
    return max(5, min(5000, int(0.5e-3 / max(once, 1e-9))))


def measure(fns, args, rounds: int, switched=None):
    """Median time per call of each function, and of its excess over unchecked."""
    number = {name: calls_per_timing(fn, args) for name, fn in fns.items()}
    times: dict[str, list[float]] = {name: [] for name in fns}
    excess: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(rounds):
        if switched is not None:
            bcast.guard.disable()
        try:
            for name, fn in fns.items():
                times[name].append(time_per_call(fn, args, number[name]))
        finally:
            bcast.guard.enable()
        base = times["unchecked"][-1]
        for name in fns:
            excess[name].append(times[name][-1] - base)
    return (
        {k: statistics.median(v) for k, v in times.items()},
        {k: statistics.median(v) for k, v in excess.items()},
    )


def check_all_reject(w, b, X, result) -> None:
    """Every checked variant refuses a bad w, b, X or result, by its own check.

    The body returns ``result`` without computing, so no NumPy error can
    stand in for a shape check that did not happen.
    """
    n_x, m = X.shape
    good = (w, b, X)
    cases = [
        ((np.zeros((n_x + 1, 1)), b, X), result),  # n_x disagrees
        ((w, np.zeros((1, 2)), X), result),  # b is not (1, 1)
        (good, np.zeros((1, m + 1))),  # the result's m disagrees
    ]
    for args, out in cases:
        fns, _ = variants(lambda w, b, X, out=out: out)
        for name, fn in fns.items():
            if name == "unchecked":
                continue
            try:
                fn(*args)
            except Exception:
                continue
            raise AssertionError(f"{name} accepted {[a.shape for a in args]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    options = parser.parse_args()
    rounds = options.rounds

    print(
        f"bcast {bcast.__version__}, numpy {np.__version__}; {rounds} rounds, medians"
    )
    ratios = []
    for n_x, m in ((4, 8), (100, 10_000)):
        rng = np.random.default_rng(0)
        w = rng.standard_normal((n_x, 1))
        b = np.zeros((1, 1))
        X = rng.standard_normal((n_x, m))
        result = sigmoid(w.T @ X + b)

        real, _ = variants(lambda w, b, X: sigmoid(w.T @ X + b))
        fixed, off = variants(lambda w, b, X, result=result: result)
        check_all_reject(w, b, X, result)
        args = (w, b, X)

        full, _ = measure(real, args, rounds)
        _, over = measure(fixed, args, rounds)
        off_fns = {"unchecked": fixed["unchecked"], **off}
        _, off_over = measure(off_fns, args, rounds, switched=True)

        print(f"\nn_x={n_x}, m={m}: per call, microseconds")
        print(f"  {'variant':<24}{'full call':>12}{'overhead':>12}")
        for name in fixed:
            o = "" if name == "unchecked" else f"{over[name] * 1e6:12.2f}"
            print(f"  {name:<24}{full[name] * 1e6:12.1f}{o:>12}")
        for name in off:
            print(f"  {name:<24}{'':>12}{off_over[name] * 1e6:12.3f}")
        ratio = over["bcast.shaped"] / over["jaxtyping+beartype"]
        cs = over["bcast.shaped"] / over["check_shapes"]
        print(f"  bcast / check_shapes overhead: {cs:.3f} (1/{1 / cs:.0f})")
        ratios.append((n_x, m, ratio))

    print()
    for n_x, m, ratio in ratios:
        print(
            f"bcast / jaxtyping+beartype overhead at n_x={n_x}, m={m}: "
            f"{ratio:.3f} (1/{1 / ratio:.0f})"
        )


if __name__ == "__main__":
    main()
