"""Generalized ufunc signatures: ``np.matmul``'s ``(n?,k),(k,m?)->(n?,m?)``.

A gufunc splits every operand's shape in two: the trailing *core* axes, bound
by name to the signature, and the leading *loop* axes, broadcast by the rule of
:mod:`bcast.core.rule`.  A name followed by ``?`` may be missing altogether, as
``np.matmul`` treats a 1-D operand; an integer is a fixed size, as in
``cross1d``'s ``(3),(3)->(3)``.  :func:`broadcast_signature` follows NumPy's
own algorithm step for step (``_validate_num_dims`` and
``_get_coredim_sizes`` in ``ufunc_object.c``) and returns data;
:func:`output_shapes` raises.
"""

from __future__ import annotations

from operator import index as _index

from bcast.core.records import Record
from bcast.core.rule import Broadcast, as_shape, broadcast
from bcast.errors import (
    AxisError,
    BroadcastError,
    CoreDimensionError,
    OperandCountError,
    OptionError,
    OptionTypeError,
    ShapeSyntaxError,
    SignatureError,
)

TYPE_CHECKING = False  # see bcast.core.rule: typing stays out of start-up
if TYPE_CHECKING:
    from collections.abc import Sequence

    from bcast.core.rule import ShapeLike
    from bcast.core.shapes import Dim, Dims

__all__ = [
    "CoreCondition",
    "CoreDim",
    "GufuncBroadcast",
    "Signature",
    "broadcast_signature",
    "output_shapes",
    "parse_signature",
]


class CoreDim(Record):
    """One core dimension of a signature.

    Attributes
    ----------
    name : str
        The name (``"k"``), or the fixed size as text (``"3"``).
    size : int or None
        The fixed size, or None for a named dimension.
    optional : bool
        True for ``n?``: the dimension may be missing from an operand.

    Examples
    --------
    >>> [str(d) for d in parse_signature("(n?,k),(k,m?)->(n?,m?)").inputs[0]]
    ['n?', 'k']
    """

    name: str
    size: int | None
    optional: bool

    def __str__(self) -> str:
        return self.name + ("?" if self.optional else "")


class Signature(Record):
    """A parsed gufunc signature; ``str()`` gives NumPy's canonical text.

    Examples
    --------
    >>> sig = parse_signature("(n?, k),(k,m?) -> (n?,m?)")
    >>> str(sig)
    '(n?,k),(k,m?)->(n?,m?)'
    >>> sig.nin, sig.nout, sig.dimensions
    (2, 1, ('n', 'k', 'm'))
    """

    inputs: tuple[tuple[CoreDim, ...], ...]
    outputs: tuple[tuple[CoreDim, ...], ...]

    @property
    def nin(self) -> int:
        """The number of inputs."""
        return len(self.inputs)

    @property
    def nout(self) -> int:
        """The number of outputs."""
        return len(self.outputs)

    @property
    def dimensions(self) -> tuple[str, ...]:
        """The distinct core dimensions, in order of appearance."""
        seen: dict[str, None] = {}
        for arg in self.inputs + self.outputs:
            for d in arg:
                seen[d.name] = None
        return tuple(seen)

    def __str__(self) -> str:
        def side(args: tuple[tuple[CoreDim, ...], ...]) -> str:
            return ",".join("(" + ",".join(map(str, a)) + ")" for a in args)

        return side(self.inputs) + "->" + side(self.outputs)


class CoreCondition(Record):
    """A core dimension bound to sizes that agree only if symbols are equal.

    ``str()`` writes it as a formula: the dimension, then the sizes that must
    be equal.

    Examples
    --------
    >>> str(broadcast_signature("(n),(n)->()", ("m",), (3,)).conditions[0])
    'n: m = 3'
    """

    dimension: str
    operands: tuple[int, ...]
    sizes: tuple[Dim, ...]

    def __str__(self) -> str:
        sizes = " = ".join("?" if d is None else str(d) for d in self.sizes)
        return f"{self.dimension}: {sizes}"


