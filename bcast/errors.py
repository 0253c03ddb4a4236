"""The exceptions bcast raises (and the one warning it gives).

Every exception derives from :class:`BcastError` and also from the builtin it
behaves as, so code that catches NumPy's ``ValueError`` (or ``TypeError``)
keeps working.  Each one carries the facts as fields and builds its message
from them when it is shown; nothing downstream ever parses an error's text.

Fields are stored one way: a class annotates its fields in order (after its
parent's), and the values live in ``args`` and nowhere else.  Raising is then
BaseException's own constructor (five times cheaper than a Python
``__init__``: a conflict found again is raised from a memo), pickling needs
nothing more, and a field with a default may be left off the end:

>>> e = BroadcastError(((3,), (4,)), -1, (0, 1), (3, 4))
>>> e.args[1] is e.axis, e.names
(True, None)

A class writes an ``__init__`` only to take keywords.  :meth:`BcastError.explain_request`
is how the notebook and ``bcast run`` ask an error what to explain.
"""

from __future__ import annotations

from bcast.core.memo import Memo
from bcast.core.records import Record
from bcast.core.shapes import format_dim, format_shape

# typing is not imported at run time: `bcast check` starts in a few
# milliseconds, and typing alone would cost a fifth of that.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any, ClassVar

    from bcast.core.shapes import Dim, Dims

__all__ = [
    "AxisError",
    "BadOptionError",
    "BcastError",
    "BroadcastError",
    "BroadcastToError",
    "BroadcastWarning",
    "ConfigError",
    "ContractionAxisError",
    "ContractionError",
    "CoreDimensionError",
    "DotGeneralError",
    "ExplainRequest",
    "Explained",
    "InvalidShapeError",
    "OperandCountError",
    "OptionError",
    "OptionTypeError",
    "ShapeError",
    "ShapeSyntaxError",
    "SignatureError",
    "SilentBroadcastError",
    "SizeTypeError",
    "SourceError",
    "UsageError",
]

_REQUIRED = object()


def _field(i: int, default: object) -> property:
    if default is _REQUIRED:

        def get(self: BaseException) -> object:
            return self.args[i]

    else:

        def get(self: BaseException) -> object:
            args = self.args
            return args[i] if len(args) > i else default

    return property(get)


class _Fields:
    """Turn a class's annotated fields into properties over ``args``."""

    _fields: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        own = [
            # not inspect.get_annotations: importing inspect would slow start-up
            n
            for n, kind in cls.__dict__.get("__annotations__", {}).items()  # noqa: RUF063
            if not n.startswith("_") and not str(kind).startswith("ClassVar")
        ]
        base = cls._fields
        for j, name in enumerate(own):
            default = cls.__dict__.get(name, _REQUIRED)
            setattr(cls, name, _field(len(base) + j, default))
        cls._fields = base + tuple(own)


