"""The exceptions bcast raises.

Every exception derives from :class:`BcastError` and also from the builtin it
behaves as, so code that catches NumPy's ``ValueError`` keeps working.  Each one
carries the facts as fields and builds its message from them when it is shown;
nothing downstream ever parses an error's text.
"""

from __future__ import annotations

# typing is not imported at run time: `bcast check` starts in a few
# milliseconds, and typing alone would cost a fifth of that.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from bcast.core.shapes import Dim, Dims

__all__ = [
    "BcastError",
    "BroadcastError",
    "BroadcastToError",
    "ContractionAxisError",
    "ContractionError",
    "CoreDimensionError",
    "DotGeneralError",
    "InvalidShapeError",
    "ShapeError",
    "ShapeSyntaxError",
    "SignatureError",
    "SizeTypeError",
]


def _fmt_dim(d: Dim) -> str:
    return "?" if d is None else str(d)


def _fmt_shape(shape: Dims) -> str:
    # bcast.core.syntax.format_shape, repeated here in two lines to keep errors.py at
    # the bottom of the import graph.
    if len(shape) == 1:
        return f"({_fmt_dim(shape[0])},)"
    return "(" + ", ".join(_fmt_dim(d) for d in shape) + ")"


def _quote(text: str, position: int, width: int = 60) -> str:
    """Quote ``text`` for a one-line message, keeping ``position`` in view."""
    text = text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    if len(text) <= width:
        return repr(text)
    start = max(0, min(position - width // 2, len(text) - width))
    head = "…" if start > 0 else ""
    tail = "…" if start + width < len(text) else ""
    return repr(head + text[start : start + width] + tail)


class BcastError(Exception):
    """Base class of every error bcast raises."""

    def _message(self) -> str:  # pragma: no cover - overridden everywhere
        return super().__str__()

    def __str__(self) -> str:
        return self._message()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._message()!r})"


class ShapeSyntaxError(BcastError, ValueError):
    """Text that is not a valid shape, shape spec or gufunc signature.

    Attributes
    ----------
    text : str
        The whole text that was being read.
    position : int
        Index into ``text`` of the offending token.
    token : str
        The offending token ('' at the end of the text).
    reason : str
        What is wrong, in a few words.
    what : str
        What was being read: ``"shape"``, ``"spec"`` or ``"signature"``.

    Examples
    --------
    >>> import bcast
    >>> try:
    ...     bcast.parse_shape("3,,1")
    ... except bcast.BcastError as e:
    ...     print(type(e).__name__, isinstance(e, ValueError))
    ShapeSyntaxError True

    Examples
    --------
    >>> import bcast
    >>> try:
    ...     bcast.parse_shape("(3, 1e3)")
    ... except bcast.ShapeSyntaxError as e:
    ...     print(e.position, e.token, e.reason)
    4 1e3 not a whole number
    """

    def __init__(
        self, text: str, position: int, token: str, reason: str, what: str = "shape"
    ) -> None:
        super().__init__(text, position, token, reason, what)
        self.text = text
        self.position = position
        self.token = token
        self.reason = reason
        self.what = what

    def _message(self) -> str:
        where = f"at position {self.position}"
        if self.token:
            where = f"{self.token!r} {where}"
        return f"bad {self.what} {_quote(self.text, self.position)}: {where}: {self.reason}"


class InvalidShapeError(BcastError, ValueError):
    """A shape given as a value (not text) that NumPy would refuse.

    Negative sizes, sizes beyond ``sys.maxsize``, more than 64 axes.

    Attributes
    ----------
    shape : object
        The shape as given.
    operand : int or None
        Which argument it was, when there were several.
    axis : int or None
        The offending axis (positive index into ``shape``), if one.
    reason : str
        What is wrong.

    Examples
    --------
    >>> import bcast
    >>> bcast.broadcast_shapes((3, -1))
    Traceback (most recent call last):
    ...
    bcast.errors.InvalidShapeError: invalid operand 0 (3, -1) at axis 1: negative size -1
    """

    def __init__(
        self,
        shape: object,
        reason: str,
        operand: int | None = None,
        axis: int | None = None,
    ) -> None:
        super().__init__(shape, reason, operand, axis)
        self.shape = shape
        self.reason = reason
        self.operand = operand
        self.axis = axis

    def _message(self) -> str:
        who = "shape" if self.operand is None else f"operand {self.operand}"
        where = "" if self.axis is None else f" at axis {self.axis}"
        return f"invalid {who} {self.shape!r}{where}: {self.reason}"


