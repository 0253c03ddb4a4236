"""Diagnostics: the codes, and the events of :mod:`bcast.lint.infer` turned into them.

Codes are stable (they are what ``# bcast: ignore[BC201]`` and ``select`` /
``ignore`` name):

======  =====================================================================
BC101   a broadcast that always raises (sizes on an axis differ, neither is 1)
BC102   a contraction (``np.dot``, ``@``, ``np.matmul``) whose inner sizes differ
BC103   an in-place update (``w -= ...``) whose result has another shape: raises
BC201   a rank-1 array meets a column or a row: the result is an outer product
BC202   every operand is stretched: an outer product nobody wrote out
BC203   a value whose shape changes in its own update (``w = w - alpha * dw``)
BC204   an operand gains leading axes (only when rank promotion is on)
BC301   a broadcast that holds only if a stated condition holds (``m is 1 or 4``)
BC302   a contraction that holds only if inner sizes are equal (``n_x is 3``)
======  =====================================================================

BC1xx are certain failures, BC2xx are legal but suspicious (the shared policy,
:mod:`bcast.explainer.policy`), BC3xx may fail unless a condition holds.

>>> sorted(CODES)[:3]
['BC101', 'BC102', 'BC103']
"""

from __future__ import annotations

import ast

from bcast.core.gufunc import broadcast_signature
from bcast.core.records import Record
from bcast.core.rule import broadcast
from bcast.core.shapes import format_shape
from bcast.errors import BcastError
from bcast.explainer import advice
from bcast.explainer.words import catalog
from bcast.lint.infer import MATMUL, Event

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from bcast.core.rule import Broadcast
    from bcast.core.shapes import Dims
    from bcast.explainer.policy import Suspicion
    from bcast.lint.infer import Interpreter
    from bcast.lint.values import Arr

__all__ = ["CODES", "Diagnostic", "diagnose"]

CODES: dict[str, str] = {
    "BC101": "conflict",
    "BC102": "contract",
    "BC103": "inplace",
    "BC201": "rank1",
    "BC202": "outer",
    "BC203": "drift",
    "BC204": "rank_promotion",
    "BC301": "condition",
    "BC302": "contract_condition",
}
"""Each code and the kind of event it reports."""

_BY_KIND = {kind: code for code, kind in CODES.items()}
SEVERITY = {"1": "error", "2": "warning", "3": "warning"}


class Diagnostic(Record):
    """One finding, as data; :meth:`message` says it in a language.

    Attributes
    ----------
    code : str
        ``BC101`` … (see :data:`CODES`).
    line, col, end_line, end_col : int
        Where the expression is, 1-based columns, in the checked text (for a
        notebook, in the cells joined; ``cell`` and ``cell_line`` then say
        where it is in the notebook).
    expr : str
        The expression as written.
    fields : tuple of (name, value)
        What the message says: the operands, their shapes, the result.
    origins : tuple of (name, shape, line, code, cell)
        Where each operand came from (``cell`` None outside a notebook; there
        ``line`` is the line in that cell).
    fix : str or None
        Code that avoids the problem, written on the operand's own expression
        where it is known.
    shapes, names : tuple
        The operands' shapes and names, for ``--explain``.
    path : str
    cell, cell_line : int or None
    """

    code: str
    line: int
    col: int
    end_line: int
    end_col: int
    expr: str
    fields: tuple[tuple[str, str], ...]
    origins: tuple[tuple[str, str, int, str, int | None], ...]
    fix: str | None
    shapes: tuple[Dims, ...]
    names: tuple[str, ...]
    path: str = "<string>"
    cell: int | None = None
    cell_line: int | None = None

    @property
    def severity(self) -> str:
        """``error`` for BC1xx, ``warning`` otherwise."""
        return SEVERITY[self.code[2]]

    def message(self, lang: str = "en") -> str:
        """The diagnostic in words: what, the shapes and where they came from, a fix."""
        fields = {}
        for name, value in self.fields:
            key, at, which = name.partition("@")
            if not at or which == lang:
                fields[key] = value
        text = catalog.say(f"lint.{self.code}", lang, expr=self.expr, **fields)
        parts = [text]
        for name, shape, line, code, cell in self.origins:
            if code and line:
                key = "lint.from" if cell is None else "lint.from_cell"
                parts.append(
                    catalog.say(
                        key,
                        lang,
                        name=name,
                        shape=shape,
                        line=line,
                        code=code,
                        cell=cell,
                    )
                )
        if self.fix:
            parts.append(catalog.say("lint.fix", lang, fix=self.fix))
        return catalog.say("lint.sep", lang).join(parts)

    def where(self) -> str:
        """``line:col``, or ``cell N, line L`` in a notebook."""
        if self.cell is not None:
            return f"cell {self.cell}, line {self.cell_line}"
        return f"{self.line}:{self.col}"

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """The diagnostic as plain data (``--format json``)."""
        return {
            "code": self.code,
            "severity": self.severity,
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "end_line": self.end_line,
            "end_col": self.end_col,
            "cell": self.cell,
            "cell_line": self.cell_line,
            "expr": self.expr,
            "message": self.message(lang),
            "fix": self.fix,
            "shapes": [list(s) for s in self.shapes],
            "names": list(self.names),
        }


