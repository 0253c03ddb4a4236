"""NumPy's broadcasting rule as a pure shape algebra.

For shapes ``s1 … sk``: right-align them; treat missing leading axes as 1; on
every axis the sizes must all be equal after ignoring 1s; the result takes that
size (or 1 if all are 1).  This module is the only place in bcast where that
rule is written down, once: :func:`_reference` applies it axis by axis and
records every step (:class:`AxisStep`), and :func:`_fast` is the one shortcut
for shapes of plain non-negative ints, held equal to it by a property test
(``tests/test_algebra.py``).  Both return data; raising is left to thin
wrappers such as :func:`broadcast_shapes`.

Sizes may be symbolic (``"m"``: an unknown positive integer with a name) or
unknown (``None``, as the Array API allows).  A result that holds only under
some condition on them carries that condition in :attr:`Broadcast.conditions`.
"""

from __future__ import annotations

from math import isnan, prod
from operator import index as _index

from bcast.core.memo import Memo, exact_key
from bcast.core.records import Record
from bcast.core.shapes import format_dim
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
    from typing import TypeAlias

    from bcast.core.shapes import Dim, Dims

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

# -- validating one shape ----------------------------------------------------


def _size(d: object, shape: object, operand: int | None, axis: int) -> Dim:
    """Read one size the way NumPy converts one: its type, and not too large
    (a negative size is refused later, once every size has been read, as
    NumPy does).  Symbols and unknowns pass."""
    t = type(d)
    if t is int:
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
    sizes = tuple([_size(d, shape, operand, i) for i, d in enumerate(dims)])
    for i, d in enumerate(sizes):
        if type(d) is int and d < 0:
            raise InvalidShapeError(shape, f"negative size {d}", operand, i)
    return sizes


def _abbreviate(shape: Dims, limit: int = 12) -> str:
    text = format_shape(shape)
    if len(shape) <= limit:
        return text
    return format_shape(shape[:limit])[:-1] + f", … {len(shape)} axes)"


def _too_many(result: Dims) -> bool:
    """More elements than ``np.intp`` counts?  NumPy multiplies the sizes left
    to right and stops at the first 0, so a 0 after an overflowing prefix does
    not save the shape."""
    total = 1
    for d in result:
        if type(d) is int:
            if d == 0:
                return False
            total *= d
            if total > MAX_SIZE:
                return True
    return False


def _check_total(result: Dims) -> None:
    if _too_many(result):
        raise InvalidShapeError(
            _abbreviate(result),
            f"the broadcast result would have more than {MAX_SIZE} elements",
        )


# -- the records -------------------------------------------------------------


class AxisStep(Record):
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

    axis: int
    position: int
    sizes: tuple[Dim, ...]
    size: Dim
    verdict: str
    stretched: tuple[int, ...]
    padded: tuple[int, ...]
    conflicting: tuple[int, ...]


class Condition(Record):
    """A condition on symbols or unknown sizes under which a result holds.

    ``str()`` writes it as a formula (words are :mod:`bcast.explainer.words`'
    business): ``?0`` stands for operand 0's unknown size.

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
    'axis -1: m ∈ {1, 4}'
    >>> str(broadcast(("m",), ("n",)).conditions[0])
    'axis -1: m, n ∈ {1, max(m, n)}'
    >>> str(broadcast(("m", None), (0, 3)).conditions[0])
    'axis -1: ?0 ∈ {1, 3}'
    """

    axis: int
    kind: str
    operands: tuple[int, ...]
    sizes: tuple[Dim, ...]
    size: Dim

    def __str__(self) -> str:
        terms = [
            f"?{i}" if d is None else str(d) for i, d in zip(self.operands, self.sizes)
        ]
        subject = ", ".join(terms)
        if self.kind == "agree":
            top = "max(" + subject + ")"
        elif self.size == 0:  # symbols are positive: only 1 meets 0
            return f"axis {self.axis}: {' = '.join(terms)} = 1"
        else:
            top = format_dim(self.size)
        return f"axis {self.axis}: {subject} ∈ {{1, {top}}}"


class Broadcast(Record):
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

    shapes: tuple[Dims, ...]
    shape: Dims | None
    steps: tuple[AxisStep, ...]
    conditions: tuple[Condition, ...]
    names: tuple[str, ...] | None

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


