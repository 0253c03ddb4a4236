"""The shape guard: state the shapes a function expects, checked at every call.

Specs use the grammar of :mod:`bcast.core.syntax` — ``3``, ``n_x`` (a name, bound
to a size by its first use), ``_`` (any size), ``...`` (any number of axes),
``*batch`` (any number of axes, bound like a name), ``#n`` (``n`` or 1) and
``()`` (a 0-d array or a Python number)::

    @bcast.shaped(w="n_x, 1", b="1, 1", X="n_x, m", returns="1, m")
    def propagate(w, b, X): ...

    X = bcast.expect(X, "n_x, m")          # inline: returns X itself

    with bcast.dims(n_x=20, m=1000) as d:  # sizes held across calls
        propagate(w, b, X)

Each guarded call binds its names afresh (one set of bindings for its
arguments, its result and every :func:`expect` inside it); a :func:`dims`
scope adds sizes that every call inside it is held to.  Bindings live in
:mod:`contextvars`, so threads and recursive calls never see each other's.

Every spec is parsed once, when decorating, into a small checker; a guarded
call costs a few attribute reads and comparisons per argument.  The guard
never copies, converts or mutates an argument.  ``BCAST_GUARD=0`` in the
environment when bcast.guard is imported makes :func:`shaped` return the
function itself and :func:`expect` return at once; :func:`disable` and
:func:`enable` switch the guard at run time.
"""

from __future__ import annotations

import os
from contextvars import ContextVar
from itertools import count
from keyword import iskeyword

from bcast.core.syntax import format_shape, parse_spec
from bcast.errors import ShapeError, ShapeSyntaxError

TYPE_CHECKING = False  # see bcast.core.rule: typing stays out of start-up
if TYPE_CHECKING:
    import inspect
    from collections.abc import Callable, Iterator, Mapping
    from typing import Any, TypeAlias, TypeVar

    from bcast.core.shapes import Dim, Dims
    from bcast.core.syntax import SpecDim

    F = TypeVar("F", bound=Callable[..., Any])
    X = TypeVar("X")

    Bindings: TypeAlias = "dict[str, Dim | Dims]"
    Origin: TypeAlias = "tuple[str, Dims | None, int | None]"
    Origins: TypeAlias = "dict[str, Origin]"
    Checker: TypeAlias = "Callable[[Dims, Bindings], bool]"
    # What a guarded call checked, in order: (spec, shape), or (None, sizes)
    # for sizes given to expect() by name.
    History: TypeAlias = "list[tuple[_Spec | None, Any]]"
    # The guarded call running now: its bindings, expect()'s checks, its
    # checked arguments, the dims() sizes it started from, what it guards.
    Frame: TypeAlias = (
        "tuple[Bindings, History, tuple[Any, ...], Bindings | None, _Guarded]"
    )

__all__ = [
    "DimScope",
    "Shape",
    "dims",
    "disable",
    "enable",
    "enabled",
    "expect",
    "shaped",
]

# -- the switch ----------------------------------------------------------------

_ON_VALUES = ("1", "on", "true", "yes")
_OFF_VALUES = ("0", "off", "false", "no")


def _read_switch(value: str | None) -> bool:
    """Read ``BCAST_GUARD``: unset or empty means on."""
    if value is None or not value.strip():
        return True
    v = value.strip().lower()
    if v in _ON_VALUES:
        return True
    if v in _OFF_VALUES:
        return False
    valid = ", ".join(_OFF_VALUES + _ON_VALUES)
    raise ValueError(
        f"BCAST_GUARD={value!r} is not a valid value: use one of {valid} "
        "(case does not matter), or leave it unset (on)"
    )


# _switch[0]: checks run.  _switch[1]: @shaped wraps (False after
# BCAST_GUARD=0 at import: it hands back the function itself).  A list, so
# the generated wrappers read it in one step.
_switch = [_read_switch(os.environ.get("BCAST_GUARD"))] * 2


def enable() -> None:
    """Switch the guard on (the default).

    Functions decorated while ``BCAST_GUARD=0`` was in force at import stay
    unguarded: :func:`shaped` returned them untouched.  Functions decorated
    from now on are guarded.

    Examples
    --------
    >>> disable(); enabled()
    False
    >>> enable(); enabled()
    True
    """
    _switch[0] = _switch[1] = True


def disable() -> None:
    """Switch the guard off: guarded calls and :func:`expect` check nothing.

    Examples
    --------
    >>> import numpy as np
    >>> disable()
    >>> expect(np.zeros(3), "4").shape   # not checked
    (3,)
    >>> enable()
    """
    _switch[0] = False


def enabled() -> bool:
    """True when the guard checks shapes.

    Examples
    --------
    >>> enabled()
    True
    """
    return _switch[0]


# -- per-call state --------------------------------------------------------------

# The guarded call running now, for expect() inside it: its bindings, the
# checks expect() made, and what is needed to replay the call's checks when a
# message must say where a size came from.
_call: ContextVar[Frame | None] = ContextVar("bcast_guard_call", default=None)
# The sizes of the innermost dims() scope, merged with the enclosing ones.
_scope: ContextVar[dict[str, Dim | Dims] | None] = ContextVar(
    "bcast_guard_scope", default=None
)

# -- specs -----------------------------------------------------------------------

_SIZE, _NAME, _BSIZE, _BNAME = 0, 1, 2, 3


def _spec_text(items: tuple[SpecDim, ...]) -> str:
    if len(items) == 1:
        return f"({items[0]},)"
    return "(" + ", ".join(map(str, items)) + ")"


