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

from bcast.core.gufunc import broadcast_signature, parse_signature
from bcast.core.records import Record
from bcast.core.rule import (
    CONDITIONAL,
    CONFLICT,
    as_shape,
    broadcast,
    can_broadcast_to,
)
from bcast.core.shapes import format_shape
from bcast.core.strict import promotion_steps, same_steps
from bcast.core.syntax import parse_operand
from bcast.errors import BcastError
from bcast.explainer.advice import (
    Fix,
    cautions,
    fixes,
    itemsize,
    promotion_fixes,
    same_shape_fixes,
)
from bcast.explainer.words import catalog, phrasing

TYPE_CHECKING = False  # typing stays out of start-up (see bcast.core.rule)
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any

    from bcast.core.gufunc import GufuncBroadcast, Signature
    from bcast.core.rule import AxisStep, Broadcast, ShapeLike
    from bcast.core.shapes import Dim, Dims
    from bcast.explainer.advice import Caution
    from bcast.explainer.messages import Reading

__all__ = [
    "ExplanationRecord",
    "Values",
    "copied_axes",
    "example_values",
    "explain_reading",
    "explain_record",
    "why_record",
]

BROADCAST = "broadcast"
SAME_SHAPE = "same_shape"
RANK_PROMOTION = "rank_promotion"
RULES = (BROADCAST, SAME_SHAPE, RANK_PROMOTION)
"""The rules an explanation judges shapes by (:attr:`ExplanationRecord.rule`):
broadcasting; the identical shapes a loss or metric needs; broadcasting without rank promotion
(JAX with ``jax_numpy_rank_promotion='raise'``).  Matrix products have
their own rule and their own explanation (:mod:`bcast.explainer.products`)."""

VALUES_MAX_AXES = 3
VALUES_MAX_SIZE = 6


class Values(Record):
    """The values of the picture (``--values``, or arrays given), as nested lists.

    Attributes
    ----------
    fits : bool
        False when the shapes are too large (or not known) to show; then the
        other fields are empty.
    arrays : tuple
        Each operand's values: its own, or the example ``(np.arange(size) + 1) * 10**i``.
    stretched : tuple or None
        Each array stretched to the result's shape; None on a conflict.
    total : list or None
        The elementwise sum of the stretched arrays; None on a conflict.
    example : bool
        True for example values, False for the operands' own.

    Each array is a nested list; along an axis longer than 6, the values
    left out are one :data:`ELIDED` (``"…"``) entry.  An operand given as a
    shape, next to arrays, has None.
    """

    fits: bool
    arrays: tuple[Any, ...]
    stretched: tuple[Any, ...] | None
    total: Any
    example: bool = True


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
    rule: str = BROADCAST
    failed: bool = False

    @property
    def conditional(self) -> bool:
        """True when the shapes go together only under conditions on
        symbols or unknown sizes."""
        return any(s.verdict == CONDITIONAL for s in self.axes)

    @property
    def compatible(self) -> bool:
        """True when the shapes broadcast (perhaps under conditions) — by
        the explanation's :attr:`rule`.  For a
        call that failed (:attr:`failed`), conditions are not enough."""
        if self.failed and self.conditional:
            return False
        if self.rule != BROADCAST:
            return not self.conflicts
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

        The keys are documented in docs/guide/explain.md (``bcast explain --json``).

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

ELIDED = "…"
"""What stands for the values left out along a long axis."""
VALUES_HEAD, VALUES_TAIL = 3, 2
"""An axis longer than :data:`VALUES_MAX_SIZE` keeps its first 3 and last 2."""


def shown(n: int) -> list[int | None]:
    """The indices drawn along an axis of size ``n``; None stands for the
    ones left out (:data:`ELIDED`).

    >>> shown(3), shown(1000)
    ([0, 1, 2], [0, 1, 2, None, 998, 999])
    """
    if n <= VALUES_MAX_SIZE:
        return list(range(n))
    return [*range(VALUES_HEAD), None, *range(n - VALUES_TAIL, n)]