# -- the rule, axis by axis: the reference ---------------------------------------

# Records are built with tuple.__new__ inside the loop below: a keyword call
# costs a third of a microsecond per record, and the loop makes one per axis.
# tests/test_algebra.py checks the field order these tuples assume.
_new = tuple.__new__


def _reference(shapes: tuple[Dims, ...], names: tuple[str, ...] | None) -> Broadcast:
    """The rule written out: one :class:`AxisStep` per axis, right to left."""
    ndim = max(map(len, shapes), default=0)
    lens = tuple(map(len, shapes))
    steps: list[AxisStep] = []
    sizes: list[Dim] = []
    conditions: list[Condition] = []
    conflict = False
    for k in range(1, ndim + 1):
        column: list[Dim] = []
        padded: list[int] = []
        ones: list[int] = []  # operands with a 1 here, padded ones included
        free: list[int] = []  # operands with a symbol or an unknown size
        size: Dim = 1  # the known size other than 1, once one is seen
        clash = False
        for i, s in enumerate(shapes):
            if lens[i] >= k:
                d = s[-k]
                if type(d) is not int:
                    free.append(i)
                elif d == 1:
                    ones.append(i)
                elif size == 1:
                    size = d
                elif d != size:
                    clash = True
            else:
                d = 1
                padded.append(i)
                ones.append(i)
            column.append(d)
        sizes_here = tuple(column)
        if clash:
            conflicting = tuple(
                i for i, d in enumerate(sizes_here) if type(d) is int and d != 1
            )
            steps.append(
                _new(
                    AxisStep,
                    (
                        -k,
                        ndim - k,
                        sizes_here,
                        None,
                        CONFLICT,
                        (),
                        tuple(padded),
                        conflicting,
                    ),
                )
            )
            sizes.append(None)
            conflict = True
            continue
        if free:
            size, condition = _free_sizes(sizes_here, free, size, -k)
            if condition is not None:
                conditions.append(condition)
        else:
            condition = None
        stretched = tuple(ones) if size != 1 else ()
        if condition is not None:
            verdict = CONDITIONAL
        elif stretched:
            verdict = STRETCH
        else:
            verdict = EQUAL
        steps.append(
            _new(
                AxisStep,
                (-k, ndim - k, sizes_here, size, verdict, stretched, tuple(padded), ()),
            )
        )
        sizes.append(size)
    shape: Dims | None = None
    if not conflict:
        sizes.reverse()
        shape = tuple(sizes)
        _check_total(shape)
    return _new(Broadcast, (shapes, shape, tuple(steps), tuple(conditions), names))


def _free_sizes(
    column: tuple[Dim, ...], free: list[int], known: Dim, axis: int
) -> tuple[Dim, Condition | None]:
    """The rule on an axis where some operands have a symbol or an unknown
    size: the result's size, and the condition under which it holds.
    ``known`` is the one known size other than 1 (or 1 if there is none)."""
    here = tuple(column[i] for i in free)
    operands = tuple(free)
    if known != 1:
        size_out = None if None in here else known  # the Array API: None spreads
        return size_out, Condition(
            axis=axis, kind="one_of", operands=operands, sizes=here, size=known
        )
    symbols = set(here)
    if len(symbols) == 1:
        (only,) = symbols
        if only is None and len(free) > 1:
            return None, Condition(
                axis=axis, kind="agree", operands=operands, sizes=here, size=None
            )
        return only, None
    names = sorted(str(s) for s in symbols if s is not None)
    size_out = None if None in symbols else "max(" + ", ".join(names) + ")"
    return size_out, Condition(
        axis=axis, kind="agree", operands=operands, sizes=here, size=size_out
    )


# -- the rule for plain ints: the one fast path -------------------------------


