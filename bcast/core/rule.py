"""NumPy's broadcasting rule as a pure shape algebra.

For shapes ``s1 … sk``: right-align them; treat missing leading axes as 1; on
every axis the sizes must all be equal after ignoring 1s; the result takes that
size (or 1 if all are 1).  This module is the only place in bcast where that
rule is written down.  It returns data — :class:`Broadcast` with one
:class:`AxisStep` per axis — and leaves raising to thin wrappers such as
:func:`broadcast_shapes`.

Sizes may be symbolic (``"m"``: an unknown positive integer with a name) or
unknown (``None``, as the Array API allows).  A result that holds only under
some condition on them carries that condition in :attr:`Broadcast.conditions`.
"""

from __future__ import annotations

from collections import namedtuple
from itertools import chain, zip_longest
from marshal import dumps as _dumps
from math import isnan, prod
from operator import index as _index

from bcast.core.syntax import MAX_DIMS, MAX_SIZE, format_shape, parse_shape
from bcast.errors import (
    BroadcastError,
    BroadcastToError,
    InvalidShapeError,
    SizeTypeError,
)

# typing is not imported at run time: `bcast check` starts in a few
# milliseconds, and typing alone would cost a fifth of that.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from typing import NamedTuple, TypeAlias, TypeVar

    from bcast.core.shapes import Dim, Dims

    _V = TypeVar("_V")

    ShapeLike: TypeAlias = "int | str | Iterable[object]"
    """What the functions here accept as a shape: a tuple or list of sizes, a
    bare int, or shape text such as ``"3,1"``."""

__all__ = [
    "AxisStep",
    "Broadcast",
    "Condition",
    "as_shape",
    "broadcast",
    "broadcast_shapes",
    "can_broadcast_to",
    "stretched_axes",
]

EQUAL = "equal"
STRETCH = "stretch"
CONFLICT = "conflict"
CONDITIONAL = "conditional"

_new = tuple.__new__


# -- validating one shape ----------------------------------------------------


def _size(d: object, shape: object, operand: int | None, axis: int) -> Dim:
    """Validate one size the way NumPy does; symbols and unknowns pass."""
    t = type(d)
    if t is int:
        if d < 0:  # type: ignore[operator]
            raise InvalidShapeError(shape, f"negative size {d}", operand, axis)
        if d > MAX_SIZE:  # type: ignore[operator]
            raise InvalidShapeError(
                shape, f"size {d} is larger than the maximum, {MAX_SIZE}", operand, axis
            )
        return d  # type: ignore[return-value]
    if d is None:
        return None
    if t is str:
        if not d or d.isdecimal():  # type: ignore[attr-defined]
            raise SizeTypeError(
                shape, f"{d!r} is text, not a size or a symbol", operand, axis
            )
        return d  # type: ignore[return-value]
    if t is float and isnan(d):  # type: ignore[arg-type]
        return None  # Dask's spelling of an unknown size
    if t is bool or t.__name__ in ("bool", "bool_"):
        raise SizeTypeError(shape, f"a bool ({d!r}) is not a size", operand, axis)
    try:
        v = _index(d)  # type: ignore[arg-type]
    except TypeError:
        raise SizeTypeError(
            shape, f"{type(d).__name__} {d!r} is not an integer size", operand, axis
        ) from None
    return _size(v, shape, operand, axis)