class Shape:
    """A spec as an annotation: ``Annotated[np.ndarray, Shape("n_x, m")]``.

    :func:`shaped` reads it from a function's annotations (parameters and
    return, ``Optional[...]`` and ``tuple[...]`` of them included).  The text
    is parsed at once, so a bad spec fails where it is written.
    :func:`expect` and :func:`shaped` also take a ``Shape`` wherever they take
    spec text.

    Examples
    --------
    >>> Shape("n_x, m")
    Shape('(n_x, m)')
    >>> Shape("n_x, m").items[0].value
    'n_x'
    >>> Shape("n,,m")
    Traceback (most recent call last):
    ...
    bcast.errors.ShapeSyntaxError: bad spec 'n,,m': ',' at position 2: empty size before ','
    """

    __slots__ = ("items", "text")

    def __init__(self, spec: str) -> None:
        self.items = parse_spec(spec)
        self.text = _spec_text(self.items)

    def __repr__(self) -> str:
        return f"Shape({self.text!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Shape):
            return NotImplemented
        return self.items == other.items

    def __hash__(self) -> int:
        return hash(self.items)


class _Spec:
    """A spec compiled for one place (an argument, the result, expect())."""

    __slots__ = ("check", "items", "label", "text")

    def __init__(self, items: tuple[SpecDim, ...], label: str) -> None:
        self.items = items
        self.text = _spec_text(items)
        self.label = label
        self.check = _compile(items)


def _split(
    items: tuple[SpecDim, ...],
) -> tuple[tuple[SpecDim, ...], SpecDim | None, tuple[SpecDim, ...]]:
    """Items before the variadic one, the variadic one (or None), items after."""
    for i, d in enumerate(items):
        if d.kind in ("ellipsis", "variadic"):
            return items[:i], d, items[i + 1 :]
    return items, None, ()


def _ops(items: tuple[SpecDim, ...]) -> tuple[tuple[int, int, Any], ...]:
    """(axis, kind, value) for every axis that constrains: ``_`` does not.

    Axes before a variadic item count from the front, axes after it from the
    back (negative), so the same index serves any number of axes in between.
    """
    head, _, tail = _split(items)
    placed = [(i, d) for i, d in enumerate(head)]
    placed += [(k - len(tail), d) for k, d in enumerate(tail)]
    ops = []
    for i, d in placed:
        if d.kind == "size":
            ops.append((i, _BSIZE if d.broadcastable else _SIZE, d.value))
        elif d.kind == "name":
            ops.append((i, _BNAME if d.broadcastable else _NAME, d.value))
    return tuple(ops)


# The checks are generated as Python source, one straight line of comparisons
# per spec, because a loop over spec items costs several times more per call.
# The source holds only the generator's own text, axis numbers and the
# parameter names of the decorated function; the names and sizes from a spec
# reach it as values in its namespace (``_bc_c0`` ...), never as text.  Every
# name the generated code uses itself starts with a prefix no parameter has.


class _Namespace:
    """The globals of generated code, and the prefix of its own names."""

    __slots__ = ("p", "values")

    def __init__(self, prefix: str = "_bc_") -> None:
        self.p = prefix
        self.values: dict[str, object] = {
            prefix + name: value
            for name, value in (
                ("same", _same_dims),
                ("shape_of", _shape_of),
                ("len", len),
                ("type", type),
                ("tuple", tuple),
                ("AttributeError", AttributeError),
            )
        }

    def ref(self, value: object) -> str:
        """A new name for ``value`` (a default argument, a function ...)."""
        key = f"{self.p}c{len(self.values)}"
        self.values[key] = value
        return key

    def const(self, value: str | tuple[int, ...]) -> str:
        """A name for a spec's name or sizes, shared by equal values."""
        for key, have in self.values.items():
            if type(have) is type(value) and have == value:
                return key
        return self.ref(value)


def _indent(lines: list[str], by: str = "    ") -> list[str]:
    return [by + line for line in lines]


def _check_lines(items: tuple[SpecDim, ...], ns: _Namespace, fail: str) -> list[str]:
    """Lines checking the shape ``{p}sh`` against ``items``, binding in ``{p}b``.

    ``fail`` is the statement run when the shape does not fit.  A NaN size
    (Dask's unknown) fits anything and binds nothing; ``#n`` accepts 1 and
    then binds nothing.
    """
    sh, d, h, b, same, len_, tuple_ = (
        ns.p + w for w in ("sh", "d", "h", "b", "same", "len", "tuple")
    )
    head, var, tail = _split(items)
    n = len(head) + len(tail)
    ops = _ops(items)
    if var is None and len(ops) == n and all(kind == _SIZE for _, kind, _ in ops):
        target = ns.const(tuple(int(v) for _, _, v in ops))
        return [f"if {sh} != {target} and not {same}({target}, {sh}):", f"    {fail}"]
    lines = [f"if {len_}({sh}) {'<' if var else '!='} {n:d}:", f"    {fail}"]
    for i, kind, v in ops:
        lines.append(f"{d} = {sh}[{i:d}]")
        if kind == _SIZE:
            lines += [f"if {d} != {int(v):d} and {d} == {d}:", f"    {fail}"]
        elif kind == _BSIZE:
            test = f"{d} != {int(v):d} and {d} != 1 and {d} == {d}"
            lines += [f"if {test}:", f"    {fail}"]
        else:
            key = ns.const(str(v))
            lines += [
                f"if {d} == {d}:" if kind == _NAME else f"if {d} != 1 and {d} == {d}:",
                f"    {h} = {b}.get({key})",
                f"    if {h} is None:",
                f"        {b}[{key}] = {d}",
                f"    elif {h} != {d}:",
                f"        {fail}",
            ]
    if var is not None and var.value is not None:
        key = ns.const(str(var.value))
        stop = f"{len_}({sh}) - {len(tail):d}" if tail else ""
        lines += [
            f"{d} = {tuple_}({sh}[{len(head):d}:{stop}])",
            f"{h} = {b}.get({key})",
            f"if {h} is None:",
            f"    {b}[{key}] = {d}",
            f"elif {h} != {d} and not {same}({h}, {d}):",
            f"    {fail}",
        ]
    return lines


