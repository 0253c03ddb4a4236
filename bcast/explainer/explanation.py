"""Explanations as data: why shapes broadcast (or do not).

:func:`explain_record` runs the rule (:func:`bcast.broadcast`, or
:func:`bcast.broadcast_signature` for a gufunc signature) and gathers what a
person needs to understand the result: one step per axis, the conflicts,
checked fixes and warnings (:mod:`bcast.explainer.advice`).
:func:`why_record` does the same for a pasted error message (read by
:mod:`bcast.explainer.messages`).

An :class:`ExplanationRecord` is data and nothing else: ``to_dict()`` is the
``--json`` output, its sentences made by :mod:`bcast.explainer.words.phrasing`.
It does not know how it looks.  The public :class:`bcast.Explanation` is this
record with a face — ``str()``, rich, Jupyter — and lives a layer up, in
:mod:`bcast.explainer.api`, above the renderers it uses
(:mod:`bcast.explainer.render.text`, :mod:`bcast.explainer.render.terminal`).
So ``bcast explain --json`` and ``bcast check`` never load rich.
"""

from __future__ import annotations

from math import prod

from bcast.core.gufunc import broadcast_signature, parse_signature
from bcast.core.records import Record
from bcast.core.rule import (
    CONDITIONAL,
    CONFLICT,
    EQUAL,
    as_shape,
    broadcast,
    can_broadcast_to,
)
from bcast.core.shapes import format_shape
from bcast.errors import BcastError
from bcast.explainer.advice import (
    SWAP,
    TRANSPOSE,
    Fix,
    atom,
    cautions,
    elements,
    fixes,
    insertions,
    itemsize,
    promotion_fixes,
    same_shape_fixes,
)
from bcast.explainer.words import catalog, phrasing

TYPE_CHECKING = False  # typing stays out of start-up (see bcast.core.rule)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from bcast.core.gufunc import GufuncBroadcast, Signature
    from bcast.core.rule import AxisStep, Broadcast, ShapeLike
    from bcast.core.shapes import Dim, Dims
    from bcast.explainer.advice import Caution
    from bcast.explainer.messages import Reading

__all__ = [
    "MATMUL",
    "Contraction",
    "ExplanationRecord",
    "Values",
    "dot_shape",
    "explain_record",
    "why_record",
]

MATMUL = "(n?,k),(k,m?)->(n?,m?)"
"""``np.matmul.signature``, for ``op="matmul"`` and ``--matmul``."""

OPS = ("elementwise", "dot", "matmul")

BROADCAST = "broadcast"
SAME_SHAPE = "same_shape"
RANK_PROMOTION = "rank_promotion"
RULES = (BROADCAST, SAME_SHAPE, RANK_PROMOTION)
"""The rules an explanation judges shapes by (:attr:`ExplanationRecord.rule`):
broadcasting (and, with ``contraction``, a matrix product's own rule); the
identical shapes a loss or metric needs; broadcasting without rank promotion
(JAX with ``jax_numpy_rank_promotion='raise'``)."""
"""What ``explain(op=...)`` explains: broadcasting, or a matrix product."""

VALUES_MAX_AXES = 3
VALUES_MAX_SIZE = 6


class Values(Record):
    """Example arrays for ``--values``, as nested lists.

    Attributes
    ----------
    fits : bool
        False when the shapes are too large (or not known) to show; then the
        other fields are empty.
    arrays : tuple
        Each operand's example array: ``(np.arange(size) + 1) * 10**i``.
    stretched : tuple or None
        Each array stretched to the result's shape; None on a conflict.
    total : list or None
        The elementwise sum of the stretched arrays; None on a conflict.
    """

    fits: bool
    arrays: tuple[Any, ...]
    stretched: tuple[Any, ...] | None
    total: Any


class Contraction(Record):
    """A matrix product by ``np.dot``'s rule: which axes are summed over.

    Attributes
    ----------
    axes : tuple of (int or None)
        The summed axis of each operand (a positive index), None for a 0-d
        operand (then ``np.dot`` multiplies).
    sizes : tuple
        The summed axes' sizes, which must be equal (1 does not stretch).
    ok : bool
        True if they are.
    result : tuple or None
        The result's shape: the first operand's other axes, then the
        second's; None when the sizes differ.
    call : str
        How the product is written: ``"np.dot"``, ``"@"`` (a matrix
        product read from another library's message, 2-D) or
        ``"torch.bmm"``.
    batch : tuple or None
        For ``torch.bmm``: each operand's batch size (axis 0), which must be
        equal — bmm does not broadcast them.
    """

    axes: tuple[int | None, int | None]
    sizes: tuple[Dim, Dim]
    ok: bool
    result: Dims | None
    call: str = "np.dot"
    batch: tuple[Dim, Dim] | None = None