def as_shape(shape: ShapeLike, operand: int | None = None) -> Dims:
    """Validate ``shape`` and return it as a tuple of sizes.

    Accepts what NumPy accepts as a shape — a sequence of integers (anything
    with ``__index__``) or a bare integer — plus symbols (strings), ``None``
    or NaN for an unknown size, and shape text (``"3,1"``).

    Raises
    ------
    SizeTypeError
        A size that is a float, a bool or another non-integer (NumPy raises
        ``TypeError`` there too).
    InvalidShapeError
        A negative size, a size over ``2**63 - 1``, or more than 64 axes.

    Examples
    --------
    >>> as_shape([3, 1])
    (3, 1)
    >>> as_shape(5)
    (5,)
    >>> as_shape("m,1")
    ('m', 1)
    >>> as_shape((3.0,))
    Traceback (most recent call last):
    ...
    bcast.errors.SizeTypeError: invalid shape (3.0,) at axis 0: float 3.0 is not an integer size
    """
    t = type(shape)
    if t is tuple:
        for d in shape:  # type: ignore[union-attr]
            if type(d) is not int or d < 0 or d > MAX_SIZE:
                break
        else:
            if len(shape) <= MAX_DIMS:  # type: ignore[arg-type]
                return shape  # type: ignore[return-value]
        dims: tuple[object, ...] = shape  # type: ignore[assignment]
    elif t is int:
        dims = (shape,)
    elif isinstance(shape, str):
        return parse_shape(shape)
    elif t is bool or t.__name__ in ("bool", "bool_"):
        raise SizeTypeError(shape, "a bool is not a shape", operand)
    else:
        try:
            dims = (_index(shape),)  # type: ignore[arg-type]
        except TypeError:
            try:
                dims = tuple(shape)  # type: ignore[arg-type]
            except TypeError:
                raise SizeTypeError(
                    shape,
                    "a shape is a sequence of sizes or an int, "
                    f"not {type(shape).__name__}",
                    operand,
                ) from None
    if len(dims) > MAX_DIMS:
        raise InvalidShapeError(
            _abbreviate(dims),  # type: ignore[arg-type]
            f"{len(dims)} axes; arrays have at most {MAX_DIMS}",
            operand,
        )
    return tuple([_size(d, shape, operand, i) for i, d in enumerate(dims)])


def _abbreviate(shape: Dims, limit: int = 12) -> str:
    text = format_shape(shape)
    if len(shape) <= limit:
        return text
    return format_shape(shape[:limit])[:-1] + f", … {len(shape)} axes)"


def _check_total(result: Dims, shapes: Sequence[Dims]) -> None:
    """Refuse a result with more elements than ``np.intp`` counts, as NumPy does.

    NumPy multiplies the sizes left to right and stops at the first 0, so a 0
    after an overflowing prefix does not save the shape.
    """
    total = 1
    for d in result:
        if type(d) is not int:
            continue
        if d == 0:
            return
        total *= d
        if total > MAX_SIZE:
            raise InvalidShapeError(
                _abbreviate(result),
                f"the broadcast result would have more than {MAX_SIZE} elements",
            )


# -- the records -------------------------------------------------------------

if TYPE_CHECKING:

    class _AxisStepBase(NamedTuple):
        axis: int
        position: int
        sizes: tuple[Dim, ...]
        size: Dim
        verdict: str
        stretched: tuple[int, ...]
        padded: tuple[int, ...]
        conflicting: tuple[int, ...]

    class _ConditionBase(NamedTuple):
        axis: int
        kind: str
        operands: tuple[int, ...]
        sizes: tuple[Dim, ...]
        size: Dim

    class _BroadcastBase(NamedTuple):
        shapes: tuple[Dims, ...]
        shape: Dims | None
        steps: tuple[AxisStep, ...]
        conditions: tuple[Condition, ...]
        names: tuple[str, ...] | None

else:
    _AxisStepBase = namedtuple(
        "_AxisStepBase",
        "axis position sizes size verdict stretched padded conflicting",
    )
    _ConditionBase = namedtuple("_ConditionBase", "axis kind operands sizes size")
    _BroadcastBase = namedtuple("_BroadcastBase", "shapes shape steps conditions names")


