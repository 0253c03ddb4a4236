"""Matrix products as contractions: their own rule, never elementwise broadcasting.

A contraction sums over some axes of its operands: ``np.dot`` the last axis
of ``a`` with the second-to-last of ``b``, ``a @ b`` the core ``(n,k),(k,m)``,
``np.tensordot`` the axes it is given, ``np.einsum`` every label the output
leaves out.  The sizes summed together must be *equal* — a 1 does not
stretch there — while ``@``'s leading (loop) axes broadcast by the rule of
:mod:`bcast.core.rule`, and ``dot_general``'s batch axes must be equal.

Every function returns a :class:`Contraction`: the shapes, each operand's
contracted (and batch) axes, one :class:`Match` per group of sizes that must
agree, the result shape or the first :class:`Mismatch` in the order the
library checks, and the :class:`ProductCondition` s under which symbols make
it hold (``k`` against 3 holds only if ``k`` is 3).  Nothing here raises for
operands that do not fit; :meth:`Contraction.error` builds the exception and
the ``*_shape`` wrappers raise it.

>>> dot((11, 3), (11, 1)).failure.sizes
(3, 11)
>>> matmul((2, 1, 3, 4), (5, 4, 6)).shape
(2, 5, 3, 6)
>>> einsum("ij,jk->ik", ("m", "n_x"), ("n_x", 1)).shape
('m', 1)
"""

from __future__ import annotations

from bcast.core.memo import Memo, exact_key
from bcast.core.records import Record
from bcast.core.rule import CONDITIONAL, CONFLICT, EQUAL, as_shape, broadcast
from bcast.core.shapes import format_dim, format_shape
from bcast.errors import (
    ContractionAxisError,
    ContractionError,
    DotGeneralError,
)

TYPE_CHECKING = False  # typing stays out of start-up (see bcast.core.rule)
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any

    from bcast.core.rule import Broadcast, ShapeLike
    from bcast.core.shapes import Dim, Dims

__all__ = [
    "OPS",
    "Contraction",
    "Match",
    "Mismatch",
    "ProductCondition",
    "bmm",
    "dot",
    "dot_general",
    "dot_shape",
    "einsum",
    "inner",
    "matmul",
    "matmul_shape",
    "mm",
    "mv",
    "product",
    "product_shape",
    "tensordot",
    "torch_dot",
    "vdot",
]

CONTRACTED = "contracted"
BATCH = "batch"


class Match(Record):
    """Sizes that must agree: one contracted (or batch) dimension.

    Attributes
    ----------
    kind : str
        ``"contracted"`` (summed over) or ``"batch"`` (kept, but shared).
    label : str
        The dimension's name: ``"k"`` for a matrix product's inner size, an
        einsum label, ``"k1"``, ``"k2"`` … for several.
    operands : tuple of int
        The operands that have this dimension.
    axes : tuple of int
        Its axis in each of them (positive indices, as the course writes
        ``axis=1``); -1 for the axis a 1-D operand of ``@`` is given.
    sizes : tuple
        Each operand's size there.
    size : int, str or None
        The agreed size (None on a conflict).
    verdict : str
        ``"equal"``, ``"stretch"`` (einsum only: a 1 broadcast),
        ``"conditional"`` (holds if a symbol has the right size) or
        ``"conflict"``.

    Examples
    --------
    >>> dot((11, 3), (11, 1)).matches[0]
    Match(kind='contracted', label='k', operands=(0, 1), axes=(1, 0), sizes=(3, 11), size=None, verdict='conflict')
    """

    kind: str
    label: str
    operands: tuple[int, ...]
    axes: tuple[int, ...]
    sizes: tuple[Dim, ...]
    size: Dim
    verdict: str


class ProductCondition(Record):
    """What must hold of symbols (or unknown sizes) for a product to fit.

    The style of :class:`bcast.Condition`, for a dimension instead of an axis:
    ``kind`` is ``"equal"`` (every size in ``sizes`` is ``size``: summed sizes
    do not stretch), or, for einsum's broadcast labels, ``"one_of"`` (each is
    1 or ``size``) and ``"agree"`` (equal where not 1).

    Examples
    --------
    >>> str(matmul(("m", "k"), (3, 4)).conditions[0])
    'k is 3'
    >>> str(dot(("m", "k"), ("n", 4)).conditions[0])
    'k and n are equal'
    """

    label: str
    kind: str
    operands: tuple[int, ...]
    axes: tuple[int, ...]
    sizes: tuple[Dim, ...]
    size: Dim

    def __str__(self) -> str:
        names = [
            f"the unknown size of operand {i}" if d is None else str(d)
            for i, d in zip(self.operands, self.sizes)
        ]
        subject = " and ".join(names)
        if self.kind == "one_of":
            return f"{subject} {'is' if len(names) == 1 else 'are each'} 1 or {format_dim(self.size)}"
        if self.kind == "agree" or self.size is None or type(self.size) is str:
            return f"{subject} are equal" + (
                " where they are not 1" if self.kind == "agree" else ""
            )
        return f"{subject} {'is' if len(names) == 1 else 'are each'} {self.size}"