def call_code(call: str, a: str, b: str) -> str:
    """``np.dot(a, b)`` or ``a @ b``."""
    return f"np.dot({a}, {b})" if call == "np.dot" else f"{atom(a)} @ {atom(b)}"


def dot_shape(a: Dims, b: Dims, axes: tuple[int, int] | None = None) -> Contraction:
    """``np.dot(a, b)``'s rule on shapes: the last axis of ``a`` is summed
    against the second-to-last of ``b`` (its only one when 1-D) — or, with
    ``axes``, the two axes given (``np.tensordot(a, b, axes=([i], [j]))``,
    a message's own contracted axes; negative indices count from the end).

    Examples
    --------
    >>> dot_shape((11, 3), (11, 1)).ok
    False
    >>> dot_shape((3, 11), (11, 1)).result
    (3, 1)
    >>> dot_shape((2, 3, 4), (5, 4, 6)).result   # N-D: not matmul's batch rule
    (2, 3, 5, 6)
    >>> dot_shape((), (3,)).result
    (3,)
    >>> dot_shape((3, 4), (3, 5), axes=(0, 0)).result   # summed over axis 0 of both
    (4, 5)
    """
    if not a or not b:
        return Contraction(axes=(None, None), sizes=(1, 1), ok=True, result=a or b)
    if axes is not None:
        i, j = axes[0] % len(a), axes[1] % len(b)
    else:
        i = len(a) - 1
        j = 0 if len(b) == 1 else len(b) - 2
    x, y = a[i], b[j]
    ok = x == y or x is None or y is None
    result = a[:i] + a[i + 1 :] + b[:j] + b[j + 1 :] if ok else None
    return Contraction(axes=(i, j), sizes=(x, y), ok=ok, result=result)


