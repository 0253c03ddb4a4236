"""bcast.testing.incompatible_shapes, checked against NumPy."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from bcast.testing import IncompatibleShapes, StrategyArgumentError, incompatible_shapes

OPTIONS = [
    {},
    {"num_shapes": 3, "max_dims": 4},
    {"num_shapes": 5, "min_dims": 2, "max_dims": 3},
    {"min_side": 0, "max_side": 2},  # 0 and 2 are the only sizes that conflict
    {"min_side": 2, "max_side": 5},  # no 1s at all
    {"min_dims": 1, "max_dims": 1},
    {"num_shapes": 2, "min_dims": 30, "max_dims": 32, "max_side": 3},
]


def _numpy_refuses(*shapes: tuple[int, ...]) -> bool:
    try:
        np.broadcast_shapes(*shapes)
    except ValueError:
        return True
    return False


def _tail(shape: tuple[int, ...], k: int) -> tuple[int, ...]:
    """The last ``k`` axes of ``shape`` (all of it if it has fewer)."""
    return shape[max(0, len(shape) - k) :]


@pytest.mark.parametrize("options", OPTIONS, ids=str)
def test_numpy_refuses_every_example_first_at_the_axis_given(options):
    @given(incompatible_shapes(**options))
    def check(case):
        assert isinstance(case, IncompatibleShapes)
        shapes = case.input_shapes
        assert len(shapes) == options.get("num_shapes", 2)
        min_dims = options.get("min_dims", 0)
        max_dims = options.get("max_dims", max(min_dims, 1) + 2)
        min_side = options.get("min_side", 1)
        max_side = options.get("max_side", min_side + 2)
        for s in shapes:
            assert min_dims <= len(s) <= max_dims
            assert all(min_side <= d <= max_side for d in s)
        assert _numpy_refuses(*shapes)
        # NumPy accepts every axis to the right of `axis` and refuses `axis`.
        k = -case.axis
        assert not _numpy_refuses(*(_tail(s, k - 1) for s in shapes))
        assert _numpy_refuses(*(_tail(s, k) for s in shapes))
        # `operands` are the shapes whose size there is not 1; NumPy refuses
        # them alone on that axis, and accepts the others alone.
        on_axis = [s[-k] if len(s) >= k else 1 for s in shapes]
        assert case.operands == tuple(i for i, d in enumerate(on_axis) if d != 1)
        assert _numpy_refuses(*((on_axis[i],) for i in case.operands))
        others = [i for i in range(len(shapes)) if i not in case.operands]
        assert not _numpy_refuses(*((on_axis[i],) for i in others))

    check()


@given(incompatible_shapes(num_shapes=2, max_dims=3))
def test_ufuncs_refuse_arrays_of_these_shapes(case):
    a, b = (np.zeros(s) for s in case.input_shapes)
    with pytest.raises(ValueError, match="could not be broadcast"):
        np.add(a, b)


def test_examples_shrink_to_two_one_axis_shapes():
    from hypothesis import find

    assert find(incompatible_shapes(), lambda case: True).input_shapes == ((2,), (3,))
    # and every conflicting axis is reachable, padded operands included
    found = find(
        incompatible_shapes(num_shapes=3, max_dims=3),
        lambda case: case.axis == -3 and any(len(s) < 3 for s in case.input_shapes),
    )
    assert found.axis == -3
    assert _numpy_refuses(*found.input_shapes)


@pytest.mark.parametrize(
    ("options", "echo"),
    [
        ({"num_shapes": 1}, "num_shapes=1"),
        ({"num_shapes": 2.0}, "num_shapes=2.0"),
        ({"num_shapes": True}, "num_shapes=True"),
        ({"min_dims": -1}, "min_dims=-1"),
        ({"max_dims": 0}, "max_dims=0"),
        ({"max_dims": 33}, "max_dims=33"),
        ({"min_dims": 3, "max_dims": 2}, "min_dims=3, max_dims=2"),
        ({"min_side": -1}, "min_side=-1"),
        ({"min_side": 4, "max_side": 3}, "min_side=4, max_side=3"),
        ({"min_side": 1, "max_side": 2}, "min_side=1, max_side=2"),
        ({"min_side": 5, "max_side": 5}, "min_side=5, max_side=5"),
        ({"max_side": "3"}, "max_side='3'"),
    ],
)
def test_options_are_refused_at_once_echoing_them(options, echo):
    with pytest.raises(StrategyArgumentError) as info:
        incompatible_shapes(**options)  # no draw: refused up front
    assert isinstance(info.value, InvalidArgument)  # hypothesis' own error
    assert str(info.value).startswith(echo + ":")


@given(st.data())
def test_smallest_ranges_that_can_conflict_work(data):
    # {0, 2} and {2, 3}: the narrowest side ranges holding two sizes other than 1
    for low, high in ((0, 2), (2, 3)):
        case = data.draw(incompatible_shapes(min_side=low, max_side=high, max_dims=1))
        assert sorted(case.input_shapes) == sorted([(low,), (high,)])


def test_import_bcast_does_not_import_hypothesis():
    code = "import sys, bcast; print('hypothesis' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


# -- shaped_inputs / violating_inputs: round trips through the guard ------------------------

import dataclasses  # noqa: E402
from typing import Annotated  # noqa: E402

import bcast  # noqa: E402
from bcast import Shape, ShapeError, shaped  # noqa: E402
from bcast.testing import ShapedInputs, shaped_inputs, violating_inputs  # noqa: E402


@shaped(w="float: n_x, 1", b="()", X="float: n_x, m", returns="1, m")
def propagate(w, b, X):
    return w.T @ X + b


@shaped(a="n", b="m", returns="n+m")
def concatenate(a, b):
    return np.concatenate([a, b])


@shaped(y="n+1", x="n, #k", scale="#k")
def deferred(y, x, scale):
    return x * scale


@shaped(a="*batch, n, 3", b="*batch, 3", returns="*batch, n")
def batched(a, b):
    return (a * b[..., None, :]).sum(-1)


@shaped(x="n, d", returns="n, k")
def project(x, k):
    return np.zeros((x.shape[0], k))


@shaped(xs=["n, m"], pair=("n", "int: m"), d={...: "m"}, returns="n, m")
def containers(xs, pair, d):
    return np.zeros((pair[0].shape[0], pair[1].shape[0]))


@shaped(args="n", kwargs="n", returns="n")
def star(*args, **kwargs):
    arrays = [*args, *kwargs.values()]
    return np.zeros(len(arrays[0]) if arrays else 0)


@shaped(head="2", rest="n", returns="()")
def positional(head, /, *rest):
    return 0.0


@shaped
@dataclasses.dataclass
class Batch:
    X: Annotated[np.ndarray, Shape("float: n_x, m")]
    Y: Annotated[np.ndarray, Shape("bool | int: 1, m")]


GUARDED = [
    propagate,
    concatenate,
    deferred,
    batched,
    project,
    containers,
    star,
    positional,
    Batch,
]


@pytest.mark.parametrize("func", GUARDED, ids=lambda f: f.__name__)
@settings(max_examples=40)
@given(data=st.data())
def test_every_drawn_input_passes_the_guard(func, data):
    case = data.draw(
        shaped_inputs(func, k=st.integers(0, 3))
        if func is project
        else shaped_inputs(func)
    )
    assert isinstance(case, ShapedInputs)
    out = case.call(func)
    if func is concatenate:  # NumPy agrees with the spec's arithmetic
        assert out.shape == (case.sizes["n"] + case.sizes["m"],)
    if func is propagate:
        assert out.shape == (1, case.sizes["m"])


@pytest.mark.parametrize("func", GUARDED, ids=lambda f: f.__name__)
@settings(max_examples=40)
@given(data=st.data())
def test_every_violating_input_fails_where_the_strategy_says(func, data):
    strategy = (
        violating_inputs(func, k=st.integers(0, 3))
        if func is project
        else violating_inputs(func)
    )
    case = data.draw(strategy)
    with pytest.raises(ShapeError) as info:
        case.call(func)
    e = info.value
    assert (e.argument, e.axis, e.actual) == (case.argument, case.axis, case.actual), (
        str(e)
    )


def test_inputs_for_an_unguarded_function_are_refused():
    with pytest.raises(
        StrategyArgumentError, match=r"is not decorated with @bcast\.shaped"
    ):
        shaped_inputs(lambda x: x)


def test_names_only_in_expressions_are_refused():
    @shaped(a="k+1")
    def f(a):
        return a

    with pytest.raises(StrategyArgumentError, match="use k only in expressions"):
        shaped_inputs(f)
    with pytest.raises(StrategyArgumentError, match="min_side is larger"):
        shaped_inputs(propagate, min_side=5, max_side=2)


@given(shaped_inputs(propagate, min_side=2, max_side=3))
def test_sizes_are_drawn_in_the_range_asked(case):
    assert all(2 <= v <= 3 for v in case.sizes.values())
    assert case.kwargs["X"].dtype.kind == "f"
    assert bcast.expect(case.kwargs["X"], "n_x, m", **case.sizes) is case.kwargs["X"]
