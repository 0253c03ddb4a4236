"""bcast.logreg against scikit-learn, SciPy, numerical gradients and Dask."""

from __future__ import annotations

import os
import subprocess
import sys
from itertools import pairwise

import numpy as np
import pytest

import bcast
from bcast import logreg
from bcast.guard.shaped import disable, enable

special = pytest.importorskip("scipy.special")
sklearn_linear = pytest.importorskip("sklearn.linear_model")
sklearn_metrics = pytest.importorskip("sklearn.metrics")


def sk_loss(Y: np.ndarray, A: np.ndarray) -> float:
    return float(sklearn_metrics.log_loss(Y.ravel(), A.ravel(), labels=[0, 1]))


def reference(data: logreg.Dataset):
    """scikit-learn's unpenalized optimum, tol tightened so it is the optimum."""
    model = sklearn_linear.LogisticRegression(C=np.inf, tol=1e-12, max_iter=100_000)
    model.fit(data.X_train.T, data.Y_train.ravel())  # sklearn: examples as rows
    loss = sk_loss(data.Y_train, model.predict_proba(data.X_train.T)[:, 1])
    correct = int((model.predict(data.X_test.T) == data.Y_test.ravel()).sum())
    return model, loss, correct


@pytest.fixture(scope="module")
def cancer():
    data = logreg.breast_cancer()
    return data, *reference(data)


@pytest.fixture(scope="module")
def problem():
    """A small problem away from the optimum: (w, b, X, Y)."""
    rng = np.random.default_rng(1)
    data = logreg.synthetic(5, 40, test_size=0, seed=3)
    return rng.normal(size=(5, 1)), 0.3, data.X_train, data.Y_train


# -- sigmoid ------------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(), (7,), (1, 9), (3, 4, 2)])
def test_sigmoid_matches_scipy_expit(shape):
    z = np.random.default_rng(0).normal(scale=10, size=shape)
    out = logreg.sigmoid(z)
    assert np.shape(out) == shape
    np.testing.assert_allclose(out, special.expit(z), rtol=1e-15, atol=0)


def test_sigmoid_is_stable_for_large_z():
    # warnings are errors in this suite: an overflow in exp would fail here
    z = np.array([-1e308, -1000.0, -745.0, -50.0, 0.0, 50.0, 1000.0, 1e308])
    out = logreg.sigmoid(z)
    # σ(−745) is 5e-324, the smallest subnormal; expit rounds it to 0
    np.testing.assert_allclose(out, special.expit(z), rtol=1e-15, atol=1e-323)
    assert out[0] == 0.0
    assert out[-1] == 1.0
    assert out[3] > 0  # σ(−50) ≈ 1.9e-22 keeps its precision, not 0


def test_sigmoid_is_the_right_one_not_the_notes_typo():
    # the notes print 1/(1 − e^z); σ(2) is 1/(1 + e^−2) ≈ 0.88
    assert float(logreg.sigmoid(np.array(2.0))) == pytest.approx(1 / (1 + np.exp(-2)))


# -- initialize, forward, cost -------------------------------------------------------


def test_initialize():
    w, b = logreg.initialize(4)
    assert w.shape == (4, 1)
    assert not w.any()
    assert b == 0.0


@pytest.mark.parametrize(
    ("n_x", "error"), [(0, ValueError), (-2, ValueError), (2.5, TypeError)]
)
def test_initialize_refuses_bad_sizes(n_x, error):
    with pytest.raises(error, match="n_x"):
        logreg.initialize(n_x)


def test_forward_matches_the_formula(problem):
    w, b, X, _ = problem
    A = logreg.forward(w, b, X)
    assert A.shape == (1, X.shape[1])
    np.testing.assert_allclose(A, special.expit(w.T @ X + b), rtol=1e-14)


def test_cost_matches_sklearn_log_loss(problem):
    w, b, X, Y = problem
    A = logreg.forward(w, b, X)
    assert float(logreg.cost(A, Y)) == pytest.approx(sk_loss(Y, A), rel=1e-13)