class ExplanationRecord(Record):
    """Why some shapes broadcast, or do not, as data.

    Made by :func:`explain_record` and :func:`why_record`; :meth:`to_dict`
    gives the data (the command line's ``--json``).  The public
    :class:`bcast.Explanation` is this record with ``str()``, rich and
    Jupyter added (:mod:`bcast.explainer.api`).

    Attributes
    ----------
    shapes : tuple of shapes
        The operands' shapes (for ``to=``: the array's shape and the target).
    names : tuple of str
        The operands' names: given, or ``a``, ``b``, ``c`` …
    broadcast : Broadcast or None
        The rule applied to the shapes (to the loop axes, for a signature).
    gufunc : GufuncBroadcast or None
        The signature matched, when one was given.
    target : tuple or None
        The target shape of a one-way broadcast (``to=``).
    axes : tuple of AxisStep
        One step per axis, right to left; for ``to=``, the verdicts are those
        of broadcasting one way.
    fixes : tuple of Fix
        For a conflict: checked edits, best first.
    warnings : tuple of Caution
        For a result that is legal but suspicious.
    dtype : str
        The element type assumed for the memory warning.
    values : Values or None
        Example arrays, when asked for.
    reading : Reading or None
        The error message this explains, for :func:`why`.
    lang : str
        The language of the words: ``"en"`` or ``"zh"``.
    contraction : Contraction or None
        For ``op="dot"`` (or a matrix product read from a message): which
        axes are summed, and whether their sizes agree.
    rule : str
        The rule the shapes are judged by (:data:`RULES`): ``"broadcast"``,
        ``"same_shape"`` (a loss's or metric's: identical shapes, nothing
        stretched) or ``"rank_promotion"`` (broadcasting among operands of
        equal rank only: JAX's ``jax_numpy_rank_promotion='raise'``).
    failed : bool
        True when the explanation is of a call that failed (a message read
        by :func:`why_record`): then a result that holds only under
        conditions on unknown sizes is not called compatible — the call
        failed, so they did not hold, or could not be checked.

    Examples
    --------
    >>> e = explain_record((3, 1), (4,), names=["col", "row"])
    >>> e.compatible, e.result
    (True, (3, 4))
    >>> e.to_dict()["axes"][0]["stretched"]
    [0]
    """

    shapes: tuple[Dims, ...]
    names: tuple[str, ...]
    broadcast: Broadcast | None
    gufunc: GufuncBroadcast | None
    target: Dims | None
    axes: tuple[AxisStep, ...]
    fixes: tuple[Fix, ...]
    warnings: tuple[Caution, ...]
    dtype: str
    values: Values | None
    reading: Reading | None
    lang: str
    contraction: Contraction | None = None
    rule: str = BROADCAST
    failed: bool = False

    @property
    def conditional(self) -> bool:
        """True when the shapes go together only under conditions on
        symbols or unknown sizes."""
        return any(s.verdict == CONDITIONAL for s in self.axes)

    @property
    def compatible(self) -> bool:
        """True when the shapes broadcast (perhaps under conditions), or the
        matrix product works — by the explanation's :attr:`rule`.  For a
        call that failed (:attr:`failed`), conditions are not enough."""
        if self.failed and self.conditional:
            return False
        if self.rule != BROADCAST:
            return not self.conflicts
        if self.contraction is not None:
            return self.contraction.ok
        if self.gufunc is not None:
            return self.gufunc.ok
        if self.broadcast is None:
            return False
        if self.target is not None:
            return not self.conflicts
        return self.broadcast.ok

    @property
    def result(self) -> Dims | None:
        """The result's shape (a gufunc's first output), or None."""
        if not self.compatible:
            return None
        if self.contraction is not None:
            return self.contraction.result
        if self.rule == SAME_SHAPE:
            return self.shapes[0]
        if self.gufunc is not None:
            outputs = self.gufunc.outputs
            return outputs[0] if outputs else ()
        if self.target is not None:
            return self.target
        assert self.broadcast is not None
        return self.broadcast.shape

    @property
    def conflicts(self) -> tuple[AxisStep, ...]:
        """The conflicting axes, right to left."""
        return tuple(s for s in self.axes if s.verdict == CONFLICT)

    def to_dict(self) -> dict[str, Any]:
        """The explanation as JSON-ready data: the ``--json`` output.

        The keys are documented in the README (``bcast explain --json``).

        Examples
        --------
        >>> d = explain_record((3, 4), (3,)).to_dict()
        >>> d["compatible"], d["result"], d["conflicts"][0]["axis"]
        (False, None, -1)
        >>> d["suggestions"][0]["code"], d["suggestions"][0]["result"]
        ('b[:, None]', [3, 4])
        """
        lang = self.lang
        names = self.names
        b = self.broadcast
        c = self.contraction
        conditions = [] if b is None else b.conditions
        data: dict[str, Any] = {
            "shapes": [list(s) for s in self.shapes],
            "names": list(names),
            "compatible": self.compatible,
            "result": None if self.result is None else list(self.result),
            "conditions": [catalog.condition(c, names, lang) for c in conditions],
            "axes": [
                {
                    "axis": s.axis,
                    "position": s.position,
                    "sizes": list(s.sizes),
                    "size": s.size,
                    "verdict": s.verdict,
                    "padded": list(s.padded),
                    "stretched": list(s.stretched),
                    "conflicting": list(s.conflicting),
                }
                for s in self.axes
            ],
            "conflicts": [
                {
                    "axis": s.axis,
                    "position": s.position,
                    "operands": list(s.conflicting),
                    "sizes": [s.sizes[i] for i in s.conflicting],
                }
                for s in self.conflicts
            ],
            "suggestions": [
                {
                    "operand": f.operand,
                    "name": names[f.operand],
                    "kind": f.kind,
                    "code": f.code,
                    "alternatives": list(f.alternatives),
                    "shape": list(f.shape),
                    "result": None if f.result is None else list(f.result),
                }
                for f in self.fixes
            ],
            "warnings": [
                {
                    "kind": w.kind,
                    "operands": list(w.operands),
                    "message": phrasing.warning(self, w),
                    "fix": None if w.fix is None else w.fix.code,
                    "result_bytes": w.result_bytes,
                    "input_bytes": w.input_bytes,
                }
                for w in self.warnings
            ],
            "dtype": self.dtype,
            "target": None if self.target is None else list(self.target),
            "signature": None if self.gufunc is None else _gufunc_dict(self.gufunc),
            "values": None if self.values is None else self.values._asdict(),
            "message": None if self.reading is None else _reading_dict(self.reading),
            "contraction": None if c is None else _contraction_dict(c),
            "rule": self.rule,
            "failed": self.failed,
            "lang": lang,
        }
        return data

    def renamed(self, names: Sequence[str]) -> ExplanationRecord:
        """This explanation with the operands named ``names`` (the code's
        names, where the frame is known), by the same rule — for the rules
        other than broadcasting (:attr:`rule`); the fixes are written anew
        on the names.  Anything else is returned as it is.

        >>> e = why_record("Shapes (8, 1) and (8,) are incompatible")
        >>> [f.code for f in e.renamed(["p", "y"]).fixes]
        ['y[:, None]', 'p.squeeze(axis=1)']
        """
        if self.rule == BROADCAST or len(names) != len(self.shapes):
            return self
        labels = catalog.labels(len(self.shapes), names)
        build = _explain_same if self.rule == SAME_SHAPE else _explain_promotion
        fresh = build(self.shapes, labels, self.dtype, self.lang)
        complete = self.reading is None or self.reading.complete
        if not complete and self.rule != SAME_SHAPE:
            fresh = fresh._replace(fixes=())
        return fresh._replace(reading=self.reading, failed=self.failed)

    def __repr__(self) -> str:
        shapes = " ".join(format_shape(s) for s in self.shapes)
        if self.result is not None:
            return f"<Explanation {shapes} -> {format_shape(self.result)}>"
        return f"<Explanation {shapes} -> incompatible>"