class AxisStep(_AxisStepBase):
    """What the rule did on one axis of the result.

    Attributes
    ----------
    axis : int
        The axis as a negative index (``-1`` is the last axis).
    position : int
        The same axis as a positive index into the result.
    sizes : tuple
        Each operand's size on this axis; a padded operand (one with fewer
        axes) reads as 1 here and is listed in ``padded``.
    size : int, str or None
        The result's size on this axis (meaningless when ``verdict`` is
        ``"conflict"``; then it is None).
    verdict : str
        ``"equal"`` (nothing stretched), ``"stretch"`` (some operand stretched
        from 1 or padded), ``"conditional"`` (holds only under a condition on
        symbols or unknown sizes) or ``"conflict"``.
    stretched : tuple of int
        Operands stretched from 1 (padded ones included) to ``size``.
    padded : tuple of int
        Operands that have no such axis (a 1 was put in front).
    conflicting : tuple of int
        For a conflict: the operands whose sizes (other than 1) disagree.

    Examples
    --------
    >>> step = broadcast((3, 1), (4,)).steps[0]   # axis -1: 1 meets 4
    >>> step.axis, step.position, step.sizes, step.size, step.verdict, step.stretched
    (-1, 1, (1, 4), 4, 'stretch', (0,))
    """

    __slots__ = ()


class Condition(_ConditionBase):
    """A condition on symbols or unknown sizes under which a result holds.

    Attributes
    ----------
    axis : int
        The axis, as a negative index.
    kind : str
        ``"one_of"``: every size in ``sizes`` must be 1 or ``size``.
        ``"agree"``: the sizes in ``sizes`` must be equal where they are not 1.
    operands : tuple of int
        The operands whose sizes the condition is about.
    sizes : tuple
        Their sizes on ``axis`` (symbols or None).
    size : int, str or None
        The result's size on this axis if the condition holds.

    Examples
    --------
    >>> str(broadcast(("m",), (4,)).conditions[0])
    'axis -1: m is 1 or 4'
    """

    __slots__ = ()

    def __str__(self) -> str:
        names = [
            f"the unknown size of operand {i}" if d is None else str(d)
            for i, d in zip(self.operands, self.sizes)
        ]
        if self.kind == "agree":
            listed = ", ".join(names[:-1]) + " and " + names[-1]
            return f"axis {self.axis}: {listed} are equal where they are not 1"
        if self.size == 0:
            verb = " and ".join(names)
            return f"axis {self.axis}: {verb} {'is' if len(names) == 1 else 'are'} 1"
        subject = " and ".join(names)
        verb = "is" if len(names) == 1 else "are each"
        return f"axis {self.axis}: {subject} {verb} 1 or {self.size}"


class Broadcast(_BroadcastBase):
    """The result of broadcasting some shapes, with the reasons.

    Returned by :func:`broadcast`; never raises by itself.  ``shape`` is None
    when the shapes conflict, and :meth:`error` builds the exception a strict
    caller raises.  Immutable: results are shared between equal calls.

    Attributes
    ----------
    shapes : tuple of shapes
        The operands' shapes, validated.
    shape : tuple or None
        The broadcast shape, or None if the shapes conflict.
    steps : tuple of AxisStep
        One step per axis of the result, right to left (``steps[0]`` is axis
        -1), in the order the rule is applied.
    conditions : tuple of Condition
        What must hold of symbols and unknown sizes for ``shape`` to be right.
    names : tuple of str or None
        Names for the operands, when given.

    Examples
    --------
    >>> b = broadcast((3, 1), (1, 4))
    >>> b.shape
    (3, 4)
    >>> [(s.axis, s.verdict, s.stretched) for s in b.steps]
    [(-1, 'stretch', (0,)), (-2, 'stretch', (1,))]
    >>> bad = broadcast((3, 4), (3,))
    >>> bad.ok, bad.conflict.axis, bad.conflict.conflicting
    (False, -1, (0, 1))
    """

    __slots__ = ()

    @property
    def ok(self) -> bool:
        """True when the shapes broadcast (perhaps under ``conditions``)."""
        return self.shape is not None

    @property
    def ndim(self) -> int:
        """The number of axes of the result."""
        return len(self.steps)

    @property
    def conflicts(self) -> tuple[AxisStep, ...]:
        """Every conflicting axis, right to left."""
        return tuple(s for s in self.steps if s.verdict == CONFLICT)

    @property
    def conflict(self) -> AxisStep | None:
        """The first conflicting axis going right to left, or None."""
        for s in self.steps:
            if s.verdict == CONFLICT:
                return s
        return None

    def error(self) -> BroadcastError | None:
        """The :class:`BroadcastError` for the first conflict, or None."""
        step = self.conflict
        if step is None:
            return None
        return BroadcastError(
            self.shapes,
            step.axis,
            step.conflicting,
            tuple(step.sizes[i] for i in step.conflicting),
            self.names,
        )

    def stretched(self, operand: int) -> tuple[int, ...]:
        """Axes of the result (positive indices) along which ``operand`` is
        stretched, padded axes included.

        Examples
        --------
        >>> broadcast((3, 1), (4,)).stretched(1)
        (0,)
        """
        return tuple(sorted(s.position for s in self.steps if operand in s.stretched))

    def __repr__(self) -> str:
        shapes = ", ".join(format_shape(s) for s in self.shapes)
        if self.shape is None:
            step = self.conflict
            assert step is not None
            return f"<Broadcast {shapes} -> conflict at axis {step.axis}>"
        extra = f" if {'; '.join(map(str, self.conditions))}" if self.conditions else ""
        return f"<Broadcast {shapes} -> {format_shape(self.shape)}{extra}>"