class SizeTypeError(InvalidShapeError, TypeError):
    """A size that is not an integer (a float, a bool, a string ...).

    NumPy raises ``TypeError`` here, so this is a ``TypeError`` as well as a
    ``ValueError``.

    Examples
    --------
    >>> import bcast
    >>> try:
    ...     bcast.broadcast_shapes((2.0, 3))
    ... except TypeError as e:
    ...     print(e.axis, e.reason)
    0 float 2.0 is not an integer size
    """


class BroadcastError(BcastError, ValueError):
    """Shapes that cannot be broadcast together.

    Attributes
    ----------
    shapes : tuple of shapes
        Every operand's shape.
    axis : int
        The first conflicting axis found going right to left, as a negative
        index (``-1`` is the last axis).
    operands : tuple of int
        The operands whose sizes on ``axis`` disagree (sizes other than 1).
    sizes : tuple
        Their sizes on ``axis``, in the order of ``operands``.
    names : tuple of str or None
        Operand names for the message, when known.

    Examples
    --------
    >>> import bcast
    >>> try:
    ...     bcast.broadcast_shapes((2, 3), (3, 2))
    ... except bcast.BroadcastError as e:
    ...     print(e.axis, e.operands, e.sizes)
    -1 (0, 1) (3, 2)
    """

    # The fields live in ``args`` and nowhere else: a conflict found again is
    # raised from the cache, and BaseException's own constructor is five times
    # cheaper than a Python ``__init__``.  Arguments are positional.
    if TYPE_CHECKING:

        def __init__(
            self,
            shapes: tuple[Dims, ...],
            axis: int,
            operands: tuple[int, ...],
            sizes: tuple[Dim, ...],
            names: tuple[str, ...] | None = None,
            /,
        ) -> None: ...

    @property
    def shapes(self) -> tuple[Dims, ...]:
        return self.args[0]  # type: ignore[no-any-return]

    @property
    def axis(self) -> int:
        return self.args[1]  # type: ignore[no-any-return]

    @property
    def operands(self) -> tuple[int, ...]:
        return self.args[2]  # type: ignore[no-any-return]

    @property
    def sizes(self) -> tuple[Dim, ...]:
        return self.args[3]  # type: ignore[no-any-return]

    @property
    def names(self) -> tuple[str, ...] | None:
        return self.args[4] if len(self.args) > 4 else None

    def _name(self, i: int) -> str:
        return f"operand {i}" if self.names is None else self.names[i]

    def _message(self) -> str:
        ndim = max((len(s) for s in self.shapes), default=0)
        listed = " ".join(_fmt_shape(s) for s in self.shapes)
        if self.names is not None:
            listed = " ".join(
                f"{n}={_fmt_shape(s)}" for n, s in zip(self.names, self.shapes)
            )
        sizes = ", ".join(
            f"{_fmt_dim(d)} in {self._name(i)}"
            for i, d in zip(self.operands, self.sizes)
        )
        return (
            f"shapes {listed} cannot be broadcast: axis {self.axis} "
            f"(axis {ndim + self.axis} of the result) has size {sizes}; "
            "sizes on an axis must be equal, or 1"
        )