def _gufunc_dict(g: GufuncBroadcast) -> dict[str, Any]:
    f = g.failure
    return {
        "signature": str(g.signature),
        "core": [list(c) for c in g.core],
        "bindings": dict(g.bindings),
        "missing": list(g.missing),
        "outputs": None if g.outputs is None else [list(o) for o in g.outputs],
        "failure": None
        if f is None
        else {
            "kind": f.kind,
            "operand": f.operand,
            "dimension": f.dimension,
            "operands": list(f.operands),
            "sizes": list(f.sizes),
        },
    }


def _aligned(a: Dims, b: Dims) -> tuple[AxisStep, ...]:
    """The axes of two shapes side by side, right to left: right-aligned as
    broadcasting aligns them — unless the shorter shape is the longer one
    with axes of size 1 left out, then each of its axes stands with its own
    (``(8, 7)`` against ``(8, 1, 7)``: the missing axis is the middle one)."""
    steps = broadcast(a, b).steps
    short, long = (0, b) if len(a) < len(b) else (1, a)
    inserted = insertions((a, b)[short], long) if len(a) != len(b) else None
    if inserted is None:
        return steps
    out = []
    it = iter((a, b)[short])
    for p, d in enumerate(long):
        mine = 1 if p in inserted else next(it)
        sizes = (mine, d) if short == 0 else (d, mine)
        step = steps[len(long) - 1 - p]._replace(
            sizes=sizes, padded=(short,) if p in inserted else ()
        )
        out.append(step)
    return tuple(reversed(out))


def same_steps(a: Dims, b: Dims) -> tuple[AxisStep, ...]:
    """The steps of the *identical shapes* rule, axis by axis, right to left
    as the broadcasting table lays them out: an axis one shape lacks is a
    conflict, so are two sizes that differ (a 1 does not stretch); an
    unknown size (None) matches any, as TensorFlow checks it.

    >>> [(s.axis, s.verdict) for s in same_steps((8, 100), (8, 1))]
    [(-1, 'conflict'), (-2, 'equal')]
    >>> [s.verdict for s in same_steps((None, 7), (None, 1, 7))]
    ['equal', 'conflict', 'equal']
    """
    out = []
    for s in _aligned(a, b):
        x, y = s.sizes
        if s.padded or (x is not None and y is not None and x != y):
            s = s._replace(
                verdict=CONFLICT, size=None, stretched=(), conflicting=(0, 1)
            )
        else:
            s = s._replace(
                verdict=EQUAL, size=y if x is None else x, stretched=(), conflicting=()
            )
        out.append(s)
    return tuple(out)


def promotion_steps(b: Broadcast) -> tuple[AxisStep, ...]:
    """The steps of broadcasting without rank promotion: an axis an operand
    lacks is a conflict (no 1 is put in front); the other axes as the rule
    has them.

    >>> [(s.axis, s.verdict, s.conflicting) for s in promotion_steps(broadcast((3, 4), (4,)))]
    [(-1, 'equal', ()), (-2, 'conflict', (1,))]
    """
    out = []
    for s in b.steps:
        if s.padded:
            s = s._replace(verdict=CONFLICT, stretched=(), conflicting=s.padded)
        out.append(s)
    return tuple(out)