# -- one axis ----------------------------------------------------------------


def _axis_step(
    column: tuple[Dim, ...], padded: tuple[int, ...], axis: int, index: int
) -> tuple[AxisStep, Condition | None]:
    """Apply the rule to one axis; ``column`` holds every operand's size."""
    known: set[int] = set()
    free: list[int] = []  # operands with a symbol or an unknown size
    for i, d in enumerate(column):
        if type(d) is int:
            if d != 1:
                known.add(d)
        else:
            free.append(i)
    condition = None
    if len(known) > 1:
        conflicting = tuple(
            i for i, d in enumerate(column) if type(d) is int and d != 1
        )
        step = _new(
            AxisStep,
            (axis, index, column, None, CONFLICT, (), padded, conflicting),
        )
        return step, None
    if known:
        (size,) = known
        sizes = [column[i] for i in free]
        if None in sizes:
            size_out: Dim = None  # the Array API: unknown sizes propagate
        else:
            size_out = size
        if free:
            condition = _new(
                Condition, (axis, "one_of", tuple(free), tuple(sizes), size)
            )
    elif free:
        symbols = {column[i] for i in free}
        if len(symbols) == 1:
            (size_out,) = symbols
            if size_out is None and len(free) > 1:
                condition = _new(
                    Condition,
                    (axis, "agree", tuple(free), tuple(column[i] for i in free), None),
                )
        else:
            names = sorted(str(s) for s in symbols if s is not None)
            if None in symbols:
                size_out = None
            elif len(names) == 1:
                size_out = names[0]
            else:
                size_out = "max(" + ", ".join(names) + ")"
            condition = _new(
                Condition,
                (axis, "agree", tuple(free), tuple(column[i] for i in free), size_out),
            )
    else:
        size_out = 1
    if size_out == 1:
        stretched: tuple[int, ...] = ()
    else:
        stretched = tuple(i for i, d in enumerate(column) if d == 1 and type(d) is int)
    if condition is not None:
        verdict = CONDITIONAL
    elif stretched:
        verdict = STRETCH
    else:
        verdict = EQUAL
    step = _new(
        AxisStep,
        (axis, index, column, size_out, verdict, stretched, padded, ()),
    )
    return step, condition


_ONLY = ((0,), (1,))  # the one operand, of two, that is stretched or padded


def _broadcast_two(a: Dims, b: Dims, names: tuple[str, ...] | None) -> Broadcast | None:
    """:func:`_broadcast_dims` for two shapes of known sizes, or None."""
    la = len(a)
    lb = len(b)
    ndim = la if la > lb else lb
    steps: list[AxisStep] = []
    sizes: list[Dim] = []
    conflict = False
    for k in range(1, ndim + 1):
        padded: tuple[int, ...] = ()
        if la >= k:
            x = a[-k]
        else:
            x = 1
            padded = _ONLY[0]
        if lb >= k:
            y = b[-k]
        else:
            y = 1
            padded = _ONLY[1]
        if type(x) is not int or type(y) is not int:
            return None
        step: tuple[object, ...]
        if x == y:
            step = (-k, ndim - k, (x, y), x, EQUAL, (), padded, ())
        elif y == 1:
            step = (-k, ndim - k, (x, y), x, STRETCH, _ONLY[1], padded, ())
        elif x == 1:
            step = (-k, ndim - k, (x, y), y, STRETCH, _ONLY[0], padded, ())
        else:
            step = (-k, ndim - k, (x, y), None, CONFLICT, (), padded, (0, 1))
            conflict = True
        steps.append(_new(AxisStep, step))
        sizes.append(step[3])
    shape: Dims | None = None
    if not conflict:
        sizes.reverse()
        shape = tuple(sizes)
        _check_total(shape, (a, b))
    return _new(Broadcast, ((a, b), shape, tuple(steps), (), names))


