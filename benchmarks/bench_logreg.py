"""bcast.logreg: vectorization, what the guard costs, Newton against scikit-learn.

Run:  python benchmarks/bench_logreg.py [--rounds N]

Three ratios, each measured side by side in this one process, in interleaved
rounds (medians of the per-round ratios):

(a) the course's vectorization demo: one forward and backward pass over
    m = 1,000 examples (n_x = 20) written with for-loops, against
    ``logreg.forward`` + ``logreg.backward`` — the speed-up;
(b) 1,000 gradient-descent iterations at n_x = 20, m = 10,000, guarded
    against the same code with the guard switched off
    (``bcast.guard.disable()``) — the overhead, target at most 1%.  Twice:
    ``logreg.fit`` (which checks shapes on its first step and runs the
    others unchecked) and a hand-written loop calling the guarded
    ``forward``, ``cost`` and ``backward`` at every step;
(c) ``fit(solver="newton")`` against scikit-learn's ``LogisticRegression``
    (lbfgs, no penalty) on the same n_x = 20, m = 10,000 data — the time
    ratio (target at most 2x) and the training log-loss each reaches, with
    scikit-learn's default tolerance and with it tightened to 1e-12.

The headline figures come last.
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
import timeit
from collections.abc import Callable

import numpy as np
from sklearn.linear_model import LogisticRegression

import bcast.guard
from bcast import logreg


def seconds(f: Callable[[], object]) -> float:
    start = time.perf_counter()
    f()
    return time.perf_counter() - start


def paired(
    a: Callable[[], object], b: Callable[[], object], rounds: int, inner: int = 1
):
    """Median time of ``a`` and of ``b``, and the median of the per-round ratios a/b."""
    ta, tb = [], []
    for r in range(rounds):
        order = (a, b) if r % 2 == 0 else (b, a)  # alternate who goes first
        t = {f: min(seconds(f) for _ in range(inner)) for f in order}
        ta.append(t[a])
        tb.append(t[b])
    ratios = [x / y for x, y in zip(ta, tb)]
    return (
        statistics.median(ta),
        statistics.median(tb),
        statistics.median(ratios),
        min(ta) / min(tb),
    )


# -- (a) vectorized vs for-loops ----------------------------------------------------------


def loop_forward_backward(w, b, X, Y):
    """The course's non-vectorized pass: a loop over examples and one over features."""
    n_x, m = X.shape
    dw = [0.0] * n_x
    db = 0.0
    J = 0.0
    for i in range(m):
        z = b
        for j in range(n_x):
            z += w[j, 0] * X[j, i]
        a = 1 / (1 + math.exp(-z))
        y = Y[0, i]
        J += -(y * math.log(a) + (1 - y) * math.log(1 - a))
        dz = a - y
        for j in range(n_x):
            dw[j] += X[j, i] * dz
        db += dz
    return np.array(dw).reshape(n_x, 1) / m, db / m, J / m


def vectorized_forward_backward(w, b, X, Y):
    A = logreg.forward(w, b, X)
    dw, db = logreg.backward(X, A, Y)
    return dw, db, logreg.cost(A, Y)


def bench_vectorization(rounds: int) -> float:
    data = logreg.synthetic(20, 1000, test_size=0, seed=1)
    X, Y = data.X_train, data.Y_train
    w, b = np.random.default_rng(2).normal(scale=0.1, size=(20, 1)), 0.1
    loop, vec = (
        loop_forward_backward(w, b, X, Y),
        vectorized_forward_backward(w, b, X, Y),
    )
    assert np.allclose(loop[0], vec[0])
    assert math.isclose(loop[1], float(vec[1]))
    t_loop, t_vec, ratio, _ = paired(
        lambda: loop_forward_backward(w, b, X, Y),
        lambda: vectorized_forward_backward(w, b, X, Y),
        rounds,
        inner=5,
    )
    print("(a) forward + backward, n_x = 20, m = 1,000")
    print(f"    for-loops      {t_loop * 1e3:9.2f} ms")
    print(f"    vectorized     {t_vec * 1e3:9.2f} ms")
    print(f"    speed-up       {ratio:9.0f}x")
    return ratio


# -- (b) the guard's overhead -----------------------------------------------------------------


def unguarded(f: Callable[[], object]) -> Callable[[], object]:
    def run() -> object:
        bcast.guard.disable()
        try:
            return f()
        finally:
            bcast.guard.enable()

    return run


def hand_loop(X, Y, iterations: int, rate: float = 0.5):
    """Gradient descent written out, calling the guarded functions every step."""
    w, b = logreg.initialize(X.shape[0])
    for _ in range(iterations):
        A = logreg.forward(w, b, X)
        logreg.cost(A, Y)
        dw, db = logreg.backward(X, A, Y)
        w = w - rate * dw
        b = b - rate * db
    return w, b


def best(f: Callable[[], object], number: int, repeat: int) -> float:
    """The least disturbed time of one call: min over repeats of the mean of ``number``."""
    return min(timeit.repeat(f, number=number, repeat=repeat)) / number


