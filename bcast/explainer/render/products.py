"""Pictures of matrix products: the summed axes lined up, in text and in colour.

:func:`layout` turns a :class:`~bcast.explainer.products.ProductExplanation`
into lines of ``(text, role)`` segments — the role says what a piece of text
is (``"conflict"``, ``"good"``, ``"code"`` …), never how it looks.
:func:`to_text` joins them into plain text (no rich is imported);
:func:`renderable` gives each role a rich style and draws the same lines in
colour.  One layout, two looks.

The picture leads with the product itself, the summed sizes marked under it::

    np.dot(a, b):  a (11, 3) · b (11, 1)
                          ^        ^^
                          3   ≠    11

then a table with one column per axis role — loop axes, batch axes, the
first operand's kept axes, the summed axes, the second operand's kept axes,
in the order the result is built — the verdict, and the checked fixes.
Every mark reads in plain text: ``^`` under a summed size, ``✗`` on sizes
that must be equal and are not, ``1→n`` a loop axis stretched, ``(1)`` a
padded loop axis.  The sentences come from
:mod:`bcast.explainer.words.products`; measuring, wrapping, the table's box
and the legend are the plain layout's own (:mod:`bcast.explainer.render.text`),
colour and HTML the terminal's (:mod:`bcast.explainer.render.terminal`), so
that a product and a broadcast look alike.
"""

from __future__ import annotations

from functools import partial

from bcast.core.shapes import format_shape
from bcast.explainer.render.text import (
    _folded,
    _items,
    _legend,
    _paragraph,
    cell_width,
    lines_text,
    wrap,
)
from bcast.explainer.words import products as words
from bcast.explainer.words.catalog import resolve, say, size

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from bcast.explainer.products import ProductExplanation
    from bcast.explainer.render.text import Line, Segment

__all__ = ["layout", "renderable", "to_html", "to_text"]

BRIEF_LINES = 8
"""The compact picture (where errors happen) stays within this many lines."""


# -- the formula --------------------------------------------------------------------


def _summed_positions(e: ProductExplanation) -> dict[tuple[int, int], str]:
    """``(operand, axis) -> role`` of every summed axis: conflict or good."""
    c = e.contraction
    out: dict[tuple[int, int], str] = {}
    for m in c.matches:
        if m.kind != "contracted" or e.op == "vdot":
            continue
        role = "conflict" if m.verdict == "conflict" else "good"
        for i, a in zip(m.operands, m.axes):
            out[i, a] = role
    f = c.failure
    if f is not None and f.kind == "contracted":
        for i, a in zip(f.operands, f.axes):
            out[i, a] = "conflict"
    return out


def _formula(e: ProductExplanation) -> list[Line]:
    """``a (11, 3) · b (11, 1)`` with ``^`` under the summed sizes, and the
    sizes compared under the marks when one pair is summed."""
    marks = _summed_positions(e)
    sep = " @ " if e.op in ("matmul",) else " · "
    if e.op == "einsum" or len(e.shapes) != 2:
        sep = ", "
    line: Line = [("  ", "")]
    under: list[tuple[int, int, str]] = []  # (column, width, role)
    column = 2
    for i, s in enumerate(e.shapes):
        if i:
            line.append((sep, "bold"))
            column += len(sep)
        head = f"{e.names[i]} ("
        line.append((head, ""))
        column += cell_width(head)
        for k, d in enumerate(s):
            if k:
                line.append((", ", ""))
                column += 2
            text = size(d)
            role = marks.get((i, k), "symbolic" if type(d) is not int else "")
            line.append((text, role))
            if (i, k) in marks:
                under.append((column, len(text), marks[i, k]))
            column += len(text)
        tail = ",)" if len(s) == 1 else ")"
        line.append((tail, ""))
        column += len(tail)
    out = [line]
    if under:
        caret: Line = []
        at = 0
        for col, w, role in under:
            caret.append((" " * (col - at), ""))
            caret.append(("^" * w, role))
            at = col + w
        out.append(caret)
        pairs = [m for m in e.contraction.matches if m.kind == "contracted"]
        if len(under) == 2 and len(pairs) == 1 and len(pairs[0].sizes) == 2:
            (c0, _, role), (c1, _, _) = under
            x, y = (size(d) for d in pairs[0].sizes)
            sign = "≠" if role == "conflict" else "="
            gap = max(c1 - (c0 + len(x)), 3)
            middle = (gap - 1) // 2
            compare: Line = [
                (" " * c0, ""),
                (x, role),
                (" " * middle, ""),
                (sign, role),
                (" " * (gap - middle - 1), ""),
                (y, role),
            ]
            out.append(compare)
    return out


