"""bcast.watch / bcast.strict: silent broadcasting made loud, checked against NumPy."""

from __future__ import annotations

import subprocess
import sys
import threading
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import mutually_broadcastable_shapes

import bcast
from bcast.runtime.watch import BroadcastWarning, SilentBroadcastError, WatchedArray

# Operands are named from the source where Python records code positions.
POSITIONS = sys.version_info >= (3, 11)


def _here() -> int:
    """The caller's line number."""
    return sys._getframe(1).f_lineno


# -- views, not copies ------------------------------------------------------------


def test_watch_returns_views_of_the_same_memory():
    a, b = np.arange(6.0).reshape(2, 3), np.ones(3)
    wa, wb = bcast.watch(a, b)
    assert type(wa) is WatchedArray
    assert np.shares_memory(wa, a)
    assert np.shares_memory(wb, b)
    wa[0, 0] = 42.0  # a view: writing through it writes the original
    assert a[0, 0] == 42.0
    one = bcast.watch(a)  # one array in, one array out
    assert isinstance(one, np.ndarray)
    assert np.shares_memory(one, a)


def test_unwatch_gives_plain_arrays_on_the_same_memory():
    a = np.arange(4.0)
    w = bcast.watch(a)
    plain = bcast.unwatch(w)
    assert type(plain) is np.ndarray
    assert np.shares_memory(plain, a)
    x, y = bcast.unwatch(w * 2, a)
    assert type(x) is np.ndarray
    assert y is a  # not watched: given back as it is


def test_watch_converts_what_is_not_an_array():
    w = bcast.watch([1.0, 2.0])
    assert type(w) is WatchedArray
    np.testing.assert_array_equal(w, np.asarray([1.0, 2.0]))


# -- what is flagged, where the warning points ------------------------------------


def test_rank_promotion_warns_at_the_users_line():
    X, b = bcast.watch(np.ones((3, 4)), np.arange(4.0))
    line = _here() + 2
    with pytest.warns(BroadcastWarning) as record:
        Z = X - b
    assert len(record) == 1
    w = record[0]
    assert w.filename == __file__
    assert w.lineno == line
    finding = w.message.finding
    assert finding.kind == "rank_promotion"
    assert finding.shapes == ((3, 4), (4,))
    assert finding.promoted == ((1, 1),)
    assert finding.result == (np.ones((3, 4)) - np.arange(4.0)).shape
    np.testing.assert_array_equal(Z, np.ones((3, 4)) - np.arange(4.0))
    x, y = finding.names
    if POSITIONS:
        assert (x, y) == ("X", "b")  # as the line that broadcast names them
    assert str(w.message).startswith(
        f"subtract({x}, {y}): shapes (3, 4) (4,) broadcast"
    )
    assert f"{y} gets 1 new leading axis; write {y}[None] to say so" in str(w.message)


def test_outer_product_warns_at_the_users_line():
    # The course's bug: y has shape (m,), y_hat (m, 1), and y - y_hat is (m, m).
    y, y_hat = bcast.watch(np.arange(5.0), np.arange(5.0).reshape(5, 1))
    line = _here() + 2
    with pytest.warns(BroadcastWarning) as record:
        loss = ((y - y_hat) ** 2).mean()
    assert [(w.filename, w.lineno) for w in record] == [(__file__, line)]
    finding = record[0].message.finding
    assert finding.kind == "outer"
    assert finding.result == (5, 5) == np.subtract(np.ones(5), np.ones((5, 1))).shape
    assert finding.vector == (0, 1, "column")
    assert loss == ((np.arange(5.0) - np.arange(5.0).reshape(5, 1)) ** 2).mean()


def test_the_warning_points_past_numpy_frames():
    # x.mean() runs NumPy's Python code (numpy/_core/_methods.py) before the
    # subtraction; the warning must still name this file and line.
    X = bcast.watch(np.arange(16.0).reshape(4, 4))
    line = _here() + 2
    with pytest.warns(BroadcastWarning) as record:
        X - X.mean(axis=1)
    assert [(w.filename, w.lineno) for w in record] == [(__file__, line)]


def _helper(a, b):
    return a + b  # the line a warning from inside a helper names


def test_the_warning_points_at_the_line_that_broadcast():
    a, b = bcast.watch(np.ones(3), np.ones((3, 1)))
    with pytest.warns(BroadcastWarning) as record:
        _helper(a, b)
    assert record[0].filename == __file__
    assert record[0].lineno == _helper.__code__.co_firstlineno + 1