class Failure(Record):
    """Why operands do not fit a signature, as data.

    ``kind`` is ``"arity"`` (wrong number of inputs), ``"ndim"`` (an operand
    has too few axes for its core dimensions), ``"core"`` (a core dimension
    bound to two sizes), ``"output"`` (an output's loop axes are not the loop
    shape) or ``"keepdims"`` (an output's kept axes are not 1).  ``operand``
    counts inputs first, then outputs; ``expected`` is what
    :class:`bcast.SignatureError` says was needed.
    """

    kind: str
    operand: int | None = None
    dimension: str | None = None
    operands: tuple[int, ...] = ()
    sizes: tuple[Dim, ...] = ()
    expected: object = None


class GufuncBroadcast(Record):
    """Operands matched against a signature: loop axes, core axes, outputs.

    Attributes
    ----------
    signature : Signature
    shapes : tuple of shapes
        The inputs' shapes.
    loop : Broadcast or None
        The inputs' loop axes broadcast by the rule (None if the structure
        failed).
    core : tuple of shapes
        Each input's core axes (missing optional dimensions left out), in the
        signature's order (after ``axes``/``axis``).
    bindings : tuple of (name, size)
        Every core dimension's size, in the order they were bound.
    missing : tuple of str
        Optional (``?``) dimensions that are missing.
    outputs : tuple of shapes or None
        The outputs' shapes, or None when the operands do not fit.
    conditions : tuple of CoreCondition
        Conditions on symbols for the core bindings to hold.
    failure : Failure or None
        The first structural or core failure, in NumPy's order.
    out : tuple or None
        The output shapes given (``out=``), None for an output not given.
    axes : tuple or None
        Each operand's core axes (positive indices), inputs then outputs, when
        ``axes`` or ``axis`` was given.

    Examples
    --------
    >>> g = broadcast_signature("(n?,k),(k,m?)->(n?,m?)", (2, 3, 4), (4, 5))
    >>> g.outputs, dict(g.bindings)
    (((2, 3, 5),), {'n': 3, 'k': 4, 'm': 5})
    >>> broadcast_signature("(n?,k),(k,m?)->(n?,m?)", (4,), (4,)).outputs
    ((),)
    """

    signature: Signature
    shapes: tuple[Dims, ...]
    loop: Broadcast | None
    core: tuple[Dims, ...]
    bindings: tuple[tuple[str, Dim], ...]
    missing: tuple[str, ...]
    outputs: tuple[Dims, ...] | None
    conditions: tuple[CoreCondition, ...]
    failure: Failure | None
    out: tuple[Dims | None, ...] | None = None
    axes: tuple[tuple[int, ...], ...] | None = None

    @property
    def ok(self) -> bool:
        """True when the operands fit and their loop axes broadcast."""
        return self.outputs is not None

    def error(self) -> BroadcastError | SignatureError | CoreDimensionError | None:
        """The exception a strict caller raises, in NumPy's order, or None."""
        f = self.failure
        text = str(self.signature)
        if f is not None:
            if f.kind == "core":
                assert f.dimension is not None
                return CoreDimensionError(
                    text, self.shapes, f.dimension, f.operands, f.sizes, self.out
                )
            cls = OperandCountError if f.kind == "arity" else SignatureError
            return cls(text, self.shapes, f.kind, f.operand, f.expected, self.out)
        if self.loop is not None and not self.loop.ok:
            return self.loop.error()
        return None


_NAME_START = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_"