def _explain_same(
    dims: tuple[Dims, ...], labels: tuple[str, ...], dtype: str, lang: str
) -> ExplanationRecord:
    steps = same_steps(dims[0], dims[1])
    bad = any(s.verdict == CONFLICT for s in steps)
    found = same_shape_fixes(dims, labels) if bad else ()
    return _record(dims, labels, lang, dtype, axes=steps, fixes=found)._replace(
        rule=SAME_SHAPE
    )


def _explain_promotion(
    dims: tuple[Dims, ...], labels: tuple[str, ...], dtype: str, lang: str
) -> ExplanationRecord:
    b = broadcast(*dims, names=labels)
    steps = promotion_steps(b)
    bad = any(s.verdict == CONFLICT for s in steps)
    found = promotion_fixes(dims, labels) if bad else ()
    e = _record(dims, labels, lang, dtype, broadcast=b, axes=steps, fixes=found)
    return e._replace(rule=RANK_PROMOTION, warnings=cautions(b, labels, dtype))


def bmm_shape(a: Dims, b: Dims) -> Contraction:
    """``torch.bmm(a, b)``'s rule on 3-D shapes ``(B, n, k)`` and ``(B', k', m)``:
    the batch sizes must be equal (bmm does not broadcast them) and so must
    the summed sizes ``k`` and ``k'``; the result is ``(B, n, m)``.

    >>> bmm_shape((16, 77, 40), (8, 40, 77)).ok
    False
    >>> bmm_shape((2, 3, 4), (2, 4, 5)).result
    (2, 3, 5)
    """

    def same(x: Dim, y: Dim) -> bool:
        return x == y or x is None or y is None

    k, k2 = a[2], b[1]
    ok = same(a[0], b[0]) and same(k, k2)
    batch = b[0] if a[0] is None else a[0]
    result = (batch, a[1], b[2]) if ok else None
    return Contraction(
        axes=(2, 1),
        sizes=(k, k2),
        ok=ok,
        result=result,
        call="torch.bmm",
        batch=(a[0], b[0]),
    )


def _contraction_dict(c: Contraction) -> dict[str, Any]:
    op = {"np.dot": "dot", "torch.bmm": "bmm"}.get(c.call, "matmul")
    return {
        "op": op,
        "batch": None if c.batch is None else list(c.batch),
        "axes": list(c.axes),
        "sizes": list(c.sizes),
        "ok": c.ok,
        "result": None if c.result is None else list(c.result),
    }


def _reading_dict(r: Reading) -> dict[str, Any]:
    return {
        "library": r.library,
        "kind": r.kind,
        "text": r.message,
        "function": r.function,
        "complete": r.complete,
        "note": r.note,
    }


NO_VALUES = Values(fits=False, arrays=(), stretched=None, total=None)


def _example_values(shapes: tuple[Dims, ...], b: Broadcast) -> Values:
    small = all(
        len(s) <= VALUES_MAX_AXES
        and all(type(d) is int and d <= VALUES_MAX_SIZE for d in s)
        for s in shapes
    )
    if not small:
        return NO_VALUES
    import numpy as np

    arrays = [
        ((np.arange(prod(s)) + 1) * 10**i).reshape(s)  # type: ignore[arg-type]
        for i, s in enumerate(shapes)
    ]
    listed = tuple(a.tolist() for a in arrays)
    if b.shape is None:
        return Values(fits=True, arrays=listed, stretched=None, total=None)
    stretched = [np.broadcast_to(a, b.shape) for a in arrays]  # type: ignore[arg-type]
    total = sum(stretched[1:], stretched[0].copy()) if stretched else np.zeros(())
    return Values(
        fits=True,
        arrays=listed,
        stretched=tuple(s.tolist() for s in stretched),
        total=total.tolist(),
    )


def _record(
    shapes: tuple[Dims, ...],
    names: tuple[str, ...],
    lang: str,
    dtype: str,
    *,
    broadcast: Broadcast | None = None,
    gufunc: GufuncBroadcast | None = None,
    target: Dims | None = None,
    axes: tuple[AxisStep, ...] = (),
    fixes: tuple[Fix, ...] = (),
    warnings: tuple[Caution, ...] = (),
    values: Values | None = None,
) -> ExplanationRecord:
    return ExplanationRecord(
        shapes=shapes,
        names=names,
        broadcast=broadcast,
        gufunc=gufunc,
        target=target,
        axes=axes,
        fixes=fixes,
        warnings=warnings,
        dtype=dtype,
        values=values,
        reading=None,
        lang=lang,
    )