_generated = count()


def _run(source: list[str], ns: _Namespace, name: str, traceback: bool) -> Any:
    """Compile generated ``source`` in ``ns`` and return the function ``name``."""
    text = "\n".join(source) + "\n"
    filename = f"<bcast.guard {name} {next(_generated)}>"
    if traceback:
        import linecache

        # Tracebacks through a wrapper show its lines, as for any source.
        lines = text.splitlines(True)
        linecache.cache[filename] = (len(text), None, lines, filename)
    scope = dict(ns.values)
    exec(compile(text, filename, "exec"), scope)
    return scope[name]


def _compile(items: tuple[SpecDim, ...]) -> Checker:
    """A function ``check(shape, bindings) -> bool`` for ``items``.

    It binds names it meets for the first time and returns False as soon as
    an axis does not fit; which one, and why, is worked out afterwards, slowly,
    by :func:`_walk`.
    """
    check = _checkers.get(items)
    if check is None:
        ns = _Namespace()
        body = _check_lines(items, ns, "return False")
        source = ["def check(_bc_sh, _bc_b):", *_indent(body), "    return True"]
        check = _run(source, ns, "check", traceback=False)
        if len(_checkers) >= 1024:
            _checkers.clear()
        _checkers[items] = check
    return check


_checkers: dict[tuple[SpecDim, ...], Checker] = {}


def _same_dims(a: object, b: Dims) -> bool:
    """Sizes equal where both are known (NaN is Dask's unknown)."""
    if type(a) is not tuple or len(a) != len(b):
        return False
    return all(x == y or x != x or y != y for x, y in zip(a, b))


def _as_spec(spec: object, label: str, what: str = "spec") -> _Spec:
    if isinstance(spec, Shape):
        return _Spec(spec.items, label)
    if isinstance(spec, str):
        try:
            return _Spec(parse_spec(spec), label)
        except ShapeSyntaxError as e:
            raise ShapeSyntaxError(
                e.text, e.position, e.token, e.reason, what
            ) from None
    raise TypeError(
        f"a spec is text such as 'n_x, m' or a bcast.Shape, "
        f"got {type(spec).__name__} {spec!r}"
    )


# -- reading a value's shape ---------------------------------------------------------


def _shape_of(x: object) -> Dims | None:
    """The shape of something without a tuple ``.shape``; None if it has none."""
    try:
        shape = x.shape  # type: ignore[attr-defined]
    except AttributeError:
        if isinstance(x, (int, float, complex)):
            return ()
        return None
    try:
        return tuple(shape)
    except TypeError:
        return None


def _what(x: object) -> str:
    if x is None:
        return "None"
    return f"a {type(x).__name__}, not an array (it has no .shape)"


# -- messages --------------------------------------------------------------------------


def _bound_by(
    symbol: str,
    value: object,
    o: Origins,
    spec: _Spec | None = None,
    shape: Dims | None = None,
) -> str:
    """Where ``symbol`` got its size, for a message."""
    origin = o.get(symbol)
    if origin is None:
        return f"dims({symbol}={_fmt(value)})"
    label, where, axis = origin
    if where is None:
        return f"{label}({symbol}={_fmt(value)})"
    if spec is not None and label == spec.label and where is shape and axis is not None:
        return f"axis {axis % len(shape)} of {label}"
    return f"{label} with shape {format_shape(where)}"


def _fmt(value: object) -> str:
    return format_shape(value) if isinstance(value, tuple) else str(value)


def _expr(label: str, suffix: str) -> str:
    """``X.T`` for an argument, ``its .T`` for the result or expect()'s array."""
    if label.isidentifier():
        return label + suffix
    return f"its {suffix}"


def _fits(spec: _Spec, shape: Dims, b: Bindings) -> bool:
    return spec.check(shape, dict(b))


def _rank_hint(spec: _Spec, shape: Dims, b: Bindings) -> str | None:
    """The course's usual suspect: a rank-1 ``(m,)`` where ``(1, m)`` was meant."""
    head, var, tail = _split(spec.items)
    n = len(head) + len(tail)
    label = spec.label
    if var is None and len(shape) == n - 1:
        for p, d in enumerate(spec.items):
            one = (d.kind == "size" and d.value == 1) or d.broadcastable
            candidate = (*shape[:p], 1, *shape[p:])
            if not one or not _fits(spec, candidate, b):
                continue
            if len(shape) == 1:
                how = _expr(label, ".reshape(1, -1)" if p == 0 else ".reshape(-1, 1)")
                return (
                    f"a rank-1 array {format_shape(shape)} where "
                    f"{format_shape(candidate)} was meant: use {how}, or "
                    "keepdims=True where it was computed"
                )
            how = f"np.expand_dims({label if label.isidentifier() else 'it'}, {p})"
            return f"{format_shape(candidate)} would fit: use {how}"
    if var is None and len(shape) == n + 1:
        for p, size in enumerate(shape):
            candidate = (*shape[:p], *shape[p + 1 :])
            if size != 1 or not _fits(spec, candidate, b):
                continue
            how = _expr(label, ".reshape(-1)" if n == 1 else f".squeeze({p})")
            return (
                f"axis {p} is an extra axis of size 1, and "
                f"{format_shape(candidate)} would fit: use {how}"
            )
    return None


def _layout_hint(spec: _Spec, shape: Dims, b: Bindings) -> str | None:
    """Examples in columns vs rows: the transpose would fit."""
    if len(shape) < 2 or shape[-1] == shape[-2]:
        return None
    swapped = (*shape[:-2], shape[-1], shape[-2])
    if not _fits(spec, swapped, b):
        return None
    names = [d.value for d in spec.items[-2:] if d.kind == "name"]
    how = _expr(spec.label, ".T" if len(shape) == 2 else ".swapaxes(-1, -2)")
    text = f"its transpose {format_shape(swapped)} would fit"
    last = spec.items[-1]
    if last.kind == "name" and last.value == "m":
        text += " (examples are columns here)"
    elif "m" in names:
        text += " (examples are rows here)"
    return f"{text}: did you mean {how}?"