def test_cost_is_stable_at_zero_and_one():
    Y = np.array([[1.0, 0.0, 1.0, 0.0]])
    A = np.array([[1.0, 0.0, 0.0, 1.0]])  # two sure and right, two sure and wrong
    loss = float(logreg.cost(A, Y))
    assert np.isfinite(loss)
    assert loss == pytest.approx(sk_loss(Y, A), rel=1e-12)  # sklearn clips the same way
    assert float(logreg.cost(Y, Y)) < 1e-15


# -- backward and the gradient check ---------------------------------------------------


def test_backward_is_the_notes_sums(problem):
    w, b, X, Y = problem
    A = logreg.forward(w, b, X)
    dw, db = logreg.backward(X, A, Y)
    m = X.shape[1]
    # the notes, one example at a time: dw_j = (1/m) Σ x_j (a − y), db = (1/m) Σ (a − y)
    loop_dw = [
        sum(X[j, i] * (A[0, i] - Y[0, i]) for i in range(m)) / m for j in range(5)
    ]
    loop_db = sum(A[0, i] - Y[0, i] for i in range(m)) / m
    assert dw.shape == (5, 1)
    assert np.shape(db) == ()
    np.testing.assert_allclose(dw.ravel(), loop_dw, rtol=1e-12)
    assert float(db) == pytest.approx(loop_db, rel=1e-12)


@pytest.mark.parametrize("seed", range(4))
def test_gradient_check_passes(seed):
    rng = np.random.default_rng(seed)
    data = logreg.synthetic(6, 200, test_size=0, seed=seed)
    check = logreg.gradient_check(
        rng.normal(size=(6, 1)), rng.normal(), data.X_train, data.Y_train
    )
    assert check.error < 1e-7
    assert check.analytic.shape == check.numeric.shape == (7,)
    np.testing.assert_allclose(check.analytic, check.numeric, atol=1e-8)


def test_gradient_check_catches_a_wrong_gradient(problem, monkeypatch):
    real = logreg.backward

    def off_by_two(X, A, Y):
        dw, db = real(X, A, Y)
        return 2 * dw, db

    monkeypatch.setattr(logreg, "backward", off_by_two)
    assert logreg.gradient_check(*problem).error > 0.1


def test_gradient_check_refuses_a_bad_epsilon(problem):
    with pytest.raises(ValueError, match="epsilon"):
        logreg.gradient_check(*problem, epsilon=0)


# -- predict and accuracy -------------------------------------------------------------------


def test_predict_and_accuracy_match_sklearn(cancer):
    data, model, _, _ = cancer
    w, b = model.coef_.T, float(model.intercept_[0])
    predicted = logreg.predict(w, b, data.X_test)
    assert predicted.shape == data.Y_test.shape
    np.testing.assert_array_equal(predicted.ravel(), model.predict(data.X_test.T))
    expected = sklearn_metrics.accuracy_score(data.Y_test.ravel(), predicted.ravel())
    assert float(logreg.accuracy(w, b, data.X_test, data.Y_test)) == expected


# -- fit against scikit-learn -----------------------------------------------------------------


def test_gradient_descent_reaches_sklearn(cancer):
    data, _, loss, correct = cancer
    w, b, costs = logreg.fit(
        data.X_train, data.Y_train, learning_rate=1.0, iterations=2000, progress=False
    )
    J = float(logreg.cost(logreg.forward(w, b, data.X_train), data.Y_train))
    assert abs(J - loss) < 1e-3
    mine = round(
        float(logreg.accuracy(w, b, data.X_test, data.Y_test)) * data.X_test.shape[1]
    )
    assert abs(mine - correct) <= 1
    assert len(costs) == 2000
    assert costs[0] == pytest.approx(np.log(2))  # w = 0, b = 0: every a is 1/2
    assert all(later <= earlier for earlier, later in pairwise(costs))


