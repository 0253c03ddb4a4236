"""Fixes for a broadcasting conflict and warnings for a suspicious result, as data.

A :class:`Fix` is one edit to one operand — a new axis (``b[:, None]``),
``keepdims=True`` on the reduction that made it, ``squeeze``, ``.T``,
``swapaxes``, ``reshape`` — together with the shape it gives the operand and
the result it gives the whole expression.  Every fix offered has been checked
by running the rule again (:func:`bcast.broadcast`, or
:func:`bcast.broadcast_signature` for a gufunc); nothing here re-implements it.

A :class:`Caution` is a warning about shapes that do broadcast but probably
not as meant: a rank-1 array meeting a column or row vector, every operand
stretched (an outer product), a result far larger in memory than its inputs,
an empty result.

Both are plain records; the words come from :mod:`bcast.explainer.words.catalog` when they
are shown.
"""

from __future__ import annotations

from math import prod

from bcast.core.records import Record
from bcast.core.rule import broadcast
from bcast.core.strict import insertions
from bcast.core.syntax import MAX_DIMS
from bcast.errors import BcastError
from bcast.explainer.policy import OUTER as _POLICY_OUTER
from bcast.explainer.policy import RANK1, suspicions

# typing is not imported at run time (see bcast.core.rule).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence
    from typing import TypeAlias

    from bcast.core.rule import Broadcast
    from bcast.core.shapes import Dim, Dims

    Check: TypeAlias = "Callable[[tuple[Dims, ...]], Dims | None]"
    """Runs the rule on trial shapes: the result shape, or None if they fail."""

__all__ = [
    "DTYPES",
    "Caution",
    "Fix",
    "atom",
    "cautions",
    "elements",
    "fixes",
    "itemsize",
    "promotion_fixes",
    "same_shape_fixes",
]

# Kinds of fix, in the order they are preferred when they give the same result.
KEEPDIMS = "keepdims"
NEW_AXIS = "new_axis"
SQUEEZE = "squeeze"
TRANSPOSE = "transpose"
SWAPAXES = "swapaxes"
RESHAPE = "reshape"
_ELEMENTWISE_ORDER = (NEW_AXIS, KEEPDIMS, SQUEEZE, TRANSPOSE, SWAPAXES, RESHAPE)
# For a gufunc such as matmul, a transposed operand is the usual mistake.
_CORE_ORDER = (TRANSPOSE, SWAPAXES, KEEPDIMS, NEW_AXIS, SQUEEZE, RESHAPE)

# Kinds of caution.
RANK1_COLUMN = "rank1_column"
RANK1_ROW = "rank1_row"
OUTER = "outer"
MEMORY = "memory"
EMPTY = "empty"

MEMORY_RATIO = 10
"""A result this many times larger than its inputs together is worth a word..."""
MEMORY_FLOOR = 1 << 20
"""... if it also takes at least this many bytes (1 MiB)."""


class Fix(Record):
    """One edit to one operand that makes the shapes fit.

    Attributes
    ----------
    operand : int
        The operand to change.
    kind : str
        ``"keepdims"``, ``"new_axis"``, ``"squeeze"``, ``"transpose"``,
        ``"swapaxes"`` or ``"reshape"``.
    code : str
        The edit as Python, with the operand's name (``"b[:, None]"``).
    shape : tuple
        The operand's shape after the edit.
    result : tuple
        The result's shape after the edit, found by running the rule again.
    alternatives : tuple of str
        Other spellings of the same edit (``"np.expand_dims(b, 1)"``).
    source : int or None
        For ``"keepdims"``: the operand the reduction was taken over.
    axis : int or None
        For ``"keepdims"``: the reduced axis of ``source``.
    """

    operand: int
    kind: str
    code: str
    shape: Dims
    result: Dims | None = None
    alternatives: tuple[str, ...] = ()
    source: int | None = None
    axis: int | None = None