def copied_axes(shape: Sequence[Dim], result: Sequence[Dim]) -> list[int]:
    """The axes of ``result`` along which an operand of ``shape`` is copied:
    the axes it gains (padded) and its size-1 axes that stretch.

    >>> copied_axes((3,), (2, 3)), copied_axes((3, 1), (3, 4))
    ([0], [1])
    """
    off = len(result) - len(shape)
    return [
        k
        for k in range(len(result))
        if k < off or (shape[k - off] == 1 and result[k] != 1)
    ]


def _nested(shape: tuple[int, ...], value: Callable[[tuple[int, ...]], Any]) -> Any:
    """``value`` at the shown indices of ``shape``, as nested lists."""

    def build(prefix: tuple[int, ...], k: int) -> Any:
        if k == len(shape):
            return value(prefix)
        return [
            ELIDED if i is None else build((*prefix, i), k + 1) for i in shown(shape[k])
        ]

    return build((), 0)


def _example(shape: tuple[int, ...], i: int) -> Callable[[tuple[int, ...]], Any]:
    """Operand ``i``'s example value at an index: ``(np.arange(size) + 1) * 10**i``."""

    def value(idx: tuple[int, ...]) -> Any:
        flat = 0
        for k, n in zip(idx, shape):
            flat = flat * n + k
        return (flat + 1) * 10**i

    return value


def _real(array: Any) -> Callable[[tuple[int, ...]], Any]:
    """An array's own value at an index, as a Python scalar where it has
    ``.item()`` (NumPy, PyTorch, JAX …); nothing is imported."""

    def value(idx: tuple[int, ...]) -> Any:
        v = array[idx]
        item = getattr(v, "item", None)
        return item() if callable(item) else v

    return value


def _stretched(
    shape: tuple[int, ...], result: tuple[int, ...], value: Callable[..., Any]
) -> Callable[[tuple[int, ...]], Any]:
    off = len(result) - len(shape)

    def at(idx: tuple[int, ...]) -> Any:
        return value(tuple(0 if n == 1 else idx[off + k] for k, n in enumerate(shape)))

    return at


def _values(
    shapes: tuple[Dims, ...], b: Broadcast, sources: Sequence[object | None]
) -> Values:
    """The values drawn: the arrays' own where arrays were given
    (``sources``), else example values; long axes elided."""
    small = all(
        len(s) <= VALUES_MAX_AXES and all(type(d) is int for d in s) for s in shapes
    )
    if not small:
        return NO_VALUES
    example = all(x is None for x in sources)
    dims: list[tuple[int, ...]] = list(shapes)  # type: ignore[arg-type]
    readers: list[Callable[[tuple[int, ...]], Any] | None] = []
    arrays: list[Any] = []
    for i, s in enumerate(dims):
        read = _example(s, i) if example else None
        if sources[i] is not None:
            read = _real(sources[i])
        try:
            arrays.append(None if read is None else _nested(s, read))
        except Exception:  # an object with .shape that cannot be indexed
            read = None
            arrays.append(None)
        readers.append(read)
    if b.shape is None:
        return Values(
            fits=True, arrays=tuple(arrays), stretched=None, total=None, example=example
        )
    result: tuple[int, ...] = b.shape  # type: ignore[assignment]
    stretched = tuple(
        None if r is None else _nested(result, _stretched(s, result, r))
        for s, r in zip(dims, readers)
    )
    total: Any = None
    if all(r is not None for r in readers):
        parts = [_stretched(s, result, r) for s, r in zip(dims, readers)]  # type: ignore[arg-type]
        try:
            total = _nested(result, lambda idx: sum(p(idx) for p in parts))
        except TypeError:  # values that do not add
            total = None
    return Values(
        fits=True,
        arrays=tuple(arrays),
        stretched=stretched,
        total=total,
        example=example,
    )