def _shape(a: Arr | None) -> str:
    return format_shape(a.shape) if a is not None else "()"


def _with_keepdims(it: Interpreter, node: object) -> str | None:
    text = it.text(node)  # type: ignore[arg-type]
    if not text.endswith(")") or text.endswith("...") or "keepdims" in text:
        return None
    inner = text[:-1].rstrip().rstrip(",").rstrip()
    return inner + ", keepdims=True)"


def _ctor_with(it: Interpreter, a: Arr, shape: Dims) -> str | None:
    """``np.zeros(dim)`` rewritten to make ``shape``: ``np.zeros((dim, 1))``."""
    made = a.made
    if made is None or made.kind != "ctor":
        return None
    call = made.node
    func = it.text(call.func)
    if not func or len(call.args) != 1 or call.keywords:
        if (
            func.endswith(("randn", "rand"))
            and len(call.args) == 1
            and not call.keywords
        ):
            pass
        else:
            return None
    size = it.text(call.args[0])
    if not size or size.startswith("("):
        return None
    if func.endswith(("randn", "rand")):
        inner = f"{size}, 1" if shape[-1] == 1 else f"1, {size}"
        return f"{func}({inner})"
    inner = f"({size}, 1)" if shape[-1] == 1 else f"(1, {size})"
    return f"{func}({inner})"


def _rewrite(it: Interpreter, a: Arr | None, wanted: Dims) -> str | None:
    """Code that makes operand ``a`` with shape ``wanted``, written on its own call."""
    if a is None or a.made is None:
        return None
    made = a.made
    if made.kind == "reduce" and made.axis is not None:
        kept = list(made.operand)
        kept[made.axis] = 1
        if tuple(kept) == wanted:
            return _with_keepdims(it, made.node)
        return None
    return _ctor_with(it, a, wanted)


def _elementwise_fix(it: Interpreter, e: Event, b: Broadcast) -> str | None:
    shapes = b.shapes
    names = _codes(e.names)
    for f in advice.fixes(shapes, names):
        if f.kind == advice.KEEPDIMS:
            continue
        own = _rewrite(it, e.operands[f.operand], f.shape)
        return own or _tidy(f.code)
    for i, a in enumerate(e.operands):  # a reduction that kept no axis
        if a is not None and a.made is not None and a.made.kind == "reduce":
            kept = list(a.made.operand)
            kept[a.made.axis or 0] = 1
            trial = (*shapes[:i], tuple(kept), *shapes[i + 1 :])
            if broadcast(*trial).ok:
                return _with_keepdims(it, a.made.node)
    return None


def _matmul(shapes: tuple[Dims, ...]) -> Dims | None:
    try:
        g = broadcast_signature(MATMUL, *shapes)
    except BcastError:
        return None
    if g.outputs is None or g.conditions:
        return None
    return g.outputs[0]


def _contract_fix(e: Event, shapes: tuple[Dims, ...]) -> str | None:
    found = advice.fixes(shapes, _codes(e.names), check=_matmul, core=True)
    return _tidy(found[0].code) if found else None


def _rank1_fix(
    it: Interpreter, e: Event, b: Broadcast, operands: tuple[int, ...]
) -> str | None:
    i = operands[0]
    for c in advice.cautions(b, _codes(e.names)):
        if c.kind in (advice.RANK1_COLUMN, advice.RANK1_ROW) and c.fix is not None:
            if c.operands[0] != i:
                continue
            own = _rewrite(it, e.operands[i], c.fix.shape)
            return own or _tidy(c.fix.code)
    return None


def _outer_fix(e: Event, b: Broadcast) -> str | None:
    """Transpose one operand so that the result is the other's shape."""
    shapes = b.shapes
    for i in (1, 0):
        s = shapes[i]
        if len(s) != 2:
            continue
        trial = list(shapes)
        trial[i] = s[::-1]
        other = shapes[1 - i]
        if broadcast(*trial).shape == other:
            return _tidy(f"{_codes(e.names)[i]}.T")
    return None