def _walk(spec: _Spec, shape: Dims, b: Bindings, o: Origins) -> dict[str, Any] | None:
    """Check ``shape`` the slow way, recording where each name was bound.

    Returns None if it fits (``b`` and ``o`` then hold its bindings), else
    the fields of the :class:`ShapeError` for the first axis that does not.
    Agrees with the generated checker on every shape (a property test holds
    them to it).
    """
    head, var, tail = _split(spec.items)
    n = len(head) + len(tail)
    ndim = len(shape)
    if ndim != n and (var is None or ndim < n):
        axes = f"{ndim} {'axis' if ndim == 1 else 'axes'}"
        at_least = "at least " if var is not None else ""
        return {"reason": f"{axes}, expected {at_least}{n}"}
    for i, kind, v in _ops(spec.items):
        d = shape[i]
        if d != d or (kind in (_BSIZE, _BNAME) and d == 1):
            continue
        axis = i % ndim
        if kind in (_SIZE, _BSIZE):
            if d != v:
                return {
                    "axis": axis,
                    "actual": d,
                    "expected": v,
                    "broadcastable": kind == _BSIZE,
                }
            continue
        have = b.get(v)
        if have is None:
            b[v] = d
            o[v] = (spec.label, shape, axis)
        elif have != d:
            return {
                "axis": axis,
                "actual": d,
                "symbol": v,
                "expected": have,
                "broadcastable": kind == _BNAME,
                "bound_by": _bound_by(v, have, o, spec, shape),
            }
    if var is None or var.value is None:
        return None
    name = str(var.value)
    segment = tuple(shape[len(head) : ndim - len(tail)])
    have = b.get(name)
    if have is None:
        b[name] = segment
        o[name] = (spec.label, shape, None)
    elif have != segment and not _same_dims(have, segment):
        return {
            "axis": len(head),
            "actual": segment,
            "symbol": f"*{name}",
            "expected": have,
            "bound_by": _bound_by(name, have, o, spec, shape),
        }
    return None


def _replay(scope: Bindings | None, history: History) -> tuple[Bindings, Origins]:
    """The bindings after ``history``, and where each name got its size."""
    b: Bindings = {} if scope is None else dict(scope)
    o: Origins = {}
    for spec, value in history:
        if spec is not None:
            _walk(spec, value, b, o)
            continue
        for name, size in value.items():
            if name not in b:
                b[name] = size
                o[name] = ("expect", None, None)
    return b, o


def _explain(
    function: str | None,
    spec: _Spec,
    x: object,
    scope: Bindings | None,
    history: History,
) -> ShapeError:
    """The error for ``x`` failing ``spec`` after the checks in ``history``."""
    shape = _shape_of(x)
    if shape is None:
        return ShapeError(function, spec.label, None, spec.text, reason=_what(x))
    b, o = _replay(scope, history)
    failure = _walk(spec, shape, dict(b), dict(o))
    if failure is None:  # pragma: no cover - the checkers disagree: a bug
        failure = {"reason": "it does not fit (bcast could not say why)"}
    hint = None
    shown = tuple(None if d != d else d for d in shape)  # Dask's NaN: '?'
    if shown == shape:  # hints only where every size is known
        hint = (_layout_hint if "axis" in failure else _rank_hint)(spec, shape, b)
        if hint is None:
            hint = _earlier_layout_hint(spec, shape, scope, history)
    return ShapeError(function, spec.label, shown, spec.text, hint=hint, **failure)


def _earlier_layout_hint(
    spec: _Spec, shape: Dims, scope: Bindings | None, history: History
) -> str | None:
    """An earlier argument was the transposed one.

    ``fit(X, Y)`` with scikit-learn's ``(m, n_x)`` X: X binds ``m`` to n_x,
    and it is Y that fails.  If swapping the last two axes of an earlier
    argument keeps every earlier check passing and makes this one fit (or fit
    after the usual rank-1 fix), say so.
    """
    for i, (earlier, value) in enumerate(history):
        if earlier is None or len(value) < 2 or value[-1] == value[-2]:
            continue
        swapped = (*value[:-2], value[-1], value[-2])
        b: Bindings = {} if scope is None else dict(scope)
        ok = True
        for checked, v in [*history[:i], (earlier, swapped), *history[i + 1 :]]:
            if checked is None:
                ok = all(b.setdefault(k, size) == size for k, size in v.items())
            else:
                ok = _walk(checked, v, b, {}) is None
            if not ok:
                break
        if not ok:
            continue
        label = earlier.label
        how = _expr(label, ".T" if len(value) == 2 else ".swapaxes(-1, -2)")
        layout = ""
        last = earlier.items[-1]
        if last.kind == "name" and last.value == "m":
            layout = " (examples are columns here)"
        elif any(d.kind == "name" and d.value == "m" for d in earlier.items[-2:]):
            layout = " (examples are rows here)"
        text = f"{label}'s transpose {format_shape(swapped)}"
        if _fits(spec, shape, b):
            return f"{text} would make it fit{layout}: did you mean {how}?"
        also = _rank_hint(spec, shape, b) or _layout_hint(spec, shape, b)
        if also is not None:
            return (
                f"{text} would fix the sizes{layout}: did you mean {how}? Then: {also}"
            )
    return None


# -- sizes given by name: dims() and expect(**sizes) -------------------------------------