def read_operand(x: object, i: int) -> tuple[str | None, Dims, object | None]:
    """An operand as :func:`explain_record` takes it: its name (from text
    ``"X=20,1000"``), its shape, and the array when it is one (anything with
    a ``.shape``; read without importing NumPy).

    >>> read_operand("X=20,1000", 0)
    ('X', (20, 1000), None)
    >>> class Box:
    ...     shape = (2, 3)
    >>> read_operand(Box(), 0)[1]
    (2, 3)
    """
    if isinstance(x, str):
        name, dims = parse_operand(x)
        return name, dims, None
    if type(x) is tuple or type(x) is int or isinstance(x, (list, tuple)):
        return None, as_shape(x, i), None
    shape = getattr(x, "shape", None)
    if shape is None or callable(shape):
        return None, as_shape(x, i), None  # type: ignore[arg-type]
    return None, as_shape(tuple(shape), i), x


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
) -> ExplanationRecord:
    """Explain how ``shapes`` broadcast, axis by axis.

    The parameters, and the errors raised, are those of
    :func:`bcast.explain` (:mod:`bcast.explainer.api`), which returns this
    record as a :class:`bcast.Explanation`; matrix products are not
    broadcasting and are explained by :mod:`bcast.explainer.products`.

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
    if to is not None:
        if len(shapes) != 1 or signature is not None:
            raise ValueError("to= broadcasts exactly one shape, without a signature")
        shape = read_operand(shapes[0], 0)[1]
        return _explain_to(shape, as_shape(to, 1), names, dtype, lang)
    read = [read_operand(s, i) for i, s in enumerate(shapes)]
    dims = tuple(r[1] for r in read)
    sources = [r[2] for r in read]
    if names is None and any(r[0] is not None for r in read):
        names = [r[0] for r in read]  # type: ignore[misc]
    labels = catalog.labels(len(dims), names)
    values = values or any(x is not None for x in sources)
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
        values=_values(dims, b, sources) if values else None,
    )


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

    Reads the message (see :mod:`bcast.explainer.messages`) and explains it
    with :func:`explain_reading`.  The parameters are those of
    :func:`bcast.why`, which explains a matrix product's message by the
    product's own rule instead (:mod:`bcast.explainer.products`); None when
    ``text`` holds no broadcasting error.

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


def explain_reading(
    reading: Reading, *, dtype: str = "float64", lang: str | None = None
) -> ExplanationRecord:
    """Explain a message read by :func:`bcast.explainer.messages.read_message`:
    the shapes it names, broadcast (to its target, or by its gufunc
    signature); where it gives only some sizes, the others are unknown
    (``?``) and no fix is offered.

    A matrix product's message (:data:`CONTRACTIONS`) is never explained as
    broadcasting — its failure would read "compatible": here it gets its
    heading and notes only; :func:`bcast.why` explains it by the product's
    rule.

    >>> from bcast.explainer.messages import read_message
    >>> r = read_message("operands could not be broadcast together with shapes (3,4) (3,)")
    >>> explain_reading(r).conflicts[0].axis
    -1
    >>> r = read_message("shapes (11,3) and (11,1) not aligned: 3 (dim 1) != 11 (dim 0)")
    >>> explain_reading(r).shapes
    ()
    """
    return _from_reading(reading, dtype, catalog.resolve(lang))


CONTRACTIONS = ("contraction", "einsum")
"""Kinds of message about a matrix product, explained by its own rule
(:func:`bcast.explainer.products.from_reading`), never as broadcasting."""


def _by_rule(reading: Reading, dtype: str, lang: str) -> ExplanationRecord | None:
    """A message whose call failed by a rule other than broadcasting (or a
    matrix product's): identical shapes, no rank promotion.  None for the
    others."""
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
    return None


def _from_reading(reading: Reading, dtype: str, lang: str) -> ExplanationRecord:
    shapes = tuple(reading.shapes)
    try:
        ruled = _by_rule(reading, dtype, lang)
        if ruled is not None:
            e = ruled
        elif reading.kind in CONTRACTIONS:
            raise LookupError  # not broadcasting: see bcast.explainer.products
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


def example_values(e: ExplanationRecord) -> Values:
    """Example values for ``e``'s operands (for a picture asked without
    values): ``(np.arange(size) + 1) * 10**i``, long axes elided.

    >>> example_values(explain_record((2, 1), (3,))).total
    [[11, 21, 31], [12, 22, 32]]
    """
    if e.broadcast is None or e.gufunc is not None or e.target is not None:
        return NO_VALUES
    return _values(e.shapes, e.broadcast, [None] * len(e.shapes))