def _broadcast_dims(
    shapes: tuple[Dims, ...], names: tuple[str, ...] | None
) -> Broadcast:
    if len(shapes) == 2:
        two = _broadcast_two(shapes[0], shapes[1], names)
        if two is not None:
            return two
    return _broadcast_many(shapes, names)


def _broadcast_many(
    shapes: tuple[Dims, ...], names: tuple[str, ...] | None
) -> Broadcast:
    # Hot when the cache misses: plain loops, no comprehensions (each one is a
    # function call on Python 3.11).
    steps: list[AxisStep] = []
    sizes: list[Dim] = []
    conditions: list[Condition] = []
    ndim = max(map(len, shapes), default=0)
    lens = tuple(map(len, shapes))
    conflict = False
    for k in range(1, ndim + 1):
        column: list[Dim] = []
        padded: list[int] = []
        stretched: list[int] = []
        size: Dim = 1
        simple = True  # known sizes only, no conflict
        for i, s in enumerate(shapes):
            if lens[i] >= k:
                d = s[-k]
                if d == 1 and type(d) is int:
                    stretched.append(i)
                elif type(d) is not int:
                    simple = False
                elif size == 1:
                    size = d
                elif d != size:
                    simple = False
            else:
                d = 1
                padded.append(i)
                stretched.append(i)
            column.append(d)
        if simple:
            grown = tuple(stretched) if size != 1 else ()
            verdict = STRETCH if grown else EQUAL
            step = (
                -k,
                ndim - k,
                tuple(column),
                size,
                verdict,
                grown,
                tuple(padded),
                (),
            )
            steps.append(_new(AxisStep, step))
            sizes.append(size)
            continue
        full, condition = _axis_step(tuple(column), tuple(padded), -k, ndim - k)
        steps.append(full)
        sizes.append(full.size)
        if condition is not None:
            conditions.append(condition)
        if full.verdict == CONFLICT:
            conflict = True
    shape: Dims | None = None
    if not conflict:
        sizes.reverse()
        shape = tuple(sizes)
        _check_total(shape, shapes)
    return _new(Broadcast, (shapes, shape, tuple(steps), tuple(conditions), names))


def broadcast(*shapes: ShapeLike, names: Sequence[str] | None = None) -> Broadcast:
    """Broadcast shapes and say why: the result and every axis's step.

    Parameters
    ----------
    *shapes : tuple, list, int or str
        The operands' shapes: sequences of sizes (ints, symbols such as
        ``"m"``, or None for unknown), bare ints, or shape text (``"3,1"``).
    names : sequence of str, optional
        A name for each operand, used in messages.

    Returns
    -------
    Broadcast
        Never raises for a conflict: ``result.ok`` is False and
        ``result.conflict`` names the axis and the operands.

    Raises
    ------
    InvalidShapeError, SizeTypeError
        For a shape NumPy would refuse before broadcasting (negative sizes,
        floats, more than 64 axes ...).

    Examples
    --------
    >>> broadcast((3, 1), (1, 4)).shape
    (3, 4)
    >>> broadcast(("m", 1), (1, "n")).shape
    ('m', 'n')
    >>> b = broadcast(("m",), (4,))
    >>> b.shape, [str(c) for c in b.conditions]
    ((4,), ['axis -1: m is 1 or 4'])
    >>> broadcast((5,), (5, 1)).shape  # legal, and rarely what was meant
    (5, 5)
    """
    key = _key((shapes, names)) if len(shapes) <= _MAX_CACHED_OPERANDS else None
    if key is not None:
        hit = _BROADCASTS.get(key)
        if hit is not None:
            return hit
    dims = tuple(map(as_shape, shapes, range(len(shapes))))
    if names is not None:
        names = tuple(names)
        if len(names) != len(dims):
            raise ValueError(f"{len(names)} names for {len(dims)} shapes")
    result = _broadcast_dims(dims, names)
    if key is not None:
        _remember(_BROADCASTS, key, result)
    return result


