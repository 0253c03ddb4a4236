"""Why a value does not fit: the slow path, hints, and the words of ShapeError.

Generated code only says *that* something failed.  Then, and only then, the
checks are replayed here one item at a time, recording where every name got
its size, to find the first value that does not fit and say why: the axis,
the sizes, the binder, the value an expression evaluated to, and a likely
fix (a rank-1 array where a row was meant, a transpose).  A property test
holds the replay to the generated code.

The message is worded from ``bcast.explainer.words.guard`` in the language of
``BCAST_LANG`` (or the one asked for), when it is shown: :func:`words` is
installed on :class:`bcast.errors.ShapeError` when the guard is imported.
"""

from __future__ import annotations

from bcast.core.shapes import format_shape
from bcast.errors import ShapeError
from bcast.explainer.words.catalog import axes, resolve, say
from bcast.guard.codegen import (
    _BNAME,
    _BSIZE,
    _EXPR,
    _SIZE,
    compile_check,
    ops,
    same_dims,
    shape_of,
    split,
)
from bcast.guard.dtypes import PYTHON_NUMBERS, dtype_name
from bcast.guard.spec import Each, Fixed, Keys, Spec

TYPE_CHECKING = False  # typing stays out of start-up (see bcast.core.rule)
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any, TypeAlias

    from bcast.core.shapes import Dim, Dims
    from bcast.guard.spec import Node

    Bindings: TypeAlias = "dict[str, Dim | Dims]"
    Origin: TypeAlias = "tuple[str, Any, int | None]"
    Origins: TypeAlias = "dict[str, Origin]"
    Phrase: TypeAlias = "tuple[str, dict[str, Any]]"

__all__ = ["EXPECT", "RESULT", "Replay", "describe", "elements", "words"]

RESULT = "the result"
EXPECT = "the array given to expect()"
_LABELS = {RESULT: "guard.the_result", EXPECT: "guard.expect_array"}


def _fmt(value: object) -> str:
    return format_shape(value) if isinstance(value, tuple) else str(value)


# -- wording --------------------------------------------------------------------------


def _label(text: str, lang: str) -> str:
    key = _LABELS.get(text)
    return text if key is None else say(key, lang)


def _phrase(value: object, lang: str) -> str:
    """Text, or a phrase ``(key, fields)`` whose fields may be phrases too."""
    if isinstance(value, str):
        return value
    key: str
    fields: dict[str, Any]
    key, fields = value  # type: ignore[misc]
    if key == "guard.axes":
        return axes(fields["n"], lang)
    if key == "guard.by_names":  # an expression's names: (name, value, origin)
        return say("guard.names_sep", lang).join(
            say(
                "guard.name_bound",
                lang,
                name=n,
                value=_fmt(s),
                bound_by=_phrase(o, lang),
            )
            for n, s, o in fields["names"]
        )
    done = {}
    for name, v in fields.items():
        if isinstance(v, tuple) and len(v) == 2 and isinstance(v[1], dict):
            v = _phrase(v, lang)
        elif name == "label":
            v = _label(v, lang)
        done[name] = v
    return say(key, lang, **done)


def _where(e: ShapeError, lang: str) -> str:
    axis = e.axis
    assert axis is not None
    assert e.shape is not None
    ndim = len(e.shape)
    if type(e.actual) is tuple:
        stop = axis + len(e.actual) - 1
        if stop > axis:
            return say(
                "guard.where_axes",
                lang,
                first=axis,
                last=stop,
                nfirst=axis - ndim,
                nlast=stop - ndim,
            )
    return say("guard.where_axis", lang, axis=axis, neg=axis - ndim)


def _found(e: ShapeError, lang: str) -> str:
    value = e.actual
    many = type(value) is tuple and len(value) != 1
    key = "guard.found_many" if many else "guard.found_one"
    return say(key, lang, where=_where(e, lang), value=_size(value))


def _size(value: object) -> str:
    if isinstance(value, tuple):
        return format_shape(value)
    return "?" if value is None else str(value)


