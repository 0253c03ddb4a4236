"""Logistic regression the course's way, every shape checked by the guard.

The course notes derive the gradients on a computation graph::

    z = wᵀx + b        a = σ(z) = 1 / (1 + e^(−z))
    L(a, y) = −y log a − (1 − y) log(1 − a)        J = (1/m) Σ L
    dz = a − y         dw = (1/m) Σ x·dz          db = (1/m) Σ dz

(the notes print σ(z) = 1/(1 − e^z), a typo).  Here they are vectorized over
the ``m`` examples, which are *columns*, as in the course: ``X`` is
``(n_x, m)``, ``Y`` and ``A`` are ``(1, m)``, ``w`` is ``(n_x, 1)`` and ``b`` a
scalar.  Every public function is decorated with :func:`bcast.shaped`, so
passing scikit-learn's ``(m, n_x)`` layout is a :class:`bcast.ShapeError`
that says to transpose, and ``db`` is ``unbroadcast(dz, ())``: ``b`` was
stretched over the examples, so its gradient sums over them.

The functions only use ``@``, ``.T``, ufuncs, ``np.where``/``np.clip`` and
``.sum``, so they run unchanged on Dask arrays chunked along the examples;
:func:`fit` evaluates each step's cost and gradients together.

This module imports NumPy; ``import bcast`` does not import it.  Use
``from bcast import logreg``.
"""

from __future__ import annotations

from importlib import import_module
from math import ceil
from operator import index as _index

import numpy as np

from bcast.core.adjoint import unbroadcast
from bcast.core.records import Record
from bcast.guard.shaped import shaped

TYPE_CHECKING = False  # see bcast.core.rule: typing stays out of start-up
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, Protocol, TypeAlias, TypeVar

    Array: TypeAlias = Any
    """A NumPy array, or any array with NumPy's operators (Dask, CuPy)."""

    F = TypeVar("F", bound=Callable[..., Any])

    class _Bar(Protocol):
        def __enter__(self) -> object: ...
        def __exit__(self, *exc: object) -> None: ...
        def advance(self, cost: float) -> None: ...
        def finish(self) -> None: ...


__all__ = [
    "Dataset",
    "FitResult",
    "GradientCheck",
    "accuracy",
    "backward",
    "breast_cancer",
    "cost",
    "fit",
    "forward",
    "gradient_check",
    "initialize",
    "predict",
    "sigmoid",
    "synthetic",
]

B_SHAPE = ()
"""The shape of ``b``: a scalar, broadcast over the examples."""

SOLVERS = ("gd", "newton")

_NEWTON_TOL = 1e-15  # stop when the Newton decrement λ²/2 is below this
_ARMIJO = 1e-4  # sufficient decrease for Newton's backtracking line search

BREAST_CANCER_FEATURES = (0, 1, 4, 5, 6, 7, 8, 9)
"""Columns of scikit-learn's breast-cancer data that :func:`breast_cancer` uses.

The ten "mean" measurements without mean perimeter and mean area, which are
functions of the mean radius (p ≈ 2πr, a ≈ πr²).  With all 30 columns the
training set is linearly separable: the unpenalized optimum lies at infinity
and there is no log-loss to agree on.  With the ten means, the near-duplicate
columns make the problem so ill-conditioned that plain gradient descent needs
tens of thousands of steps.  These eight give a unique optimum that gradient
descent reaches in a few thousand.
"""


def _shaped(*, returns: object = None, **specs: str) -> Callable[[F], F]:
    """:func:`bcast.shaped`, typed for mypy: the decorated function keeps its type."""
    decorate: Callable[[F], F] = shaped(returns=returns, **specs)
    return decorate


def _unguarded(fn: F) -> F:
    """The function under the guard (itself when ``BCAST_GUARD=0`` left it bare)."""
    return getattr(fn, "__wrapped__", fn)


def _evaluate(*xs: Any) -> tuple[Any, ...]:
    """Compute lazy (Dask) values together, in one pass over the data."""
    if any(hasattr(x, "__dask_graph__") for x in xs):
        dask = import_module("dask")
        return tuple(dask.compute(*xs))
    return xs