def _valid_size(value: object, name: str, where: str) -> int:
    from operator import index

    if not isinstance(value, bool):
        try:
            size = index(value)  # type: ignore[arg-type]
        except TypeError:
            pass
        else:
            if size < 0:
                raise ValueError(f"{where}({name}={value!r}): sizes are 0 or more")
            return size
    raise TypeError(
        f"{where}({name}={value!r}): a size is an int (a tuple of ints for a "
        f"*{name} spec item)"
    )


def _valid_sizes(sizes: Mapping[str, object], where: str) -> dict[str, Dim | Dims]:
    """Check ``name=size`` pairs: a size is an int >= 0, a ``*name`` a tuple."""
    out: dict[str, Dim | Dims] = {}
    for name, value in sizes.items():
        if not name.isidentifier():
            raise TypeError(f"{where}(): {name!r} is not a name")
        if isinstance(value, (tuple, list)):
            out[name] = tuple(_valid_size(v, name, where) for v in value)
        else:
            out[name] = _valid_size(value, name, where)
    return out


class DimScope:
    """The sizes of a :func:`dims` scope: a read-only mapping name -> size.

    Inside its ``with`` block it holds every size in force: its own and those
    of the scopes around it.

    Examples
    --------
    >>> with dims(n_x=20) as outer:
    ...     with dims(m=1000) as inner:
    ...         print(dict(inner))
    {'n_x': 20, 'm': 1000}
    """

    __slots__ = ("_current", "_entered", "_sizes")

    def __init__(self, sizes: dict[str, Dim | Dims]) -> None:
        self._sizes = sizes
        self._current = sizes
        self._entered: list[tuple[object, dict[str, Dim | Dims]]] = []

    def __enter__(self) -> DimScope:
        outer = _scope.get()
        merged = {} if outer is None else dict(outer)
        for name, value in self._sizes.items():
            have = merged.get(name)
            if have is not None and have != value:
                raise ShapeError(
                    None,
                    f"dims({name}={_fmt(value)})",
                    None,
                    None,
                    actual=value,
                    symbol=name,
                    expected=have,
                    bound_by=f"dims({name}={_fmt(have)})",
                )
            merged[name] = value
        self._entered.append((_scope.set(merged), self._current))
        self._current = merged
        return self

    def __exit__(self, *exc: object) -> None:
        token, self._current = self._entered.pop()
        _scope.reset(token)  # type: ignore[arg-type]

    def __getitem__(self, name: str) -> Dim | Dims:
        return self._current[name]

    def __contains__(self, name: object) -> bool:
        return name in self._current

    def __iter__(self) -> Iterator[str]:
        return iter(self._current)

    def __len__(self) -> int:
        return len(self._current)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, DimScope):
            other = other._current
        return self._current == other

    __hash__ = None  # type: ignore[assignment]

    def get(self, name: str, default: object = None) -> object:
        """The size bound to ``name``, or ``default``."""
        return self._current.get(name, default)

    def keys(self) -> Iterator[str]:
        """The bound names."""
        return iter(self._current)

    def items(self) -> Iterator[tuple[str, Dim | Dims]]:
        """(name, size) pairs."""
        return iter(self._current.items())

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={_fmt(v)}" for k, v in self._current.items())
        return f"dims({inner})"


def dims(**sizes: int | tuple[int, ...]) -> DimScope:
    """Bind sizes for a ``with`` block: every guarded call inside is held to them.

    A guarded call binds its names afresh; inside ``with dims(n_x=4):`` each
    call starts with ``n_x = 4`` already bound, so a function that receives
    ``n_x = 5`` fails even if it is consistent by itself.  Scopes nest (an
    inner scope adds sizes; binding a name again to another size is an
    error), and the object ``as`` gives is a read-only mapping of every size
    in force.  Bindings live in a :class:`contextvars.ContextVar`: a thread
    started inside the block does not see them.

    Parameters
    ----------
    **sizes : int or tuple of int
        ``name=size``; a tuple binds a ``*name`` spec item.

    Returns
    -------
    DimScope
        A context manager and a mapping of the sizes in force.

    Raises
    ------
    ShapeError
        On entering, if a size contradicts the enclosing scope's.

    Examples
    --------
    >>> import numpy as np
    >>> with dims(n_x=4) as d:
    ...     with dims(m=8) as inner:
    ...         print(d, inner, inner["m"])
    dims(n_x=4) dims(n_x=4, m=8) 8
    >>> with dims(n_x=4):
    ...     expect(np.zeros((5, 8)), "n_x, m")
    Traceback (most recent call last):
    ...
    bcast.errors.ShapeError: the array given to expect() has shape (5, 8), expected (n_x, m): axis 0 (-2) is 5 but n_x = 4, bound by dims(n_x=4)
    """
    return DimScope(_valid_sizes(sizes, "dims"))


# -- expect ------------------------------------------------------------------------------

_EXPECT = "the array given to expect()"
_expected: dict[object, _Spec] = {}  # spec -> compiled, for expect()


