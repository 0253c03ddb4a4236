"""Hypothesis strategies for testing code that handles broadcasting errors.

Hypothesis generates shapes that broadcast
(``hypothesis.extra.numpy.mutually_broadcastable_shapes``) but none that do
not.  :func:`incompatible_shapes` fills that gap: lists of shapes NumPy
rejects, each with the first conflicting axis, for testing the error branch
of a function — its message, its exception type, its recovery::

    from hypothesis import given
    from bcast.testing import incompatible_shapes

    @given(incompatible_shapes(num_shapes=3, max_dims=4))
    def test_my_function_names_the_axis(case):
        arrays = [np.ones(s) for s in case.input_shapes]
        with pytest.raises(MyShapeError, match=f"axis {case.axis}"):
            my_function(*arrays)

This module imports hypothesis; ``import bcast`` never imports it.
"""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from bcast.core.rule import broadcast
from bcast.errors import BcastError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NamedTuple

    class _IncompatibleShapesBase(NamedTuple):
        input_shapes: tuple[tuple[int, ...], ...]
        axis: int
        operands: tuple[int, ...]

else:
    from collections import namedtuple

    _IncompatibleShapesBase = namedtuple(
        "_IncompatibleShapesBase", "input_shapes axis operands"
    )

__all__ = ["IncompatibleShapes", "StrategyArgumentError", "incompatible_shapes"]

NDIM_MAX = 32
"""``np.broadcast_shapes`` handles at most 32 axes (hypothesis' limit too)."""


class IncompatibleShapes(_IncompatibleShapesBase):
    """Shapes that do not broadcast, and where they first conflict.

    Attributes
    ----------
    input_shapes : tuple of tuple of int
        The shapes, as hypothesis' ``BroadcastableShapes.input_shapes``.
    axis : int
        The first conflicting axis going right to left, as a negative index
        (``-1`` is the last axis): every axis to its right broadcasts.
    operands : tuple of int
        The shapes whose sizes on ``axis`` are not 1 (at least two of them
        differ there).
    """

    __slots__ = ()


class StrategyArgumentError(BcastError, InvalidArgument):
    """Options to a strategy that cannot work: hypothesis' ``InvalidArgument``.

    Attributes
    ----------
    arguments : tuple of (str, object)
        The offending options, by name, as given.
    reason : str
        Why they cannot work.
    """

    def __init__(self, arguments: tuple[tuple[str, object], ...], reason: str) -> None:
        super().__init__(arguments, reason)
        self.arguments = arguments
        self.reason = reason

    def _message(self) -> str:
        given = ", ".join(f"{name}={value!r}" for name, value in self.arguments)
        return f"{given}: {self.reason}"


def _check_int(name: str, value: object, least: int, why: str = "") -> None:
    if type(value) is not int:
        raise StrategyArgumentError(
            ((name, value),), f"must be an int, not {type(value).__name__}"
        )
    if value < least:
        raise StrategyArgumentError(((name, value),), f"must be at least {least}{why}")


def _not_one(index: int, low: int) -> int:
    """The ``index``-th size from ``low`` up, skipping 1."""
    size = low + index
    return size + 1 if low <= 1 <= size else size


@st.composite
def _incompatible(
    draw: st.DrawFn,
    num_shapes: int,
    min_dims: int,
    max_dims: int,
    min_side: int,
    max_side: int,
) -> IncompatibleShapes:
    sides = st.integers(min_side, max_side)
    one = min_side <= 1 <= max_side
    not_ones = max_side - min_side + 1 - one
    # The two shapes that conflict (the first two, once shrunk) ...
    first = draw(st.integers(0, num_shapes - 1))
    second = draw(st.integers(0, num_shapes - 2))
    second += second >= first
    ranks = [
        draw(
            st.integers(
                max(min_dims, 1) if i in (first, second) else min_dims, max_dims
            )
        )
        for i in range(num_shapes)
    ]
    # ... on axis -k, with every axis to its right broadcasting: each shape has
    # there the axis's size or, where 1 is allowed, a 1.
    k = draw(st.integers(1, min(ranks[first], ranks[second])))
    shapes: list[list[int]] = [[] for _ in range(num_shapes)]
    for position in range(1, max(ranks) + 1):  # right to left
        if position < k:
            size = draw(sides)
            column = [
                1 if one and size != 1 and draw(st.booleans()) else size
                for _ in range(num_shapes)
            ]
        elif position == k:
            p = draw(st.integers(0, not_ones - 1))
            q = draw(st.integers(0, not_ones - 2))
            q += q >= p
            column = [draw(sides) for _ in range(num_shapes)]
            column[first] = _not_one(p, min_side)
            column[second] = _not_one(q, min_side)
        else:  # left of the conflict anything goes
            column = [draw(sides) for _ in range(num_shapes)]
        for shape, rank, size in zip(shapes, ranks, column):
            if rank >= position:
                shape.insert(0, size)
    input_shapes = tuple(tuple(s) for s in shapes)
    conflict = broadcast(*input_shapes).conflict
    assert conflict is not None, input_shapes
    assert conflict.axis == -k, (input_shapes, k)
    return tuple.__new__(
        IncompatibleShapes, (input_shapes, conflict.axis, conflict.conflicting)
    )