def _one_way(b: Broadcast) -> tuple[AxisStep, ...]:
    """The steps of ``broadcast(array, target)`` read one way: the target
    (operand 1) may not stretch, nor gain axes."""
    out = []
    for s in b.steps:
        if 1 in s.padded or (s.verdict != CONFLICT and 1 in s.stretched):
            s = s._replace(verdict=CONFLICT, conflicting=(0, 1), stretched=())
        out.append(s)
    return tuple(out)


def explain_record(
    *shapes: ShapeLike,
    names: Sequence[str] | None = None,
    signature: str | Signature | None = None,
    to: ShapeLike | None = None,
    dtype: str = "float64",
    values: bool = False,
    lang: str | None = None,
    op: str = "elementwise",
) -> ExplanationRecord:
    """Explain how ``shapes`` broadcast, axis by axis (or, with ``op``, how
    a matrix product contracts them).

    The parameters, and the errors raised, are those of
    :func:`bcast.explain` (:mod:`bcast.explainer.api`), which returns this
    record as a :class:`bcast.Explanation`.

    Examples
    --------
    >>> e = explain_record((3, 1), (1, 4))
    >>> e.compatible, e.result
    (True, (3, 4))
    >>> [(s.axis, s.verdict, s.stretched) for s in e.axes]
    [(-1, 'stretch', (0,)), (-2, 'stretch', (1,))]
    >>> e = explain_record("3,4", "3", names=["X", "m"])
    >>> e.conflicts[0].axis, e.fixes[0].code, e.fixes[0].result
    (-1, 'm[:, None]', (3, 4))
    >>> explain_record((5,), (5, 1)).warnings[0].kind
    'rank1_column'
    >>> explain_record((3, 4), to=(3, 1)).compatible
    False
    >>> explain_record((2, 3, 4), (4, 5), signature="(n?,k),(k,m?)->(n?,m?)").result
    (2, 3, 5)
    """
    lang = catalog.resolve(lang)
    itemsize(dtype)  # an unknown dtype fails now, not when a warning is shown
    if op not in OPS and op != "@":
        raise ValueError(f"op={op!r}: use one of {', '.join(OPS)}")
    if op in ("dot", "matmul"):
        if to is not None or signature is not None or len(shapes) != 2:
            raise ValueError(
                f"op={op!r} takes exactly two shapes, without to= or signature="
            )
        if op == "matmul":
            signature = MATMUL
        else:
            pair = (as_shape(shapes[0], 0), as_shape(shapes[1], 1))
            return _explain_dot(pair, catalog.labels(2, names), dtype, lang)
    if op == "@":  # a 2-D matrix product read from a message: np.dot's rule
        pair = (as_shape(shapes[0], 0), as_shape(shapes[1], 1))
        return _explain_dot(pair, catalog.labels(2, names), dtype, lang, "@")
    if to is not None:
        if len(shapes) != 1 or signature is not None:
            raise ValueError("to= broadcasts exactly one shape, without a signature")
        return _explain_to(as_shape(shapes[0], 0), as_shape(to, 1), names, dtype, lang)
    dims = tuple(as_shape(s, i) for i, s in enumerate(shapes))
    labels = catalog.labels(len(dims), names)
    if signature is not None:
        e = _explain_signature(dims, labels, signature, dtype, lang)
        if values:  # example values are for elementwise broadcasting only
            e = e._replace(values=NO_VALUES)
        return e
    b = broadcast(*dims, names=labels)
    return _record(
        dims,
        labels,
        lang,
        dtype,
        broadcast=b,
        axes=b.steps,
        fixes=() if b.ok else fixes(dims, labels),
        warnings=cautions(b, labels, dtype),
        values=_example_values(dims, b) if values else None,
    )


def _explain_dot(
    dims: tuple[Dims, ...],
    labels: tuple[str, ...],
    dtype: str,
    lang: str,
    call: str = "np.dot",
    axes: tuple[int, int] | None = None,
) -> ExplanationRecord:
    a, b = dims
    c = dot_shape(a, b, axes)._replace(call=call)
    if axes is not None and c.axes == dot_shape(a, b).axes:
        axes = None  # the message's axes are np.dot's own
    found: tuple[Fix, ...] = ()
    if not c.ok and axes is None:  # fixes are for np.dot's own axes
        found = contraction_fixes(a, b, labels, call=call)
    return _record(dims, labels, lang, dtype, fixes=found)._replace(contraction=c)