def expect(x: X, spec: str | Shape, /, **sizes: int | tuple[int, ...]) -> X:
    """Check ``x``'s shape against ``spec`` now and return ``x`` itself.

    Inside a function decorated with :func:`shaped` it shares that call's
    bindings (names bound by the arguments hold here, and names bound here
    hold for the result); elsewhere it starts from the sizes of the current
    :func:`dims` scope.

    Parameters
    ----------
    x : array or number
        Anything with ``.shape`` (NumPy, PyTorch, JAX, CuPy, Dask); a Python
        number has shape ``()``.  Never copied or converted.
    spec : str or Shape
        ``"n_x, m"``, ``"*batch, 3"``, ``"#n, 1"``, ``"()"`` ...
    **sizes : int or tuple of int
        Sizes for names in the spec, bound before ``x`` is checked.

    Returns
    -------
    object
        ``x``, the same object.

    Raises
    ------
    ShapeError
        If the shape does not fit (a ``ValueError``).
    ShapeSyntaxError
        If ``spec`` is not a valid spec.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.zeros((4, 8))
    >>> expect(X, "n_x, m") is X
    True
    >>> expect(3.5, "()")
    3.5
    >>> expect(X, "n_x, m", n_x=5)
    Traceback (most recent call last):
    ...
    bcast.errors.ShapeError: the array given to expect() has shape (4, 8), expected (n_x, m): axis 0 (-2) is 4 but n_x = 5, bound by expect(n_x=5)
    >>> expect(np.zeros(8), "1, m")
    Traceback (most recent call last):
    ...
    bcast.errors.ShapeError: the array given to expect() has shape (8,), expected (1, m): 1 axis, expected 2; a rank-1 array (8,) where (1, 8) was meant: use its .reshape(1, -1), or keepdims=True where it was computed
    """
    if not _switch[0]:
        return x
    try:
        compiled = _expected.get(spec)
    except TypeError:  # unhashable: not a spec
        compiled = None
    if compiled is None:
        compiled = _as_spec(spec, _EXPECT)
        if len(_expected) >= 1024:
            _expected.clear()
        _expected[spec] = compiled
    frame = _call.get()
    if frame is None:
        scope = _scope.get()
        b: Bindings = {} if scope is None else scope.copy()
        trail: History | None = None
    else:
        b, trail = frame[0], frame[1]
    given = _valid_sizes(sizes, "expect") if sizes else None
    if given:
        for name, value in given.items():
            have = b.setdefault(name, value)
            if have != value:
                raise _conflict(frame, name, value, have)
        if trail is not None:
            trail.append((None, given))
    try:
        shape = x.shape  # type: ignore[attr-defined]
    except AttributeError:
        shape = None
    if type(shape) is not tuple:
        shape = _shape_of(x)
    if shape is None or not compiled.check(shape, b):
        history = _frame_history(frame)
        if given and frame is None:
            history.append((None, given))
        scope = _scope.get() if frame is None else frame[3]
        raise _explain(
            None if frame is None else frame[4].name, compiled, x, scope, history
        )
    if trail is not None:
        trail.append((compiled, shape))
    return x


def _frame_history(frame: Frame | None) -> History:
    """What the guarded call running now has checked so far."""
    if frame is None:
        return []
    _, trail, values, _, guarded = frame
    return guarded.history(values) + trail


def _conflict(
    frame: Frame | None, name: str, value: object, have: object
) -> ShapeError:
    """expect(name=size) against a size bound before."""
    history = _frame_history(frame)
    scope = _scope.get() if frame is None else frame[3]
    _, o = _replay(scope, history)
    return ShapeError(
        None if frame is None else frame[4].name,
        f"expect({name}={_fmt(value)})",
        None,
        None,
        actual=value,  # type: ignore[arg-type]
        symbol=name,
        expected=have,  # type: ignore[arg-type]
        bound_by=_bound_by(name, have, o),
    )


# -- @shaped -----------------------------------------------------------------------------


def _shape_in(annotation: object) -> tuple[Shape | None, bool]:
    """The Shape in ``Annotated[..., Shape(...)]`` (or an Optional of one).

    Returns the Shape (or None) and whether None is allowed.
    """
    for meta in getattr(annotation, "__metadata__", ()):
        if isinstance(meta, Shape):
            return meta, False
    args = getattr(annotation, "__args__", ())
    if (
        not hasattr(annotation, "__metadata__")
        and len(args) == 2
        and type(None) in args
        and getattr(annotation, "__origin__", None) is not tuple
    ):
        inner = [a for a in args if a is not type(None)]
        shape, _ = _shape_in(inner[0])
        return shape, shape is not None
    return None, False


def _annotations(fn: Callable[..., Any], name: str) -> dict[str, object]:
    """``fn``'s annotations, evaluated if they are strings and mention Shape."""
    raw: dict[str, object] = dict(getattr(fn, "__annotations__", None) or {})
    text = [v for v in raw.values() if isinstance(v, str)]
    if not text:
        return raw
    if not any("Shape" in v for v in text):
        return {k: v for k, v in raw.items() if not isinstance(v, str)}
    import inspect

    try:
        return inspect.get_annotations(fn, eval_str=True)
    except Exception as e:
        raise TypeError(
            f"@shaped cannot read the annotations of {name}(): "
            f"{type(e).__name__}: {e}; the names in a Shape annotation must "
            "exist when the function is decorated (or pass the specs to "
            "@shaped as keywords)"
        ) from None


def _display_name(fn: Callable[..., Any]) -> str:
    name = getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None)
    if not isinstance(name, str):
        return type(fn).__name__
    return name.rsplit("<locals>.", 1)[-1]


class _Guarded:
    """What a guarded function checks: the record behind its generated wrapper."""

    __slots__ = ("arguments", "name", "results", "single")

    def __init__(
        self,
        name: str,
        arguments: list[tuple[str, bool, _Spec]],
        results: list[_Spec | None],
        single: bool,
    ) -> None:
        self.name = name
        self.arguments = arguments  # (parameter, may be None, spec)
        self.results = results
        self.single = single

    def history(self, values: tuple[Any, ...], upto: int | None = None) -> History:
        """(spec, shape) of the arguments before number ``upto``, as checked."""
        out: History = []
        for (_, optional, spec), x in zip(self.arguments[:upto], values):
            if not (optional and x is None):
                out.append((spec, _shape_of(x)))
        return out

    def fail(
        self,
        k: int,
        x: object,
        scope: Bindings | None,
        values: tuple[Any, ...],
        trail: History | None,
    ) -> ShapeError:
        """The error for check number ``k``: the arguments', then the result's.

        ``values`` are the checked arguments' values, ``trail`` what
        expect() checked in the call; for a tuple result ``x`` is the tuple.
        """
        if k < len(self.arguments):
            return _explain(
                self.name, self.arguments[k][2], x, scope, self.history(values, k)
            )
        history = self.history(values) + (trail or [])
        j = k - len(self.arguments)
        if not self.single:
            done = zip(self.results[:j], x)  # type: ignore[call-overload]
            history += [(s, _shape_of(v)) for s, v in done if s is not None]
            x = x[j]  # type: ignore[index]
        spec = self.results[j]
        assert spec is not None
        return _explain(self.name, spec, x, scope, history)

    def bad_tuple(self, out: object) -> ShapeError:
        """The result is not a tuple of as many items as ``returns`` has specs."""
        texts = ", ".join("..." if s is None else s.text for s in self.results)
        if type(out) is tuple:
            what = f"a tuple of {len(out)}"
        else:
            what = f"a {type(out).__name__}"
        return ShapeError(
            self.name,
            "the result",
            None,
            f"({texts})",
            reason=f"{what}, not a tuple of {len(self.results)}",
        )