# -- the table ----------------------------------------------------------------------


def _einsum_axes(e: ProductExplanation) -> list[dict[str, list[int]]]:
    """For each operand, ``label -> axes`` read from the written subscripts;
    ``"..."`` maps to the axes the ellipsis covers."""
    text = e.contraction.subscripts or ""
    terms = text.split("->")[0].split(",")
    out: list[dict[str, list[int]]] = []
    for term, s in zip(terms, e.shapes):
        letters = term.replace("...", "")
        width = len(s) - len(letters)
        found: dict[str, list[int]] = {}
        pos = 0
        k = 0
        while k < len(term):
            if term.startswith("...", k):
                found["..."] = list(range(pos, pos + width))
                pos += width
                k += 3
                continue
            found.setdefault(term[k], []).append(pos)
            pos += 1
            k += 1
        out.append(found)
    return out


class _Column:
    """One column of the table: a header, each operand's axis, a result cell."""

    def __init__(
        self, role: str, label: str, axes: dict[int, int], result: Segment
    ) -> None:
        self.role = role
        self.label = label
        self.axes = axes
        self.result = result
        self.loop_step: Any = None


def _loop_columns(
    e: ProductExplanation, places: Sequence[Sequence[int]]
) -> list[_Column]:
    """Loop axes, left to right; ``places[i]`` are operand i's loop axes."""
    loop = e.contraction.loop
    if loop is None:
        return []
    out = []
    for step in reversed(loop.steps):
        axes = {}
        for i, shape in enumerate(loop.shapes):
            k = step.position - (loop.ndim - len(shape))
            if k >= 0:
                axes[i] = places[i][k]
        if step.verdict == "conflict":
            result: Segment = ("✗", "conflict")
        else:
            result = (size(step.size), "bold")
        col = _Column("loop", "", axes, result)
        col.loop_step = step
        out.append(col)
    return out


def _columns(e: ProductExplanation, lang: str) -> list[_Column]:
    c = e.contraction
    summed_word = say("products.col_summed", lang)
    if e.op == "einsum":
        maps = _einsum_axes(e)
        written = c.subscripts or ""
        output = written.partition("->")[2]
        cols: list[_Column] = []
        if "..." in output:
            places = [m.get("...", []) for m in maps]
            cols += _loop_columns(e, places)
        out_labels = list(output.replace("...", ""))
        summed = sorted(
            {x for m in maps for x in m if x != "..." and x not in out_labels}
        )
        by_label = {m.label: m for m in c.matches}
        for x in out_labels + summed:
            axes = {i: m[x][0] for i, m in enumerate(maps) if x in m}
            match = by_label.get(x)
            if match is not None and match.verdict == "conflict":
                result: Segment = ("✗", "conflict")
            elif x in summed:
                result = (summed_word, "note")
            else:
                i, k = next(iter(axes.items()))
                result = (size(match.size if match else e.shapes[i][k]), "bold")
            role = "summed" if x in summed else ("batch" if len(axes) > 1 else "kept")
            cols.append(_Column(role, x, axes, result))
        return cols
    cols = []
    loop_axes = (
        [[], []] if c.loop is None else [list(range(len(s))) for s in c.loop.shapes]
    )
    if e.op == "matmul":
        cols += _loop_columns(e, loop_axes)
    for m in c.matches:
        if m.kind == "batch":
            result = (
                ("✗", "conflict") if m.verdict == "conflict" else (size(m.size), "bold")
            )
            cols.append(
                _Column("batch", m.label, dict(zip(m.operands, m.axes)), result)
            )
    taken = [set(c.contracted[i]) | set(c.batch[i]) for i in range(len(e.shapes))]
    if e.op == "matmul":
        taken = [t | set(loop_axes[i]) for i, t in enumerate(taken)]

    def kept(i: int) -> list[_Column]:
        return [
            _Column("kept", "", {i: k}, (size(d), "bold"))
            for k, d in enumerate(e.shapes[i])
            if k not in taken[i]
        ]

    cols += kept(0)
    for m in c.matches:
        if m.kind == "contracted":
            result = (
                ("✗", "conflict") if m.verdict == "conflict" else (summed_word, "note")
            )
            cols.append(
                _Column("summed", m.label, dict(zip(m.operands, m.axes)), result)
            )
    if len(e.shapes) > 1:
        cols += kept(1)
    return cols