# -- the records ------------------------------------------------------------------


class FitResult(Record):
    """What :func:`fit` returns: the parameters and the cost history.

    Attributes
    ----------
    w : ndarray
        The weights, ``(n_x, 1)``.
    b : float
        The bias.
    costs : tuple of float
        The cost ``J`` at the start of every iteration, before its update.
    """

    w: Array
    b: float
    costs: tuple[float, ...]


class GradientCheck(Record):
    """What :func:`gradient_check` returns.

    Attributes
    ----------
    error : float
        ``‖analytic − numeric‖ / (‖analytic‖ + ‖numeric‖)``.
    analytic : ndarray
        ``dw`` then ``db``, from :func:`backward`, shape ``(n_x + 1,)``.
    numeric : ndarray
        The same, by central differences of :func:`cost`.
    """

    error: float
    analytic: Array
    numeric: Array


class Dataset(Record):
    """A train/test split with examples as columns.

    Attributes
    ----------
    X_train, X_test : ndarray
        ``(n_x, m_train)`` and ``(n_x, m_test)``, standardized with the
        training set's mean and standard deviation.
    Y_train, Y_test : ndarray
        ``(1, m_train)`` and ``(1, m_test)`` labels, 0.0 or 1.0.
    features : tuple of str
        The name of each row of ``X``.
    """

    X_train: Array
    Y_train: Array
    X_test: Array
    Y_test: Array
    features: tuple[str, ...]


# -- the model ------------------------------------------------------------------------


def _sigmoid(z: Array) -> Array:
    # exp(−|z|) is at most 1: no overflow for any z, and small results keep
    # their precision (σ(−50) is 1.9e-22, not 0).
    e = np.exp(-np.abs(z))
    r = e / (1.0 + e)  # σ(−|z|), at most 1/2
    return np.where(z >= 0, 1.0 - r, r)


@_shaped(z="*shape", returns="*shape")
def sigmoid(z: Array) -> Array:
    """The logistic function σ(z) = 1 / (1 + e^(−z)), elementwise.

    Numerically stable: it never computes ``exp`` of a positive number, so a
    large ``|z|`` neither overflows nor warns.

    Parameters
    ----------
    z : array
        Any shape.

    Returns
    -------
    ndarray
        The same shape as ``z``, values in [0, 1].

    Examples
    --------
    >>> import numpy as np
    >>> sigmoid(np.array([-1000.0, 0.0, 1000.0]))
    array([0. , 0.5, 1. ])
    >>> float(sigmoid(np.array(-50.0)))
    1.9287498479639178e-22
    """
    return _sigmoid(z)


@_shaped(returns=("n_x, 1", "()"))
def initialize(n_x: int) -> tuple[Array, float]:
    """Zero parameters for ``n_x`` features: ``w`` is ``(n_x, 1)``, ``b`` is 0.0.

    Zeros are fine for logistic regression (its cost is convex; there is no
    symmetry to break).

    Parameters
    ----------
    n_x : int
        The number of features, 1 or more.

    Returns
    -------
    w : ndarray
        ``(n_x, 1)`` zeros.
    b : float
        0.0.

    Examples
    --------
    >>> w, b = initialize(3)
    >>> w.shape, b
    ((3, 1), 0.0)
    """
    try:
        n = _index(n_x)
    except TypeError:
        raise TypeError(f"initialize(n_x={n_x!r}): n_x is an int, 1 or more") from None
    if n < 1:
        raise ValueError(
            f"initialize(n_x={n_x!r}): n_x is the number of features, 1 or more"
        )
    return np.zeros((n, 1)), 0.0