def parse_signature(text: str) -> Signature:
    """Read a generalized ufunc signature, as NumPy writes them.

    ``(i,j),(j)->(i)``: names or fixed sizes, ``?`` after a dimension that may
    be missing, spaces anywhere, several outputs allowed.

    Raises
    ------
    ShapeSyntaxError
        If ``text`` is not a signature; the message names the token and its
        position.

    Examples
    --------
    >>> parse_signature("(3),(3)->(3)").inputs[0][0]
    CoreDim(name='3', size=3, optional=False)
    >>> parse_signature("(m,n)->")
    Traceback (most recent call last):
    ...
    bcast.errors.ShapeSyntaxError: bad signature '(m,n)->': at position 7: expected '(' to start an argument
    """
    if isinstance(text, Signature):
        return text
    if not isinstance(text, str):
        raise TypeError(f"a signature is text, got {type(text).__name__}")
    n = len(text)
    pos = 0
    seen: dict[str, bool] = {}  # each dimension: whether it was written with ?

    def fail(at: int, reason: str) -> ShapeSyntaxError:
        token = text[at] if at < n else ""
        return ShapeSyntaxError(text, at, token, reason, "signature")

    def skip() -> None:
        nonlocal pos
        while pos < n and text[pos].isspace():
            pos += 1

    def argument_list() -> tuple[tuple[CoreDim, ...], ...]:
        nonlocal pos
        args: list[tuple[CoreDim, ...]] = []
        while True:
            skip()
            if pos >= n or text[pos] != "(":
                raise fail(pos, "expected '(' to start an argument")
            pos += 1
            dims: list[CoreDim] = []
            skip()
            if pos < n and text[pos] == ")":
                pos += 1
            else:
                while True:
                    skip()
                    start = pos
                    if pos < n and text[pos].isdecimal() and text[pos].isascii():
                        while pos < n and text[pos].isdecimal() and text[pos].isascii():
                            pos += 1
                        size: int | None = int(text[start:pos])
                        if not size:
                            raise fail(start, "a fixed size must be 1 or more")
                        name = str(size)  # NumPy: (3) and (03) are one dimension
                    elif pos < n and (text[pos] in _NAME_START):
                        while pos < n and (
                            (text[pos].isalnum() and text[pos].isascii())
                            or text[pos] == "_"
                        ):
                            pos += 1
                        name = text[start:pos]
                        size = None
                    else:
                        raise fail(pos, "expected a dimension name or size")
                    skip()
                    optional = pos < n and text[pos] == "?"
                    if optional:
                        pos += 1
                        skip()
                    if seen.setdefault(name, optional) != optional:
                        raise fail(
                            start,
                            f"{name!r} is written both with and without '?'",
                        )
                    dims.append(CoreDim(name=name, size=size, optional=optional))
                    if pos < n and text[pos] == ",":
                        pos += 1
                        continue
                    if pos < n and text[pos] == ")":
                        pos += 1
                        break
                    raise fail(pos, "expected ',' or ')'")
            args.append(tuple(dims))
            skip()
            if pos < n and text[pos] == ",":
                pos += 1
                continue
            return tuple(args)

    inputs = argument_list()
    skip()
    if not text.startswith("->", pos):
        raise fail(pos, "expected '->' between inputs and outputs")
    pos += 2
    outputs = argument_list()
    skip()
    if pos != n:
        raise fail(pos, "unexpected text after the outputs")
    return Signature(inputs=inputs, outputs=outputs)