class Caution(Record):
    """A warning: shapes that broadcast, but probably not as meant.

    Attributes
    ----------
    kind : str
        ``"rank1_column"`` (a rank-1 array meets a column vector: an outer
        product), ``"rank1_row"`` (a rank-1 array meets a row vector),
        ``"outer"`` (every operand is stretched), ``"memory"`` (the result is
        much larger in bytes than the inputs) or ``"empty"`` (an axis of size
        1 stretched to 0).
    operands : tuple of int
        The operands concerned: for the rank-1 kinds, the rank-1 array first
        and the vector second.
    result : tuple
        The broadcast shape.
    fix : Fix or None
        A checked edit that avoids the surprise, when there is one.
    result_bytes, input_bytes : int or None
        For ``"memory"``: the result's size in bytes and the inputs' together.
    """

    kind: str
    operands: tuple[int, ...]
    result: Dims
    fix: Fix | None = None
    result_bytes: int | None = None
    input_bytes: int | None = None


_ITEMSIZE = {
    "bool": 1,
    "int8": 1,
    "uint8": 1,
    "int16": 2,
    "uint16": 2,
    "float16": 2,
    "bfloat16": 2,
    "int32": 4,
    "uint32": 4,
    "float32": 4,
    "int64": 8,
    "uint64": 8,
    "float64": 8,
    "complex64": 8,
    "complex128": 16,
}
_ALIASES = {
    "?": "bool",
    "bool_": "bool",
    "i1": "int8",
    "u1": "uint8",
    "i2": "int16",
    "u2": "uint16",
    "f2": "float16",
    "half": "float16",
    "i4": "int32",
    "u4": "uint32",
    "f4": "float32",
    "single": "float32",
    "float": "float64",
    "i8": "int64",
    "u8": "uint64",
    "int": "int64",
    "long": "int64",
    "f8": "float64",
    "double": "float64",
    "c8": "complex64",
    "c16": "complex128",
    "complex": "complex128",
}


DTYPES = tuple(_ITEMSIZE)
"""The dtypes :func:`itemsize` knows, by their NumPy names."""


def itemsize(dtype: str) -> int:
    """Bytes per element of a dtype named as NumPy, PyTorch or JAX name it.

    Raises
    ------
    ValueError
        For a name not in the table; the message lists the names known.

    Examples
    --------
    >>> itemsize("float64"), itemsize("f4"), itemsize("torch.bfloat16")
    (8, 4, 2)
    """
    key = dtype.strip().lower()
    for prefix in ("numpy.", "np.", "jnp.", "torch."):
        key = key.removeprefix(prefix)
    key = _ALIASES.get(key, key)
    try:
        return _ITEMSIZE[key]
    except KeyError:
        known = ", ".join(_ITEMSIZE)
        raise ValueError(f"unknown dtype {dtype!r}: use one of {known}") from None


# -- fixes -----------------------------------------------------------------------


def _broadcast_result(shapes: tuple[Dims, ...]) -> Dims | None:
    return broadcast(*shapes).shape


_BRACKETS = {"[": "]", "(": ")"}


def _plain(x: str) -> bool:
    """A name that takes ``[…]`` and ``.T`` as written: ``w``, ``self.w``,
    ``x[0]``, ``f(x)`` (no ``re`` here: ``bcast check`` imports this module)."""
    if not x or not (x[0].isalpha() or x[0] == "_"):
        return False
    k = 1
    while k < len(x) and (x[k].isalnum() or x[k] in "_."):
        k += 1
    while k < len(x):
        close = _BRACKETS.get(x[k])
        end = -1 if close is None else x.find(close, k + 1)
        if end < 0 or any(c in x[k + 1 : end] for c in "[]()"):
            return False
        k = end + 1
    return True


def _reshaped(x: str) -> str | None:
    """``dz`` for ``dz.reshape(1000, 1)``; None for anything else."""
    at = x.rfind(".reshape(")
    if at <= 0 or not x.endswith(")") or any(c in x[at + 9 : -1] for c in "()"):
        return None
    return x[:at]


def _wrapped(x: str) -> bool:
    """True if ``x`` is one parenthesised expression: ``(w.T @ X)``."""
    if not (x.startswith("(") and x.endswith(")")):
        return False
    depth = 0
    for k, ch in enumerate(x):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0 and k < len(x) - 1:
            return False
    return True


def atom(x: str) -> str:
    """``x`` ready for ``[…]`` or ``.T``: an expression such as ``w.T @ X``
    gets parentheses (once).

    >>> atom("w"), atom("w.T @ X"), atom("(w.T @ X)"), atom("(a) + (b)")
    ('w', '(w.T @ X)', '(w.T @ X)', '((a) + (b))')
    """
    if _plain(x) or _reshaped(x) is not None or _wrapped(x):
        return x
    return f"({x})"


