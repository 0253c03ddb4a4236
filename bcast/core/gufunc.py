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

from collections import namedtuple

from bcast.core.rule import Broadcast, as_shape, broadcast
from bcast.core.shapes import format_shape
from bcast.errors import (
    BroadcastError,
    CoreDimensionError,
    ShapeSyntaxError,
    SignatureError,
)

TYPE_CHECKING = False  # see bcast.core.rule: typing stays out of start-up
if TYPE_CHECKING:
    from typing import NamedTuple

    from bcast.core.rule import ShapeLike
    from bcast.core.shapes import Dim, Dims

    class _CoreDimBase(NamedTuple):
        name: str
        size: int | None
        optional: bool

    class _SignatureBase(NamedTuple):
        inputs: tuple[tuple[CoreDim, ...], ...]
        outputs: tuple[tuple[CoreDim, ...], ...]

    class _CoreConditionBase(NamedTuple):
        dimension: str
        operands: tuple[int, ...]
        sizes: tuple[Dim, ...]

    class _FailureBase(NamedTuple):
        kind: str
        operand: int | None
        dimension: str | None
        operands: tuple[int, ...]
        sizes: tuple[Dim, ...]
        reason: str

    class _GufuncBroadcastBase(NamedTuple):
        signature: Signature
        shapes: tuple[Dims, ...]
        loop: Broadcast | None
        core: tuple[Dims, ...]
        bindings: tuple[tuple[str, Dim], ...]
        missing: tuple[str, ...]
        outputs: tuple[Dims, ...] | None
        conditions: tuple[CoreCondition, ...]
        failure: Failure | None

else:
    _CoreDimBase = namedtuple("_CoreDimBase", "name size optional")
    _SignatureBase = namedtuple("_SignatureBase", "inputs outputs")
    _CoreConditionBase = namedtuple("_CoreConditionBase", "dimension operands sizes")
    _FailureBase = namedtuple(
        "_FailureBase", "kind operand dimension operands sizes reason"
    )
    _GufuncBroadcastBase = namedtuple(
        "_GufuncBroadcastBase",
        "signature shapes loop core bindings missing outputs conditions failure",
    )

__all__ = [
    "CoreCondition",
    "CoreDim",
    "GufuncBroadcast",
    "Signature",
    "broadcast_signature",
    "output_shapes",
    "parse_signature",
]


class CoreDim(_CoreDimBase):
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

    __slots__ = ()

    def __str__(self) -> str:
        return self.name + ("?" if self.optional else "")


class Signature(_SignatureBase):
    """A parsed gufunc signature; ``str()`` gives NumPy's canonical text.

    Examples
    --------
    >>> sig = parse_signature("(n?, k),(k,m?) -> (n?,m?)")
    >>> str(sig)
    '(n?,k),(k,m?)->(n?,m?)'
    >>> sig.nin, sig.nout
    (2, 1)
    """

    __slots__ = ()

    @property
    def nin(self) -> int:
        """The number of inputs."""
        return len(self.inputs)

    @property
    def nout(self) -> int:
        """The number of outputs."""
        return len(self.outputs)

    def __str__(self) -> str:
        def side(args: tuple[tuple[CoreDim, ...], ...]) -> str:
            return ",".join("(" + ",".join(map(str, a)) + ")" for a in args)

        return side(self.inputs) + "->" + side(self.outputs)


class CoreCondition(_CoreConditionBase):
    """A core dimension bound to sizes that agree only if symbols are equal.

    Examples
    --------
    >>> str(broadcast_signature("(n),(n)->()", ("m",), (3,)).conditions[0])
    "core dimension 'n': m and 3 are equal"
    """

    __slots__ = ()

    def __str__(self) -> str:
        sizes = " and ".join("?" if d is None else str(d) for d in self.sizes)
        return f"core dimension {self.dimension!r}: {sizes} are equal"


class Failure(_FailureBase):
    """Why operands do not fit a signature, as data.

    ``kind`` is ``"arity"`` (wrong number of operands), ``"ndim"`` (an operand
    has too few axes for its core dimensions) or ``"core"`` (a core dimension
    bound to two sizes).
    """

    __slots__ = ()


class GufuncBroadcast(_GufuncBroadcastBase):
    """Operands matched against a signature: loop axes, core axes, outputs.

    Attributes
    ----------
    signature : Signature
    shapes : tuple of shapes
        The inputs' shapes.
    loop : Broadcast or None
        The loop axes broadcast by the rule (None if the structure failed).
    core : tuple of shapes
        Each input's core axes (missing optional dimensions left out).
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

    Examples
    --------
    >>> g = broadcast_signature("(n?,k),(k,m?)->(n?,m?)", (2, 3, 4), (4, 5))
    >>> g.outputs, dict(g.bindings)
    (((2, 3, 5),), {'n': 3, 'k': 4, 'm': 5})
    >>> broadcast_signature("(n?,k),(k,m?)->(n?,m?)", (4,), (4,)).outputs
    ((),)
    """

    __slots__ = ()

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
                    text, self.shapes, f.dimension, f.operands, f.sizes
                )
            return SignatureError(text, self.shapes, f.reason, f.operand)
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
                        name = text[start:pos]
                        size: int | None = int(name)
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
                    dims.append(_new_core(name, size, optional))
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
    return tuple.__new__(Signature, (inputs, outputs))