def broadcast_signature(
    signature: str | Signature,
    *shapes: ShapeLike,
    out: Sequence[ShapeLike | None] | None = None,
    axes: list[object] | None = None,
    axis: object = None,
    keepdims: bool | None = None,
) -> GufuncBroadcast:
    """Match input shapes to a gufunc signature, as NumPy does.

    Loop axes broadcast by the rule; core axes bind by name; fixed sizes must
    match; optional (``?``) dimensions missing from an operand are dropped
    from every operand and output that uses them, as ``np.matmul`` does for a
    1-D operand.  Never raises for operands that do not fit: see
    ``result.failure`` and ``result.error()``.

    Parameters
    ----------
    signature : str or Signature
        For example ``np.matmul.signature``, ``"(n?,k),(k,m?)->(n?,m?)"``.
    *shapes : shape-like
        One shape per input.
    out : sequence of shapes, optional
        One shape (or None) per output, as the arrays given to ``out=``:
        their loop axes must be the broadcast loop shape (an output may add
        loop axes, which the inputs then broadcast to), and their core axes
        bind core dimensions like an input's.
    axes : list, optional
        As the ufunc keyword: for each operand (inputs, then outputs; the
        outputs may be left off when none has core dimensions) the axes that
        hold its core dimensions, a tuple, or an int for one core dimension.
    axis : int, optional
        As the ufunc keyword: the one axis of every operand that has the
        signature's single core dimension.
    keepdims : bool, optional
        As the ufunc keyword: outputs keep the inputs' core axes, with size 1.

    Raises
    ------
    OptionError, OptionTypeError, AxisError
        For ``out``, ``axes``, ``axis`` or ``keepdims`` that NumPy would
        refuse for this signature, with NumPy's exception classes.

    Examples
    --------
    >>> g = broadcast_signature("(m,n),(n,p)->(m,p)", (8, 2, 3), (3, 4))
    >>> g.loop.shape, g.outputs
    ((8,), ((8, 2, 4),))
    >>> bad = broadcast_signature("(m,n),(n,p)->(m,p)", (2, 3), (4, 5))
    >>> print(bad.error())
    signature (m,n),(n,p)->(m,p): core dimension 'n' is 3 in operand 0 (2, 3) but 4 in operand 1 (4, 5)
    >>> broadcast_signature("(n),(n)->()", (3, 5), (3, 1), axis=0).outputs
    ((5,),)
    >>> broadcast_signature("(n),(n)->()", (5, 3), (3,), keepdims=True).outputs
    ((5, 1),)
    """
    sig = parse_signature(signature) if isinstance(signature, str) else signature
    dims = tuple(as_shape(s, i) for i, s in enumerate(shapes))
    nin = sig.nin
    text = str(sig)
    outs = _out_shapes(text, out, sig)
    empty = GufuncBroadcast(
        signature=sig,
        shapes=dims,
        loop=None,
        core=(),
        bindings=(),
        missing=(),
        outputs=None,
        conditions=(),
        failure=None,
        out=outs,
    )
    if len(dims) != nin:
        return empty._replace(failure=Failure(kind="arity", expected=nin))
    _check_options(sig, text, axes, axis, keepdims)
    every = sig.inputs + sig.outputs
    counts = [len(c) for c in every]
    if keepdims:  # the outputs keep the inputs' core axes
        for j in range(nin, len(every)):
            counts[j] = counts[0]
    given: list[Dims | None] = [*dims, *(outs or (None,) * sig.nout)]

    # _validate_num_dims: drop optional dimensions an operand is too short for.
    missing: list[str] = []
    for i, shape in enumerate(given):
        if shape is None or len(shape) >= counts[i]:
            continue
        for d in every[i]:
            if d.optional and d.name not in missing:
                missing.append(d.name)
                for j, used in enumerate(every):
                    counts[j] -= sum(1 for c in used if c.name == d.name)
                if len(shape) == counts[i]:
                    break
        if len(shape) < counts[i]:
            short = Failure(kind="ndim", operand=i, operands=(i,), expected=counts[i])
            return empty._replace(missing=tuple(missing), failure=short)
    nloop = max(
        (len(s) - counts[i] for i, s in enumerate(given) if s is not None), default=0
    )

    # axes= and axis=: the order in which each operand's axes are read.
    orders: list[tuple[int, ...] | None] = [None] * len(given)
    if axes is not None or axis is not None:
        orders = _orders(text, given, counts, nloop, axes, axis, sig)
    moved = [
        s if s is None or r is None else tuple(s[a] for a in r)
        for s, r in zip(given, orders)
    ]

    # _get_coredim_sizes: bind each core dimension, operand by operand.
    bound: dict[str, Dim] = {}
    first: dict[str, int] = {}
    conditions: list[CoreCondition] = []
    failure: Failure | None = None
    cores: list[Dims] = []
    for i, shape in enumerate(moved):
        if shape is None:
            continue
        start = len(shape) - counts[i]
        core_sizes: list[Dim] = []
        delta = 0
        for idim, d in enumerate(every[i]):
            if d.name in missing:
                size: Dim = 1
                delta += 1
            else:
                size = shape[start + idim - delta]
                core_sizes.append(size)
            if d.size is not None and d.name not in bound:
                bound[d.name] = d.size
                first[d.name] = -1
            if d.name not in bound:
                bound[d.name] = size
                first[d.name] = i
            elif size != bound[d.name] and failure is None:
                have = bound[d.name]
                ops = (i,) if first[d.name] < 0 else (first[d.name], i)
                if type(size) is int and type(have) is int:
                    sizes = (size,) if first[d.name] < 0 else (have, size)
                    failure = Failure(
                        kind="core",
                        operand=i,
                        dimension=d.name,
                        operands=ops,
                        sizes=sizes,
                    )
                else:
                    conditions.append(
                        CoreCondition(
                            dimension=d.name, operands=ops, sizes=(have, size)
                        )
                    )
        if i < nin:
            cores.append(tuple(core_sizes))

    inputs = [s for s in moved[:nin] if s is not None]
    loop = broadcast(*(s[: len(s) - counts[i]] for i, s in enumerate(inputs)))
    outputs = None
    if failure is None and loop.ok:
        assert loop.shape is not None
        failure, loop_shape = _check_outputs(moved, counts, nin, loop.shape, keepdims)
        if failure is None:
            outputs = tuple(
                _output_shape(
                    sig, j, given, counts, orders, loop_shape, bound, missing, keepdims
                )
                for j in range(sig.nout)
            )
    bindings = tuple(
        (k, v) for k, v in bound.items() if not k.isdecimal() and k not in missing
    )
    chosen = None
    if axes is not None or axis is not None:
        chosen = tuple(
            () if r is None else r[len(r) - counts[i] :] for i, r in enumerate(orders)
        )
    return empty._replace(
        loop=loop,
        core=tuple(cores),
        bindings=bindings,
        missing=tuple(missing),
        outputs=outputs,
        conditions=tuple(conditions),
        failure=failure,
        axes=chosen,
    )


