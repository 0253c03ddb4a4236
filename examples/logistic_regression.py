"""Logistic regression the course's way, on scikit-learn's breast-cancer data.

Examples are columns (X is (n_x, m)), every function is shape-guarded, and the
script checks itself: the gradients against central differences, gradient
descent against Newton's method, and — when scikit-learn is installed —
against ``sklearn.linear_model.LogisticRegression`` without a penalty.  It
exits with status 1 if a check fails.

Without scikit-learn it trains on synthetic data instead; with matplotlib it
also saves the cost curve as a PNG.

    python examples/logistic_regression.py
    python examples/logistic_regression.py --iterations 500 --png cost.png
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np

import bcast
from bcast import logreg
from bcast.course.progress import cost_curve

LOSS_TOLERANCE = 1e-3  # gradient descent's log-loss vs the optimum


def load(synthetic: bool) -> tuple[logreg.Dataset, str]:
    if not synthetic:
        try:
            return logreg.breast_cancer(), "scikit-learn's breast-cancer data"
        except ImportError:
            print("scikit-learn is not installed: synthetic data instead")
    return logreg.synthetic(8, 569, seed=0), "synthetic data (8 features)"


def sklearn_reference(data: logreg.Dataset) -> tuple[float, float] | None:
    """scikit-learn's unpenalized optimum: training log-loss, test accuracy."""
    try:
        from sklearn.linear_model import LogisticRegression
        from sklearn.metrics import log_loss
    except ImportError:
        return None
    # sklearn wants examples as rows: the transpose of ours
    model = LogisticRegression(C=np.inf, tol=1e-12, max_iter=10_000)
    model.fit(data.X_train.T, data.Y_train.ravel())
    loss = log_loss(data.Y_train.ravel(), model.predict_proba(data.X_train.T)[:, 1])
    return float(loss), float(model.score(data.X_test.T, data.Y_test.ravel()))


def save_png(costs: tuple[float, ...], path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(range(1, len(costs) + 1), costs)
    ax.set_xscale("log")
    ax.set_xlabel("iteration")
    ax.set_ylabel("cost J")
    ax.set_title("gradient descent")
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=2000)
    parser.add_argument("--learning-rate", type=float, default=1.0)
    parser.add_argument("--synthetic", action="store_true", help="use synthetic data")
    parser.add_argument(
        "--png",
        type=Path,
        default=Path(tempfile.gettempdir()) / "bcast-logistic-regression-cost.png",
        help="where to save the cost curve (needs matplotlib)",
    )
    parser.add_argument("--no-png", action="store_true")
    args = parser.parse_args(argv)
    failed = []

    data, source = load(args.synthetic)
    X, Y = data.X_train, data.Y_train
    print(f"data: {source}")
    print(f"X_train {X.shape}, Y_train {Y.shape}: examples are columns")
    print(f"X_test {data.X_test.shape}, Y_test {data.Y_test.shape}")

    # scikit-learn's layout, (m, n_x), is caught with a hint
    try:
        logreg.forward(*logreg.initialize(X.shape[0]), X.T)
    except bcast.ShapeError as e:
        print(f"\nX in scikit-learn's layout:\n  ShapeError: {e}")

    # the gradients, checked before training (away from the optimum)
    rng = np.random.default_rng(0)
    w0 = rng.normal(scale=0.1, size=(X.shape[0], 1))
    check = logreg.gradient_check(w0, 0.1, X, Y)
    ok = check.error < 1e-7
    failed += [] if ok else ["gradient check"]
    print(f"\ngradient check: relative error {check.error:.1e} (below 1e-7: {ok})")

    print(
        f"\ngradient descent, {args.iterations} iterations, learning rate {args.learning_rate}"
    )
    w, b, costs = logreg.fit(
        X, Y, learning_rate=args.learning_rate, iterations=args.iterations
    )
    print(cost_curve(costs, width=60, height=10, log_x=True))
    J = float(logreg.cost(logreg.forward(w, b, X), Y))
    train = float(logreg.accuracy(w, b, X, Y))
    test = float(logreg.accuracy(w, b, data.X_test, data.Y_test))
    m_test = data.X_test.shape[1]
    print(f"training log-loss {J:.6f}")
    print(
        f"accuracy: train {train:.1%}, test {test:.1%} ({round(test * m_test)}/{m_test})"
    )

    newton = logreg.fit(X, Y, solver="newton", progress=False)
    J_newton = float(logreg.cost(logreg.forward(newton.w, newton.b, X), Y))
    ok = J - J_newton < LOSS_TOLERANCE
    failed += [] if ok else ["gradient descent vs Newton"]
    print(
        f"\nNewton's method: {len(newton.costs)} iterations, log-loss {J_newton:.6f}; "
        f"gradient descent is {J - J_newton:.1e} above it (below {LOSS_TOLERANCE:g}: {ok})"
    )

    reference = sklearn_reference(data)
    if reference is None:
        print("scikit-learn is not installed: no comparison with it")
    else:
        J_sk, test_sk = reference
        ok_loss = abs(J - J_sk) < LOSS_TOLERANCE
        ok_acc = abs(round(test * m_test) - round(test_sk * m_test)) <= 1
        failed += [] if ok_loss and ok_acc else ["scikit-learn comparison"]
        print(
            f"scikit-learn LogisticRegression(C=inf): log-loss {J_sk:.6f} "
            f"(difference {abs(J - J_sk):.1e}, below {LOSS_TOLERANCE:g}: {ok_loss}), "
            f"test accuracy {test_sk:.1%} (within one example: {ok_acc})"
        )

    if not args.no_png:
        if save_png(costs, args.png):
            print(f"cost curve saved to {args.png}")
        else:
            print("matplotlib is not installed: no PNG")

    print("all checks passed" if not failed else f"FAILED: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