# -- the NumPy-compatible wrapper ---------------------------------------------

# Results are remembered under a type-exact key: ``marshal`` writes 3, 3.0,
# True and np.int64(3) differently (the last not at all), where ``==`` and
# ``hash`` would confuse them.  Format 2 is the fastest that is still exact
# (format 3 and later spend time sharing repeated objects).  Shapes in a program repeat: a training loop
# asks the same question at every step.
_CACHE_SIZE = 1024
_MAX_KEY = 4096
_MAX_CACHED_OPERANDS = 64
_SHAPES: dict[bytes, Dims | BroadcastError] = {}
_BROADCASTS: dict[bytes, Broadcast] = {}


def _key(value: object) -> bytes | None:
    try:
        key = _dumps(value, 2)  # type: ignore[arg-type]
    except ValueError:  # np.int64 and other objects marshal cannot write
        return None
    return key if len(key) <= _MAX_KEY else None


def _remember(cache: dict[bytes, _V], key: bytes, value: _V) -> None:
    if len(cache) >= _CACHE_SIZE:
        try:
            del cache[next(iter(cache))]
        except (KeyError, RuntimeError, StopIteration):  # another thread won
            pass
    cache[key] = value


def _plain_pair(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...] | None:
    """:func:`_plain_ints` for two shapes, faster than columns."""
    if len(a) < len(b):
        a, b = b, a
    d = len(a) - len(b)
    if d:
        out = list(a[:d])
        for x in out:
            if type(x) is not int:
                return None
        a = a[d:]
    else:
        out = []
    for x, y in zip(a, b):
        if type(x) is not int or type(y) is not int:
            return None
        if x == y or y == 1:
            out.append(x)
        elif x == 1:
            out.append(y)
        else:
            return None
    if out and (min(out) < 1 or len(out) > MAX_DIMS or prod(out) > MAX_SIZE):
        return None
    return tuple(out)


def _plain_ints(shapes: tuple[object, ...]) -> tuple[int, ...] | None:
    """Broadcast tuples of positive ints: pairwise for a few, else by columns.

    None when anything needs the careful path: another type, a negative size,
    a 0, a conflict, a result too large, more than 64 axes.
    """
    for s in shapes:
        if type(s) is not tuple:
            return None
    if len(shapes) <= 4:
        out: tuple[int, ...] | None = shapes[0] if len(shapes) > 1 else ()  # type: ignore[assignment]
        for s in shapes[1:] if len(shapes) > 1 else shapes:
            out = _plain_pair(out, s)  # type: ignore[arg-type]
            if out is None:
                return None
        return out
    flat: Iterable[object] = chain.from_iterable(shapes)  # type: ignore[arg-type]
    for t in set(map(type, flat)):
        if t is not int:
            return None
    columns: list[int] = []
    for column in zip_longest(*map(reversed, shapes), fillvalue=1):  # type: ignore[arg-type]
        top = max(column)
        ones = column.count(1)
        if top == 1:
            if ones != len(column):
                return None  # a 0 or a negative size: the careful path decides
        elif ones + column.count(top) != len(column):
            return None
        columns.append(top)
    if len(columns) > MAX_DIMS:
        return None
    columns.reverse()
    if columns and (min(columns) < 1 or prod(columns) > MAX_SIZE):
        return None
    return tuple(columns)