def _out_shapes(
    text: str, out: Sequence[ShapeLike | None] | None, sig: Signature
) -> tuple[Dims | None, ...] | None:
    if out is None:
        return None
    if type(out) not in (tuple, list):
        raise OptionTypeError(text, "out", out, "type")
    if len(out) != sig.nout:
        raise OptionError(text, "out", out, "length", None, sig.nout)
    return tuple(
        None if o is None else as_shape(o, sig.nin + j) for j, o in enumerate(out)
    )


def _check_options(
    sig: Signature, text: str, axes: object, axis: object, keepdims: object
) -> None:
    """What NumPy refuses before it looks at a shape."""
    if axis is not None and axes is not None:
        raise OptionTypeError(text, "axis", axis, "both")
    if keepdims is not None:
        if type(keepdims) is not bool:
            raise OptionTypeError(text, "keepdims", keepdims, "type")
        first = len(sig.inputs[0]) if sig.inputs else 0
        if any(len(c) != first for c in sig.inputs) or any(sig.outputs):
            raise OptionTypeError(text, "keepdims", keepdims, "unsupported")
    if axis is not None and len(sig.dimensions) != 1:
        raise OptionTypeError(
            text, "axis", axis, "unsupported", None, len(sig.dimensions)
        )


def _axis_index(value: object) -> int:
    """An axis as NumPy reads one: an integer (``__index__``), not a bool."""
    if type(value) is bool or type(value).__name__ == "bool_":
        raise TypeError("a bool is not an axis")
    return _index(value)  # type: ignore[arg-type]


def _orders(
    text: str,
    given: list[Dims | None],
    counts: list[int],
    nloop: int,
    axes: object,
    axis: object,
    sig: Signature,
) -> list[tuple[int, ...] | None]:
    """Each operand's axes in the order the gufunc reads them: loop axes, then
    core axes (NumPy's ``_parse_axes_arg`` and ``_parse_axis_arg``)."""
    option, value = ("axis", axis) if axis is not None else ("axes", axes)
    if axis is not None:
        try:
            one = _axis_index(axis)
        except TypeError:
            raise OptionTypeError(text, "axis", axis, "type") from None
        entries: list[object] = [(one,) if c else () for c in counts]
    else:
        if type(axes) is not list:
            raise OptionTypeError(text, "axes", axes, "type")
        entries = list(axes)
        if len(entries) != len(given) and (len(entries) != sig.nin or any(sig.outputs)):
            raise OptionError(text, "axes", axes, "length", None, (len(given), sig.nin))
    orders: list[tuple[int, ...] | None] = [None] * len(given)
    for i, item in enumerate(entries):
        ncore = counts[i]
        shape = given[i]
        ndim = len(shape) if shape is not None else nloop + ncore
        if type(item) is tuple:
            if len(item) != ncore:
                raise AxisError(text, option, value, "count", i, ncore)
            picked: tuple[object, ...] = item
        elif ncore == 1:
            picked = (item,)
        else:
            try:
                _axis_index(item)
            except TypeError:
                raise OptionTypeError(text, option, value, "item", i) from None
            raise AxisError(text, option, value, "count", i, ncore)
        core: list[int] = []
        for entry in picked:
            try:
                a = _axis_index(entry)
            except TypeError:
                raise OptionTypeError(text, option, value, "item", i) from None
            if not -ndim <= a < ndim:
                raise AxisError(text, option, value, "range", i, ndim)
            a %= ndim
            if a in core:
                raise OptionError(text, option, value, "repeated", i)
            core.append(a)
        orders[i] = tuple([a for a in range(ndim) if a not in core] + core)
    return orders