def _message(e: ShapeError, lang: str) -> str:
    head = say("guard.head", lang, function=e.function) if e.function else ""
    argument = _label(e.argument, lang)
    bound_by = e._word("bound_by", lang)
    reason = e._word("reason", lang)
    hint = e._word("hint", lang)
    if e.shape is None and e.spec is None:
        # dims(), expect(name=size) or an int argument against a size bound before
        wanted = _size(e.expected)
        return say(
            "guard.conflict",
            lang,
            head=head,
            argument=argument,
            symbol=e.symbol,
            actual=_size(e.actual),
            wanted=wanted,
            bound_by=bound_by,
        )
    spec = e.spec if e.dtype_spec is None else f"{e.dtype_spec}: {e.spec}"
    if e.shape is None:
        text = say(
            "guard.not_array",
            lang,
            head=head,
            argument=argument,
            what=reason,
            spec=spec,
        )
    elif e.dtype_spec is not None and e.axis is None and reason is None:
        found = e.dtype if e.dtype is not None else "-"
        text = say(
            "guard.has_dtype",
            lang,
            head=head,
            argument=argument,
            found=found,
            wanted=e.dtype_spec,
            spec=spec,
        )
    else:
        if e.axis is None:
            detail = str(reason)
        elif bound_by is None:
            wanted = _size(e.expected)
            if e.broadcastable:
                wanted = say("guard.or_one", lang, value=wanted)
            detail = say(
                "guard.detail_fixed", lang, found=_found(e, lang), wanted=wanted
            )
        else:
            key = "guard.detail_bound"
            if e.broadcastable:
                key = "guard.detail_hash"
            elif e.symbol is not None and not e.symbol.lstrip("*").isidentifier():
                key = "guard.detail_expr"  # an expression: its names bound where
            found = _found(e, lang)
            value = _size(e.expected)
            detail = say(
                key, lang, found=found, symbol=e.symbol, value=value, bound_by=bound_by
            )
        text = say(
            "guard.has_shape",
            lang,
            head=head,
            argument=argument,
            shape=format_shape(e.shape),
            spec=spec,
            detail=detail,
        )
    if hint:
        text += say("guard.hint", lang, hint=hint)
    return text


def _wide(c: str) -> bool:
    return c >= "\u2e80"  # CJK characters and full-width punctuation


def _tidy(text: str) -> str:
    """Chinese: no space between two CJK characters, none next to 。，（）."""
    out = []
    for k, c in enumerate(text):
        if c == " " and 0 < k < len(text) - 1:
            before, after = text[k - 1], text[k + 1]
            if (
                (_wide(before) and _wide(after))
                or before in "，：；（）"
                or after in "，：；（）"
            ):
                continue
        out.append(c)
    return "".join(out)


def words(value: object, lang: str | None) -> str:
    """A ShapeError's message, or one of its phrases, in ``lang``."""
    chosen = resolve(lang)
    text = (
        _message(value, chosen)
        if isinstance(value, ShapeError)
        else _phrase(value, chosen)
    )
    return _tidy(text) if chosen == "zh" else text


ShapeError.words = words


# -- where a name got its size ------------------------------------------------------------


def _bound_by(
    symbol: str,
    value: object,
    o: Origins,
    label: str | None = None,
    shape: Dims | None = None,
) -> object:
    """Where ``symbol`` got its size: text (code) or a phrase."""
    origin = o.get(symbol)
    if origin is None:
        return f"dims({symbol}={_fmt(value)})"
    where, found, axis = origin
    if found == "int":
        return ("guard.by_argument", {"name": where, "value": _fmt(value)})
    if found is None:
        return f"{where}({symbol}={_fmt(value)})"
    if label is not None and where == label and found is shape and axis is not None:
        return ("guard.by_axis", {"axis": axis % len(shape), "label": label})
    return ("guard.by_shape", {"label": where, "shape": format_shape(found)})


def _how(label: str, suffix: str) -> object:
    """``X.T`` for an argument, ``its .T`` for the result or expect()'s array."""
    if label.isidentifier():
        return label + suffix
    return ("guard.its", {"suffix": suffix})


def _layout(items: tuple[Any, ...]) -> object:
    last = items[-1] if items else None
    if last is not None and last.kind == "name" and last.value == "m":
        return ("guard.layout_columns", {})
    if any(d.kind == "name" and d.value == "m" for d in items[-2:]):
        return ("guard.layout_rows", {})
    return ""