def bare(x: str) -> str:
    """``x`` as an argument: without the parentheses of one wrapped expression.

    >>> bare("(w.T @ X)"), bare("w")
    ('w.T @ X', 'w')
    """
    return x[1:-1] if _wrapped(x) else x


def _new_axis_code(x: str, n: int, p: int) -> str:
    """``x`` with a new axis inserted before axis ``p`` of its ``n`` axes."""
    x = atom(x)
    if n == 1:
        return f"{x}[None, :]" if p == 0 else f"{x}[:, None]"
    if p == 0:
        return f"{x}[None]"
    if p == n:
        return f"{x}[..., None]"
    return f"{x}[{', '.join([':'] * p)}, None]"


def _dims(shape: Dims) -> str:
    return ", ".join(map(str, shape))


def _rewritten(fix: Fix, x: str) -> Fix:
    """A fix as a person would type it on ``x``: ``w.T`` transposed is ``w``,
    and ``dz.reshape(1000, 1)`` squeezed is ``dz.reshape(1000)``."""
    if fix.kind == TRANSPOSE and x.endswith(".T") and _plain(x[:-2]):
        return fix._replace(code=x[:-2], alternatives=())
    base = _reshaped(x)
    if (
        base is not None
        and fix.kind != KEEPDIMS
        and all(type(d) is int for d in fix.shape)
    ):
        code = f"{atom(base)}.reshape({_dims(fix.shape) or '()'})"
        if len(fix.shape) == 1:
            code = f"{atom(base)}.reshape(-1)"
        return fix._replace(kind=RESHAPE, code=code, alternatives=())
    return fix


def _keepdims_on(x: str, k: int) -> str | None:
    """The reduction ``x`` (``np.linalg.norm(X, axis=1)``, ``dZ.sum(axis=1)``)
    with ``keepdims=True`` added, if ``x`` is one over ``axis=k``; else None."""
    if not x.endswith(")") or "keepdims" in x or not _wrapped(x[x.find("(") :]):
        return None
    args = x[x.find("(") + 1 : -1].replace(" ", "")
    if f"axis={k}" not in args.split(",") and f"axis=({k},)" not in args:
        return None
    return f"{x[:-1]}, keepdims=True)"


def _written_on_its_expression(fix: Fix, names: Sequence[str]) -> bool:
    """A keepdims fix written on the reduction that made the operand."""
    name = names[fix.operand]
    return (
        fix.kind == KEEPDIMS and name.endswith(")") and fix.code.startswith(name[:-1])
    )


def _candidates(shapes: tuple[Dims, ...], names: Sequence[str]) -> Iterator[Fix]:
    """Every single edit worth trying, not yet checked (``result`` is None)."""
    for fix in _edits(shapes, names):
        yield _rewritten(fix, names[fix.operand])