def test_default_gradient_descent_is_the_course_s(cancer):
    data, _, loss, _ = cancer
    result = logreg.fit(
        data.X_train, data.Y_train, progress=False
    )  # α = 0.5, 2000 steps
    assert len(result.costs) == 2000
    assert 0 < result.costs[-1] - loss < 1e-3


def test_newton_reaches_sklearn_optimum(cancer):
    data, model, loss, correct = cancer
    w, b, costs = logreg.fit(
        data.X_train, data.Y_train, solver="newton", progress=False
    )
    mine = float(logreg.cost(logreg.forward(w, b, data.X_train), data.Y_train))
    assert abs(mine - loss) < 1e-6
    assert mine - loss < 1e-12  # Newton's is the optimum: sklearn is not below it
    assert len(costs) < 30  # quadratic convergence, early stop
    np.testing.assert_allclose(w.ravel(), model.coef_.ravel(), atol=1e-3)
    assert b == pytest.approx(float(model.intercept_[0]), abs=1e-3)
    right = round(
        float(logreg.accuracy(w, b, data.X_test, data.Y_test)) * data.X_test.shape[1]
    )
    assert abs(right - correct) <= 1


def test_newton_on_synthetic_data():
    data = logreg.synthetic(20, 2000, seed=5)
    _, loss, _ = reference(data)
    w, b, _ = logreg.fit(data.X_train, data.Y_train, solver="newton", progress=False)
    J = float(logreg.cost(logreg.forward(w, b, data.X_train), data.Y_train))
    assert abs(J - loss) < 1e-6


def test_newton_survives_separable_data():
    # all 30 breast-cancer columns separate the classes: the optimum is at infinity
    datasets = pytest.importorskip("sklearn.datasets")
    X, y = datasets.load_breast_cancer(return_X_y=True)
    X = (X - X.mean(0)) / X.std(0)
    Y = y.reshape(1, -1).astype(float)
    w, b, costs = logreg.fit(X.T, Y, solver="newton", iterations=50, progress=False)
    assert np.isfinite(w).all()
    assert np.isfinite(b)
    assert costs[-1] < 1e-3
    assert all(later <= earlier for earlier, later in pairwise(costs))


def test_zero_iterations():
    data = logreg.synthetic(3, 20)
    w, b, costs = logreg.fit(data.X_train, data.Y_train, iterations=0, progress=False)
    assert not w.any()
    assert b == 0.0
    assert costs == ()


@pytest.mark.parametrize(
    ("options", "error", "match"),
    [
        ({"solver": "sgd"}, ValueError, "solver='sgd'"),
        ({"iterations": -1}, ValueError, "iterations=-1"),
        ({"iterations": 2.5}, TypeError, "iterations=2.5"),
        ({"learning_rate": 0}, ValueError, "learning_rate=0"),
        ({"learning_rate": float("nan")}, ValueError, "learning_rate=nan"),
        ({"progress": "yes"}, TypeError, "progress='yes'"),
    ],
)
def test_fit_refuses_bad_options(options, error, match):
    data = logreg.synthetic(3, 20)
    with pytest.raises(error, match=match):
        logreg.fit(data.X_train, data.Y_train, **options)


# -- the guard on every function ----------------------------------------------------------------


def test_sklearn_layout_gets_a_transpose_hint(problem):
    w, b, X, Y = problem
    A = logreg.forward(w, b, X)
    calls = {
        "forward": lambda: logreg.forward(w, b, X.T),
        "predict": lambda: logreg.predict(w, b, X.T),
        "accuracy": lambda: logreg.accuracy(w, b, X.T, Y),
        "gradient_check": lambda: logreg.gradient_check(w, b, X.T, Y),
        "backward": lambda: logreg.backward(X.T, A, Y),
        "fit": lambda: logreg.fit(X.T, Y, progress=False),
    }
    for name, call in calls.items():
        with pytest.raises(bcast.ShapeError) as info:
            call()
        e = info.value
        assert isinstance(e, ValueError)
        assert e.function == name
        if e.argument == "X":  # X is checked after w, which bound n_x
            assert e.shape == X.T.shape
        else:  # X came first and bound m to n_x: the next argument fails
            assert e.bound_by == f"X with shape {bcast.format_shape(X.T.shape)}"
            assert "X's transpose" in e.hint, name
        assert "did you mean X.T?" in e.hint, name