SUSPECTS = [((5,), (5, 1)), ((4,), (1, 4)), ((3, 4), (4,)), ((2, 3, 4), (4,))]


@pytest.mark.parametrize(("sa", "sb"), SUSPECTS)
def test_the_suggested_fix_is_right(sa, sb):
    a, b = bcast.watch(np.ones(sa), np.ones(sb))
    with pytest.raises(SilentBroadcastError) as info, bcast.strict("raise"):
        np.add(a, b)
    finding = info.value.finding
    assert finding.names == (("a", "b") if POSITIONS else ("x1", "x2"))
    assert finding.fix is not None
    # The fix is code naming the operands; run it (our own code) and try again.
    fixed = dict(zip(finding.names, (a, b)))
    changed = finding.fix.split("[")[0]
    fixed[changed] = eval(finding.fix, {}, dict(fixed))
    with bcast.strict("raise"):  # nothing to flag now
        result = np.add(*fixed.values())
    # element by element: the result is no larger than the larger operand
    assert result.size == max(a.size, b.size)


def test_names_fall_back_to_numpys():
    a, b = bcast.watch(np.ones(3), np.ones((3, 1)))
    pair = (a, b)
    with pytest.raises(SilentBroadcastError) as info, bcast.strict("raise"):
        np.add(*pair)  # no names to read from this line
    assert info.value.finding.names == ("x1", "x2")
    assert info.value.finding.fix == "x1[:, None]"


def test_numbers_and_equal_shapes_are_not_flagged():
    X, b = bcast.watch(np.ones((3, 4)), np.ones((1, 4)))
    with bcast.strict("raise"):
        assert (X * 2.0 + 1).shape == (3, 4)
        assert (X + b).shape == (3, 4)  # same rank: stretching a 1 is explicit
        assert (X + np.float64(3)).shape == (3, 4)
        assert (X + np.array(3.0)).shape == (3, 4)  # a 0-d array, as JAX
        assert np.maximum(0, X).shape == (3, 4)


def test_broadcasting_inside_numpy_itself_is_not_flagged():
    a, b = bcast.watch(np.arange(3.0), np.arange(4.0))
    with bcast.strict("raise"):
        np.testing.assert_array_equal(
            np.outer(a, b), np.outer(np.arange(3.0), np.arange(4.0))
        )
        assert np.subtract.outer(a, b).shape == (3, 4)


def test_matmul_binds_core_axes_and_is_not_flagged():
    A, v = bcast.watch(np.ones((10, 3, 4)), np.ones(4))
    with bcast.strict("raise"):
        assert (A @ v).shape == (10, 3)


def test_conflicts_are_left_to_numpy():
    a, b = bcast.watch(np.ones((3, 4)), np.ones(3))
    with (
        pytest.raises(ValueError, match="could not be broadcast") as info,
        bcast.strict("raise"),
    ):
        a + b
    assert not isinstance(info.value, SilentBroadcastError)


def _stretched(shape: tuple[int, ...], result: tuple[int, ...]) -> bool:
    """NumPy's own answer: broadcast_to gives a zero stride on a stretched axis."""
    view = np.broadcast_to(np.empty(shape), result)
    return any(st == 0 and n > 1 for st, n in zip(view.strides, result))


@given(
    mutually_broadcastable_shapes(
        num_shapes=2, min_dims=0, max_dims=4, min_side=1, max_side=4
    ),
    st.sampled_from([(True, True), (True, False), (False, True)]),
)
def test_flagged_exactly_when_numpy_promotes_rank_or_stretches_every_operand(
    shapes, checks
):
    rank_promotion, outer = checks
    (sa, sb), result = shapes
    a, b = np.ones(sa), np.ones(sb)
    arrays = [s for s in (sa, sb) if s]  # 0-d operands take no part
    promotes = len({len(s) for s in arrays}) > 1
    every = len(arrays) == 2 and all(_stretched(s, result) for s in arrays)
    expected = (rank_promotion and promotes) or (outer and every)
    wa, wb = bcast.watch(a, b)
    with bcast.strict("raise", rank_promotion=rank_promotion, outer=outer):
        if expected:
            with pytest.raises(SilentBroadcastError) as info:
                np.multiply(wa, wb)
            assert info.value.finding.result == result
            assert info.value.finding.kind == (
                "outer" if outer and every else "rank_promotion"
            )
        else:
            c = np.multiply(wa, wb)
            assert type(c) is (WatchedArray if result else np.float64)
            np.testing.assert_array_equal(c, a * b)