def _edits(shapes: tuple[Dims, ...], names: Sequence[str]) -> Iterator[Fix]:
    most = max(map(len, shapes), default=0)
    for i, s in enumerate(shapes):
        x = names[i]
        ax = atom(x)
        n = len(s)
        # keepdims: ``s`` is another operand's shape with one axis dropped,
        # as a reduction without keepdims=True leaves it.
        for j, t in enumerate(shapes):
            if j == i or len(t) != n + 1:
                continue
            for k in range(n + 1):
                if t[k] != 1 and t[:k] + t[k + 1 :] == s:
                    on = _keepdims_on(x, k)
                    code = on or f"{atom(names[j])}.sum(axis={k}, keepdims=True)"
                    new = (*s[:k], 1, *s[k:])
                    yield Fix(
                        operand=i, kind=KEEPDIMS, code=code, shape=new, source=j, axis=k
                    )
        # one new axis anywhere
        for p in range(n + 1):
            spellings = [f"np.expand_dims({bare(x)}, {p})"]
            if n == 1:
                spellings.append(f"{ax}.reshape({'1, -1' if p == 0 else '-1, 1'})")
            new = (*s[:p], 1, *s[p:])
            code = _new_axis_code(x, n, p)
            yield Fix(
                operand=i,
                kind=NEW_AXIS,
                code=code,
                shape=new,
                alternatives=tuple(spellings),
            )
        # several new axes at the end: line the operand up with an axis further left
        for m in range(2, most - n + 1):
            nones = ", ".join(["None"] * m)
            code = f"{ax}[:, {nones}]" if n == 1 else f"{ax}[..., {nones}]"
            alternatives = (f"{ax}.reshape(-1{', 1' * m})",) if n == 1 else ()
            new = s + (1,) * m
            yield Fix(
                operand=i,
                kind=NEW_AXIS,
                code=code,
                shape=new,
                alternatives=alternatives,
            )
        # squeeze axes of size 1
        ones = [k for k, d in enumerate(s) if d == 1]
        if ones:
            new = tuple(d for d in s if d != 1)
            yield Fix(operand=i, kind=SQUEEZE, code=f"{ax}.squeeze()", shape=new)
            if len(ones) > 1:
                for k in ones:
                    code = f"{ax}.squeeze(axis={k})"
                    yield Fix(
                        operand=i, kind=SQUEEZE, code=code, shape=s[:k] + s[k + 1 :]
                    )
        # transpose, swap two axes
        if n >= 2 and s[::-1] != s:
            yield Fix(
                operand=i,
                kind=TRANSPOSE,
                code=f"{ax}.T",
                shape=s[::-1],
                alternatives=(f"np.transpose({bare(x)})",),
            )
        if n >= 3:
            for a in range(n):
                for b in range(a + 1, n):
                    if n > 8 and b < n - 2:
                        continue  # many axes: only swaps with the last two
                    new_list = list(s)
                    new_list[a], new_list[b] = s[b], s[a]
                    new = tuple(new_list)
                    if new != s:
                        code = f"{ax}.swapaxes({a - n}, {b - n})"
                        yield Fix(operand=i, kind=SWAPAXES, code=code, shape=new)
        # a flat array reshaped to another operand's shape with as many elements
        # (reshaping an array with axes would pair up the wrong elements)
        if n == 1 and type(s[0]) is int:
            for j, t in enumerate(shapes):
                if j == i or len(t) < 2 or t == s:
                    continue
                if all(type(d) is int for d in t) and prod(t) == prod(s):  # type: ignore[arg-type]
                    code = f"{ax}.reshape({_dims(t)})"
                    yield Fix(operand=i, kind=RESHAPE, code=code, shape=t)


def elements(shape: Dims) -> tuple[int, int]:
    """Sort key for a result's size: unknown sizes count as large."""
    known = [d for d in shape if type(d) is int]
    return len(shape) - len(known), prod(known)


def _grows(result: Dims, shapes: Sequence[Dims]) -> bool:
    """True if ``result`` has more elements than the largest of ``shapes``
    (or, with symbols, more axes of a size no operand has)."""
    largest = max((elements(s) for s in shapes), default=(0, 1))
    return elements(result) > largest