def _quote(text: str, position: int, width: int = 60) -> str:
    """Quote ``text`` for a one-line message, keeping ``position`` in view."""
    text = text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    if len(text) <= width:
        return repr(text)
    start = max(0, min(position - width // 2, len(text) - width))
    head = "…" if start > 0 else ""
    tail = "…" if start + width < len(text) else ""
    return repr(head + text[start : start + width] + tail)


class ExplainRequest(Record):
    """What an error asks to have explained (see :meth:`BcastError.explain_request`).

    Attributes
    ----------
    kind : str
        ``"broadcast"`` (shapes broadcast together), ``"to"`` (one shape
        broadcast to ``target``) or ``"signature"`` (operands of a gufunc).
    shapes : tuple of shapes
        The operands' shapes.
    names : tuple of str or None
        The operands' names, when known.
    target : tuple or None
        For ``"to"``: the target shape.
    signature : str or None
        For ``"signature"``: the gufunc signature.
    """

    kind: str
    shapes: tuple[Dims, ...]
    names: tuple[str, ...] | None = None
    target: Dims | None = None
    signature: str | None = None


class BcastError(_Fields, Exception):
    """Base class of every error bcast raises."""

    def _message(self) -> str:  # pragma: no cover - overridden everywhere
        return super().__str__()

    def __str__(self) -> str:
        return self._message()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._message()!r})"

    def explain_request(self) -> ExplainRequest | None:
        """What bcast's explainer should explain about this error, or None.

        >>> import bcast
        >>> try:
        ...     bcast.broadcast_shapes((3, 4), (3,))
        ... except bcast.BcastError as e:
        ...     print(e.explain_request())
        ExplainRequest(kind='broadcast', shapes=((3, 4), (3,)), names=None, target=None, signature=None)
        """
        return None


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

    text: str
    position: int
    token: str
    reason: str
    what: str = "shape"

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

    shape: object
    reason: str
    operand: int | None = None
    axis: int | None = None

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

    shapes: tuple[Dims, ...]
    axis: int
    operands: tuple[int, ...]
    sizes: tuple[Dim, ...]
    names: tuple[str, ...] | None = None

    def explain_request(self) -> ExplainRequest:
        return ExplainRequest(kind="broadcast", shapes=self.shapes, names=self.names)

    def _name(self, i: int) -> str:
        return f"operand {i}" if self.names is None else self.names[i]

    def _message(self) -> str:
        ndim = max((len(s) for s in self.shapes), default=0)
        listed = " ".join(format_shape(s) for s in self.shapes)
        if self.names is not None:
            listed = " ".join(
                f"{n}={format_shape(s)}" for n, s in zip(self.names, self.shapes)
            )
        sizes = ", ".join(
            f"{format_dim(d)} in {self._name(i)}"
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

    shape: Dims
    target: Dims
    axis: int | None

    def explain_request(self) -> ExplainRequest:
        return ExplainRequest(kind="to", shapes=(self.shape,), target=self.target)

    def _message(self) -> str:
        head = f"cannot broadcast {format_shape(self.shape)} to {format_shape(self.target)}"
        if self.axis is None:
            return (
                f"{head}: it has {len(self.shape)} axes and the target only "
                f"{len(self.target)}"
            )
        a = format_dim(self.shape[self.axis])
        b = format_dim(self.target[self.axis])
        return (
            f"{head}: axis {self.axis} has size {a}, which cannot become {b} "
            "(only a size of 1 stretches)"
        )


def _core_text(signature: str, i: int) -> str:
    """Operand ``i``'s core dimensions, from a signature as ``str(Signature)``
    writes it: ``"(n?,k),(k,m?)->(n?,m?)"``, 1 -> ``"k,m?"``."""
    inputs, _, outputs = signature.partition("->")
    args = [a.strip("()") for a in (inputs[1:-1] + "),(" + outputs[1:-1]).split("),(")]
    return args[i] if i < len(args) else ""


def _shape_of(
    shapes: tuple[Dims, ...], outputs: tuple[Dims | None, ...] | None, i: int
) -> Dims | None:
    """Operand ``i``'s shape: inputs first, then the outputs given."""
    if i < len(shapes):
        return shapes[i]
    j = i - len(shapes)
    return outputs[j] if outputs is not None and j < len(outputs) else None


def _operand(i: int, nin: int) -> str:
    """NumPy numbers a gufunc's operands inputs first, then outputs."""
    return f"operand {i}" if i < nin else f"output {i - nin}"


class SignatureError(BcastError, ValueError):
    """Operands that do not fit a gufunc signature's structure.

    Attributes
    ----------
    signature : str
        The signature, as text.
    shapes : tuple of shapes
        The inputs' shapes.
    kind : str
        ``"ndim"``: an operand has fewer axes than its core dimensions need.
        ``"output"``: an output's loop axes are not the broadcast loop shape.
        ``"keepdims"``: an output's kept axes are not 1.
        ``"arity"``: the wrong number of inputs (an :class:`OperandCountError`).
    operand : int or None
        The operand at fault: inputs first, then outputs, as NumPy numbers them.
    expected : object
        ``"ndim"``: the number of core axes needed; ``"output"``: the inputs'
        loop shape; ``"arity"``: the number of inputs the signature takes.
    outputs : tuple or None
        The output shapes given (``out=``; None for an output not given).

    Examples
    --------
    >>> import bcast
    >>> bcast.output_shapes("(n?,k),(k,m?)->(n?,m?)", (), (3,))
    Traceback (most recent call last):
    ...
    bcast.errors.SignatureError: signature (n?,k),(k,m?)->(n?,m?): operand 0: has 0 axes (), but its core dimensions (n?,k) need 1
    """

    signature: str
    shapes: tuple[Dims, ...]
    kind: str
    operand: int | None = None
    expected: object = None
    outputs: tuple[Dims | None, ...] | None = None

    def explain_request(self) -> ExplainRequest | None:
        if self.outputs is not None:  # the explainer knows no out=
            return None
        return ExplainRequest(
            kind="signature", shapes=self.shapes, signature=self.signature
        )

    def _shape(self, i: int) -> Dims | None:
        return _shape_of(self.shapes, self.outputs, i)

    def _message(self) -> str:
        head = f"signature {self.signature}: "
        kind = self.kind
        if kind == "arity":
            n = self.expected
            plural = "" if n == 1 else "s"
            return f"{head}takes {n} input{plural}, got {len(self.shapes)}"
        assert self.operand is not None
        who = _operand(self.operand, len(self.shapes))
        shape = self._shape(self.operand)
        shown = "" if shape is None else f" {format_shape(shape)}"
        if kind == "ndim":
            # bcast.explainer.messages reads this form back: keep it as it is
            have = 0 if shape is None else len(shape)
            core = _core_text(self.signature, self.operand)
            return (
                f"{head}{who}: has {have} axes{shown}, but its core dimensions "
                f"({core}) need {self.expected}"
            )
        if kind == "keepdims":
            return f"{head}{who}{shown}: the axes keepdims keeps must have size 1"
        return (
            f"{head}{who}{shown}: the loop shape {format_shape(self.expected)} "  # type: ignore[arg-type]
            "does not broadcast to its loop axes"
        )


class OperandCountError(SignatureError, TypeError):
    """The wrong number of inputs for a signature: a ``TypeError``, as NumPy
    raises for ``np.vectorize(f, signature="(n),(n)->(n)")`` given one.

    >>> import bcast
    >>> bcast.output_shapes("(n),(n)->()", (3,))
    Traceback (most recent call last):
    ...
    bcast.errors.OperandCountError: signature (n),(n)->(): takes 2 inputs, got 1
    """


class CoreDimensionError(BcastError, ValueError):
    """A gufunc core dimension bound to different sizes by different operands.

    Attributes
    ----------
    signature : str
        The signature, as text.
    shapes : tuple of shapes
        The inputs' shapes.
    dimension : str
        The core dimension's name (or its fixed size, as text).
    operands : tuple of int
        The operand that bound it first and the one that disagrees (one only
        for a fixed size); inputs first, then outputs.
    sizes : tuple
        Their sizes for the dimension.
    outputs : tuple or None
        The output shapes given (``out=``).

    Examples
    --------
    >>> import bcast
    >>> try:
    ...     bcast.output_shapes("(m,n),(n,p)->(m,p)", (2, 3), (4, 5))
    ... except bcast.CoreDimensionError as e:
    ...     print(e.dimension, e.operands, e.sizes)
    n (0, 1) (3, 4)
    """

    signature: str
    shapes: tuple[Dims, ...]
    dimension: str
    operands: tuple[int, ...]
    sizes: tuple[Dim, ...]
    outputs: tuple[Dims | None, ...] | None = None

    def _shape(self, i: int) -> Dims | None:
        return _shape_of(self.shapes, self.outputs, i)

    def explain_request(self) -> ExplainRequest | None:
        if self.outputs is not None:
            return None
        return ExplainRequest(
            kind="signature", shapes=self.shapes, signature=self.signature
        )

    def _where(self, k: int) -> str:
        i = self.operands[k]
        shape = self._shape(i)
        shown = "" if shape is None else f" {format_shape(shape)}"
        return f"{format_dim(self.sizes[k])} in {_operand(i, len(self.shapes))}{shown}"

    def _message(self) -> str:
        head = f"signature {self.signature}: core dimension"
        if len(self.operands) == 1:
            return f"{head} of fixed size {self.dimension} is {self._where(-1)}"
        return f"{head} {self.dimension!r} is {self._where(0)} but {self._where(-1)}"


class OptionError(BcastError, ValueError):
    """A gufunc option (``axes=``, ``axis=``, ``keepdims=``, ``out=``) that
    cannot work, refused as NumPy refuses it (``ValueError`` here,
    :class:`OptionTypeError` and :class:`AxisError` for NumPy's other classes).

    Attributes
    ----------
    signature : str
        The signature.
    option : str
        The option's name.
    value : object
        The option as given.
    kind : str
        What is wrong: ``"length"`` (a list with the wrong number of entries),
        ``"repeated"`` (an axis given twice), ``"type"`` (not the type the
        option takes), ``"item"`` (an entry that is not an axis or a tuple of
        axes), ``"both"`` (``axis`` and ``axes`` together), ``"unsupported"``
        (the signature does not allow the option), ``"count"`` (an entry with
        the wrong number of axes) or ``"range"`` (an axis out of range).
    operand : int or None
        The operand the entry is for, inputs first.
    expected : object
        The number of entries or axes wanted, or the operand's number of axes
        for ``"range"``.

    Examples
    --------
    >>> import bcast
    >>> bcast.broadcast_signature("(n),(n)->()", (3,), (3,), axes=[0])
    Traceback (most recent call last):
    ...
    bcast.errors.OptionError: signature (n),(n)->(): axes=[0]: one entry per operand (3), or per input (2) when no output has core dimensions
    """

    signature: str
    option: str
    value: object
    kind: str
    operand: int | None = None
    expected: object = None

    def _message(self) -> str:
        head = f"signature {self.signature}: {self.option}={self.value!r}: "
        kind = self.kind
        n = self.expected
        if kind == "length":
            if self.option == "out":
                return head + f"one shape (or None) per output ({n})"
            nop, nin = n if type(n) is tuple else (n, n)
            return head + (
                f"one entry per operand ({nop}), or per input ({nin}) "
                "when no output has core dimensions"
            )
        if kind == "type":
            wanted = _TAKES.get(self.option, "another type")
            return head + f"{self.option} takes {wanted}"
        if kind == "item":
            return head + (
                f"the entry for operand {self.operand} must be an axis "
                "or a tuple of axes"
            )
        if kind == "both":
            return head + "give axis or axes, not both"
        if kind == "unsupported":
            if self.option == "axis":
                return head + (
                    "axis needs a single core dimension shared by every operand; "
                    f"the signature has {n}"
                )
            return head + (
                "keepdims needs inputs with the same number of core dimensions "
                "and outputs with none"
            )
        if kind == "repeated":
            return head + f"operand {self.operand} has an axis given twice"
        if kind == "count":
            return head + f"operand {self.operand} has {n} core dimensions"
        return head + f"an axis out of range for operand {self.operand} ({n} axes)"


_TAKES = {
    "axes": "a list",
    "axis": "an integer",
    "keepdims": "True or False",
    "out": "a tuple with a shape (or None) per output",
}


class OptionTypeError(OptionError, TypeError):
    """A gufunc option of the wrong type, or one the signature cannot take:
    a ``TypeError``, as NumPy raises."""


class AxisError(OptionError, IndexError):
    """An axis out of range, or the wrong number of axes for an operand: both a
    ``ValueError`` and an ``IndexError``, as ``numpy.exceptions.AxisError``."""


class ShapeError(BcastError, ValueError):
    """An array whose shape or dtype does not fit the spec the shape guard holds it to.

    Raised by :func:`bcast.expect`, functions decorated with
    :func:`bcast.shaped`, and :func:`bcast.dims` scopes that contradict each
    other.  The fields are the facts and stay the same in every language;
    the message (``str()``) is worded by the guard in the language of
    ``BCAST_LANG`` when it is shown (English when unset), so code that
    matches messages sees English unless it sets ``BCAST_LANG=zh``; read the
    fields instead.  :meth:`message` gives it in a language of your choice.

    Attributes
    ----------
    function : str or None
        The guarded function, or None outside one.
    argument : str
        What was checked: a parameter's name, ``"xs[2]"``, ``"the result"``,
        ``"result[1]"``, ``"the array given to expect()"``, ``"dims(n=3)"``.
    shape : tuple or None
        The shape found, or None when the value is not an array.
    spec : str or None
        The spec's axes, written as a tuple: ``"(n_x, m)"``.
    axis : int or None
        The offending axis as a positive index into ``shape`` (the first axis
        of the segment, for a ``*name`` spec item).
    actual : int, tuple or None
        The size found on ``axis`` (a tuple for a ``*name`` segment).
    symbol : str or None
        The name or expression in the spec that was violated (``"n_x"``,
        ``"*batch"``, ``"n+1"``).
    expected : int, tuple or None
        The size that was required there: the symbol's binding, the value
        the expression evaluated to, or the fixed size in the spec.
    broadcastable : bool
        The spec item was ``#n``: ``expected`` or 1 would have done.
    bound_by : str or None
        Where ``symbol`` got its size: ``"w with shape (4, 1)"``,
        ``"dims(n_x=4)"``.
    reason : str or None
        What is wrong, when it is not one axis: ``"1 axis, expected 2"``.
    hint : str or None
        A likely fix: a rank-1 array where a row was meant, a transpose.
    dtype : str or None
        The dtype found, when the dtype is what does not fit.
    dtype_spec : str or None
        The dtype the spec asks for (``"float32"``, ``"int | bool"``).

    Examples
    --------
    >>> import numpy as np, bcast
    >>> try:
    ...     bcast.expect(np.zeros((3, 5)), "n_x, m", n_x=4)
    ... except bcast.ShapeError as e:
    ...     print(e.argument, e.shape, e.axis, e.symbol, e.expected)
    the array given to expect() (3, 5) 0 n_x 4
    """

    function: str | None
    argument: str
    shape: Dims | None
    spec: str | None
    axis: int | None = None
    actual: Dim | Dims = None
    symbol: str | None = None
    expected: Dim | Dims = None
    broadcastable: bool = False
    bound_by_phrase: object = None
    reason_phrase: object = None
    hint_phrase: object = None
    dtype: str | None = None
    dtype_spec: str | None = None

    # Wording lives above errors.py (in the catalog): bcast.guard installs
    # ``words(error_or_phrase, lang) -> str`` here when it is imported.
    # ``bound_by``, ``reason`` and ``hint`` are stored (the ``*_phrase``
    # fields) as text or as phrases ``(key, {field: value})`` that it words in
    # the language asked for.
    words: ClassVar[Callable[[object, str | None], str] | None] = None

    def __init__(  # keywords for the guard; args hold every field, so pickle works
        self,
        function: str | None,
        argument: str,
        shape: Dims | None,
        spec: str | None,
        axis: int | None = None,
        actual: Dim | Dims = None,
        symbol: str | None = None,
        expected: Dim | Dims = None,
        broadcastable: bool = False,
        bound_by: object = None,
        reason: object = None,
        hint: object = None,
        dtype: str | None = None,
        dtype_spec: str | None = None,
    ) -> None:
        super().__init__(
            function,
            argument,
            None if shape is None else tuple(shape),
            spec,
            axis,
            actual,
            symbol,
            expected,
            broadcastable,
            bound_by,
            reason,
            hint,
            dtype,
            dtype_spec,
        )

    def _word(self, name: str, lang: str | None = None) -> str | None:
        value: object = getattr(self, f"{name}_phrase")
        if value is None or isinstance(value, str) or ShapeError.words is None:
            return value  # type: ignore[return-value]
        return ShapeError.words(value, lang)

    @property
    def bound_by(self) -> str | None:
        """Where ``symbol`` got its size, in words."""
        return self._word("bound_by")

    @property
    def reason(self) -> str | None:
        """What is wrong when it is not one axis, in words."""
        return self._word("reason")

    @property
    def hint(self) -> str | None:
        """A likely fix, in words."""
        return self._word("hint")

    @property
    def phrases(self) -> dict[str, object]:
        """``bound_by``, ``reason`` and ``hint`` as stored (text or phrases)."""
        return {
            "bound_by": self.bound_by_phrase,
            "reason": self.reason_phrase,
            "hint": self.hint_phrase,
        }

    def message(self, lang: str | None = None) -> str:
        """The message in ``lang`` (``"en"``, ``"zh"``; None: ``BCAST_LANG``)."""
        if ShapeError.words is None:  # the guard never imported: the facts
            fields = ", ".join(f"{k}={getattr(self, k)!r}" for k in self._fields)
            return f"{type(self).__name__}({fields})"
        return ShapeError.words(self, lang)

    def _message(self) -> str:
        return self.message()


# -- errors and warnings of the other layers ------------------------------------

_TEXTS: Memo[object, str] = Memo(1024)


def _said(finding: object) -> str:
    """A finding's message, remembered: the warnings module asks for it at
    every warning, to look the warning up in its registry."""
    text = _TEXTS.get(finding)
    if text is None:
        text = _TEXTS.remember(finding, finding.message())  # type: ignore[attr-defined]
    return text


class SilentBroadcastError(BcastError, ValueError):
    """Raised by a watched array under ``strict("raise")``, before the ufunc runs.

    A ``ValueError``, as JAX raises for rank promotion.

    Attributes
    ----------
    finding : bcast.runtime.watch.Finding
        What was found.
    """

    finding: Any

    def _message(self) -> str:
        return _said(self.finding)

    def explain_request(self) -> ExplainRequest:
        f = self.finding
        shapes = tuple(f.shapes[i] for i in f.operands)
        names = tuple(f.names[i] for i in f.operands)
        return ExplainRequest(kind="broadcast", shapes=shapes, names=names)


class BroadcastWarning(_Fields, UserWarning):
    """Warned by a watched array under ``strict("warn")`` (the default).

    Attributes
    ----------
    finding : bcast.runtime.watch.Finding
        What was found.
    """

    finding: Any

    def __str__(self) -> str:
        return _said(self.finding)


class Explained(BcastError):
    """An explanation chained to the error it explains, where exceptions have
    no notes (Python 3.10).

    Attributes
    ----------
    note : str
        The explanation, as text.
    """

    note: str

    def _message(self) -> str:
        return self.note


class UsageError(BcastError, ValueError):
    """Bad input to a command (``bcast why`` given a binary file, ...): the
    command line prints it as one line and exits with status 2.

    Attributes
    ----------
    text : str
        The message, already in the user's language.
    """

    text: str

    def _message(self) -> str:
        return self.text


class BadOptionError(UsageError):
    """A command-line option's value that the option does not take."""


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

    op: str
    shapes: tuple[Dims, ...]
    kind: str
    operands: tuple[int, ...] = ()
    axes: tuple[int, ...] = ()
    sizes: tuple[Dim, ...] = ()
    reason: str = ""
    names: tuple[str, ...] | None = None

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
        super().__init__(
            op,
            tuple(shapes),
            kind,
            tuple(operands),
            tuple(axes),
            tuple(sizes),
            reason,
            None if names is None else tuple(names),
        )

    def _who(self, i: int) -> str:
        name = f"operand {i}" if self.names is None else self.names[i]
        return f"{name} {format_shape(self.shapes[i])}"

    def _message(self) -> str:
        listed = " and ".join(self._who(i) for i in range(len(self.shapes)))
        head = f"{self.op}: {listed}"
        if self.kind in ("contracted", "batch") and len(self.axes) == len(
            self.operands
        ):
            parts = [
                f"axis {a} of {self._who(i).split(' (')[0]} is {format_dim(d)}"
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


class SourceError(BcastError, ValueError):
    """Input ``bcast lint`` cannot use: a file it cannot read, text that is not
    Python, a notebook that is not JSON.

    Attributes
    ----------
    key : str
        The sentence that says what is wrong, in :mod:`bcast.explainer.words`
        (``"lint.…"``).
    fields : dict
        The sentence's fields (the path, the line …).

    Examples
    --------
    >>> e = SourceError("lint.not_python", path="a.py", line=3)
    >>> e.key, e.fields
    ('lint.not_python', {'path': 'a.py', 'line': 3})
    """

    key: str
    fields: Any = None

    def __init__(self, key: str, fields: Any = None, /, **more: object) -> None:
        super().__init__(key, more if more or fields is None else fields)

    def _message(self) -> str:
        return f"{self.key} {self.fields}"


class ConfigError(SourceError):
    """A bad ``[tool.bcast.lint]`` table or option."""