# -- strict(): modes, nesting, threads --------------------------------------------


def test_raise_comes_before_the_ufunc_runs():
    a, b = bcast.watch(np.ones(3), np.ones((3, 1)))
    out = np.zeros((3, 3))
    with pytest.raises(SilentBroadcastError) as info, bcast.strict("raise"):
        np.add(a, b, out=out)
    assert isinstance(info.value, ValueError)
    assert not out.any()  # nothing was written


def test_in_place_operations_are_checked():
    X = bcast.watch(np.arange(16.0).reshape(4, 4))
    before = X.copy()
    with pytest.raises(SilentBroadcastError) as info, bcast.strict("raise"):
        X -= X.mean(axis=1)  # square X: rows minus row means, not what was meant
    np.testing.assert_array_equal(X, before)
    if POSITIONS:
        assert info.value.finding.names == ("X", "X.mean(axis=1)")


def test_off_is_silent_and_warn_is_the_default():
    a, b = bcast.watch(np.ones(3), np.ones((3, 1)))
    with bcast.strict("off"):
        assert (a + b).shape == (3, 3)  # filterwarnings=error: a warning would fail
    with pytest.warns(BroadcastWarning):
        a + b


def test_strict_nests_and_restores():
    a, b = bcast.watch(np.ones(3), np.ones((3, 1)))
    with bcast.strict("raise"):
        with bcast.strict("off"):
            a + b
        with pytest.raises(SilentBroadcastError):
            a + b
    with pytest.warns(BroadcastWarning):
        a + b


def test_strict_as_a_decorator():
    @bcast.strict("raise")
    def loss(y, y_hat):
        return ((y - y_hat) ** 2).mean()

    y, y_hat = bcast.watch(np.ones(3), np.ones((3, 1)))
    with pytest.raises(SilentBroadcastError):
        loss(y, y_hat)
    assert loss(y, y_hat.ravel()) == 0.0


def test_threads_do_not_see_each_others_strictness():
    a, b = bcast.watch(np.ones(3), np.ones((3, 1)))
    seen = []

    def in_thread():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                a + b
                seen.append([type(w.message) for w in caught])
            except SilentBroadcastError:
                seen.append("raised")

    with bcast.strict("raise"):
        t = threading.Thread(target=in_thread)
        t.start()
        t.join()
        with pytest.raises(SilentBroadcastError):
            a + b
    assert seen == [[BroadcastWarning]]  # the default, not the main thread's "raise"


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"mode": "loud"}, "mode='loud'"),
        ({"rank_promotion": 1}, "rank_promotion=1"),
        ({"outer": "no"}, "outer='no'"),
    ],
)
def test_strict_refuses_bad_options(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        bcast.strict(**kwargs)


# -- results stay watched ---------------------------------------------------------


def test_results_stay_watched_through_arithmetic_reductions_and_methods():
    a = np.arange(12.0).reshape(3, 4)
    X = bcast.watch(a)
    operations = {
        "x * 2": lambda x: x * 2,
        "np.exp(x)": np.exp,
        "np.sum(x, axis=0)": lambda x: np.sum(x, axis=0),
        "x.mean(axis=1)": lambda x: x.mean(axis=1),
        "x.max(0)": lambda x: x.max(0),
        "np.cumsum(x, 1)": lambda x: np.cumsum(x, 1),
        "x.T": lambda x: x.T,
        "x[0]": lambda x: x[0],
        "x.reshape(4, 3)": lambda x: x.reshape(4, 3),
        "x > 3": lambda x: x > 3,
        "divmod(x, 5)[0]": lambda x: divmod(x, 5)[0],
        "x.clip(0, 5)": lambda x: x.clip(0, 5),
    }
    for name, operation in operations.items():
        value = operation(X)
        assert type(value) is WatchedArray, name
        np.testing.assert_array_equal(value, operation(a))
    # a full reduction gives what NumPy gives: a NumPy scalar
    assert type(X.sum()) is type(a.sum())
    assert X.mean() == a.mean()
    # and the watch carries on: a reduction's result is checked in turn
    with pytest.warns(BroadcastWarning):
        X.mean(axis=0) - X[:, :1]


def test_importing_the_module_does_not_hide_the_function():
    code = "import bcast.runtime.watch, bcast; print(callable(bcast.watch), callable(bcast.strict))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["True", "True"]