def fixes(
    shapes: Sequence[Dims],
    names: Sequence[str],
    check: Check | None = None,
    *,
    core: bool = False,
    limit: int = 5,
) -> tuple[Fix, ...]:
    """Single edits to one operand that make ``shapes`` work, best first.

    Each candidate is checked by running ``check`` (by default the
    broadcasting rule) on the edited shapes; only those that pass are kept.
    For elementwise broadcasting (the default ``check``) a fix must also
    mean what was likely meant: its result has no more elements than the
    largest operand, and the broadcast it makes is not one the warnings
    would flag (:func:`bcast.explainer.policy.suspicions`).  Ranked by:
    a result that *is* the largest operand's shape first, no new axes in the
    result, the smallest result, then the kind of edit (new axes and
    ``keepdims`` first; for a gufunc, ``core=True``, transposes first).
    The same edit reached by several spellings is offered once, the other
    spellings listed as ``alternatives``.  An empty tuple means no single
    edit works.

    Parameters
    ----------
    shapes : sequence of shapes
        The operands' shapes (already validated).
    names : sequence of str
        The operands' names, used in the code of each fix (an expression
        such as ``w.T @ X`` gets parentheses; ``w.T`` transposed is ``w``).
    check : callable, optional
        ``check(shapes) -> result shape or None``.
    core : bool
        Rank for a gufunc's core dimensions rather than elementwise broadcasting.
    limit : int
        At most this many fixes.

    Examples
    --------
    >>> [(f.code, f.result) for f in fixes([(3, 4), (3,)], ["a", "b"])][:2]
    [('b[:, None]', (3, 4)), ('a.sum(axis=1, keepdims=True)', (3, 4))]
    >>> fixes([(1, 5), (3,)], ["a", "b"])   # every edit would grow the result
    ()
    >>> [f.code for f in fixes([(3, 5), (5, 3)], ["w.T @ X", "b"])]
    ['b.T', '(w.T @ X).T']
    >>> fixes([(20, 1000), (20,)], ["X", "np.linalg.norm(X, axis=1)"])[0].code
    'np.linalg.norm(X, axis=1, keepdims=True)'

    """
    shapes = tuple(shapes)
    run = _broadcast_result if check is None else check
    elementwise = check is None and not core
    order = _CORE_ORDER if core else _ELEMENTWISE_ORDER
    widest = max(map(len, shapes), default=0)
    largest = max(shapes, key=elements, default=())
    ranked: list[
        tuple[tuple[int, int, int, tuple[int, int], int, int, int, int], Fix]
    ] = []
    tried: dict[tuple[Dims, ...], Dims | None] = {}
    for seq, fix in enumerate(_candidates(shapes, names)):
        i = fix.operand
        trial = (*shapes[:i], fix.shape, *shapes[i + 1 :])
        if trial not in tried:
            try:
                tried[trial] = None if len(fix.shape) > MAX_DIMS else run(trial)
            except BcastError:  # too many elements, or another invalid shape
                tried[trial] = None
            result = tried[trial]
            if (
                elementwise
                and result is not None
                and (_grows(result, shapes) or suspicions(broadcast(*trial)))
            ):
                tried[trial] = None
        result = tried[trial]
        if result is None:
            continue
        key = (
            0 if result == largest else 1,
            0 if _written_on_its_expression(fix, names) else 1,
            max(0, len(result) - widest),
            elements(result),
            order.index(fix.kind),
            len(shapes[i]),
            -i,
            seq,
        )
        ranked.append((key, fix._replace(result=result)))
    ranked.sort(key=lambda item: item[0])
    if ranked and ranked[0][0][2] == 0:  # some fix keeps the result's rank:
        ranked = [item for item in ranked if item[0][2] == 0]  # drop the others
    out: list[Fix] = []
    kept: dict[tuple[int, Dims, str], int] = {}
    for _, fix in ranked:
        where = (fix.operand, fix.shape, fix.kind)
        if where in kept:
            first = out[kept[where]]
            extra = tuple(
                c
                for c in (fix.code, *fix.alternatives)
                if c != first.code and c not in first.alternatives
            )
            out[kept[where]] = first._replace(alternatives=first.alternatives + extra)
            continue
        if len(out) < limit:
            kept[where] = len(out)
            out.append(fix)
    return tuple(out)


# -- cautions -----------------------------------------------------------------------


def _known_elements(shape: Dims) -> int | None:
    if all(type(d) is int for d in shape):
        return prod(shape)  # type: ignore[arg-type]
    return None


def _rank1_caution(b: Broadcast, i: int, j: int, names: Sequence[str]) -> Caution:
    """The policy's ``rank1``: operand ``i`` (rank 1) meets ``j``; the fix
    makes ``i`` what ``j`` is, a column or a row."""
    assert b.shape is not None
    shapes = b.shapes
    s, t = shapes[i], shapes[j]
    column = t[-1] == 1
    kind = RANK1_COLUMN if column else RANK1_ROW
    new: Dims = (s[0], 1) if column else (1, s[0])
    x = atom(names[i])
    code, alt = (f"{x}[:, None]", "(-1, 1)") if column else (f"{x}[None, :]", "(1, -1)")
    trial = (*shapes[:i], new, *shapes[i + 1 :])
    fixed = broadcast(*trial)
    fix = None
    if fixed.shape is not None and not suspicions(fixed) and fixed.shape != b.shape:
        fix = Fix(
            operand=i,
            kind=NEW_AXIS,
            code=code,
            shape=new,
            result=fixed.shape,
            alternatives=(f"{x}.reshape{alt}",),
        )
    return Caution(kind=kind, operands=(i, j), result=b.shape, fix=fix)