@_shaped(w="n_x, 1", b="()", X="n_x, m", returns="1, m")
def forward(w: Array, b: Array | float, X: Array) -> Array:
    """The activations ``A = σ(wᵀX + b)``, one per example (column of ``X``).

    ``b`` is stretched over the ``m`` columns by broadcasting.

    Parameters
    ----------
    w : array, (n_x, 1)
    b : float or 0-d array
    X : array, (n_x, m)
        Examples as columns.

    Returns
    -------
    ndarray, (1, m)

    Raises
    ------
    ShapeError
        If a shape does not fit; for ``X`` in scikit-learn's ``(m, n_x)``
        layout the message says to transpose it.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1.0, -1.0, 0.0], [2.0, 0.0, -3.0]])   # n_x = 2, m = 3
    >>> forward(np.array([[1.0], [0.5]]), 0.0, X).round(3)
    array([[0.881, 0.269, 0.182]])
    >>> forward(np.zeros((2, 1)), 0.0, X.T)
    Traceback (most recent call last):
    ...
    bcast.errors.ShapeError: forward(): X has shape (3, 2), expected (n_x, m): axis 0 (-2) is 3 but n_x = 2, bound by w with shape (2, 1); its transpose (2, 3) would fit (examples are columns here): did you mean X.T?
    """
    return _sigmoid(w.T @ X + b)


@_shaped(A="1, m", Y="1, m", returns="()")
def cost(A: Array, Y: Array) -> Array:
    """The cross-entropy cost ``J = −(1/m) Σ [y log a + (1 − y) log(1 − a)]``.

    ``A`` is clipped to ``[ε, 1 − ε]`` (``ε`` is the machine epsilon of its
    type), as :func:`sklearn.metrics.log_loss` does, so ``A = 0`` or ``1``
    gives a finite cost and no warning.

    Parameters
    ----------
    A : array, (1, m)
        Activations, from :func:`forward`.
    Y : array, (1, m)
        Labels, 0 or 1.

    Returns
    -------
    float or 0-d array
        ``J`` (a lazy 0-d array for Dask inputs).

    Examples
    --------
    >>> import numpy as np
    >>> Y = np.array([[1.0, 0.0]])
    >>> float(cost(np.array([[0.5, 0.5]]), Y))   # log 2
    0.6931471805599453
    >>> float(cost(np.array([[1.0, 0.0]]), Y))   # right and sure: no log(0)
    2.220446049250313e-16
    >>> float(cost(np.array([[0.0, 1.0]]), Y))   # wrong and sure: finite
    36.04365338911715
    """
    m = A.shape[1]
    eps = float(np.finfo(A.dtype).eps) if A.dtype.kind == "f" else 2.0**-52
    P = np.clip(A, eps, 1.0 - eps)
    return -(Y * np.log(P) + (1.0 - Y) * np.log1p(-P)).sum() / m


@_shaped(X="n_x, m", A="1, m", Y="1, m", returns=("n_x, 1", "()"))
def backward(X: Array, A: Array, Y: Array) -> tuple[Array, Array]:
    """The gradients of :func:`cost`: ``dw`` (n_x, 1) and ``db``, as in the notes.

    ``dz = A − Y`` (the chain rule through σ and the log cancels to this),
    ``dw = X dzᵀ / m`` (the notes' ``(1/m) Σ x·dz``, one column per example) and
    ``db = unbroadcast(dz, ()) / m``: ``b`` was broadcast over the examples, so
    its gradient sums ``dz`` back onto ``b``'s shape.

    Parameters
    ----------
    X : array, (n_x, m)
    A : array, (1, m)
        Activations, from :func:`forward`.
    Y : array, (1, m)
        Labels.

    Returns
    -------
    dw : ndarray, (n_x, 1)
    db : float or 0-d array

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1.0, -1.0, 0.0], [2.0, 0.0, -3.0]])
    >>> A = np.array([[0.5, 0.5, 0.5]])
    >>> dw, db = backward(X, A, np.array([[1.0, 0.0, 1.0]]))
    >>> dw.T, float(db)
    (array([[-0.33333333,  0.16666667]]), -0.16666666666666666)
    >>> backward(X.T, A, np.array([[1.0, 0.0, 1.0]]))
    Traceback (most recent call last):
    ...
    bcast.errors.ShapeError: backward(): A has shape (1, 3), expected (1, m): axis 1 (-1) is 3 but m = 2, bound by X with shape (3, 2); X's transpose (2, 3) would make it fit (examples are columns here): did you mean X.T?
    """
    m = X.shape[1]
    dz = A - Y
    dw = X @ dz.T / m
    db = unbroadcast(dz, B_SHAPE) / m
    return dw, db