def test_sklearn_labels_get_a_reshape_hint(problem):
    _, _, X, Y = problem
    with pytest.raises(bcast.ShapeError) as info:
        logreg.fit(X.T, Y.ravel(), progress=False)  # both in sklearn's layout
    assert info.value.argument == "Y"
    assert "reshape(1, -1)" in info.value.hint


@pytest.mark.parametrize(
    "call",
    [
        lambda w, b, X, Y: logreg.sigmoid([1.0, 2.0]),  # not an array
        lambda w, b, X, Y: logreg.forward(w[:-1], b, X),
        lambda w, b, X, Y: logreg.forward(w, np.zeros(3), X),
        lambda w, b, X, Y: logreg.cost(logreg.forward(w, b, X), Y[:, :-1]),
        lambda w, b, X, Y: logreg.cost(logreg.forward(w, b, X).ravel(), Y.ravel()),
        lambda w, b, X, Y: logreg.backward(X, logreg.forward(w, b, X), Y[:, :-1]),
        lambda w, b, X, Y: logreg.backward(X[:, :-1], logreg.forward(w, b, X), Y),
        lambda w, b, X, Y: logreg.predict(w, b, X[None]),
        lambda w, b, X, Y: logreg.accuracy(w, b, X, Y.T),
        lambda w, b, X, Y: logreg.gradient_check(w.T, b, X, Y),
        lambda w, b, X, Y: logreg.fit(X, np.vstack([Y, Y]), progress=False),
    ],
)
def test_every_function_is_guarded(problem, call):
    with pytest.raises(bcast.ShapeError):
        call(*problem)


def test_the_same_answers_with_the_guard_off(problem):
    w, _, X, Y = problem
    row = np.zeros((1, X.shape[1]))  # b as a row: NumPy broadcasts it silently
    with pytest.raises(bcast.ShapeError):
        logreg.forward(w, row, X)
    on = logreg.fit(X, Y, iterations=50, progress=False)
    disable()
    try:
        off = logreg.fit(X, Y, iterations=50, progress=False)
        assert logreg.forward(w, row, X).shape == (1, X.shape[1])  # not checked
    finally:
        enable()
    np.testing.assert_array_equal(on.w, off.w)
    assert on.costs == off.costs


def test_bcast_guard_0_at_import_leaves_the_functions_bare(problem):
    _, _, X, Y = problem
    code = (
        "import numpy as np; from bcast import logreg; "
        "d = logreg.synthetic(5, 40, test_size=0, seed=3); "
        "print(hasattr(logreg.forward, '__wrapped__'), "
        "repr(logreg.fit(d.X_train, d.Y_train, iterations=50, progress=False).costs[-1]))"
    )
    env = {**os.environ, "BCAST_GUARD": "0"}
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    bare, last = out.stdout.split()
    assert bare == "False"
    assert float(last) == logreg.fit(X, Y, iterations=50, progress=False).costs[-1]


# -- progress -------------------------------------------------------------------------------------


def test_progress_bar_shows_the_cost(capsys):
    data = logreg.synthetic(3, 50)
    result = logreg.fit(data.X_train, data.Y_train, iterations=7)
    captured = capsys.readouterr()
    assert captured.out == ""  # the bar goes to stderr
    assert "gradient descent" in captured.err
    assert "7/7" in captured.err
    assert f"cost {result.costs[-1]:.6f}" in captured.err


