"""bcast.testing.incompatible_shapes, checked against NumPy."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given
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