def cautions(
    b: Broadcast, names: Sequence[str], dtype: str = "float64"
) -> tuple[Caution, ...]:
    """Warnings for shapes that broadcast, but perhaps not as meant.

    What is suspicious is :func:`bcast.explainer.policy.suspicions`' to say
    (the same policy as the watcher's and the linter's): a rank-1 array
    meeting a column or row where the result grows, an outer product nobody
    wrote out.  Added here: a result far larger in memory than the inputs,
    and an axis stretched from 1 to 0.

    Parameters
    ----------
    b : Broadcast
        The result of :func:`bcast.broadcast`; nothing is said about a
        conflict.
    names : sequence of str
        The operands' names, used in the code of a suggested fix.
    dtype : str
        The element type, for the memory warning (default float64).

    Examples
    --------
    >>> [c.kind for c in cautions(broadcast((5,), (5, 1)), ["a", "b"])]
    ['rank1_column']
    >>> cautions(broadcast((5,), (5, 1)), ["a", "b"])[0].fix.code
    'a[:, None]'
    >>> cautions(broadcast((3, 4), (4,)), ["a", "b"])
    ()
    >>> cautions(broadcast((3, 1), (1, 4)), ["a", "b"])   # a spelled-out outer product
    ()
    """
    if b.shape is None:
        return ()
    size = itemsize(dtype)
    out: list[Caution] = []
    for found in suspicions(b):
        if found.kind == RANK1:
            i, j = found.operands[:2]
            out.append(_rank1_caution(b, i, j, names))
        elif found.kind == _POLICY_OUTER:
            out.append(Caution(kind=OUTER, operands=found.operands, result=b.shape))
    elements = [_known_elements(s) for s in b.shapes]
    total = _known_elements(b.shape)
    known = [e for e in elements if e is not None]
    if total is not None and None not in elements:
        result_bytes = total * size
        input_bytes = sum(known) * size
        if result_bytes >= MEMORY_FLOOR and result_bytes >= MEMORY_RATIO * input_bytes:
            out.append(
                Caution(
                    kind=MEMORY,
                    operands=(),
                    result=b.shape,
                    result_bytes=result_bytes,
                    input_bytes=input_bytes,
                )
            )
    if total == 0:
        emptied = tuple(
            sorted({i for step in b.steps if step.size == 0 for i in step.stretched})
        )
        if emptied:
            out.append(Caution(kind=EMPTY, operands=emptied, result=b.shape))
    return tuple(out)


# -- fixes by other rules: identical shapes, equal ranks -----------------------------


def _index_code(x: str, inserted: Sequence[int], ndim: int) -> str:
    """``x[:, None]``: ``x`` with new axes at ``inserted`` (positions in the
    result of ``ndim`` axes); trailing ``:`` left out, as a person writes it."""
    keys = ["None" if k in inserted else ":" for k in range(ndim)]
    while keys and keys[-1] == ":":
        keys.pop()
    if ndim - len(inserted) == 1 and len(keys) < ndim:
        keys.append(":")  # a rank-1 array made a row: x[None, :]
    return f"{atom(x)}[{', '.join(keys)}]"