def bench_guard(rounds: int) -> tuple[float, float]:
    data = logreg.synthetic(20, 10_000, test_size=0, seed=1)
    X, Y = data.X_train, data.Y_train
    assert bcast.guard.enabled()

    def fit(iterations: int = 1000):
        return logreg.fit(X, Y, iterations=iterations, progress=False)

    def loop():
        return hand_loop(X, Y, 1000)

    on, off = fit(), unguarded(fit)()
    assert np.array_equal(on.w, off.w)  # the same code, the same answer
    print("\n(b) 1,000 gradient-descent iterations, n_x = 20, m = 10,000")
    print("    measured whole, guarded and unguarded runs alternating:")
    for name, f in (("logreg.fit", fit), ("loop of guarded calls", loop)):
        t_on, t_off, ratio, fastest = paired(f, unguarded(f), 2 * rounds)
        print(
            f"    {name:22} guarded {t_on:6.3f} s, unguarded {t_off:6.3f} s (medians): "
            f"{(ratio - 1) * 100:+.2f}%; fastest runs {(fastest - 1) * 100:+.2f}%"
        )
    # On a shared machine the whole runs vary by more than the guard costs; the
    # guard's own work is timed precisely instead: its extra time per fit and
    # per step, against the unguarded time of 1,000 steps.
    # The checks read shapes, not values: their cost does not depend on m, so
    # it is timed on 8 examples, where the arithmetic is too small to add noise.
    w, b = logreg.initialize(20)
    x, y = X[:, :8], Y[:, :8]

    def step(X=X, Y=Y):
        A = logreg.forward(w, b, X)
        logreg.cost(A, Y)
        logreg.backward(X, A, Y)

    def small_step():
        step(x, y)

    repeat = 5 * rounds
    t_small_on = best(small_step, 500, repeat)
    t_small_off = best(unguarded(small_step), 500, repeat)
    step_extra = t_small_on - t_small_off
    t_step_off = best(unguarded(step), 20, repeat)
    # fit checks its arguments, then runs its first step guarded: fit(0) is the former
    t_fit0_on = best(lambda: fit(0), 500, repeat)
    t_fit0_off = best(unguarded(lambda: fit(0)), 500, repeat)
    fit_extra = t_fit0_on - t_fit0_off + step_extra
    t_1000 = 1000 * t_step_off
    fit_overhead = fit_extra / t_1000 * 100
    loop_overhead = step_extra * 1000 / t_1000 * 100
    print("    the guard's own work, timed per call (best of many):")
    print(
        f"    logreg.fit             {fit_extra * 1e6:+7.1f} µs per fit"
        f"             = {fit_overhead:+.3f}% of 1,000 steps ({t_1000:.3f} s)"
    )
    print(
        f"    loop of guarded calls  {step_extra * 1e6:+7.1f} µs per step "
        f"x 1,000 = {loop_overhead:+.3f}%"
    )
    return fit_overhead, loop_overhead


# -- (c) Newton vs scikit-learn's lbfgs -----------------------------------------------------------


def bench_newton(rounds: int) -> list[tuple[str, float, float, float]]:
    data = logreg.synthetic(20, 10_000, test_size=0, seed=1)
    X, Y = data.X_train, data.Y_train
    y = Y.ravel()
    newton = logreg.fit(X, Y, solver="newton", progress=False)
    loss_newton = float(logreg.cost(logreg.forward(newton.w, newton.b, X), Y))
    print(
        f"\n(c) Newton ({len(newton.costs)} iterations) vs scikit-learn lbfgs, n_x = 20, m = 10,000"
    )
    rows = []
    for label, tol in (("default tol=1e-4", 1e-4), ("tol=1e-12", 1e-12)):

        def sk(tol=tol):
            return LogisticRegression(C=np.inf, tol=tol, max_iter=10_000).fit(X.T, y)

        model = sk()
        A = model.predict_proba(X.T)[:, 1].reshape(1, -1)
        loss_sk = float(logreg.cost(A, Y))
        t_newton, t_sk, ratio, _ = paired(
            lambda: logreg.fit(X, Y, solver="newton", progress=False),
            sk,
            rounds,
            inner=3,
        )
        print(
            f"    lbfgs {label:17} {t_sk * 1e3:7.1f} ms ({int(model.n_iter_[0])} iterations), "
            f"log-loss {loss_sk:.12f}"
        )
        print(
            f"    newton                  {t_newton * 1e3:7.1f} ms, log-loss {loss_newton:.12f}: "
            f"{ratio:.2f}x lbfgs's time, {loss_newton - loss_sk:+.1e} in log-loss"
        )
        rows.append((label, ratio, loss_newton, loss_sk))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    speedup = bench_vectorization(args.rounds)
    fit_overhead, loop_overhead = bench_guard(args.rounds)
    newton = bench_newton(args.rounds)
    print("\nheadline")
    print(
        f"  (a) vectorized forward+backward is {speedup:.0f}x faster than for-loops (m = 1,000)"
    )
    print(
        f"  (b) guard overhead on 1,000 GD iterations: {fit_overhead:+.2f}% in logreg.fit, "
        f"{loop_overhead:+.2f}% when every step calls the guarded functions (target <= 1%)"
    )
    for label, ratio, loss_newton, loss_sk in newton:
        print(
            f"  (c) newton / lbfgs ({label}): {ratio:.2f}x the time (target <= 2x); "
            f"log-loss {loss_newton:.10f} vs {loss_sk:.10f}"
        )


if __name__ == "__main__":
    main()