class BroadcastToError(BcastError, ValueError):
    """A shape that does not broadcast to a given target shape.

    Broadcasting *to* a shape (``np.broadcast_to``, the way back of
    :func:`bcast.unbroadcast`) is one-directional: only the source may be
    stretched.

    Attributes
    ----------
    shape, target : tuple
        The source shape and the target shape.
    axis : int or None
        The offending axis as a negative index, or None when the source has
        more axes than the target.

    Examples
    --------
    >>> import bcast
    >>> bcast.stretched_axes((3,), (4,))
    Traceback (most recent call last):
    ...
    bcast.errors.BroadcastToError: cannot broadcast (3,) to (4,): axis -1 has size 3, which cannot become 4 (only a size of 1 stretches)
    """

    def __init__(self, shape: Dims, target: Dims, axis: int | None) -> None:
        super().__init__(shape, target, axis)
        self.shape = tuple(shape)
        self.target = tuple(target)
        self.axis = axis

    def _message(self) -> str:
        head = f"cannot broadcast {_fmt_shape(self.shape)} to {_fmt_shape(self.target)}"
        if self.axis is None:
            return (
                f"{head}: it has {len(self.shape)} axes and the target only "
                f"{len(self.target)}"
            )
        a = _fmt_dim(self.shape[self.axis])
        b = _fmt_dim(self.target[self.axis])
        return (
            f"{head}: axis {self.axis} has size {a}, which cannot become {b} "
            "(only a size of 1 stretches)"
        )


class SignatureError(BcastError, ValueError):
    """Operands that do not fit a gufunc signature's structure.

    Raised for the wrong number of operands, or an operand with fewer axes than
    the signature's core dimensions need.

    Attributes
    ----------
    signature : str
        The signature, as text.
    shapes : tuple of shapes
        The operands' shapes.
    operand : int or None
        The operand at fault, if one.
    reason : str
        What is wrong.

    Examples
    --------
    >>> import bcast
    >>> bcast.output_shapes("(n?,k),(k,m?)->(n?,m?)", (), (3,))
    Traceback (most recent call last):
    ...
    bcast.errors.SignatureError: signature (n?,k),(k,m?)->(n?,m?): operand 0: has 0 axes (), but its core dimensions (n?,k) need 1
    """

    def __init__(
        self,
        signature: str,
        shapes: Sequence[Dims],
        reason: str,
        operand: int | None = None,
    ) -> None:
        super().__init__(signature, shapes, reason, operand)
        self.signature = signature
        self.shapes = tuple(shapes)
        self.reason = reason
        self.operand = operand

    def _message(self) -> str:
        who = "" if self.operand is None else f"operand {self.operand}: "
        return f"signature {self.signature}: {who}{self.reason}"


class CoreDimensionError(BcastError, ValueError):
    """A gufunc core dimension bound to different sizes by different operands.

    Attributes
    ----------
    signature : str
        The signature, as text.
    shapes : tuple of shapes
        The operands' shapes.
    dimension : str
        The core dimension's name (or its fixed size, as text).
    operands : tuple of int
        The operand that bound it first and the one that disagrees.
    sizes : tuple
        Their sizes for the dimension.

    Examples
    --------
    >>> import bcast
    >>> try:
    ...     bcast.output_shapes("(m,n),(n,p)->(m,p)", (2, 3), (4, 5))
    ... except bcast.CoreDimensionError as e:
    ...     print(e.dimension, e.operands, e.sizes)
    n (0, 1) (3, 4)
    """

    def __init__(
        self,
        signature: str,
        shapes: Sequence[Dims],
        dimension: str,
        operands: Sequence[int],
        sizes: Sequence[Dim],
    ) -> None:
        super().__init__(signature, shapes, dimension, operands, sizes)
        self.signature = signature
        self.shapes = tuple(shapes)
        self.dimension = dimension
        self.operands = tuple(operands)
        self.sizes = tuple(sizes)

    def _message(self) -> str:
        other = self.operands[-1]
        b = self.sizes[-1]
        if len(self.operands) == 1:
            return (
                f"signature {self.signature}: core dimension of fixed size "
                f"{self.dimension} is {_fmt_dim(b)} in operand {other} "
                f"{_fmt_shape(self.shapes[other])}"
            )
        first = self.operands[0]
        a = self.sizes[0]
        return (
            f"signature {self.signature}: core dimension {self.dimension!r} is "
            f"{_fmt_dim(a)} in operand {first} {_fmt_shape(self.shapes[first])} "
            f"but {_fmt_dim(b)} in operand {other} {_fmt_shape(self.shapes[other])}"
        )