@_shaped(X="n_x, m", A="1, m", returns=("n_x, n_x", "n_x, 1", "()"))
def _hessian(X: Array, A: Array) -> tuple[Array, Array, Array]:
    """The blocks of the Hessian of :func:`cost` in ``(w, b)``.

    ``H = (1/m) Σ a(1 − a) [x; 1][x; 1]ᵀ``: ``Hww`` (n_x, n_x), ``Hwb``
    (n_x, 1) and ``Hbb``.
    """
    m = X.shape[1]
    s = A * (1.0 - A)  # (1, m)
    Xs = X * s  # the row s stretched down the n_x rows of X
    return (
        Xs @ X.T / m,
        unbroadcast(Xs, (X.shape[0], 1)) / m,
        unbroadcast(s, B_SHAPE) / m,
    )


@_shaped(w="n_x, 1", b="()", X="n_x, m", returns="1, m")
def predict(w: Array, b: Array | float, X: Array, *, threshold: float = 0.5) -> Array:
    """Labels 1.0 where ``σ(wᵀX + b) > threshold``, else 0.0.

    Parameters
    ----------
    w : array, (n_x, 1)
    b : float or 0-d array
    X : array, (n_x, m)
    threshold : float, optional
        0.5 by default.

    Returns
    -------
    ndarray, (1, m)

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1.0, -1.0, 0.0], [2.0, 0.0, -3.0]])
    >>> predict(np.array([[1.0], [0.5]]), 0.0, X)
    array([[1., 0., 0.]])
    """
    A = forward(w, b, X)
    return np.greater(A, threshold).astype(A.dtype)


@_shaped(w="n_x, 1", b="()", X="n_x, m", Y="1, m", returns="()")
def accuracy(w: Array, b: Array | float, X: Array, Y: Array) -> Array:
    """The fraction of examples :func:`predict` labels right.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1.0, -1.0, 0.0], [2.0, 0.0, -3.0]])
    >>> float(accuracy(np.array([[1.0], [0.5]]), 0.0, X, np.array([[1, 0, 1]])))
    0.6666666666666666
    """
    return (predict(w, b, X) == Y).mean()


@_shaped(w="n_x, 1", b="()", X="n_x, m", Y="1, m")
def gradient_check(
    w: Array, b: Array | float, X: Array, Y: Array, *, epsilon: float = 1e-6
) -> GradientCheck:
    """Compare :func:`backward` with central differences of :func:`cost`.

    Each of the ``n_x + 1`` parameters is moved by ``±epsilon`` in turn and
    ``(J(θ + ε) − J(θ − ε)) / 2ε`` is set beside the analytic gradient.  The
    relative error ``‖analytic − numeric‖ / (‖analytic‖ + ‖numeric‖)`` is
    below 1e-7 when the gradients are right (check away from the optimum,
    where the gradient is not almost zero).

    Parameters
    ----------
    w : array, (n_x, 1)
    b : float or 0-d array
    X : array, (n_x, m)
    Y : array, (1, m)
    epsilon : float, optional
        The step, 1e-6 by default.

    Returns
    -------
    GradientCheck

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1.0, -1.0, 0.0], [2.0, 0.0, -3.0]])
    >>> check = gradient_check(np.array([[0.3], [-0.2]]), 0.1, X, np.array([[1, 0, 1]]))
    >>> check.error < 1e-7
    True
    >>> check.analytic.shape
    (3,)
    """
    if not (isinstance(epsilon, (int, float)) and 0 < epsilon < 1):
        raise ValueError(
            f"gradient_check(epsilon={epsilon!r}): use a small step, such as 1e-6"
        )
    dw, db = _evaluate(*backward(X, forward(w, b, X), Y))
    analytic = np.append(np.asarray(dw, dtype=float).ravel(), float(db))
    theta = analytic.copy()
    theta[:-1] = np.asarray(w, dtype=float).ravel()
    theta[-1] = float(b)
    n_x = theta.size - 1

    def J(t: Array) -> float:
        (value,) = _evaluate(cost(forward(t[:-1].reshape(n_x, 1), t[-1], X), Y))
        return float(value)

    numeric = np.empty_like(theta)
    for i in range(theta.size):
        step = np.zeros_like(theta)
        step[i] = epsilon
        numeric[i] = (J(theta + step) - J(theta - step)) / (2 * epsilon)
    error = np.linalg.norm(analytic - numeric)
    scale = np.linalg.norm(analytic) + np.linalg.norm(numeric)
    return GradientCheck(
        error=float(error / scale) if scale else 0.0, analytic=analytic, numeric=numeric
    )