def _value_lines(x: str, spec: _Spec, ns: _Namespace, fail: str) -> list[str]:
    """Lines reading the shape of ``x`` (a name) into ``{p}sh`` and checking it."""
    p = ns.p
    return [
        "try:",
        f"    {p}sh = {x}.shape",
        f"except {p}AttributeError:",
        f"    {p}sh = None",
        f"if {p}type({p}sh) is not {p}tuple:",
        f"    {p}sh = {p}shape_of({x})",
        f"    if {p}sh is None:",
        f"        {fail}",
        *_check_lines(spec.items, ns, fail),
    ]


def _parameters(
    params: Mapping[str, inspect.Parameter], ns: _Namespace
) -> tuple[str, str]:
    """The parameter list of ``params`` as source, and a call passing them on."""
    text: list[str] = []
    call: list[str] = []
    star = False
    for i, p in enumerate(params.values()):
        kind = p.kind
        if kind == p.VAR_POSITIONAL:
            text.append(f"*{p.name}")
            call.append(f"*{p.name}")
            star = True
            continue
        if kind == p.VAR_KEYWORD:
            text.append(f"**{p.name}")
            call.append(f"**{p.name}")
            continue
        if kind == p.KEYWORD_ONLY and not star:
            text.append("*")
            star = True
        default = "" if p.default is p.empty else f"={ns.ref(p.default)}"
        text.append(p.name + default)
        call.append(f"{p.name}={p.name}" if kind == p.KEYWORD_ONLY else p.name)
        if kind == p.POSITIONAL_ONLY:
            later = list(params.values())[i + 1 :]
            if not later or later[0].kind != p.POSITIONAL_ONLY:
                text.append("/")
    return ", ".join(text), ", ".join(call)


def _wrapper(
    fn: Callable[..., Any],
    guarded: _Guarded,
    params: Mapping[str, inspect.Parameter],
) -> Callable[..., Any]:
    """Generate the wrapper: ``fn``'s own parameters, straight-line checks,
    the call, the result's checks."""
    p = "_bc_"
    names = [*params, str(getattr(fn, "__name__", ""))]
    while any(name.startswith(p) for name in names):
        p += "_"
    ns = _Namespace(p)
    ns.values.update(
        {
            p + "fn": fn,
            p + "G": guarded,
            p + "SW": _switch,
            p + "scope_get": _scope.get,
            p + "call_set": _call.set,
            p + "call_reset": _call.reset,
        }
    )
    signature, call = _parameters(params, ns)
    values = "(" + "".join(f"{name}, " for name, _, _ in guarded.arguments) + ")"
    lines = [
        f"if not {p}SW[0]:",
        f"    return {p}fn({call})",
        f"{p}s = {p}scope_get()",
        f"{p}b = {{}} if {p}s is None else {p}s.copy()",
    ]
    for k, (name, optional, spec) in enumerate(guarded.arguments):
        fail = f"raise {p}G.fail({k:d}, {name}, {p}s, {values}, None)"
        body = _value_lines(name, spec, ns, fail)
        lines += [f"if {name} is not None:", *_indent(body)] if optional else body
    lines += [
        f"{p}trail = []",
        f"{p}token = {p}call_set(({p}b, {p}trail, {values}, {p}s, {p}G))",
        "try:",
        f"    {p}out = {p}fn({call})",
        "finally:",
        f"    {p}call_reset({p}token)",
    ]
    first = len(guarded.arguments)
    if guarded.single:
        result = guarded.results[0]
        assert result is not None
        fail = f"raise {p}G.fail({first:d}, {p}out, {p}s, {values}, {p}trail)"
        lines += _value_lines(f"{p}out", result, ns, fail)
    elif guarded.results:
        count = len(guarded.results)
        lines += [
            f"if {p}type({p}out) is not {p}tuple or {p}len({p}out) != {count:d}:",
            f"    raise {p}G.bad_tuple({p}out)",
        ]
        for j, item in enumerate(guarded.results):
            if item is None:
                continue
            fail = f"raise {p}G.fail({first + j:d}, {p}out, {p}s, {values}, {p}trail)"
            lines += [f"{p}x = {p}out[{j:d}]", *_value_lines(f"{p}x", item, ns, fail)]
    lines.append(f"return {p}out")
    name = getattr(fn, "__name__", "")
    if not isinstance(name, str) or not name.isidentifier() or iskeyword(name):
        name = "guarded"
    source = [f"def {name}({signature}):", *_indent(lines)]
    wrapper = _run(source, ns, name, traceback=True)
    if hasattr(wrapper.__code__, "co_qualname"):  # Python 3.11+: for TypeErrors
        wrapper.__code__ = wrapper.__code__.replace(co_qualname=guarded.name)
    return wrapper  # type: ignore[no-any-return]