_ATOMS = (ast.Name, ast.Attribute, ast.Subscript, ast.Call, ast.Constant)


def _codes(names: Sequence[str]) -> list[str]:
    """Each operand's code as a fix may extend it: ``A - Y`` becomes ``(A - Y)``."""
    out = []
    for name in names:
        try:
            atom = isinstance(ast.parse(name, mode="eval").body, _ATOMS)
        except (SyntaxError, ValueError, RecursionError):
            atom = False
        out.append(name if atom else f"({name})")
    return out


def _tidy(code: str) -> str:
    """``x.T.T`` is ``x``."""
    return code[:-4] if code.endswith(".T.T") else code


def _origins(e: Event) -> tuple[tuple[str, str, int, str, int | None], ...]:
    out = []
    for name, a in zip(e.names, e.operands):
        if a is not None and a.origin is not None:
            code, line = a.origin
            if code and code != name:
                out.append((name, format_shape(a.shape), line, code, None))
    return tuple(out)


def _fields(e: Event) -> dict[str, str]:
    f: dict[str, str] = {}
    for k, (name, a) in enumerate(zip(e.names, e.operands)):
        f["ab"[k] if k < 2 else f"x{k}"] = name
        f["sa" if k == 0 else "sb" if k == 1 else f"s{k}"] = _shape(a)
    f["result"] = format_shape(e.result) if e.result is not None else ""
    return f


def diagnose(events: Sequence[Event], it: Interpreter) -> list[Diagnostic]:
    """Each event as a :class:`Diagnostic`, in the order of the code."""
    out: list[Diagnostic] = []
    for e in events:
        code = _BY_KIND.get(e.kind)
        if code is None:
            continue
        fields = _fields(e)
        fix: str | None = None
        shapes: tuple[Dims, ...] = tuple(
            a.shape if a is not None else () for a in e.operands
        )
        if e.kind == "conflict":
            b: Broadcast = e.detail  # type: ignore[assignment]
            step = b.conflict
            assert step is not None
            fields["axis"] = str(step.axis)
            for lang in catalog.LANGS:
                fields[f"has@{lang}"] = catalog.has(step, list(e.names), lang)
            fix = _elementwise_fix(it, e, b)
            shapes = b.shapes
            fields = {k: v for k, v in fields.items() if k != "result"}
        elif e.kind in ("contract", "contract_condition"):
            g = e.detail
            shapes = g.shapes  # type: ignore[attr-defined]
            a, bb = shapes
            fields["ka"] = str(a[-1]) if a else "?"
            fields["kb"] = str(bb[-2] if len(bb) >= 2 else bb[-1]) if bb else "?"
            if e.kind == "contract":
                fix = _contract_fix(e, shapes)
                fields.pop("result", None)
        elif e.kind == "condition":
            b = e.detail  # type: ignore[assignment]
            for lang in catalog.LANGS:
                fields[f"cond@{lang}"] = catalog.join(
                    [catalog.condition(c, list(e.names), lang) for c in b.conditions],
                    lang,
                )
            shapes = b.shapes
        elif e.kind in ("rank1", "outer", "rank_promotion"):
            pair: tuple[Broadcast, Suspicion] = e.detail  # type: ignore[assignment]
            b, s = pair
            shapes = b.shapes
            if e.kind == "rank1":
                fix = _rank1_fix(it, e, b, s.operands)
                i, j = s.operands
                fields.update(
                    a=e.names[i],
                    sa=format_shape(b.shapes[i]),
                    b=e.names[j],
                    sb=format_shape(b.shapes[j]),
                )
            elif e.kind == "outer":
                fix = _outer_fix(e, b)
            else:
                i = s.operands[0]
                fields.update(a=e.names[i], sa=format_shape(b.shapes[i]))
        elif e.kind in ("drift", "inplace"):
            before: Dims = e.detail  # type: ignore[assignment]
            fields["before"] = format_shape(before)
        node = e.node
        line = getattr(node, "lineno", 1)
        out.append(
            Diagnostic(
                code=code,
                line=line,
                col=getattr(node, "col_offset", 0) + 1,
                end_line=getattr(node, "end_lineno", None) or line,
                end_col=(getattr(node, "end_col_offset", None) or 0) + 1,
                expr=it.text(node),
                fields=tuple(fields.items()),
                origins=_origins(e),
                fix=fix,
                shapes=tuple(shapes),
                names=tuple(e.names),
            )
        )
    out.sort(key=lambda d: (d.line, d.col, d.code))
    return out