class ShapeError(BcastError, ValueError):
    """An array whose shape does not fit the spec the shape guard holds it to.

    Raised by :func:`bcast.expect`, functions decorated with
    :func:`bcast.shaped`, and :func:`bcast.dims` scopes that contradict each
    other.

    Attributes
    ----------
    function : str or None
        The guarded function, or None outside one.
    argument : str
        What was checked: a parameter's name, ``"the result"``, ``"result[1]"``,
        ``"the array given to expect()"``, ``"dims(n=3)"``.
    shape : tuple or None
        The shape found, or None when the value is not an array.
    spec : str or None
        The spec, written as a tuple: ``"(n_x, m)"``.
    axis : int or None
        The offending axis as a positive index into ``shape`` (the first axis
        of the segment, for a ``*name`` spec item).
    actual : int, tuple or None
        The size found on ``axis`` (a tuple for a ``*name`` segment).
    symbol : str or None
        The name in the spec that was violated (``"n_x"``, ``"*batch"``).
    expected : int, tuple or None
        The size that was required there: the symbol's binding or the fixed
        size in the spec.
    broadcastable : bool
        The spec item was ``#n``: ``expected`` or 1 would have done.
    bound_by : str or None
        Where ``symbol`` got its size: ``"w with shape (4, 1)"``,
        ``"dims(n_x=4)"``.
    reason : str or None
        What is wrong, when it is not one axis: ``"1 axis, expected 2"``.
    hint : str or None
        A likely fix: a rank-1 array where a row was meant, a transpose.

    Examples
    --------
    >>> import numpy as np, bcast
    >>> try:
    ...     bcast.expect(np.zeros((3, 5)), "n_x, m", n_x=4)
    ... except bcast.ShapeError as e:
    ...     print(e.argument, e.shape, e.axis, e.symbol, e.expected)
    the array given to expect() (3, 5) 0 n_x 4
    """

    def __init__(
        self,
        function: str | None,
        argument: str,
        shape: Dims | None,
        spec: str | None,
        *,
        axis: int | None = None,
        actual: Dim | Dims = None,
        symbol: str | None = None,
        expected: Dim | Dims = None,
        broadcastable: bool = False,
        bound_by: str | None = None,
        reason: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(function, argument, shape, spec)
        self.function = function
        self.argument = argument
        self.shape = None if shape is None else tuple(shape)
        self.spec = spec
        self.axis = axis
        self.actual = actual
        self.symbol = symbol
        self.expected = expected
        self.broadcastable = broadcastable
        self.bound_by = bound_by
        self.reason = reason
        self.hint = hint

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        # Keeps the keyword fields through pickle (multiprocessing, Dask).
        from functools import partial

        keywords = [
            "axis",
            "actual",
            "symbol",
            "expected",
            "broadcastable",
            "bound_by",
            "reason",
            "hint",
        ]
        fields = {k: getattr(self, k) for k in keywords}
        rebuild = partial(type(self), **fields)
        return rebuild, (self.function, self.argument, self.shape, self.spec)

    def _where(self) -> str:
        axis = self.axis
        assert axis is not None
        assert self.shape is not None
        ndim = len(self.shape)
        if type(self.actual) is tuple:
            stop = axis + len(self.actual) - 1
            if stop <= axis:
                return f"axis {axis} ({axis - ndim})"
            return f"axes {axis} to {stop} ({axis - ndim} to {stop - ndim})"
        return f"axis {axis} ({axis - ndim})"

    def _found(self) -> str:
        value = self.actual
        text = _fmt_shape(value) if type(value) is tuple else _fmt_dim(value)  # type: ignore[arg-type]
        verb = "are" if type(value) is tuple and len(value) != 1 else "is"
        return f"{self._where()} {verb} {text}"

    def _wanted(self) -> str:
        value = self.expected
        text = _fmt_shape(value) if type(value) is tuple else _fmt_dim(value)  # type: ignore[arg-type]
        return f"{text} or 1" if self.broadcastable else text

    def _message(self) -> str:
        head = f"{self.function}(): " if self.function else ""
        if self.shape is None and self.spec is None:
            # dims() or expect(name=size) against a size bound before
            return (
                f"{head}{self.argument}: {self.symbol} = {_fmt_dim(self.actual)}"  # type: ignore[arg-type]
                f" conflicts with {self.symbol} = {self._wanted()}, "
                f"bound by {self.bound_by}"
            )
        if self.shape is None:
            return f"{head}{self.argument} is {self.reason}; expected {self.spec}"
        text = f"{head}{self.argument} has shape {_fmt_shape(self.shape)}, expected {self.spec}: "
        if self.axis is None:
            text += str(self.reason)
        elif self.bound_by is None:
            text += f"{self._found()}, expected {self._wanted()}"
        elif self.broadcastable:
            text += (
                f"{self._found()} but #{self.symbol} must be 1 or "
                f"{self.symbol} = {_fmt_dim(self.expected)}, bound by {self.bound_by}"  # type: ignore[arg-type]
            )
        else:
            text += (
                f"{self._found()} but {self.symbol} = {self._wanted()}, "
                f"bound by {self.bound_by}"
            )
        if self.hint:
            text += f"; {self.hint}"
        return text


class ContractionError(BcastError, ValueError):
    """A matrix product (a contraction) whose operands do not fit its rule.

    ``np.dot``, ``@``, ``np.tensordot``, ``np.einsum``, ``torch.mm`` and JAX's
    ``dot_general`` sum over some axes: the sizes summed together must be
    equal (no size 1 stretches there).  Raised by the wrappers of
    :mod:`bcast.core.products`.

    Attributes
    ----------
    op : str
        The product: ``"dot"``, ``"matmul"``, ``"tensordot"``, ``"mm"`` ...
    shapes : tuple of shapes
        The operands' shapes.
    kind : str
        What does not fit: ``"contracted"`` (summed sizes differ), ``"batch"``
        (batch sizes differ), ``"loop"`` (loop axes do not broadcast),
        ``"ndim"`` (too few or too many axes), ``"axes"`` (the axes asked for
        do not exist or repeat), ``"subscripts"`` (einsum's text does not fit).
    operands : tuple of int
        The operands concerned.
    axes : tuple of int
        Their axes concerned (positive indices), one per operand, when known.
    sizes : tuple
        Their sizes on those axes.
    reason : str
        The rest of the story, in a few words.
    names : tuple of str or None
        Operand names for the message, when known.

    Examples
    --------
    >>> from bcast.core.products import dot_shape
    >>> try:
    ...     dot_shape((11, 3), (11, 1))
    ... except ValueError as e:
    ...     print(type(e).__name__, e.axes, e.sizes)
    ContractionError (1, 0) (3, 11)
    """

    def __init__(
        self,
        op: str,
        shapes: Sequence[Dims],
        kind: str,
        operands: Sequence[int] = (),
        axes: Sequence[int] = (),
        sizes: Sequence[Dim] = (),
        reason: str = "",
        names: Sequence[str] | None = None,
    ) -> None:
        super().__init__(op, shapes, kind, operands, axes, sizes, reason, names)
        self.op = op
        self.shapes = tuple(shapes)
        self.kind = kind
        self.operands = tuple(operands)
        self.axes = tuple(axes)
        self.sizes = tuple(sizes)
        self.reason = reason
        self.names = None if names is None else tuple(names)

    def _who(self, i: int) -> str:
        name = f"operand {i}" if self.names is None else self.names[i]
        return f"{name} {_fmt_shape(self.shapes[i])}"

    def _message(self) -> str:
        listed = " and ".join(self._who(i) for i in range(len(self.shapes)))
        head = f"{self.op}: {listed}"
        if self.kind in ("contracted", "batch") and len(self.axes) == len(
            self.operands
        ):
            parts = [
                f"axis {a} of {self._who(i).split(' (')[0]} is {_fmt_dim(d)}"
                for i, a, d in zip(self.operands, self.axes, self.sizes)
            ]
            what = "summed" if self.kind == "contracted" else "batch"
            return (
                f"{head} do not fit: {' but '.join(parts)}; "
                f"{what} sizes must be equal{'; ' + self.reason if self.reason else ''}"
            )
        return f"{head} do not fit: {self.reason}"


class ContractionAxisError(ContractionError, IndexError):
    """Contracted axes that the operands do not have (``np.tensordot`` raises
    ``IndexError`` there, so this is an ``IndexError`` too)."""


class DotGeneralError(ContractionError, TypeError):
    """``jax.lax.dot_general`` operands that do not fit (JAX raises
    ``TypeError``, so this is a ``TypeError`` too)."""