def contraction_fixes(
    a: Dims, b: Dims, names: Sequence[str], limit: int = 3, call: str = "np.dot"
) -> tuple[Fix, ...]:
    """Edits that make ``np.dot(a, b)`` work, each checked by its rule: a
    transpose of one operand or both, the operands swapped; fewest edits
    first, then the smallest result.

    >>> [(f.code, f.result) for f in contraction_fixes((11, 3), (11, 1), ["X", "y"])]
    [('np.dot(X.T, y)', (3, 1)), ('np.dot(y.T, X)', (1, 3))]
    """
    x, y = atom(names[0]), atom(names[1])
    t = {x: a[::-1], y: b[::-1]}
    plain = {x: a, y: b}
    tried = []
    for first, second, swap in ((x, y, False), (y, x, True)):
        for ta in (False, True):
            for tb in (False, True):
                if (ta and len(plain[first]) < 2) or (tb and len(plain[second]) < 2):
                    continue
                edits = swap + ta + tb
                if not edits:
                    continue
                sa = t[first] if ta else plain[first]
                sb = t[second] if tb else plain[second]
                found = dot_shape(sa, sb)
                if not found.ok or found.result is None:
                    continue
                ca = f"{first}.T" if ta else first
                cb = f"{second}.T" if tb else second
                kind = SWAP if swap else TRANSPOSE
                operand = 1 if (tb and not ta and not swap) else 0
                fix = Fix(
                    operand=operand,
                    kind=kind,
                    code=call_code(call, ca, cb),
                    shape=sa if operand == 0 else sb,
                    result=found.result,
                )
                tried.append(((edits, elements(found.result)), fix))
    tried.sort(key=lambda item: item[0])
    return tuple(fix for _, fix in tried[:limit])


def _explain_signature(
    dims: tuple[Dims, ...],
    labels: tuple[str, ...],
    signature: str | Signature,
    dtype: str,
    lang: str,
) -> ExplanationRecord:
    sig = parse_signature(signature) if isinstance(signature, str) else signature
    g = broadcast_signature(sig, *dims)

    def check(trial: tuple[Dims, ...]) -> Dims | None:
        outputs = broadcast_signature(sig, *trial).outputs
        return None if outputs is None else (outputs[0] if outputs else ())

    found = (
        () if g.ok or len(dims) != sig.nin else fixes(dims, labels, check, core=True)
    )
    loop = g.loop
    if loop is not None:
        loop = loop._replace(names=labels)
    steps = () if loop is None else loop.steps
    return _record(
        dims, labels, lang, dtype, broadcast=loop, gufunc=g, axes=steps, fixes=found
    )


def _explain_to(
    shape: Dims,
    target: Dims,
    names: Sequence[str] | None,
    dtype: str,
    lang: str,
) -> ExplanationRecord:
    label = catalog.labels(1, None if names is None else list(names)[:1])[0]
    labels = (label, catalog.say("row_target", lang))
    b = broadcast(shape, target, names=labels)
    axes = _one_way(b)
    ok = can_broadcast_to(shape, target)

    def check(trial: tuple[Dims, ...]) -> Dims | None:
        return target if can_broadcast_to(trial[0], target) else None

    found: tuple[Fix, ...] = ()
    if not ok:
        found = tuple(
            f
            for f in fixes((shape, target), labels, check)
            if f.operand == 0 and f.source is None  # the target is not a variable
        )
    return _record(
        (shape, target),
        labels,
        lang,
        dtype,
        broadcast=b,
        target=target,
        axes=axes,
        fixes=found,
    )


def _reading_labels(names: Sequence[str] | None, n: int) -> list[str | None] | None:
    """Short operand names from a message's labels: ``tensor a`` gives ``a``;
    labels such as ``arg 0`` give way to the default ``a``, ``b`` …"""
    if names is None or len(names) != n:
        return None
    out: list[str | None] = []
    for name in names:
        words = name.split()
        last = words[-1] if words else ""
        short = len(last) == 1 and last.isidentifier() and last not in out
        out.append(last if short else None)
    return out