# -- the slow walk -------------------------------------------------------------------------


def walk(
    spec: Spec, shape: Dims, b: Bindings, o: Origins, label: str, phase: str = "all"
) -> dict[str, Any] | None:
    """Check ``shape`` the slow way, recording where each name was bound.

    Returns None if it fits (``b`` and ``o`` then hold its bindings), else
    the fields of the :class:`ShapeError` for the first axis that does not.
    Agrees with the generated checker on every shape (a property test holds
    them to it).
    """
    head, var, tail = split(spec.items)
    n = len(head) + len(tail)
    ndim = len(shape)
    if phase != "expr" and ndim != n and (var is None or ndim < n):
        key = "guard.reason_rank_least" if var is not None else "guard.reason_rank"
        return {"reason": (key, {"axes": ("guard.axes", {"n": ndim}), "n": n})}
    placed = ops(spec.items)
    if phase == "plain":
        placed = tuple(op for op in placed if op[1] != _EXPR)
    elif phase == "expr":
        placed = tuple(op for op in placed if op[1] == _EXPR)
    for i, kind, v in placed:
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
        if kind == _EXPR:
            missing = [name for name in v.names if type(b.get(name)) is not int]
            if missing:
                return {
                    "reason": (
                        "guard.reason_unbound",
                        {"expr": v.text, "name": missing[0]},
                    )
                }
            value = v.evaluate(b)
            if d != value:
                names = [
                    (name, b[name], _bound_by(name, b[name], o, label, shape))
                    for name in v.names
                ]
                return {
                    "axis": axis,
                    "actual": d,
                    "symbol": v.text,
                    "expected": value,
                    "bound_by": ("guard.by_names", {"names": names}),
                }
            continue
        have = b.get(v)
        if have is None:
            b[v] = d
            o[v] = (label, shape, axis)
        elif have != d:
            return {
                "axis": axis,
                "actual": d,
                "symbol": v,
                "expected": have,
                "broadcastable": kind == _BNAME,
                "bound_by": _bound_by(v, have, o, label, shape),
            }
    if phase == "expr" or var is None or var.value is None:
        return None
    name = str(var.value)
    segment = tuple(shape[len(head) : ndim - len(tail)])
    have = b.get(name)
    if have is None:
        b[name] = segment
        o[name] = (label, shape, None)
    elif have != segment and not same_dims(have, segment):
        return {
            "axis": len(head),
            "actual": segment,
            "symbol": f"*{name}",
            "expected": have,
            "bound_by": _bound_by(name, have, o, label, shape),
        }
    return None


def _fits(spec: Spec, shape: Dims, b: Bindings) -> bool:
    return compile_check(spec)(shape, dict(b))


def _rank_hint(spec: Spec, label: str, shape: Dims, b: Bindings) -> object:
    """The course's usual suspect: a rank-1 ``(m,)`` where ``(1, m)`` was meant."""
    head, var, tail = split(spec.items)
    n = len(head) + len(tail)
    if var is None and len(shape) == n - 1:
        for p, d in enumerate(spec.items):
            one = (d.kind == "size" and d.value == 1) or d.broadcastable
            candidate = (*shape[:p], 1, *shape[p:])
            if not one or not _fits(spec, candidate, b):
                continue
            if len(shape) == 1:
                how = _how(label, ".reshape(1, -1)" if p == 0 else ".reshape(-1, 1)")
                fields = {
                    "shape": format_shape(shape),
                    "candidate": format_shape(candidate),
                }
                return ("guard.hint_rank1", {**fields, "how": how})
            how = f"np.expand_dims({label if label.isidentifier() else 'it'}, {p})"
            return (
                "guard.hint_expand",
                {"candidate": format_shape(candidate), "how": how},
            )
    if var is None and len(shape) == n + 1:
        for p, size in enumerate(shape):
            candidate = (*shape[:p], *shape[p + 1 :])
            if size != 1 or not _fits(spec, candidate, b):
                continue
            how = _how(label, ".reshape(-1)" if n == 1 else f".squeeze({p})")
            return (
                "guard.hint_squeeze",
                {"axis": p, "candidate": format_shape(candidate), "how": how},
            )
    return None