# -- training ---------------------------------------------------------------------------


class _NoBar:
    """The progress bar for ``progress=False``: nothing, and no rich."""

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def advance(self, cost: float) -> None:
        pass

    def finish(self) -> None:
        pass


def _options(
    learning_rate: float | None, iterations: int, solver: str, progress: bool
) -> tuple[float, int]:
    """Check fit()'s options up front; the step size and the iteration count."""
    if solver not in SOLVERS:
        raise ValueError(
            f"fit(solver={solver!r}): use 'gd' (gradient descent, the course's) "
            "or 'newton' (Newton's method)"
        )
    try:
        n = _index(iterations)
    except TypeError:
        raise TypeError(f"fit(iterations={iterations!r}): an int, 0 or more") from None
    if n < 0:
        raise ValueError(f"fit(iterations={iterations!r}): an int, 0 or more")
    if learning_rate is None:
        rate = 0.5 if solver == "gd" else 1.0
    elif (
        isinstance(learning_rate, (int, float))
        and not isinstance(learning_rate, bool)
        and 0 < learning_rate < float("inf")
    ):
        rate = float(learning_rate)
    else:
        raise ValueError(f"fit(learning_rate={learning_rate!r}): a number above 0")
    if not isinstance(progress, bool):
        raise TypeError(f"fit(progress={progress!r}): True or False")
    return rate, n