def test_newton_bar_ends_at_the_iterations_taken(capsys):
    data = logreg.synthetic(3, 200)
    result = logreg.fit(data.X_train, data.Y_train, solver="newton", iterations=100)
    n = len(result.costs)
    assert n < 100
    assert f"{n}/{n}" in capsys.readouterr().err


# -- Dask ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chunked(cancer):
    da = pytest.importorskip("dask.array")
    dask = pytest.importorskip("dask")
    data = cancer[0]
    X, Y = data.X_train, data.Y_train
    with dask.config.set(scheduler="threads"):
        yield (
            X,
            Y,
            da.from_array(X, chunks=(X.shape[0], 100)),
            da.from_array(Y, chunks=(1, 100)),
        )


def test_dask_forward_cost_backward(chunked):
    X, Y, Xd, Yd = chunked
    w, b = np.linspace(-1, 1, X.shape[0]).reshape(-1, 1), 0.3
    A, Ad = logreg.forward(w, b, X), logreg.forward(w, b, Xd)
    assert hasattr(Ad, "dask")  # lazy
    assert Ad.chunks[1] == Xd.chunks[1]  # chunked along the examples, as X
    np.testing.assert_allclose(Ad.compute(), A, rtol=0, atol=1e-10)
    assert abs(float(logreg.cost(Ad, Yd).compute()) - float(logreg.cost(A, Y))) < 1e-10
    (dw, db), (dwd, dbd) = logreg.backward(X, A, Y), logreg.backward(Xd, Ad, Yd)
    np.testing.assert_allclose(dwd.compute(), dw, rtol=0, atol=1e-10)
    assert abs(float(dbd.compute()) - float(db)) < 1e-10


@pytest.mark.parametrize("solver", ["gd", "newton"])
def test_dask_fit(chunked, solver):
    X, Y, Xd, Yd = chunked
    np_fit = logreg.fit(X, Y, solver=solver, iterations=100, progress=False)
    dask_fit = logreg.fit(Xd, Yd, solver=solver, iterations=100, progress=False)
    np.testing.assert_allclose(dask_fit.w, np_fit.w, rtol=0, atol=1e-10)
    assert abs(dask_fit.b - np_fit.b) < 1e-10
    assert len(dask_fit.costs) == len(np_fit.costs)
    np.testing.assert_allclose(dask_fit.costs, np_fit.costs, rtol=0, atol=1e-10)


# -- the data ------------------------------------------------------------------------------------------


def test_breast_cancer_is_standardized_columns(cancer):
    datasets = pytest.importorskip("sklearn.datasets")
    data = cancer[0]
    raw = datasets.load_breast_cancer()
    assert data.X_train.shape[1] + data.X_test.shape[1] == raw.data.shape[0]
    assert data.features == tuple(
        raw.feature_names[list(logreg.BREAST_CANCER_FEATURES)]
    )
    np.testing.assert_allclose(data.X_train.mean(axis=1), 0, atol=1e-12)
    np.testing.assert_allclose(data.X_train.std(axis=1), 1, atol=1e-12)
    assert set(np.unique(data.Y_train)) == {0.0, 1.0}
    assert (
        logreg.breast_cancer().X_test.tobytes() == data.X_test.tobytes()
    )  # a fixed split


def test_breast_cancer_without_sklearn_says_what_to_do(monkeypatch):
    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)
    with pytest.raises(ImportError, match="pip install scikit-learn"):
        logreg.breast_cancer()


def test_synthetic_is_fixed_by_the_seed():
    a, b, c = (
        logreg.synthetic(4, 100, seed=1),
        logreg.synthetic(4, 100, seed=1),
        logreg.synthetic(4, 100, seed=2),
    )
    assert a.X_train.shape == (4, 75)
    assert a.Y_test.shape == (1, 25)
    np.testing.assert_array_equal(a.X_train, b.X_train)
    assert not np.array_equal(a.X_train, c.X_train)
    assert 0 < a.Y_train.mean() < 1