def incompatible_shapes(
    num_shapes: int = 2,
    *,
    min_dims: int = 0,
    max_dims: int | None = None,
    min_side: int = 1,
    max_side: int | None = None,
) -> st.SearchStrategy[IncompatibleShapes]:
    """A strategy for lists of shapes that NumPy refuses to broadcast together.

    The counterpart of hypothesis'
    ``hypothesis.extra.numpy.mutually_broadcastable_shapes``, which only
    generates shapes that broadcast.  ``np.broadcast_shapes`` raises for every
    example, and so does any ufunc given arrays of these shapes.  Examples
    shrink towards two shapes of one axis, conflicting on the last axis.

    Parameters
    ----------
    num_shapes : int
        How many shapes in each example (at least 2).
    min_dims, max_dims : int
        The fewest and most axes of a shape (``max_dims`` defaults to
        ``max(min_dims, 1) + 2``; at most 32, NumPy's limit for
        ``np.broadcast_shapes``).  Two of the shapes always have an axis.
    min_side, max_side : int
        The smallest and largest size of an axis (``max_side`` defaults to
        ``min_side + 2``).  The range must hold two sizes other than 1.

    Returns
    -------
    SearchStrategy of IncompatibleShapes
        ``(input_shapes, axis, operands)``: the shapes, the first conflicting
        axis going right to left (a negative index), and the shapes whose
        sizes on that axis are not 1.

    Raises
    ------
    StrategyArgumentError
        At once, for options that cannot work (a ``hypothesis.errors.
        InvalidArgument``); the message echoes them as ``name=value``.

    Examples
    --------
    >>> from hypothesis import given
    >>> import numpy as np
    >>> @given(incompatible_shapes(num_shapes=3, max_dims=3))
    ... def test(case):
    ...     try:
    ...         np.broadcast_shapes(*case.input_shapes)
    ...     except ValueError:
    ...         return
    ...     raise AssertionError(case)
    >>> test()
    >>> incompatible_shapes(num_shapes=1)
    Traceback (most recent call last):
    ...
    bcast.testing.StrategyArgumentError: num_shapes=1: must be at least 2 (a single shape always broadcasts)
    """
    _check_int("num_shapes", num_shapes, 2, " (a single shape always broadcasts)")
    _check_int("min_dims", min_dims, 0)
    if max_dims is None:
        max_dims = min(max(min_dims, 1) + 2, NDIM_MAX)
    _check_int("max_dims", max_dims, 1, " (shapes without axes always broadcast)")
    for name, value in (("min_dims", min_dims), ("max_dims", max_dims)):
        if value > NDIM_MAX:
            raise StrategyArgumentError(
                ((name, value),),
                f"NumPy's np.broadcast_shapes handles at most {NDIM_MAX} axes",
            )
    if min_dims > max_dims:
        raise StrategyArgumentError(
            (("min_dims", min_dims), ("max_dims", max_dims)),
            "min_dims is larger than max_dims",
        )
    _check_int("min_side", min_side, 0)
    if max_side is None:
        max_side = min_side + 2
    _check_int("max_side", max_side, 0)
    if min_side > max_side:
        raise StrategyArgumentError(
            (("min_side", min_side), ("max_side", max_side)),
            "min_side is larger than max_side",
        )
    if max_side - min_side + 1 - (min_side <= 1 <= max_side) < 2:
        raise StrategyArgumentError(
            (("min_side", min_side), ("max_side", max_side)),
            "a conflict needs two different sizes other than 1 between them",
        )
    return _incompatible(num_shapes, min_dims, max_dims, min_side, max_side)