class Mismatch(Record):
    """Why operands do not fit a product: the first failure, in the library's order.

    Attributes
    ----------
    kind : str
        ``"contracted"``, ``"batch"``, ``"loop"`` (``@``'s loop axes do not
        broadcast), ``"ndim"`` (an operand has too few or too many axes),
        ``"axes"`` (axes asked for that do not exist or repeat) or
        ``"subscripts"`` (einsum text that does not fit the operands).
    operands : tuple of int
        The operands concerned.
    axes : tuple of int
        Their axes concerned (positive indices), one per operand, if any.
    sizes : tuple
        Their sizes there (for ``"ndim"``: each operand's number of axes).
    label : str or None
        The dimension's label, for a size mismatch.
    need : int or None
        For ``"ndim"``: the number of axes the product needs.
    reason : str
        In a few English words, for the exception's message.
    """

    kind: str
    operands: tuple[int, ...]
    axes: tuple[int, ...]
    sizes: tuple[Dim, ...]
    label: str | None = None
    need: int | None = None
    reason: str = ""


class Contraction(Record):
    """A product's operands matched against its rule.

    Attributes
    ----------
    op : str
        The product (a key of :data:`OPS`).
    shapes : tuple of shapes
        The operands' shapes, validated.
    contracted : tuple of tuples of int
        Per operand, its summed axes (positive indices).
    batch : tuple of tuples of int
        Per operand, its batch axes: ``@``'s loop axes, ``dot_general``'s
        batch dimensions, einsum's kept shared labels.
    matches : tuple of Match
        Every group of sizes that must agree, contracted ones first.
    loop : Broadcast or None
        ``@``'s loop axes broadcast by the rule (and einsum's ``...``).
    shape : tuple or None
        The result's shape, or None when the operands do not fit.
    conditions : tuple of ProductCondition
        What must hold of symbols for ``shape`` to be right (the loop axes'
        own conditions are in ``loop.conditions``).
    failure : Mismatch or None
        The first failure, in the order the library checks.
    names : tuple of str or None
        Operand names, when given.
    subscripts : str or None
        For einsum: the subscripts with the output written out.
    promoted : tuple of int
        For ``@``: the 1-D operands given an axis (and losing it again).

    Examples
    --------
    >>> c = dot((11, 3), (11, 1))
    >>> c.ok, c.contracted, c.failure.operands, c.failure.axes
    (False, ((1,), (0,)), (0, 1), (1, 0))
    >>> dot(("n_x", "m"), ("m", 1)).shape
    ('n_x', 1)
    """

    op: str
    shapes: tuple[Dims, ...]
    contracted: tuple[tuple[int, ...], ...]
    batch: tuple[tuple[int, ...], ...]
    matches: tuple[Match, ...]
    loop: Broadcast | None
    shape: Dims | None
    conditions: tuple[ProductCondition, ...]
    failure: Mismatch | None
    names: tuple[str, ...] | None = None
    subscripts: str | None = None
    promoted: tuple[int, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the operands fit (perhaps under ``conditions``)."""
        return self.shape is not None

    @property
    def conflicts(self) -> tuple[Match, ...]:
        """Every group of sizes that disagree."""
        return tuple(m for m in self.matches if m.verdict == CONFLICT)

    def error(self) -> ContractionError | None:
        """The exception a strict caller raises, or None when the operands fit."""
        f = self.failure
        if f is None:
            return None
        cls = ContractionError
        if self.op == "dot_general":
            cls = DotGeneralError
        elif f.kind == "axes" and "range" in f.reason:
            cls = ContractionAxisError
        return cls(
            self.op,
            self.shapes,
            f.kind,
            f.operands,
            f.axes,
            f.sizes,
            f.reason,
            self.names,
        )

    def __repr__(self) -> str:
        shapes = ", ".join(format_shape(s) for s in self.shapes)
        if self.shape is None:
            assert self.failure is not None
            return f"<Contraction {self.op} {shapes} -> {self.failure.kind} mismatch>"
        return f"<Contraction {self.op} {shapes} -> {format_shape(self.shape)}>"


# -- matching sizes ------------------------------------------------------------


def _match(
    kind: str,
    label: str,
    operands: tuple[int, ...],
    axes: tuple[int, ...],
    sizes: tuple[Dim, ...],
) -> tuple[Match, ProductCondition | None]:
    """Sizes that must be exactly equal (summed or batch sizes: no 1 stretches)."""
    known = {d for d in sizes if type(d) is int}
    free = [k for k, d in enumerate(sizes) if type(d) is not int]
    if len(known) > 1:
        return Match(kind, label, operands, axes, sizes, None, CONFLICT), None
    if not free:
        return Match(kind, label, operands, axes, sizes, sizes[0], EQUAL), None
    if known:
        (size,) = known
        size_out: Dim = size
    else:
        symbols = [d for d in sizes if d is not None]
        if len(symbols) == len(sizes) and len(set(symbols)) == 1:
            return Match(kind, label, operands, axes, sizes, symbols[0], EQUAL), None
        size_out = symbols[0] if symbols else None
        free = list(range(len(sizes)))
    condition = ProductCondition(
        label,
        "equal",
        tuple(operands[k] for k in free),
        tuple(axes[k] for k in free),
        tuple(sizes[k] for k in free),
        size_out,
    )
    return Match(kind, label, operands, axes, sizes, size_out, CONDITIONAL), condition


def _mismatch(m: Match) -> Mismatch:
    return Mismatch(m.kind, m.operands, m.axes, m.sizes, m.label)


def _ndim(operand: int, shape: Dims, need: int, reason: str) -> Mismatch:
    return Mismatch("ndim", (operand,), (), (len(shape),), None, need, reason)


def _record(
    op: str,
    shapes: tuple[Dims, ...],
    contracted: Sequence[Sequence[int]],
    batch: Sequence[Sequence[int]],
    groups: Sequence[tuple[str, str, tuple[int, ...], tuple[int, ...]]],
    result: Callable[[dict[str, Dim]], Dims],
    *,
    failure: Mismatch | None = None,
    loop: Broadcast | None = None,
    names: tuple[str, ...] | None = None,
    promoted: tuple[int, ...] = (),
    sizes_of: Callable[[int, int], Dim] | None = None,
) -> Contraction:
    """Match every group ``(kind, label, operands, axes)``; build the record.

    ``result`` builds the result's shape from the agreed sizes by label;
    ``failure`` is a structural failure found before any size is compared.
    """
    matches: list[Match] = []
    conditions: list[ProductCondition] = []
    agreed: dict[str, Dim] = {}
    for kind, label, ops, axes in groups:
        sizes = tuple(
            sizes_of(i, a) if sizes_of is not None else shapes[i][a]
            for i, a in zip(ops, axes)
        )
        m, c = _match(kind, label, ops, axes, sizes)
        matches.append(m)
        agreed[label] = m.size
        if c is not None:
            conditions.append(c)
    if failure is None:
        # batch sizes are compared before summed ones (JAX's order; NumPy has
        # no batch sizes of this kind)
        for kind in (BATCH, CONTRACTED):
            bad = [m for m in matches if m.kind == kind and m.verdict == CONFLICT]
            if bad:
                failure = _mismatch(bad[0])
                break
    if failure is None and loop is not None and not loop.ok:
        failure = _loop_failure(loop, [range(len(s)) for s in loop.shapes])
    shape = result(agreed) if failure is None else None
    return _contraction(
        op,
        shapes,
        contracted,
        batch,
        matches,
        loop,
        shape,
        conditions,
        failure,
        names,
        None,
        promoted,
    )


def _loop_failure(loop: Broadcast, places: Sequence[Sequence[int]]) -> Mismatch:
    """The first loop axis that does not broadcast; ``places[i][k]`` is the
    axis of operand i that holds its k-th loop axis."""
    step = loop.conflict
    assert step is not None
    return Mismatch(
        "loop",
        step.conflicting,
        tuple(
            places[i][step.position - (loop.ndim - len(loop.shapes[i]))]
            for i in step.conflicting
        ),
        tuple(step.sizes[i] for i in step.conflicting),
        None,
        None,
        f"loop axis {step.axis} does not broadcast",
    )


def _contraction(
    op: str,
    shapes: tuple[Dims, ...],
    contracted: Sequence[Sequence[int]],
    batch: Sequence[Sequence[int]],
    matches: Sequence[Match],
    loop: Broadcast | None,
    shape: Dims | None,
    conditions: Sequence[ProductCondition],
    failure: Mismatch | None,
    names: tuple[str, ...] | None,
    subscripts: str | None,
    promoted: tuple[int, ...],
) -> Contraction:
    """The record, its lists made tuples, contracted matches first."""
    return Contraction(
        op,
        shapes,
        tuple(tuple(c) for c in contracted),
        tuple(tuple(b) for b in batch),
        tuple(sorted(matches, key=lambda m: m.kind != CONTRACTED)),
        loop,
        shape,
        tuple(conditions),
        failure,
        names,
        subscripts,
        promoted,
    )


def _fail(
    op: str, shapes: tuple[Dims, ...], failure: Mismatch, names: tuple[str, ...] | None
) -> Contraction:
    n = len(shapes)
    return Contraction(
        op, shapes, ((),) * n, ((),) * n, (), None, None, (), failure, names
    )


def _labels(n: int, base: str = "k") -> list[str]:
    return [base] if n == 1 else [f"{base}{k}" for k in range(1, n + 1)]


# -- NumPy ---------------------------------------------------------------------


def _dot(
    shapes: tuple[Dims, ...], names: tuple[str, ...] | None, op: str = "dot"
) -> Contraction:
    a, b = shapes
    if not a or not b:  # a 0-D operand: a product by a scalar
        other = a if a else b
        return _record(op, shapes, ((), ()), ((), ()), (), lambda _: other, names=names)
    ia = len(a) - 1
    ib = len(b) - 2 if len(b) > 1 else 0
    if op == "inner":
        ib = len(b) - 1
        out = lambda _: a[:-1] + b[:-1]  # noqa: E731
    else:
        out = lambda _: a[:-1] + b[:ib] + b[ib + 1 :]  # noqa: E731
    groups = ((CONTRACTED, "k", (0, 1), (ia, ib)),)
    return _record(op, shapes, ((ia,), (ib,)), ((), ()), groups, out, names=names)


def _inner(shapes: tuple[Dims, ...], names: tuple[str, ...] | None) -> Contraction:
    return _dot(shapes, names, "inner")


def _total(shape: Dims) -> Dim:
    """The number of elements, as a size: ``2·m`` when symbols are involved."""
    if None in shape:
        return None
    known = 1
    symbols: list[str] = []
    for d in shape:
        if type(d) is int:
            known *= d
        else:
            symbols.append(str(d))
    if not symbols or known == 0:
        return known
    return "·".join(([str(known)] if known != 1 else []) + symbols)


def _vdot(shapes: tuple[Dims, ...], names: tuple[str, ...] | None) -> Contraction:
    a, b = shapes
    totals = (_total(a), _total(b))
    groups = ((CONTRACTED, "k", (0, 1), (0, 0)),)
    return _record(
        "vdot",
        shapes,
        (tuple(range(len(a))), tuple(range(len(b)))),
        ((), ()),
        groups,
        lambda _: (),
        names=names,
        sizes_of=lambda i, _: totals[i],
    )


def _matmul(
    shapes: tuple[Dims, ...],
    names: tuple[str, ...] | None,
    op: str = "matmul",
    ndims: tuple[tuple[int, ...], tuple[int, ...]] | None = None,
    broadcast_loop: bool = True,
) -> Contraction:
    """``a @ b``: loop axes broadcast, core ``(n,k),(k,m)``; a 1-D operand is
    given an axis (a row in front, a column behind) that the result loses.

    ``ndims`` restricts the numbers of axes (``torch.mm``: 2 and 2);
    ``broadcast_loop=False`` makes the loop axes batch axes that must be
    equal (``torch.bmm``).
    """
    a, b = shapes
    for i, s in enumerate(shapes):
        if ndims is not None and len(s) not in ndims[i]:
            want = " or ".join(map(str, ndims[i]))
            reason = f"operand {i} has {len(s)} axes; {op} needs {want}"
            return _fail(op, shapes, _ndim(i, s, ndims[i][0], reason), names)
        if not s:
            reason = f"operand {i} has 0 axes; {op} needs at least 1"
            return _fail(op, shapes, _ndim(i, s, 1, reason), names)
    # only @ gives a 1-D operand an axis and takes it away again
    promoted = tuple(i for i, s in enumerate(shapes) if len(s) == 1 and op == "matmul")
    ia = len(a) - 1
    ib = len(b) - 2 if len(b) > 1 else 0
    la, lb = a[:-2], b[:-2]
    n: Dims = a[-2:-1]
    m: Dims = b[-1:] if len(b) > 1 else ()
    loop = None
    if broadcast_loop:
        loop = broadcast(la, lb)
        batch = (tuple(range(len(la))), tuple(range(len(lb))))
        groups: list[tuple[str, str, tuple[int, ...], tuple[int, ...]]] = []

        def out(agreed: dict[str, Dim]) -> Dims:
            assert loop is not None
            assert loop.shape is not None
            return loop.shape + n + m

    else:  # torch.bmm: one batch axis, equal sizes
        batch = ((0,), (0,))
        groups = [(BATCH, "b", (0, 1), (0, 0))]

        def out(agreed: dict[str, Dim]) -> Dims:
            return (agreed["b"], *n, *m)

    groups.insert(0, (CONTRACTED, "k", (0, 1), (ia, ib)))
    return _record(
        op,
        shapes,
        ((ia,), (ib,)),
        batch,
        groups,
        out,
        loop=loop,
        names=names,
        promoted=promoted,
    )


def _normal_axes(axes: object, which: int, shape: Dims) -> tuple[list[int] | None, str]:
    """One operand's axes for tensordot, as NumPy reads them (ints or a sequence)."""
    try:
        listed = list(axes)  # type: ignore[call-overload]
    except TypeError:
        listed = [axes]
    out: list[int] = []
    for x in listed:
        if type(x) is not int:
            return None, f"axes must be integers, got {x!r}"
        if not -len(shape) <= x < len(shape):
            return (
                None,
                f"axis {x} is out of range for operand {which}, which has {len(shape)} axes",
            )
        out.append(x % len(shape))
    return out, ""


def _tensordot(
    shapes: tuple[Dims, ...], names: tuple[str, ...] | None, axes: object = 2
) -> Contraction:
    a, b = shapes
    op = "tensordot"
    if type(axes) is int:
        count = max(axes, 0)
        raw: tuple[object, object] = (list(range(-count, 0)), list(range(count)))
    else:
        try:
            raw = tuple(_raw_list(axes))  # type: ignore[assignment]
            if len(raw) != 2:
                raise TypeError
        except TypeError:
            reason = f"axes is an int or a pair of axis lists, got {axes!r}"
            return _fail(
                op, shapes, Mismatch("axes", (), (), (), None, None, reason), names
            )
    for i in (0, 1):  # duplicates are refused before anything else
        try:
            given = list(raw[i])  # type: ignore[call-overload]
        except TypeError:
            given = [raw[i]]
        if len(set(given)) != len(given):
            reason = "duplicate axes are not allowed in tensordot"
            return _fail(
                op, shapes, Mismatch("axes", (i,), (), (), None, None, reason), names
            )
    ax_a, why_a = _normal_axes(raw[0], 0, a)
    ax_b, why_b = _normal_axes(raw[1], 1, b)
    n_a = len(ax_a) if ax_a is not None else None
    n_b = len(ax_b) if ax_b is not None else None
    if ax_a is None or ax_b is None or n_a != n_b:
        # NumPy compares pairs in order and stops at the first mismatch,
        # before it notices an axis out of range further on.
        la = _raw_list(raw[0])
        lb = _raw_list(raw[1])
        if len(la) == len(lb):
            for k, (x, y) in enumerate(zip(la, lb)):
                if not (isinstance(x, int) and isinstance(y, int)):
                    break
                if not (-len(a) <= x < len(a) and -len(b) <= y < len(b)):
                    break
                if a[x] != b[y] and type(a[x]) is int and type(b[y]) is int:
                    m = Match(
                        CONTRACTED,
                        _labels(len(la))[k],
                        (0, 1),
                        (x % len(a), y % len(b)),
                        (a[x], b[y]),
                        None,
                        CONFLICT,
                    )
                    return _fail(op, shapes, _mismatch(m), names)
        if ax_a is None or ax_b is None:
            reason = why_a or why_b
            return _fail(
                op,
                shapes,
                Mismatch("axes", (0 if why_a else 1,), (), (), None, None, reason),
                names,
            )
        reason = f"{n_a} axes of operand 0 but {n_b} of operand 1 to sum over"
        return _fail(
            op,
            shapes,
            Mismatch("axes", (0, 1), (), (n_a, n_b), None, None, reason),
            names,
        )
    if len(set(ax_a)) != len(ax_a) or len(set(ax_b)) != len(ax_b):
        reason = "an axis is named twice"
        return _fail(
            op, shapes, Mismatch("axes", (0, 1), (), (), None, None, reason), names
        )
    labels = _labels(len(ax_a))
    groups = [
        (CONTRACTED, lab, (0, 1), (x, y)) for lab, x, y in zip(labels, ax_a, ax_b)
    ]
    free_a = tuple(d for k, d in enumerate(a) if k not in ax_a)
    free_b = tuple(d for k, d in enumerate(b) if k not in ax_b)
    return _record(
        op,
        shapes,
        (ax_a, ax_b),
        ((), ()),
        groups,
        lambda _: free_a + free_b,
        names=names,
    )


def _raw_list(x: object) -> list[object]:
    try:
        return list(x)  # type: ignore[call-overload, no-any-return]
    except TypeError:
        return [x]


# -- einsum --------------------------------------------------------------------

_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _terms(
    text: str,
) -> tuple[list[tuple[list[str], bool]], tuple[list[str], bool] | None, str]:
    """Read einsum subscripts: per input its labels and whether it has ``...``;
    the output's (None if implicit); an error reason or ''."""

    def term(t: str) -> tuple[list[str], bool] | str:
        t = t.replace(" ", "")
        dots = t.count("...")
        if dots > 1 or "." in t.replace("...", ""):
            return f"{t!r} has a '.' that is not part of one '...'"
        body = t.replace("...", "")
        for ch in body:
            if ch not in _LETTERS:
                return f"{ch!r} is not a subscript letter"
        if dots:
            k = t.index("...")
            return [*t[:k], "...", *t[k + 3 :]], True
        return list(body), False

    if text.count("->") > 1:
        return [], None, "more than one '->'"
    left, arrow, right = text.partition("->")
    inputs = []
    for t in left.split(","):
        got = term(t)
        if isinstance(got, str):
            return [], None, got
        inputs.append(got)
    output = None
    if arrow:
        got = term(right)
        if isinstance(got, str):
            return [], None, got
        output = got
    return inputs, output, ""


def _einsum(
    shapes: tuple[Dims, ...], names: tuple[str, ...] | None, subscripts: str = ""
) -> Contraction:
    op = "einsum"

    def fail(reason: str, operands: tuple[int, ...] = ()) -> Contraction:
        return _fail(
            op,
            shapes,
            Mismatch("subscripts", operands, (), (), None, None, reason),
            names,
        )

    if type(subscripts) is not str:
        return fail("the subscripts are text")
    inputs, output, why = _terms(subscripts)
    if why:
        return fail(why)
    if len(inputs) != len(shapes):
        return fail(f"{len(inputs)} operands in the subscripts, {len(shapes)} given")
    # each operand's axes -> labels; '...' covers what the letters leave
    where: dict[str, list[tuple[int, int]]] = {}
    ellipses: list[Dims] = []
    ell_axes: list[tuple[int, ...]] = []
    for i, ((labels, dots), s) in enumerate(zip(inputs, shapes)):
        letters = [x for x in labels if x != "..."]
        if len(letters) > len(s) or (not dots and len(letters) != len(s)):
            many = "too many" if len(letters) > len(s) else "too few"
            return fail(
                f"{many} subscripts for operand {i}, which has {len(s)} axes", (i,)
            )
        pos = 0
        ell: tuple[int, ...] = ()
        for x in labels:
            if x == "...":
                width = len(s) - len(letters)
                ell = tuple(range(pos, pos + width))
                pos += width
                continue
            where.setdefault(x, []).append((i, pos))
            pos += 1
        ellipses.append(tuple(s[k] for k in ell))
        ell_axes.append(ell)
    any_dots = any(dots for _, dots in inputs)
    if output is None:
        counts: dict[str, int] = {}
        for labels, _ in inputs:
            for x in labels:
                if x != "...":
                    counts[x] = counts.get(x, 0) + 1
        kept = sorted(x for x, c in counts.items() if c == 1)
        out_labels = (["..."] if any_dots else []) + kept
    else:
        out_labels = output[0]
        letters = [x for x in out_labels if x != "..."]
        for x in letters:
            if letters.count(x) > 1:
                return fail(f"the output has {x!r} twice")
            if x not in where:
                return fail(f"the output has {x!r}, which no operand has")
        if not output[1] and any(e for e in ellipses):
            return fail("'...' axes in an operand but none in the output")
    written = ",".join("".join(lab) for lab, _ in inputs) + "->" + "".join(out_labels)
    # diagonals: a label twice in one operand needs equal sizes there.  When
    # NumPy takes the diagonal as a view (one operand, nothing summed) it
    # reads them left to right and a 0 seen first counts as not yet seen:
    # ``np.einsum("ii->i", np.empty((0, 2)))`` has shape (2,).
    view = len(shapes) == 1 and all(x in out_labels for x in where)
    every = {x: list(p) for x, p in where.items()}
    combined: dict[tuple[str, int], Dim] = {}
    for x, places in where.items():
        for i in range(len(shapes)):
            mine = [k for j, k in places if j == i]
            if not mine:
                continue
            size: Dim = shapes[i][mine[0]]
            for k in mine[1:]:
                d = shapes[i][k]
                if view and size == 0 and type(size) is int:
                    size = d
                elif d != size and type(d) is int and type(size) is int:
                    m = Match(
                        CONTRACTED,
                        x,
                        (i, i),
                        (mine[0], k),
                        (shapes[i][mine[0]], d),
                        None,
                        CONFLICT,
                    )
                    reason = f"label {x!r} twice in operand {i} with different sizes"
                    diagonal = _mismatch(m)._replace(reason=reason)
                    return _fail(op, shapes, diagonal, names)
            combined[x, i] = size
        # one place per operand from here on: its first axis with the label
        firsts: dict[int, int] = {}
        for j, k in places:
            firsts.setdefault(j, k)
        where[x] = list(firsts.items())
    loop = broadcast(*ellipses) if any_dots else None
    matches: list[Match] = []
    conditions: list[ProductCondition] = []
    sizes_by: dict[str, Dim] = {}
    failure: Mismatch | None = None
    contracted: list[list[int]] = [[] for _ in shapes]
    batch: list[list[int]] = [[] for _ in shapes]
    for x, places in where.items():
        ops = tuple(j for j, _ in places)
        axes = tuple(k for _, k in places)
        sizes = tuple(combined[x, j] for j in ops)
        summed = x not in out_labels
        kind = CONTRACTED if summed else BATCH
        for j, k in every[x]:
            if summed:
                contracted[j].append(k)
            elif len(set(ops)) > 1:
                batch[j].append(k)
        if len(places) == 1 and not summed:
            sizes_by[x] = sizes[0]
            continue
        step = broadcast(*[(d,) for d in sizes]).steps[0]  # labels broadcast
        verdict = step.verdict
        m = Match(kind, x, ops, axes, sizes, step.size, verdict)
        matches.append(m)
        sizes_by[x] = step.size
        if verdict == CONFLICT and failure is None:
            idx = step.conflicting
            failure = Mismatch(
                kind,
                tuple(ops[k] for k in idx),
                tuple(axes[k] for k in idx),
                tuple(sizes[k] for k in idx),
                x,
            )
        for c in broadcast(*[(d,) for d in sizes]).conditions:
            conditions.append(
                ProductCondition(
                    x,
                    c.kind,
                    tuple(ops[k] for k in c.operands),
                    tuple(axes[k] for k in c.operands),
                    c.sizes,
                    c.size,
                )
            )
    if failure is None and loop is not None and not loop.ok:
        failure = _loop_failure(loop, ell_axes)
    shape: Dims | None = None
    if failure is None:
        out: list[Dim] = []
        for x in out_labels:
            if x == "...":
                assert loop is not None
                assert loop.shape is not None
                out.extend(loop.shape)
            else:
                out.append(sizes_by[x])
        shape = tuple(out)
    return _contraction(
        op,
        shapes,
        contracted,
        batch,
        matches,
        loop,
        shape,
        conditions,
        failure,
        names,
        written,
        (),
    )


# -- PyTorch, JAX ----------------------------------------------------------------


def _mm(shapes: tuple[Dims, ...], names: tuple[str, ...] | None) -> Contraction:
    return _matmul(shapes, names, "mm", ((2,), (2,)))


def _bmm(shapes: tuple[Dims, ...], names: tuple[str, ...] | None) -> Contraction:
    return _matmul(shapes, names, "bmm", ((3,), (3,)), broadcast_loop=False)


def _mv(shapes: tuple[Dims, ...], names: tuple[str, ...] | None) -> Contraction:
    return _matmul(shapes, names, "mv", ((2,), (1,)))


def _torch_dot(shapes: tuple[Dims, ...], names: tuple[str, ...] | None) -> Contraction:
    return _matmul(shapes, names, "torch.dot", ((1,), (1,)))


def _dot_general(
    shapes: tuple[Dims, ...],
    names: tuple[str, ...] | None,
    dimension_numbers: object = None,
) -> Contraction:
    """``jax.lax.dot_general``: checked in JAX's order (axes, counts,
    distinct, disjoint, batch sizes, contracting sizes)."""
    op = "dot_general"
    a, b = shapes

    def fail(reason: str, operands: tuple[int, ...] = ()) -> Contraction:
        return _fail(
            op, shapes, Mismatch("axes", operands, (), (), None, None, reason), names
        )

    try:
        contracting, batching = _raw_list(dimension_numbers)
        c0, c1 = _raw_list(contracting)
        b0, b1 = _raw_list(batching)
        given = [_raw_list(x) for x in (c0, c1, b0, b1)]
    except (TypeError, ValueError):
        return fail(
            "dimension_numbers is ((lhs_contracting, rhs_contracting), (lhs_batch, rhs_batch))"
        )
    for i, (s, listed) in enumerate(
        ((a, given[0] + given[2]), (b, given[1] + given[3]))
    ):
        for x in listed:
            if not isinstance(x, int) or isinstance(x, bool) or not 0 <= x < len(s):
                return fail(
                    f"dimension numbers of operand {i} must be nonnegative and less than its {len(s)} axes, got {x!r}",
                    (i,),
                )
    ca, cb, ba, bb = (tuple(int(x) for x in g) for g in given)  # type: ignore[call-overload]
    if len(ba) != len(bb):
        return fail(
            f"{len(ba)} batch dimensions in operand 0 but {len(bb)} in operand 1",
            (0, 1),
        )
    for i, (c, bt) in enumerate(((ca, ba), (cb, bb))):
        if len(set(bt)) != len(bt) or len(set(c)) != len(c):
            return fail(f"the dimensions of operand {i} must be distinct", (i,))
        if set(c) & set(bt):
            return fail(
                f"the batch and contracting dimensions of operand {i} must be disjoint",
                (i,),
            )
    if len(ca) != len(cb):
        reason = (
            f"{len(ca)} contracting dimensions in operand 0 but {len(cb)} in operand 1"
        )
        return _fail(
            op,
            shapes,
            Mismatch(CONTRACTED, (0, 1), (), (len(ca), len(cb)), None, None, reason),
            names,
        )
    groups = [
        (BATCH, lab, (0, 1), (x, y)) for lab, x, y in zip(_labels(len(ba), "b"), ba, bb)
    ]
    groups += [
        (CONTRACTED, lab, (0, 1), (x, y)) for lab, x, y in zip(_labels(len(ca)), ca, cb)
    ]
    free_a = tuple(d for k, d in enumerate(a) if k not in ca and k not in ba)
    free_b = tuple(d for k, d in enumerate(b) if k not in cb and k not in bb)
    labels_b = _labels(len(ba), "b")

    def out(agreed: dict[str, Dim]) -> Dims:
        return tuple(agreed[x] for x in labels_b) + free_a + free_b

    return _record(op, shapes, (ca, cb), (ba, bb), groups, out, names=names)


# -- the public functions -------------------------------------------------------

OPS: dict[str, Callable[..., Contraction]] = {
    "dot": _dot,
    "inner": _inner,
    "vdot": _vdot,
    "matmul": _matmul,
    "tensordot": _tensordot,
    "einsum": _einsum,
    "mm": _mm,
    "bmm": _bmm,
    "mv": _mv,
    "torch.dot": _torch_dot,
    "dot_general": _dot_general,
}
"""The products bcast knows, by name; each worker takes ``(shapes, names, *options)``."""

ALIASES = {
    "@": "matmul",
    "np.dot": "dot",
    "np.matmul": "matmul",
    "np.inner": "inner",
    "np.vdot": "vdot",
    "np.tensordot": "tensordot",
    "np.einsum": "einsum",
    "torch.matmul": "matmul",
    "torch.mm": "mm",
    "torch.bmm": "bmm",
    "torch.mv": "mv",
    "mat1_mat2": "mm",
    "jnp.matmul": "matmul",
    "jnp.dot": "dot",
    "lax.dot_general": "dot_general",
    "jax.lax.dot_general": "dot_general",
    "MatMul": "mm",
    "BatchMatMulV2": "matmul",
    "tf.matmul": "matmul",
}
"""Other spellings of the products in :data:`OPS`."""

_PRODUCTS: Memo[bytes, Contraction] = Memo(1024)


def product(
    op: str, *shapes: ShapeLike, names: Sequence[str] | None = None, **options: Any
) -> Contraction:
    """Match operands against the rule of the product ``op``.

    Parameters
    ----------
    op : str
        A key of :data:`OPS` (``"dot"``, ``"matmul"``, ``"tensordot"`` …) or
        one of its :data:`ALIASES` (``"@"``, ``"torch.mm"``).
    *shapes : shape-like
        The operands' shapes (for einsum, after the subscripts).
    names : sequence of str, optional
        A name for each operand.
    **options
        ``axes=`` for tensordot, ``subscripts=`` for einsum,
        ``dimension_numbers=`` for dot_general.

    Examples
    --------
    >>> product("@", (5, 3), (3,)).shape
    (5,)
    >>> product("tensordot", (2, 3, 4), (3, 4, 5), axes=2).shape
    (2, 5)
    """
    name = ALIASES.get(op, op)
    worker = OPS.get(name)
    if worker is None:
        known = ", ".join(OPS)
        raise ValueError(f"unknown product {op!r}: use one of {known}")
    key = exact_key(
        (name, shapes, None if names is None else tuple(names), sorted(options.items()))
    )
    if key is not None:
        hit = _PRODUCTS.get(key)
        if hit is not None:
            return hit
    dims = tuple(as_shape(s, i) for i, s in enumerate(shapes))
    given = None if names is None else tuple(names)
    if given is not None and len(given) != len(dims):
        raise ValueError(f"{len(given)} names for {len(dims)} shapes")
    if name != "einsum" and len(dims) != 2:
        raise ValueError(f"{name} takes 2 operands, got {len(dims)}")
    result = worker(dims, given, **options)
    if key is not None:
        _PRODUCTS.remember(key, result)
    return result


def dot(
    a: ShapeLike, b: ShapeLike, *, names: Sequence[str] | None = None
) -> Contraction:
    """``np.dot(a, b)``: the last axis of ``a`` with the second-to-last of ``b``.

    The result is ``a.shape[:-1] + b.shape[:-2] + b.shape[-1:]``; a 1-D ``b``
    gives its only axis; a 0-D operand multiplies and never fails.

    >>> dot((2, 3), (4, 3, 5)).shape
    (2, 4, 5)
    >>> dot((3,), (4,)).failure.sizes
    (3, 4)
    """
    return product("dot", a, b, names=names)


def inner(
    a: ShapeLike, b: ShapeLike, *, names: Sequence[str] | None = None
) -> Contraction:
    """``np.inner(a, b)``: the last axes of both; ``a.shape[:-1] + b.shape[:-1]``.

    >>> inner((2, 3), (4, 3)).shape
    (2, 4)
    """
    return product("inner", a, b, names=names)


def vdot(
    a: ShapeLike, b: ShapeLike, *, names: Sequence[str] | None = None
) -> Contraction:
    """``np.vdot(a, b)``: both flattened; their numbers of elements must agree.

    >>> vdot((2, 3), (3, 2)).shape, vdot((2,), (3,)).ok
    ((), False)
    """
    return product("vdot", a, b, names=names)


def matmul(
    a: ShapeLike, b: ShapeLike, *, names: Sequence[str] | None = None
) -> Contraction:
    """``a @ b`` (``np.matmul``, ``torch.matmul``, ``jnp.matmul``, TensorFlow's
    batch matmul): loop axes broadcast by the rule, core ``(n,k),(k,m)``.

    >>> matmul((2, 1, 3, 4), (5, 4, 6)).shape
    (2, 5, 3, 6)
    >>> matmul((3,), (3, 4)).shape, matmul((3,), (3,)).shape
    ((4,), ())
    >>> matmul((2, 3, 4), (3, 4, 5)).failure.kind
    'loop'
    """
    return product("matmul", a, b, names=names)


def tensordot(
    a: ShapeLike, b: ShapeLike, axes: object = 2, *, names: Sequence[str] | None = None
) -> Contraction:
    """``np.tensordot(a, b, axes)``: ``axes=N`` sums the last N axes of ``a``
    with the first N of ``b``; ``axes=(axes_a, axes_b)`` names them.

    >>> tensordot((2, 3, 4), (4, 3, 5), axes=([1, 2], [1, 0])).shape
    (2, 5)
    """
    return product("tensordot", a, b, names=names, axes=axes)


def einsum(
    subscripts: str, *shapes: ShapeLike, names: Sequence[str] | None = None
) -> Contraction:
    """``np.einsum(subscripts, *operands)``: labels left out of the output are
    summed; ``...`` axes broadcast; a size 1 broadcasts as NumPy's einsum does.

    >>> einsum("ij,jk", (2, 3), (3, 4)).shape
    (2, 4)
    >>> einsum("...ij,...jk->...ik", (5, 2, 3), (4, 1, 3, 4)).shape
    (4, 5, 2, 4)
    """
    return product("einsum", *shapes, names=names, subscripts=subscripts)


def mm(
    a: ShapeLike, b: ShapeLike, *, names: Sequence[str] | None = None
) -> Contraction:
    """``torch.mm``: two 2-D operands (``mat1 and mat2``).

    >>> mm((1, 784), (10, 784)).failure.sizes
    (784, 10)
    """
    return product("mm", a, b, names=names)


def bmm(
    a: ShapeLike, b: ShapeLike, *, names: Sequence[str] | None = None
) -> Contraction:
    """``torch.bmm``: two 3-D operands with equal batch sizes (no broadcasting).

    >>> bmm((2, 3, 4), (2, 4, 5)).shape, bmm((2, 3, 4), (1, 4, 5)).failure.kind
    ((2, 3, 5), 'batch')
    """
    return product("bmm", a, b, names=names)


def mv(
    a: ShapeLike, b: ShapeLike, *, names: Sequence[str] | None = None
) -> Contraction:
    """``torch.mv``: a 2-D matrix and a 1-D vector.

    >>> mv((2, 3), (3,)).shape
    (2,)
    """
    return product("mv", a, b, names=names)


def torch_dot(
    a: ShapeLike, b: ShapeLike, *, names: Sequence[str] | None = None
) -> Contraction:
    """``torch.dot``: two 1-D operands of the same size (not NumPy's N-D dot).

    >>> torch_dot((3,), (3,)).shape, torch_dot((2, 3), (3,)).failure.kind
    ((), 'ndim')
    """
    return product("torch.dot", a, b, names=names)


def dot_general(
    lhs: ShapeLike,
    rhs: ShapeLike,
    dimension_numbers: object,
    *,
    names: Sequence[str] | None = None,
) -> Contraction:
    """``jax.lax.dot_general``: ``((lhs_contracting, rhs_contracting),
    (lhs_batch, rhs_batch))``; the result is the batch axes, then ``lhs``'s
    free axes, then ``rhs``'s.

    >>> dot_general((8, 2, 3), (8, 3, 4), (((2,), (1,)), ((0,), (0,)))).shape
    (8, 2, 4)
    """
    return product(
        "dot_general", lhs, rhs, names=names, dimension_numbers=dimension_numbers
    )


def product_shape(op: str, *shapes: ShapeLike, **options: Any) -> Dims:
    """The result's shape of the product ``op``, or the error the library raises.

    Raises
    ------
    ContractionError
        The operands do not fit (a ``ValueError``; for tensordot's axes out of
        range also an ``IndexError``, for dot_general a ``TypeError``).

    Examples
    --------
    >>> product_shape("matmul", (2, 3), (3, 4))
    (2, 4)
    >>> product_shape("dot", (11, 3), (11, 1))
    Traceback (most recent call last):
    ...
    bcast.errors.ContractionError: dot: operand 0 (11, 3) and operand 1 (11, 1) do not fit: axis 1 of operand 0 is 3 but axis 0 of operand 1 is 11; summed sizes must be equal
    """
    result = product(op, *shapes, **options)
    if result.shape is None:
        err = result.error()
        assert err is not None
        raise err
    return result.shape


def dot_shape(a: ShapeLike, b: ShapeLike) -> Dims:
    """``np.dot(a, b).shape``, or the error (see :func:`product_shape`).

    >>> dot_shape(("n_x", "m"), ("m", 1))
    ('n_x', 1)
    """
    return product_shape("dot", a, b)


def matmul_shape(a: ShapeLike, b: ShapeLike) -> Dims:
    """``(a @ b).shape``, or the error (see :func:`product_shape`).

    >>> matmul_shape((5, 2, 3), (3,))
    (5, 2)
    """
    return product_shape("matmul", a, b)