def _fast(shapes: tuple[object, ...]) -> Dims | BroadcastError | None:
    """The rule for tuples of plain non-negative ints, folded pair by pair.

    Returns the broadcast shape, or the :class:`BroadcastError` of the first
    conflicting axis (right to left), or None whenever :func:`_reference` must
    decide: another type, a negative or huge size, more than 64 axes, too
    many elements.
    """
    out: tuple[int, ...] = ()
    clash = False
    for s in shapes:
        if type(s) is not tuple:
            return None
        for d in s:
            if type(d) is not int or d < 0:
                return None
        if len(s) > len(out):
            s, out = out, s
        if not s:
            continue
        lead = len(out) - len(s)
        merged = list(out[:lead])
        for x, y in zip(out[lead:] if lead else out, s):
            if x == y or y == 1:
                merged.append(x)
            elif x == 1:
                merged.append(y)
            else:  # a conflict: -1 marks the axis, and no size is ever -1
                if x > MAX_SIZE or y > MAX_SIZE:
                    return None
                merged.append(-1)
                clash = True
        out = tuple(merged)
    if len(out) > MAX_DIMS or max(out, default=0) > MAX_SIZE:
        return None
    if clash:
        k = out[::-1].index(-1) + 1
        operands = tuple(
            i
            for i, s in enumerate(shapes)
            if len(s) >= k and s[-k] != 1  # type: ignore[arg-type, index]
        )
        sizes = tuple(shapes[i][-k] for i in operands)  # type: ignore[index]
        return BroadcastError(shapes, -k, operands, sizes, None)
    total = prod(out)
    if total > MAX_SIZE or (total == 0 and _too_many(out)):
        return None
    return out


# -- the public functions -----------------------------------------------------

# Results are remembered under a type-exact key (bcast.core.memo): shapes in a
# program repeat, and a training loop asks the same question at every step.
_MAX_CACHED_OPERANDS = 64
_SHAPES: Memo[bytes, Dims | BroadcastError] = Memo(1024)
_BROADCASTS: Memo[bytes, Broadcast] = Memo(1024)


def forget() -> None:
    """Empty the memos (for benchmarks that time the work, not the memory)."""
    _SHAPES.clear()
    _BROADCASTS.clear()


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
    ((4,), ['axis -1: m ∈ {1, 4}'])
    >>> broadcast((5,), (5, 1)).shape  # legal, and rarely what was meant
    (5, 5)
    """
    key = exact_key((shapes, names)) if len(shapes) <= _MAX_CACHED_OPERANDS else None
    if key is not None:
        hit = _BROADCASTS.get(key)
        if hit is not None:
            return hit
    dims = tuple(map(as_shape, shapes, range(len(shapes))))
    if names is not None:
        names = tuple(names)
        if len(names) != len(dims):
            raise ValueError(f"{len(names)} names for {len(dims)} shapes")
    result = _reference(dims, names)
    if key is not None:
        _BROADCASTS.remember(key, result)
    return result


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
    key = exact_key(shapes) if len(shapes) <= _MAX_CACHED_OPERANDS else None
    if key is not None:
        hit = _SHAPES.get(key)
        if hit is not None:
            if type(hit) is tuple:
                return hit
            # A fresh exception each time (BaseException's own constructor is
            # cheap): the remembered one never holds a traceback, and with it
            # the caller's frames.
            raise BroadcastError(*hit.args)  # type: ignore[union-attr]
    found: Dims | BroadcastError | None = _fast(shapes)
    if found is None:
        dims = tuple(map(as_shape, shapes, range(len(shapes))))
        result = _reference(dims, None)
        found = result.shape if result.shape is not None else result.error()
    if key is not None:
        _SHAPES.remember(key, found)  # type: ignore[arg-type]
    if type(found) is tuple:
        return found
    raise BroadcastError(*found.args)  # type: ignore[union-attr]


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
    return _mismatch(s, t) is False


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
    axis = _mismatch(s, t)
    if axis is not False:
        raise BroadcastToError(s, t, axis)
    lead = len(t) - len(s)
    return tuple(
        i for i, y in enumerate(t) if y != 1 and (i < lead or s[i - lead] == 1)
    )


def _mismatch(s: Dims, t: Dims) -> int | bool | None:
    """Where ``s`` fails to broadcast to ``t``: a negative axis, None when it
    has more axes than ``t``, False when it does broadcast."""
    if len(s) > len(t):
        return None
    for k in range(1, len(s) + 1):
        x = s[-k]
        if x != 1 and x != t[-k]:
            return -k
    return False