def _new_core(name: str, size: int | None, optional: bool) -> CoreDim:
    return tuple.__new__(CoreDim, (name, size, optional))


def broadcast_signature(
    signature: str | Signature, *shapes: ShapeLike
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

    Examples
    --------
    >>> g = broadcast_signature("(m,n),(n,p)->(m,p)", (8, 2, 3), (3, 4))
    >>> g.loop.shape, g.outputs
    ((8,), ((8, 2, 4),))
    >>> bad = broadcast_signature("(m,n),(n,p)->(m,p)", (2, 3), (4, 5))
    >>> print(bad.error())
    signature (m,n),(n,p)->(m,p): core dimension 'n' is 3 in operand 0 (2, 3) but 4 in operand 1 (4, 5)
    """
    sig = parse_signature(signature) if isinstance(signature, str) else signature
    dims = tuple(as_shape(s, i) for i, s in enumerate(shapes))
    empty = tuple.__new__(
        GufuncBroadcast, (sig, dims, None, (), (), (), None, (), None)
    )
    if len(dims) != sig.nin:
        reason = (
            f"takes {sig.nin} operand{'s' if sig.nin != 1 else ''}, got {len(dims)}"
        )
        arity = tuple.__new__(Failure, ("arity", None, None, (), (), reason))
        return empty._replace(failure=arity)

    # _validate_num_dims: drop optional dimensions an operand is too short for.
    every = sig.inputs + sig.outputs
    counts = [len(c) for c in every]
    missing: list[str] = []
    for i, shape in enumerate(dims):
        if len(shape) < counts[i]:
            for d in sig.inputs[i]:
                if d.optional and d.name not in missing:
                    missing.append(d.name)
                    for j, used in enumerate(every):
                        counts[j] -= sum(1 for c in used if c.name == d.name)
                    if len(shape) == counts[i]:
                        break
            if len(shape) < counts[i]:
                reason = (
                    f"has {len(shape)} axes {format_shape(shape)}, but its core "
                    f"dimensions ({','.join(map(str, sig.inputs[i]))}) need {counts[i]}"
                )
                short = tuple.__new__(Failure, ("ndim", i, None, (i,), (), reason))
                return empty._replace(missing=tuple(missing), failure=short)

    # _get_coredim_sizes: bind each core dimension, operand by operand.
    bound: dict[str, Dim] = {}
    first: dict[str, int] = {}
    conditions: list[CoreCondition] = []
    failure: Failure | None = None
    cores: list[Dims] = []
    for i, shape in enumerate(dims):
        start = len(shape) - counts[i]
        core_sizes: list[Dim] = []
        delta = 0
        for idim, d in enumerate(sig.inputs[i]):
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
                if type(size) is int and type(have) is int:
                    ops = (i,) if first[d.name] < 0 else (first[d.name], i)
                    sizes = (size,) if first[d.name] < 0 else (have, size)
                    failure = tuple.__new__(
                        Failure,
                        ("core", i, d.name, ops, sizes, f"core dimension {d.name!r}"),
                    )
                else:
                    ops = (first[d.name], i) if first[d.name] >= 0 else (i,)
                    conditions.append(
                        tuple.__new__(CoreCondition, (d.name, ops, (have, size)))
                    )
        cores.append(tuple(core_sizes))

    loop = broadcast(*(s[: len(s) - counts[i]] for i, s in enumerate(dims)))
    outputs = None
    if failure is None and loop.ok:
        assert loop.shape is not None
        outs = []
        for core_dims in sig.outputs:
            out: list[Dim] = list(loop.shape)
            for d in core_dims:
                if d.name in missing:
                    continue
                out.append(d.size if d.size is not None else bound.get(d.name, d.name))
            outs.append(tuple(out))
        outputs = tuple(outs)
    bindings = tuple(
        (k, v) for k, v in bound.items() if not k.isdecimal() and k not in missing
    )
    return tuple.__new__(
        GufuncBroadcast,
        (
            sig,
            dims,
            loop,
            tuple(cores),
            bindings,
            tuple(missing),
            outputs,
            tuple(conditions),
            failure,
        ),
    )


def output_shapes(signature: str | Signature, *shapes: ShapeLike) -> tuple[Dims, ...]:
    """The output shapes of a gufunc call, or the error NumPy would raise.

    Raises
    ------
    SignatureError
        Wrong number of operands, or an operand with too few axes.
    CoreDimensionError
        A core dimension bound to two different sizes.
    BroadcastError
        Loop axes that do not broadcast.

    Examples
    --------
    >>> output_shapes("(n?,k),(k,m?)->(n?,m?)", (5, 2, 3), (3,))
    ((5, 2),)
    """
    result = broadcast_signature(signature, *shapes)
    if result.outputs is None:
        err = result.error()
        assert err is not None
        raise err
    return result.outputs
