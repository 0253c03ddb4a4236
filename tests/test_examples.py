"""Every script in examples/ runs as ``python examples/NAME.py`` and checks itself."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from rich.console import Console

import bcast

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ENV = {**os.environ, "COLUMNS": "80", "PYTHONIOENCODING": "utf-8"}


def run(name: str, *args: str, cwd: Path | None = None, hide: tuple[str, ...] = ()):
    """Run an example in a fresh interpreter; ``hide`` makes modules unimportable."""
    path = str(EXAMPLES / name)
    if hide:
        code = (
            "import runpy, sys\n"
            f"for name in {hide!r}: sys.modules[name] = None\n"
            f"sys.argv = [{path!r}, *{list(args)!r}]\n"
            f"runpy.run_path({path!r}, run_name='__main__')\n"
        )
        command = [sys.executable, "-c", code]
    else:
        command = [sys.executable, path, *args]
    return subprocess.run(
        command, capture_output=True, text=True, cwd=cwd, env=ENV, timeout=600
    )


def number(pattern: str, text: str) -> float:
    found = re.search(pattern, text)
    assert found, f"{pattern!r} not in the output:\n{text}"
    return float(found.group(1))


# -- computation_graph.py -----------------------------------------------------------


def graph_rows(text: str) -> dict[str, tuple[float, float]]:
    """node -> (value, dJ/dnode), read from the printed table."""
    rows = {}
    for line in text.splitlines():
        cells = re.split(r"\s{2,}", line.strip())
        if len(cells) >= 4 and cells[0] in {"a", "b", "c", "u", "v", "J"}:
            rows[cells[0]] = (float(cells[2]), float(cells[3]))
    return rows


def test_computation_graph_reproduces_the_notes():
    out = run("computation_graph.py")
    assert out.returncode == 0, out.stderr
    rows = graph_rows(out.stdout)
    # the notes: forward u = 6, v = 11, J = 33; backward dJ/da = 3, dJ/db = 6, dJ/dc = 9
    assert {k: v for k, (v, _) in rows.items()} == {
        "a": 5,
        "b": 3,
        "c": 2,
        "u": 6,
        "v": 11,
        "J": 33,
    }
    assert {k: g for k, (_, g) in rows.items()} == {
        "a": 3,
        "b": 6,
        "c": 9,
        "u": 3,
        "v": 3,
        "J": 1,
    }
    assert "derivatives agree" in out.stdout
    for name in "abc":
        assert number(rf"dJ/d{name}: .*difference ([\d.e+-]+)", out.stdout) < 1e-6


def test_computation_graph_at_another_point():
    a, b, c = 1.5, -2.0, 0.25
    out = run("computation_graph.py", "--a", str(a), "--b", str(b), "--c", str(c))
    assert out.returncode == 0, out.stderr
    rows = graph_rows(out.stdout)
    u, v = b * c, a + b * c
    assert rows["u"] == (u, 3)
    assert rows["v"] == (v, 3)
    assert rows["J"] == (3 * v, 1)
    assert rows["a"][1] == 3  # ∂J/∂a = 3, ∂J/∂b = 3c, ∂J/∂c = 3b
    assert rows["b"][1] == 3 * c
    assert rows["c"][1] == 3 * b


# -- logistic_regression.py ------------------------------------------------------------


def test_logistic_regression_on_breast_cancer(tmp_path):
    sklearn_linear = pytest.importorskip("sklearn.linear_model")
    from bcast.logreg import breast_cancer

    png = tmp_path / "cost.png"
    out = run("logistic_regression.py", "--png", str(png), cwd=tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    text = out.stdout
    assert "breast-cancer" in text
    assert "X_train (8, 426), Y_train (1, 426)" in text
    assert "did you mean X.T?" in text  # sklearn's layout, caught
    assert number(r"gradient check: relative error ([\d.e+-]+)", text) < 1e-7
    curve = [line for line in text.splitlines() if "┤" in line or "│" in line]
    assert len(curve) == 10  # the cost curve, height 10
    assert "█" in curve[0]  # the first cost is the highest
    assert "gradient descent ━" in out.stderr  # the progress bar, on stderr
    # the reported test accuracy against scikit-learn's own, computed here
    data = breast_cancer()
    model = sklearn_linear.LogisticRegression(C=np.inf, tol=1e-12, max_iter=10_000)
    model.fit(data.X_train.T, data.Y_train.ravel())
    sk_right = int((model.predict(data.X_test.T) == data.Y_test.ravel()).sum())
    right = number(r"test [\d.]+% \((\d+)/143\)", text)
    assert abs(right - sk_right) <= 1
    assert "all checks passed" in text
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        assert "matplotlib is not installed: no PNG" in text
        assert not png.exists()
    else:
        assert f"cost curve saved to {png}" in text
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_logistic_regression_without_sklearn_or_matplotlib(tmp_path):
    out = run(
        "logistic_regression.py",
        "--png",
        str(tmp_path / "cost.png"),
        hide=("sklearn", "matplotlib"),
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "scikit-learn is not installed: synthetic data instead" in out.stdout
    assert (
        "X_train (8, 426)" in out.stdout
    )  # 569 synthetic examples, split as the real ones
    assert "no comparison" in out.stdout
    assert "matplotlib is not installed: no PNG" in out.stdout
    assert "all checks passed" in out.stdout
    assert not (tmp_path / "cost.png").exists()


def test_logistic_regression_fails_when_a_check_fails():
    # 5 steps of gradient descent are far from the optimum: the script says so
    out = run("logistic_regression.py", "--iterations", "5", "--synthetic", "--no-png")
    assert out.returncode == 1
    assert "FAILED: gradient descent vs Newton" in out.stdout


# -- broadcasting_tour.py ----------------------------------------------------------------


def test_broadcasting_tour():
    out = run("broadcasting_tour.py")
    assert out.returncode == 0, out.stdout + out.stderr
    text = out.stdout

    def shown(array) -> bool:
        return (
            np.array2string(np.asarray(array), precision=1, suppress_small=True) in text
        )

    food = np.array(
        [[56.0, 0.0, 4.4, 68.0], [1.2, 104.0, 52.0, 8.0], [1.8, 135.0, 99.0, 0.9]]
    )
    M = np.array([[1, 2, 3], [4, 5, 6]])
    assert shown(100 * food / food.sum(axis=0).reshape(1, 4))
    assert shown(M + np.array([[100, 200, 300]]))
    assert shown(M + np.array([[100], [200]]))
    assert shown(np.array([1, 2, 3, 4]) + 100)
    # each case's explanation, with its value picture, as bcast renders it
    cases = [
        ((3, 4), (1, 4), ["A", "cal"]),
        ((2, 3), (1, 3), ["M", "row"]),
        ((2, 3), (2, 1), ["M", "col"]),
        ((4,), (), ["v", "s"]),
        ((5,), (5, 1), ["y_hat", "y"]),
    ]
    for x, y, names in cases:
        console = Console(file=io.StringIO(), width=80, color_system=None)
        console.print(bcast.explain(x, y, names=names, values=True))
        picture = [line.rstrip() for line in console.file.getvalue().splitlines()]
        lines = {line.rstrip() for line in text.splitlines()}
        assert set(picture) <= lines, names
    # the pitfall: NumPy's silent (5, 5), the explainer's warning, the guard's error
    assert "explain's result (5, 5) is NumPy's (5, 5): ok" in text
    assert "bcast.explain warns: ['rank1_column']: ok" in text
    assert "ShapeError: residual(): y_hat has shape (5,)" in text
    assert "the guard stops the (5,) argument: ok" in text
    assert "FAILED" not in text
    assert "all checks passed" in text