@_shaped(X="n_x, m", Y="1, m")
def fit(
    X: Array,
    Y: Array,
    *,
    learning_rate: float | None = None,
    iterations: int = 2000,
    solver: str = "gd",
    progress: bool = True,
) -> FitResult:
    """Train from zero parameters; return them and the cost history.

    ``solver="gd"`` (the default, the course's) takes ``iterations`` steps
    ``w ← w − α·dw``, ``b ← b − α·db``.  Its first iteration calls the guarded
    :func:`forward`, :func:`cost` and :func:`backward`, which check every
    shape; later iterations cannot change a shape (``w − α·dw`` has ``w``'s),
    so they call the same functions without the guard: the guard costs one
    check per fit, not one per step.

    ``solver="newton"`` takes Newton steps on the same guarded functions plus
    the Hessian ``(1/m) Σ a(1 − a) [x; 1][x; 1]ᵀ`` (iteratively reweighted
    least squares), halving a step until the cost falls enough, and stops
    early once the Newton decrement says the cost is within 1e-15 of its
    minimum.  A handful of iterations reach scikit-learn's optimum.

    Parameters
    ----------
    X : array, (n_x, m)
        Examples as columns (NumPy or Dask chunked along the examples).
    Y : array, (1, m)
        Labels, 0 or 1.
    learning_rate : float, optional
        The step size α: 0.5 for ``"gd"`` (the course's), 1.0 (full Newton
        steps) for ``"newton"``.
    iterations : int, optional
        The number of steps (for Newton, the most), 2000 by default.
    solver : {"gd", "newton"}, optional
    progress : bool, optional
        Show a rich progress bar with the cost (on stderr).  With False, rich
        is not imported.

    Returns
    -------
    FitResult
        ``(w, b, costs)``: NumPy ``w`` (n_x, 1), float ``b``, and the cost at
        the start of each iteration.

    Raises
    ------
    ShapeError
        If ``X`` is not ``(n_x, m)`` or ``Y`` not ``(1, m)``; scikit-learn's
        ``(m, n_x)`` and ``(m,)`` get the transpose and reshape hints.
    ValueError, TypeError
        For an unknown solver or a bad option, before any work.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[-2.0, -1.0, 1.0, 2.0, -0.5, 0.5]])   # n_x = 1, m = 6
    >>> Y = np.array([[0, 0, 1, 1, 1, 0]])
    >>> w, b, costs = fit(X, Y, iterations=100, progress=False)
    >>> w.shape, len(costs), costs[0] > costs[-1]
    ((1, 1), 100, True)
    >>> fit(X.T, Y.T, progress=False)
    Traceback (most recent call last):
    ...
    bcast.errors.ShapeError: fit(): Y has shape (6, 1), expected (1, m): axis 0 (-2) is 6, expected 1; X's transpose (1, 6) would fix the sizes (examples are columns here): did you mean X.T? Then: its transpose (1, 6) would fit (examples are columns here): did you mean Y.T?
    """
    rate, n = _options(learning_rate, iterations, solver, progress)
    w, b = initialize(X.shape[0])
    bar: _Bar = _NoBar()
    if progress:
        from bcast.course.progress import CostProgress

        name = "gradient descent" if solver == "gd" else "Newton"
        bar = CostProgress(n, description=name)
    with bar:
        if solver == "gd":
            w, b, costs = _gradient_descent(w, b, X, Y, rate, n, bar)
        else:
            w, b, costs = _newton(w, b, X, Y, rate, n, bar)
        bar.finish()
    return FitResult(w=w, b=b, costs=tuple(costs))


def _gradient_descent(
    w: Array, b: float, X: Array, Y: Array, rate: float, n: int, bar: _Bar
) -> tuple[Array, float, list[float]]:
    costs: list[float] = []
    guarded = (forward, cost, backward)
    bare = (_unguarded(forward), _unguarded(cost), _unguarded(backward))
    for i in range(n):
        fwd, cst, bwd = bare if i else guarded
        A = fwd(w, b, X)
        J, dw, db = _evaluate(cst(A, Y), *bwd(X, A, Y))
        w = w - rate * dw
        b = b - rate * float(db)
        costs.append(float(J))
        bar.advance(costs[-1])
    return w, b, costs


def _newton(
    w: Array, b: float, X: Array, Y: Array, rate: float, n: int, bar: _Bar
) -> tuple[Array, float, list[float]]:
    costs: list[float] = []
    A = forward(w, b, X)
    (J,) = _evaluate(cost(A, Y))
    for _ in range(n):
        costs.append(float(J))
        bar.advance(costs[-1])
        dw, db, Hww, Hwb, Hbb = _evaluate(*backward(X, A, Y), *_hessian(X, A))
        g = np.vstack([dw, np.full((1, 1), float(db))])
        H = np.block([[Hww, Hwb], [Hwb.T, np.full((1, 1), float(Hbb))]])
        try:
            d = np.linalg.solve(H, g)
        except np.linalg.LinAlgError:  # singular: separable data, a constant column
            d = np.linalg.lstsq(H, g, rcond=None)[0]
        decrement = float((g * d).sum())  # λ² = gᵀH⁻¹g; J − J* ≈ λ²/2
        if not decrement / 2 > _NEWTON_TOL:
            break
        t = rate  # backtrack until the cost falls enough (Armijo)
        while True:
            w_new, b_new = w - t * d[:-1], b - t * float(d[-1, 0])
            A_new = forward(w_new, b_new, X)
            (J_new,) = _evaluate(cost(A_new, Y))
            if J_new <= J - _ARMIJO * t * decrement:
                break
            t /= 2
            if t < 1e-12:  # no decrease left to find: as good as it gets
                return w, b, costs
        w, b, A, J = w_new, b_new, A_new, J_new
    return w, b, costs