def _guard(
    fn: Callable[..., Any], returns: object, specs: Mapping[str, object]
) -> Callable[..., Any]:
    import inspect
    from functools import wraps

    name = _display_name(fn)
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError) as e:
        raise TypeError(f"@shaped cannot read the signature of {name}: {e}") from None
    for given, value in specs.items():
        if given not in params:
            listed = ", ".join(params) or "none"
            raise ShapeSyntaxError(
                given,
                0,
                given,
                f"{name}() has no parameter {given!r} (its parameters: {listed})",
                f"spec name (={value!r})",
            )
    annotations = _annotations(fn, name)
    arguments = []
    for p in params.values():
        optional = p.default is None
        if p.name in specs:
            spec = _as_spec(specs[p.name], p.name, f"spec for {p.name}")
        else:
            shape, allow_none = _shape_in(annotations.get(p.name))
            if shape is None:
                continue
            spec = _Spec(shape.items, p.name)
            optional = optional or allow_none
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            raise ShapeSyntaxError(
                p.name,
                0,
                p.name,
                f"a spec checks one array, and {p} collects many: check them "
                "with bcast.expect() inside the function",
                f"parameter of {name}()",
            )
        arguments.append((p.name, optional, spec))
    results, single = _results(returns, annotations.get("return"), name)
    if results and (
        inspect.iscoroutinefunction(fn)
        or inspect.isgeneratorfunction(fn)
        or inspect.isasyncgenfunction(fn)
    ):
        raise TypeError(
            f"@shaped: {name}() is a coroutine or generator function; returns= "
            "would check the coroutine or generator, not what it yields"
        )
    guarded = _Guarded(name, arguments, results, single)
    return wraps(fn)(_wrapper(fn, guarded, params))


def _results(
    returns: object, annotated: object, name: str
) -> tuple[list[_Spec | None], bool]:
    """The result's specs, from ``returns=`` or else the return annotation.

    Returns the specs and whether the result is a single array (else a tuple
    of as many items as there are specs; None: that item is not checked).
    """
    if returns is None:
        shape, _ = _shape_in(annotated)
        if shape is not None:
            return [_Spec(shape.items, "the result")], True
        if getattr(annotated, "__origin__", None) is tuple:
            items = [_shape_in(a)[0] for a in getattr(annotated, "__args__", ())]
            if any(s is not None for s in items) and Ellipsis not in items:
                specs = [
                    None if s is None else _Spec(s.items, f"result[{k}]")
                    for k, s in enumerate(items)
                ]
                return specs, False
        return [], False
    what = f"spec for the result of {name}()"
    if isinstance(returns, (tuple, list)):
        specs = [
            None if s is None else _as_spec(s, f"result[{k}]", what)
            for k, s in enumerate(returns)
        ]
        return specs, False
    return [_as_spec(returns, "the result", what)], True


def shaped(
    fn: F | None = None, /, *, returns: object = None, **specs: str | Shape
) -> Any:
    """Check a function's arguments and result against shape specs at every call.

    ``@shaped(w="n_x, 1", b="1, 1", X="n_x, m", returns="1, m")``.  Each call
    binds its names afresh, once for all its arguments, its result and every
    :func:`expect` inside it; a :func:`dims` scope around the call binds some
    in advance.  Without keywords (``@shaped``), the specs come from
    ``Annotated[..., Shape("n_x, m")]`` annotations.

    Arguments are found by position or keyword, defaults included; an argument
    whose default is None may be None (or left out).  Works on functions,
    methods, staticmethods and classmethods; ``functools.wraps`` keeps the
    name, the docstring and ``inspect.signature``.  Specs are parsed here,
    once; a call only compares sizes.

    Parameters
    ----------
    fn : callable
        The function (when used as ``@shaped`` without parentheses).
    returns : str, Shape or tuple of them, optional
        The result's spec; a tuple checks a tuple of results (None in it: do
        not check that one).
    **specs : str or Shape
        A spec for each parameter to check, by name.

    Returns
    -------
    callable
        The guarded function; with ``BCAST_GUARD=0`` at import, ``fn`` itself.

    Raises
    ------
    ShapeSyntaxError
        Here, when decorating: a bad spec, or a name that is not a parameter.

    Examples
    --------
    >>> import numpy as np
    >>> @shaped(w="n_x, 1", b="1, 1", X="n_x, m", returns="1, m")
    ... def propagate(w, b, X):
    ...     return 1 / (1 + np.exp(-(w.T @ X + b)))
    >>> propagate(np.zeros((4, 1)), np.zeros((1, 1)), np.zeros((4, 8))).shape
    (1, 8)
    >>> propagate(np.zeros((4, 1)), np.zeros((1, 1)), np.zeros((3, 5)))
    Traceback (most recent call last):
    ...
    bcast.errors.ShapeError: propagate(): X has shape (3, 5), expected (n_x, m): axis 0 (-2) is 3 but n_x = 4, bound by w with shape (4, 1)
    >>> propagate(np.zeros((4, 1)), np.zeros((1, 1)), np.zeros((8, 4)))
    Traceback (most recent call last):
    ...
    bcast.errors.ShapeError: propagate(): X has shape (8, 4), expected (n_x, m): axis 0 (-2) is 8 but n_x = 4, bound by w with shape (4, 1); its transpose (4, 8) would fit (examples are columns here): did you mean X.T?
    """
    if fn is None:

        def decorate(f: F) -> F:
            return shaped(f, returns=returns, **specs)  # type: ignore[no-any-return]

        return decorate
    if not _switch[1]:
        return fn
    if isinstance(fn, (staticmethod, classmethod)):
        return type(fn)(_guard(fn.__func__, returns, specs))
    if not callable(fn):
        raise TypeError(
            f"shaped() takes the function, and specs as keywords "
            f"(@shaped(X='n_x, m')), not {type(fn).__name__} {fn!r}"
        )
    return _guard(fn, returns, specs)