def why_record(
    text: str, *, dtype: str = "float64", lang: str | None = None
) -> ExplanationRecord | None:
    """Explain the broadcasting error in ``text``: a message, a whole traceback.

    Reads NumPy, PyTorch and JAX messages (see :mod:`bcast.explainer.messages`) and
    explains the shapes they name; where a message gives only some sizes, the
    others are shown as unknown (``?``) and the explanation says so.

    The parameters are those of :func:`bcast.why`; None when ``text``
    holds no broadcasting error.

    Examples
    --------
    >>> e = why_record("ValueError: operands could not be broadcast together "
    ...         "with shapes (3,4) (3,)")
    >>> e.shapes, e.compatible, e.conflicts[0].axis
    (((3, 4), (3,)), False, -1)
    >>> why_record("KeyError: 'x'") is None
    True
    """
    from bcast.explainer.messages import read_message

    lang = catalog.resolve(lang)
    reading = read_message(text)
    if reading is None:
        return None
    return _from_reading(reading, dtype, lang)


CONTRACTIONS = ("contraction", "dot", "mat1_mat2", "m1_m2", "mv", "bmm", "matrix_size")
"""Kinds of message that are about a matrix product, not broadcasting."""


def _product(reading: Reading) -> str:
    """How to explain a message: a matrix product is never explained as
    elementwise broadcasting (its failure would read "compatible")."""
    if reading.signature is not None or reading.kind not in CONTRACTIONS:
        return "elementwise"
    if len(reading.shapes) != 2:
        return "elementwise"
    if reading.library == "numpy":
        return "dot"
    return "@" if max(map(len, reading.shapes)) <= 2 else "matmul"


def _summed(reading: Reading) -> tuple[int, int] | None:
    """The one axis of each operand a message says is contracted, if it says
    (``contracted``: per operand, the summed axes), else None."""
    contracted = getattr(reading, "contracted", None)
    if not contracted or len(contracted) != 2:
        return None
    if any(len(axes) != 1 for axes in contracted):
        return None
    return contracted[0][0], contracted[1][0]


def _by_rule(reading: Reading, dtype: str, lang: str) -> ExplanationRecord | None:
    """A message whose call failed by a rule other than broadcasting or
    ``np.dot``'s: identical shapes, no rank promotion, ``torch.bmm``'s equal
    batch sizes.  None for the others."""
    shapes = tuple(as_shape(s, i) for i, s in enumerate(reading.shapes))
    n = len(shapes)
    named = reading.names is not None and len(set(reading.names)) == n
    if named and all(name.isidentifier() for name in reading.names or ()):
        words = list(reading.names or ())  # Keras's target and output
    else:
        words = None
    if reading.kind == SAME_SHAPE and n == 2:
        labels = catalog.labels(2, words or _reading_labels(reading.names, 2))
        return _explain_same(shapes, labels, dtype, lang)
    if reading.kind == RANK_PROMOTION and n >= 2:
        labels = catalog.labels(n, _reading_labels(reading.names, n))
        return _explain_promotion(shapes, labels, dtype, lang)
    bmm = reading.function == "bmm" and reading.kind in CONTRACTIONS
    if bmm and n == 2 and all(len(s) == 3 for s in shapes):
        labels = catalog.labels(2, words or _reading_labels(reading.names, 2))
        c = bmm_shape(shapes[0], shapes[1])
        return _record(shapes, labels, lang, dtype)._replace(contraction=c)
    return None


def _from_reading(reading: Reading, dtype: str, lang: str) -> ExplanationRecord:
    shapes = tuple(reading.shapes)
    axes = _summed(reading) if _product(reading) != "elementwise" else None
    try:
        ruled = _by_rule(reading, dtype, lang)
        if ruled is not None:
            e = ruled
        elif axes is not None and all(shapes):
            pair = (as_shape(shapes[0], 0), as_shape(shapes[1], 1))
            labels = catalog.labels(2, _reading_labels(reading.names, 2))
            call = "np.dot" if reading.library == "numpy" else "@"
            e = _explain_dot(pair, labels, dtype, lang, call, axes)
        elif reading.target is not None and len(shapes) == 1:
            e = explain_record(shapes[0], to=reading.target, dtype=dtype, lang=lang)
        elif shapes:
            names = _reading_labels(reading.names, len(shapes))
            e = explain_record(
                *shapes,
                names=names,  # type: ignore[arg-type]
                signature=reading.signature,
                dtype=dtype,
                lang=lang,
                op=_product(reading),
            )
        else:
            raise LookupError
    except (BcastError, LookupError):
        e = _record((), (), lang, dtype)
    if not reading.complete and e.rule != SAME_SHAPE:
        # a fix checked against guessed sizes proves nothing (the identical
        # shapes rule's fixes compare an unknown size only with itself)
        e = e._replace(fixes=())
    return e._replace(reading=reading, failed=True)