# -- data -------------------------------------------------------------------------------


def _standardized(X_train: Array, X_test: Array) -> tuple[Array, Array]:
    """Both scaled by the training columns' mean and standard deviation."""
    mean = X_train.mean(axis=1, keepdims=True)  # (n_x, 1): one per feature
    std = X_train.std(axis=1, keepdims=True)
    return (X_train - mean) / std, (X_test - mean) / std


def breast_cancer(*, test_size: float = 0.25, random_state: int = 0) -> Dataset:
    """scikit-learn's breast-cancer data, examples as columns, standardized.

    The eight columns of :data:`BREAST_CANCER_FEATURES` (see there why not
    all 30), a stratified train/test split fixed by ``random_state``, each
    feature scaled by the training set's mean and standard deviation.  ``Y``
    is 1.0 for benign.

    Parameters
    ----------
    test_size : float, optional
        The fraction held out, 0.25 by default.
    random_state : int, optional
        Fixes the split.

    Returns
    -------
    Dataset

    Raises
    ------
    ImportError
        Without scikit-learn (``pip install scikit-learn``).

    Examples
    --------
    >>> data = breast_cancer()
    >>> data.X_train.shape, data.Y_train.shape, data.X_test.shape
    ((8, 426), (1, 426), (8, 143))
    >>> data.features[:2]
    ('mean radius', 'mean texture')
    """
    try:
        datasets = import_module("sklearn.datasets")
        model_selection = import_module("sklearn.model_selection")
    except ImportError as e:
        raise ImportError(
            f"breast_cancer() needs scikit-learn ({e}): pip install scikit-learn, "
            "or use bcast.logreg.synthetic()"
        ) from None
    data = datasets.load_breast_cancer()
    cols = list(BREAST_CANCER_FEATURES)
    x_tr, x_te, y_tr, y_te = model_selection.train_test_split(
        data.data[:, cols],
        data.target,
        test_size=test_size,
        random_state=random_state,
        stratify=data.target,
    )
    X_train, X_test = _standardized(x_tr.T, x_te.T)
    return Dataset(
        X_train=X_train,
        Y_train=y_tr.reshape(1, -1).astype(float),
        X_test=X_test,
        Y_test=y_te.reshape(1, -1).astype(float),
        features=tuple(str(data.feature_names[c]) for c in cols),
    )


def synthetic(n_x: int, m: int, *, test_size: float = 0.25, seed: int = 0) -> Dataset:
    """Data drawn from a logistic model: features N(0, 1), labels ~ σ(wᵀx + b).

    Labels are random draws, so the classes overlap and the unpenalized
    optimum is finite.  ``m`` examples in all; ``ceil(m * test_size)`` of
    them are held out, as scikit-learn's ``train_test_split`` counts.

    Parameters
    ----------
    n_x, m : int
        Features and examples.
    test_size : float, optional
        The fraction held out, 0.25 by default (0 keeps all for training).
    seed : int, optional
        Fixes the draw.

    Returns
    -------
    Dataset

    Examples
    --------
    >>> data = synthetic(3, 100)
    >>> data.X_train.shape, data.Y_test.shape, data.features
    ((3, 75), (1, 25), ('x1', 'x2', 'x3'))
    """
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_x, m))
    w = rng.standard_normal((n_x, 1)) * (2.0 / np.sqrt(n_x))
    Y = (rng.random((1, m)) < _sigmoid(w.T @ X + 0.5)).astype(float)
    k = m - ceil(m * test_size)  # as scikit-learn's train_test_split counts
    X_train, X_test = _standardized(X[:, :k], X[:, k:])
    names = tuple(f"x{i + 1}" for i in range(n_x))
    return Dataset(
        X_train=X_train,
        Y_train=Y[:, :k],
        X_test=X_test,
        Y_test=Y[:, k:],
        features=names,
    )