def _cell(
    e: ProductExplanation, col: _Column, i: int, bad: set[tuple[int, int]]
) -> Segment:
    step = col.loop_step
    if i not in col.axes:
        if step is not None and i < len(step.sizes):
            if i in step.stretched:
                return (f"(1)→{size(step.size)}", "padded")
            return ("(1)", "padded")
        return ("", "")
    k = col.axes[i]
    d = e.shapes[i][k]
    number = words.shown_axis(e, i, k)
    where = "" if number is None else f"axis={number}: "
    text = where + size(d)
    if (i, k) in bad:
        return (text + " ✗", "conflict")
    if step is not None and i in step.stretched:
        return (f"{where}1→{size(step.size)}", "stretched")
    if type(d) is not int:
        return (text, "symbolic")
    return (text, "")


def _bad_axes(e: ProductExplanation) -> set[tuple[int, int]]:
    c = e.contraction
    bad = {(i, a) for m in c.conflicts for i, a in zip(m.operands, m.axes)}
    f = c.failure
    if f is not None and f.kind in ("contracted", "batch", "loop"):
        bad |= set(zip(f.operands, f.axes))
    if c.loop is not None and e.op == "matmul":
        for step in c.loop.conflicts:
            for i in step.conflicting:
                k = step.position - (c.loop.ndim - len(c.loop.shapes[i]))
                bad.add((i, k))
    return bad


def _table(e: ProductExplanation, lang: str, width: int) -> list[Line]:
    cols = _columns(e, lang)
    if not cols or e.op == "vdot":
        return []
    bad = _bad_axes(e)
    words_for = {
        "loop": say("products.col_loop", lang),
        "batch": say("products.col_batch", lang),
        "kept": say("products.col_kept", lang),
        "summed": say("products.col_summed", lang),
    }
    stub = [f"{n} {format_shape(s)}" for n, s in zip(e.names, e.shapes)]
    headers = [f"{words_for[col.role]}\n{col.label}" for col in cols]
    rows: list[tuple[Segment, Sequence[Segment]]] = [
        ((stub[i], ""), [_cell(e, col, i, bad) for col in cols])
        for i in range(len(e.shapes))
    ]
    rows.append(
        ((say("products.row_result", lang), "bold"), [col.result for col in cols])
    )
    return _folded("", headers, rows, len(e.shapes), width)


def _legend_keys(table: Sequence[Line]) -> list[str]:
    """The legend's items for the marks the table shows, and only those."""
    roles = {role for line in table for _, role in line}
    text = lines_text(table)
    keys = ["products.legend_axis"] if "axis=" in text else []
    if "conflict" in roles:
        keys.append("products.legend_conflict")
    if "stretched" in roles or "→" in text:
        keys.append("products.legend_stretched")
    if "(1)" in text:
        keys.append("products.legend_padded")
    return keys


# -- the whole picture -----------------------------------------------------------


def _fix_items(
    e: ProductExplanation, lang: str, width: int, fixes: Sequence[Any], numbered: bool
) -> list[Line]:
    def body(f: Any) -> list[Segment]:
        return [(f.code, "code"), ("  " + words.fix(e, f, lang), "")]

    if numbered:
        return _items([(f"{k}.", body(f)) for k, f in enumerate(fixes, 1)], width)
    best = say("products.fix_best", lang)
    return [line for f in fixes for line in wrap([(best, "title"), *body(f)], width)]