def _layout_hint(spec: Spec, label: str, shape: Dims, b: Bindings) -> object:
    """Examples in columns vs rows: the transpose would fit."""
    if len(shape) < 2 or shape[-1] == shape[-2]:
        return None
    swapped = (*shape[:-2], shape[-1], shape[-2])
    if not _fits(spec, swapped, b):
        return None
    how = _how(label, ".T" if len(shape) == 2 else ".swapaxes(-1, -2)")
    fields = {
        "swapped": format_shape(swapped),
        "layout": _layout(spec.items),
        "how": how,
    }
    return ("guard.hint_transpose", fields)


# -- replaying a call's checks ---------------------------------------------------------------


def _what(x: object) -> object:
    if x is None:
        return "None"
    return ("guard.what_type", {"type": type(x).__name__})


def describe(node: Node | None) -> str:
    """A container spec as written: ``[(n, m), ...]``, ``((n,), (m,))``."""
    if node is None:
        return "..."
    if isinstance(node, Spec):
        return node.text
    if isinstance(node, Each):
        inner = describe(node.item)
        return f"{{...: {inner}}}" if node.kind == "values" else f"[{inner}, ...]"
    if isinstance(node, Fixed):
        return "(" + ", ".join(describe(s) for s in node.items) + ")"
    return "{" + ", ".join(f"{k!r}: {describe(v)}" for k, v in node.items.items()) + "}"


def elements(node: Node, x: object, label: str) -> Iterator[tuple[str, Any, object]]:
    """(label, Spec, value) for every array in ``x``, in the generated code's
    order; (label, None, reason) where ``x`` is not the container ``node`` says."""
    if isinstance(node, Spec):
        yield label, node, x
        return
    if isinstance(node, Each):
        if node.kind in ("values", "kwargs"):
            if not isinstance(x, dict):
                yield (
                    label,
                    None,
                    (
                        "guard.reason_container",
                        {"type": type(x).__name__, "want": "dict"},
                    ),
                )
                return
            for key, v in x.items():
                yield from elements(node.item, v, f"{label}[{key!r}]")
            return
        if type(x) is not list and type(x) is not tuple:
            yield (
                label,
                None,
                ("guard.reason_container", {"type": type(x).__name__, "want": "list"}),
            )
            return
        for k, v in enumerate(x):
            yield from elements(node.item, v, f"{label}[{k}]")
        return
    if isinstance(node, Fixed):
        want = len(node.items)
        if type(x) is not tuple:
            yield (
                label,
                None,
                ("guard.reason_not_tuple", {"type": type(x).__name__, "n": want}),
            )
            return
        if len(x) != want:
            yield label, None, ("guard.reason_tuple", {"have": len(x), "n": want})
            return
        for k, (child, v) in enumerate(zip(node.items, x)):
            if child is not None:
                yield from elements(child, v, _item_label(label, k))
        return
    assert isinstance(node, Keys)
    if not isinstance(x, dict):
        yield (
            label,
            None,
            ("guard.reason_container", {"type": type(x).__name__, "want": "dict"}),
        )
        return
    for key, child in node.items.items():
        if key not in x:
            yield label, None, ("guard.reason_key", {"key": repr(key)})
            return
        yield from elements(child, x[key], f"{label}[{key!r}]")


def _item_label(label: str, k: int) -> str:
    return f"result[{k}]" if label == RESULT else f"{label}[{k}]"