def _check_outputs(
    moved: list[Dims | None],
    counts: list[int],
    nin: int,
    loop: Dims,
    keepdims: bool | None,
) -> tuple[Failure | None, Dims]:
    """Given outputs may add loop axes (the inputs broadcast to them) and may
    leave off leading loop axes of size 1, but are never stretched; kept
    dimensions have size 1."""
    given = [(j, s) for j, s in enumerate(moved[nin:], nin) if s is not None]
    if not given:
        return None, loop
    out_loops = [s[: len(s) - counts[j]] for j, s in given]
    full = broadcast(loop, *out_loops)
    for (j, s), own in zip(given, out_loops):
        if full.shape is None or (1,) * (full.ndim - len(own)) + own != full.shape:
            return Failure(kind="output", operand=j, operands=(j,), expected=loop), loop
        if keepdims and any(d != 1 for d in s[len(own) :]):
            return Failure(kind="keepdims", operand=j, operands=(j,)), loop
    assert full.shape is not None
    return None, full.shape


def _output_shape(
    sig: Signature,
    j: int,
    given: list[Dims | None],
    counts: list[int],
    orders: list[tuple[int, ...] | None],
    loop: Dims,
    bound: dict[str, Dim],
    missing: list[str],
    keepdims: bool | None,
) -> Dims:
    """Output ``j``'s shape: the one given, else loop axes then core axes
    (moved to the axes ``axes``/``axis`` name)."""
    i = sig.nin + j
    shape = given[i]
    if shape is not None:
        return shape
    if keepdims:
        core: Dims = (1,) * counts[i]
    else:
        core = tuple(
            d.size if d.size is not None else bound.get(d.name, d.name)
            for d in sig.outputs[j]
            if d.name not in missing
        )
    default = loop + core
    order = orders[i]
    if order is None:
        return default
    placed: list[Dim] = [None] * len(default)
    for k, a in enumerate(order):
        placed[a] = default[k]
    return tuple(placed)


def output_shapes(
    signature: str | Signature,
    *shapes: ShapeLike,
    out: Sequence[ShapeLike | None] | None = None,
    axes: list[object] | None = None,
    axis: object = None,
    keepdims: bool | None = None,
) -> tuple[Dims, ...]:
    """The output shapes of a gufunc call, or the error NumPy would raise.

    The options are :func:`broadcast_signature`'s (NumPy's ``out=``,
    ``axes=``, ``axis=`` and ``keepdims=``).

    Raises
    ------
    OperandCountError
        The wrong number of inputs (a ``TypeError``, as NumPy raises).
    SignatureError
        An operand with too few axes, or an output that does not fit.
    CoreDimensionError
        A core dimension bound to two different sizes.
    BroadcastError
        Loop axes that do not broadcast.

    Examples
    --------
    >>> output_shapes("(n?,k),(k,m?)->(n?,m?)", (5, 2, 3), (3,))
    ((5, 2),)
    >>> output_shapes("(m,n),(n,p)->(m,p)", (2, 3), (4, 3), axes=[(0, 1), (1, 0), (0, 1)])
    ((2, 4),)
    """
    result = broadcast_signature(
        signature, *shapes, out=out, axes=axes, axis=axis, keepdims=keepdims
    )
    if result.outputs is None:
        err = result.error()
        assert err is not None
        raise err
    return result.outputs