def broadcast_shapes(*shapes: ShapeLike) -> Dims:
    """The broadcast shape of ``shapes``, exactly as ``np.broadcast_shapes``.

    Returns what NumPy returns wherever NumPy answers (bare ints, no
    arguments, size-0 axes), raises where NumPy raises, and goes on to 64 axes
    as ufuncs do (NumPy's own function stops at 32).  Symbols and unknown
    sizes are accepted too; :func:`broadcast` shows the conditions under which
    such a result holds.

    Raises
    ------
    BroadcastError
        If the shapes cannot be broadcast together (a ``ValueError``).
    InvalidShapeError, SizeTypeError
        For sizes NumPy refuses (negative: ``ValueError``; float or bool:
        ``TypeError``), or more than 64 axes.

    Examples
    --------
    >>> broadcast_shapes((6, 7), (5, 6, 1), (7,), (5, 1, 7))
    (5, 6, 7)
    >>> broadcast_shapes(3, (3,))
    (3,)
    >>> broadcast_shapes()
    ()
    >>> broadcast_shapes((0,), (1,))
    (0,)
    >>> broadcast_shapes((3, 4), (3,))
    Traceback (most recent call last):
    ...
    bcast.errors.BroadcastError: shapes (3, 4) (3,) cannot be broadcast: axis -1 (axis 1 of the result) has size 4 in operand 0, 3 in operand 1; sizes on an axis must be equal, or 1
    """
    # _key(), written out: this is the hot path of a training loop.
    try:
        key: bytes | None = _dumps(shapes, 2) if len(shapes) <= 64 else None  # type: ignore[arg-type]
    except ValueError:
        key = None
    if key is not None:
        hit = _SHAPES.get(key)
        if hit is not None:
            if type(hit) is tuple:
                return hit
            raise BroadcastError(*hit.args)  # type: ignore[union-attr]
        if len(key) > _MAX_KEY:
            key = None
    found: Dims | BroadcastError | None = _plain_ints(shapes)
    if found is None:
        result = broadcast(*shapes)
        found = result.shape
        if found is None:
            found = result.error()
            assert found is not None
    if key is not None:
        _remember(_SHAPES, key, found)
    if type(found) is tuple:
        return found
    raise found  # type: ignore[misc]


# -- one shape against a target -------------------------------------------------


def can_broadcast_to(shape: ShapeLike, target: ShapeLike) -> bool:
    """True if an array of ``shape`` broadcasts to exactly ``target``.

    One-directional, as ``np.broadcast_to``: ``shape`` may have fewer axes and
    1s where ``target`` has any size; ``target`` is not stretched.

    Examples
    --------
    >>> can_broadcast_to((3, 1), (2, 3, 4))
    True
    >>> can_broadcast_to((3, 4), (3, 1))
    False
    >>> can_broadcast_to((1,), (0,))
    True
    """
    s = as_shape(shape, 0)
    t = as_shape(target, 1)
    if len(s) > len(t):
        return False
    return all(x == 1 or x == y for x, y in zip(reversed(s), reversed(t)))


def stretched_axes(shape: ShapeLike, target: ShapeLike) -> tuple[int, ...]:
    """Axes of ``target`` along which an array of ``shape`` is stretched.

    The axes where ``target`` has a size other than 1 and ``shape`` has a 1
    or no axis at all: the axes a gradient must be summed over on the way back
    (see :func:`bcast.unbroadcast`).

    Raises
    ------
    BroadcastToError
        If ``shape`` does not broadcast to ``target``.

    Examples
    --------
    >>> stretched_axes((3, 1), (2, 3, 4))
    (0, 2)
    >>> stretched_axes((4,), (4,))
    ()
    """
    s = as_shape(shape, 0)
    t = as_shape(target, 1)
    _check_broadcast_to(s, t)
    lead = len(t) - len(s)
    return tuple(
        i for i, y in enumerate(t) if y != 1 and (i < lead or s[i - lead] == 1)
    )


def _check_broadcast_to(s: Dims, t: Dims) -> None:
    if len(s) > len(t):
        raise BroadcastToError(s, t, None)
    for k in range(1, len(s) + 1):
        x = s[-k]
        if x != 1 and x != t[-k]:
            raise BroadcastToError(s, t, -k)