class Replay:
    """The checks of one call, replayed slowly to find the first that fails.

    ``history`` keeps (label, spec, shape) of what fitted, for the hint that
    blames an earlier, transposed argument.
    """

    def __init__(self, function: str | None, scope: Bindings | None) -> None:
        self.function = function
        self.scope = scope
        self.b: Bindings = {} if scope is None else dict(scope)
        self.o: Origins = {}
        self.history: list[tuple[str, Spec, Dims]] = []
        self.sizes_given: list[dict[str, Any]] = []

    def sizes(
        self, given: dict[str, Any], label: str, found: Any = None
    ) -> ShapeError | None:
        """Sizes bound by name (expect(n=3), an int argument): a conflict?"""
        for name, value in given.items():
            have = self.b.get(name)
            if have is None:
                self.b[name] = value
                self.o[name] = (label, found, None)
            elif have != value:
                where = f"expect({name}={_fmt(value)})" if found is None else name
                return ShapeError(
                    self.function,
                    where,
                    None,
                    None,
                    actual=value,
                    symbol=name,
                    expected=have,
                    bound_by=_bound_by(name, have, self.o),
                )
        self.sizes_given.append(given)
        return None

    def node(
        self, node: Node, x: object, label: str, phase: str = "all"
    ) -> ShapeError | None:
        """Replay one argument (or result): every array in it."""
        for where, spec, value in elements(node, x, label):
            if spec is None:
                return ShapeError(
                    self.function, where, None, describe(node), reason=value
                )
            failed = self.site(spec, value, where, phase)
            if failed is not None:
                return failed
        return None

    def site(
        self, spec: Spec, x: object, label: str, phase: str = "all"
    ) -> ShapeError | None:
        """Replay one array: the error if it does not fit, else None."""
        shape = shape_of(x)
        dtype_spec = None if spec.dtype is None else spec.dtype.text
        if shape is None:
            return ShapeError(
                self.function,
                label,
                None,
                spec.shape_text,
                reason=_what(x),
                dtype_spec=dtype_spec,
            )
        b, o = dict(self.b), dict(self.o)
        failure = walk(spec, shape, b, o, label, phase)
        if failure is None:
            if (
                phase != "expr"
                and spec.dtype is not None
                and not self._dtype_fits(spec, x)
            ):
                found = getattr(x, "dtype", None)
                name = dtype_name(found) if found is not None else type(x).__name__
                return ShapeError(
                    self.function,
                    label,
                    tuple(shape),
                    spec.shape_text,
                    dtype=name,
                    dtype_spec=dtype_spec,
                )
            self.b, self.o = b, o
            if phase != "expr":
                self.history.append((label, spec, tuple(shape)))
            return None
        shown = tuple(None if d != d else d for d in shape)  # Dask's NaN: '?'
        hint = None
        reason = failure.get("reason")
        if shown == tuple(shape) and not (
            reason and reason[0] == "guard.reason_unbound"
        ):
            finder = _layout_hint if "axis" in failure else _rank_hint
            hint = finder(spec, label, shape, self.b) or self._earlier(
                spec, label, shape
            )
        return ShapeError(
            self.function,
            label,
            shown,
            spec.shape_text,
            hint=hint,
            dtype_spec=dtype_spec,
            **failure,
        )

    @staticmethod
    def _dtype_fits(spec: Spec, x: object) -> bool:
        assert spec.dtype is not None
        if type(x) in PYTHON_NUMBERS:
            return type(x) in spec.dtype.python_types()
        return spec.dtype.accepts(getattr(x, "dtype", None))

    def _earlier(self, spec: Spec, label: str, shape: Dims) -> object:
        """An earlier argument was the transposed one.

        ``fit(X, Y)`` with scikit-learn's ``(m, n_x)`` X: X binds ``m`` to
        n_x, and it is Y that fails.  If swapping the last two axes of an
        earlier argument keeps every earlier check passing and makes this one
        fit (or fit after the usual rank-1 fix), say so.
        """
        for i, (earlier, espec, value) in enumerate(self.history):
            if len(value) < 2 or value[-1] == value[-2]:
                continue
            swapped = (*value[:-2], value[-1], value[-2])
            b: Bindings = {} if self.scope is None else dict(self.scope)
            for given in self.sizes_given:
                b.update({k: v for k, v in given.items() if k not in b})
            ok = True
            for j, (lab, checked, v) in enumerate(self.history):
                shape_j = swapped if j == i else v
                if walk(checked, shape_j, b, {}, lab) is not None:
                    ok = False
                    break
            if not ok:
                continue
            how = _how(earlier, ".T" if len(value) == 2 else ".swapaxes(-1, -2)")
            fields = {
                "label": earlier,
                "swapped": format_shape(swapped),
                "layout": _layout(espec.items),
                "how": how,
            }
            if _fits(spec, shape, b):
                return ("guard.hint_earlier", fields)
            also = _rank_hint(spec, label, shape, b) or _layout_hint(
                spec, label, shape, b
            )
            if also is not None:
                return ("guard.hint_earlier_then", {**fields, "also": also})
        return None