def same_shape_fixes(
    shapes: Sequence[Dims], names: Sequence[str], limit: int = 3
) -> tuple[Fix, ...]:
    """Edits of one operand that make two shapes *identical*, the rule of a
    loss or metric (TensorFlow's ``Shapes (8, 1) and (8,) are incompatible``,
    PyTorch's target size): a new axis of size 1, a squeezed axis of size 1,
    a transpose.  Nothing is broadcast, so each fix is checked by equality
    (an unknown size, None, equals only an unknown size on the same axis).

    >>> [(f.code, f.result) for f in same_shape_fixes([(8, 1), (8,)], ["p", "y"])]
    [('y[:, None]', (8, 1)), ('p.squeeze(axis=1)', (8,))]
    >>> same_shape_fixes([(8, 100), (8, 1)], ["y", "p"])
    ()
    """
    a, b = shapes[0], shapes[1]
    found: list[tuple[tuple[int, int], Fix]] = []
    for i, (s, t) in enumerate(((a, b), (b, a))):
        x = names[i]
        inserted = insertions(s, t)
        if inserted is not None:
            code = _index_code(x, inserted, len(t))
            alts = [f"np.expand_dims({bare(x)}, {_axes_arg(inserted)})"]
            if len(s) == 1 and len(t) == 2 and all(type(d) is int for d in t):
                alts.append(
                    f"{atom(x)}.reshape({'1, -1' if inserted == (0,) else '-1, 1'})"
                )
            fix = Fix(
                operand=i,
                kind=NEW_AXIS,
                code=code,
                shape=t,
                result=t,
                alternatives=tuple(alts),
            )
            found.append(((0, i), fix))
        dropped = insertions(t, s)
        if dropped is not None:
            code = f"{atom(x)}.squeeze(axis={_axes_arg(dropped)})"
            fix = Fix(operand=i, kind=SQUEEZE, code=code, shape=t, result=t)
            found.append(((1, i), fix))
        if len(s) >= 2 and s[::-1] == t and s != t:
            fix = Fix(
                operand=i,
                kind=TRANSPOSE,
                code=f"{atom(x)}.T",
                shape=t,
                result=t,
                alternatives=(f"np.transpose({bare(x)})",),
            )
            found.append(((2, i), fix))
    found.sort(key=lambda item: item[0])
    return tuple(fix for _, fix in found[:limit])


def _axes_arg(axes: Sequence[int]) -> str:
    return str(axes[0]) if len(axes) == 1 else f"({', '.join(map(str, axes))})"


def promotion_fixes(
    shapes: Sequence[Dims], names: Sequence[str], limit: int = 3
) -> tuple[Fix, ...]:
    """Edits that make shapes broadcast *without rank promotion* (JAX with
    ``jax_numpy_rank_promotion='raise'``): the one operand with fewer axes
    gets them explicitly, so that every operand has as many axes and the
    rule holds.  First the 1s NumPy would have put in front (the code's
    meaning under NumPy), unless NumPy's broadcast is one the warnings flag
    (a rank-1 array meeting a column): then first the other places for the
    new axes whose result does not grow, and NumPy's meaning after them.

    >>> [(f.code, f.result) for f in promotion_fixes([(1, 4, 8), (4, 1)], ["x", "y"])]
    [('y[None]', (1, 4, 8))]
    >>> [f.code for f in promotion_fixes([(5,), (5, 1)], ["a", "b"])]
    ['a[:, None]', 'a[None, :]']
    """
    from itertools import combinations

    shapes = tuple(shapes)
    ndim = max(map(len, shapes), default=0)
    short = [i for i, s in enumerate(shapes) if len(s) < ndim]
    if len(short) != 1:
        return ()  # one edit cannot give several operands their axes
    (i,) = short
    s, x = shapes[i], names[i]
    numpy_meaning = broadcast(*shapes)
    flagged = bool(suspicions(numpy_meaning)) if numpy_meaning.ok else True
    ranked: list[tuple[tuple[int, int, tuple[int, int], int], Fix]] = []
    missing = ndim - len(s)
    if missing > 3:
        positions = [tuple(range(missing))]
    else:
        positions = list(combinations(range(ndim), missing))
    for seq, inserted in enumerate(positions):
        new_list: list[Dim] = []
        it = iter(s)
        for p in range(ndim):
            new_list.append(1 if p in inserted else next(it))
        new = tuple(new_list)
        trial = (*shapes[:i], new, *shapes[i + 1 :])
        b = broadcast(*trial)
        if not b.ok or b.shape is None:
            continue
        leading = inserted == tuple(range(missing))
        if leading and not suspicions(b):  # NumPy's meaning, written out
            rank = 2 if flagged else 0  # after the others if NumPy's is a pitfall
        elif _grows(b.shape, shapes) or suspicions(b):
            continue
        else:
            rank = 1
        alts = (f"jnp.expand_dims({bare(x)}, {_axes_arg(inserted)})",)
        fix = Fix(
            operand=i,
            kind=NEW_AXIS,
            code=_index_code(x, inserted, ndim),
            shape=new,
            result=b.shape,
            alternatives=alts,
        )
        ranked.append(
            (
                (
                    rank,
                    0 if b.shape == max(shapes, key=elements) else 1,
                    elements(b.shape),
                    seq,
                ),
                fix,
            )
        )
    ranked.sort(key=lambda item: item[0])
    return tuple(fix for _, fix in ranked[:limit])