def layout(
    e: ProductExplanation,
    width: int = 80,
    lang: str | None = None,
    *,
    brief: bool = False,
) -> list[Line]:
    """The picture of ``e`` as lines of ``(text, role)`` segments.

    ``brief`` gives the compact picture for tracebacks and notes: the
    product with its summed sizes marked, the verdict, the best fix.

    >>> from bcast.explainer.products import explain_product
    >>> [text for text, _ in layout(explain_product((11, 3), (11, 1)))[0]]
    ['Matrix product np.dot(a, b)']
    """
    lang = resolve(lang or e.lang)
    width = max(width, 20)
    verdict = words.verdict(e, lang)
    verdict_role = "good" if e.ok and e.verdict == "fits" else "bad"
    if brief:
        out = [[(e.call, "code")], *_formula(e)]
        out += _paragraph(verdict, verdict_role, width)
        if e.fixes:
            out += _fix_items(e, lang, width, e.fixes[:1], False)
        else:
            none = words.no_fix(e, lang)
            if none is not None:
                out += _paragraph(none, "", width)
        for note in words.notes(e, lang):
            if len(out) < BRIEF_LINES:
                out += _paragraph(note, "note", width)
        return out
    out = _paragraph(words.title(e, lang), "title", width)
    out += _formula(e)
    table = _table(e, lang, width)
    if table:
        out += table
        out += _legend([say(k, lang) for k in _legend_keys(table)], width)
    out.append([])
    for sentence in words.rule(e, lang):
        out += _paragraph(sentence, "", width)
    for note in words.notes(e, lang):
        out += _paragraph(note, "note", width)
    out += [[], *_paragraph(verdict, verdict_role, width)]
    for sentence in words.also(e, lang):
        out += _paragraph(sentence, "bad", width)
    if e.fixes:
        out += [[], *_paragraph(say("products.fixes_title", lang), "title", width)]
        out += _fix_items(e, lang, width, e.fixes, True)
    else:
        none = words.no_fix(e, lang)
        if none is not None:
            out += [[], *_paragraph(none, "", width)]
    return out


def to_text(
    e: ProductExplanation,
    width: int = 80,
    lang: str | None = None,
    *,
    brief: bool = False,
) -> str:
    """``e`` as plain text, ``width`` columns wide (no rich is imported).

    Examples
    --------
    >>> from bcast.explainer.products import explain_product
    >>> print(to_text(explain_product((5,), (4, 5), names=["v", "W"]), brief=True))
    np.dot(v, W)
      v (5,) · W (4, 5)
         ^        ^
         5   ≠    4
    ✗ Not aligned: axis=0 of v is 5, but axis=0 of W is 4; sizes summed together
    must be equal.
    Best fix: np.dot(v, W.T)  transpose W: the result has shape (4,)
    """
    return lines_text(layout(e, width, lang, brief=brief))


def renderable(
    e: ProductExplanation, lang: str | None = None, *, brief: bool = False
) -> Any:
    """The picture of ``e`` for rich, laid out at the width rich offers.

    Examples
    --------
    >>> from io import StringIO
    >>> from rich.console import Console
    >>> from bcast.explainer.products import explain_product
    >>> c = Console(record=True, width=80, color_system=None, file=StringIO())
    >>> c.print(renderable(explain_product((2, 3), (3, 4), op="matmul")))
    >>> "✓ The product fits: the result has shape (2, 4)." in c.export_text()
    True
    """
    from bcast.explainer.render.terminal import picture

    return picture(partial(layout, e, lang=lang, brief=brief))


def to_html(
    e: ProductExplanation,
    width: int = 100,
    lang: str | None = None,
    *,
    brief: bool = False,
) -> str:
    """``e`` as an HTML fragment with inline styles, for Jupyter.

    >>> from bcast.explainer.products import explain_product
    >>> html = to_html(explain_product((11, 3), (11, 1)))
    >>> html.startswith("<pre"), "Not aligned" in html
    (True, True)
    """
    from bcast.explainer.render.terminal import html

    return html(renderable(e, lang, brief=brief), width)
