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
:mod:`bcast.explainer.words.products`.
"""

from __future__ import annotations

from unicodedata import east_asian_width

from bcast.core.shapes import format_shape
from bcast.explainer.words import products as words
from bcast.explainer.words.catalog import resolve, say, size

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any, TypeAlias

    from bcast.explainer.products import ProductExplanation

    Segment: TypeAlias = "tuple[str, str]"
    Line: TypeAlias = "list[Segment]"

__all__ = ["STYLES", "layout", "renderable", "to_html", "to_text"]

STYLES = {
    "": "",
    "title": "bold",
    "bold": "bold",
    "italic": "italic",
    "stretched": "yellow",
    "padded": "dim",
    "conflict": "bold red",
    "symbolic": "magenta",
    "good": "bold green",
    "bad": "bold red",
    "code": "bold cyan",
    "note": "dim",
}
"""The rich style of each role."""

BRIEF_LINES = 8
"""The compact picture (where errors happen) stays within this many lines."""


# -- measuring and wrapping ------------------------------------------------------


def _width(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(2 if east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _chunks(text: str) -> list[str]:
    """Pieces a line may break between: after a space outside brackets, and
    between CJK characters (never inside a shape or a piece of code)."""
    out: list[str] = []
    current = ""
    depth = 0
    for k, ch in enumerate(text):
        current += ch
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(depth - 1, 0)
        nxt = text[k + 1] if k + 1 < len(text) else ""
        if not nxt or depth:
            continue
        wide = _width(ch) == 2 or _width(nxt) == 2
        if (ch == " " and nxt != " ") or (
            wide and nxt not in "。，、：；）！？" and ch != " " and nxt != " "
        ):
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return out


def _wrap(segments: Sequence[Segment], width: int, indent: str = "") -> list[Line]:
    """Segments wrapped to ``width`` columns; later lines start with ``indent``."""
    pieces: list[Segment] = []
    for text, role in segments:
        pieces += [(chunk, role) for chunk in _chunks(text)]
    lines: list[Line] = [[]]
    used = 0
    for text, role in pieces:
        w = _width(text.rstrip(" "))
        if used and used + w > width:
            last = lines[-1]
            if last:
                t, r = last[-1]
                last[-1] = (t.rstrip(" "), r)
            lines.append([(indent, "")] if indent else [])
            used = _width(indent)
        lines[-1].append((text, role))
        used += _width(text)
    return [_merged(line) for line in lines]


def _merged(line: Line) -> Line:
    """Neighbouring segments of one role joined."""
    out: Line = []
    for text, role in line:
        if out and out[-1][1] == role:
            out[-1] = (out[-1][0] + text, role)
        else:
            out.append((text, role))
    return out


def _paragraph(text: str, role: str, width: int) -> list[Line]:
    return _wrap([(text, role)], width)


def _text(lines: Sequence[Line]) -> str:
    return "\n".join("".join(t for t, _ in line).rstrip() for line in lines)


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
        column += _width(head)
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


def _grid(
    header: Sequence[Sequence[str]], rows: Sequence[Sequence[Segment]], section: int
) -> list[Line]:
    widths = [
        max([_width(h) for h in head] + [_width(row[k][0]) for row in rows])
        for k, head in enumerate(header)
    ]

    def rule(left: str, fill: str, mid: str, right: str) -> Line:
        return [(left + mid.join(fill * (w + 2) for w in widths) + right, "")]

    def line(cells: Sequence[Segment], bar: str, role: str = "") -> Line:
        out: Line = [(bar, "")]
        for k, ((text, r), w) in enumerate(zip(cells, widths)):
            pad = " " * (w - _width(text))
            body = (
                [(text, r or role), (pad, "")]
                if k == 0
                else [(pad, ""), (text, r or role)]
            )
            out += [(" ", ""), *body, (" ", ""), (bar, "")]
        return [s for s in out if s[0]]

    height = max(len(h) for h in header)
    out = [rule("┏", "━", "┳", "┓")]
    for r in range(height):
        out.append(
            line([(h[r] if r < len(h) else "", "") for h in header], "┃", "title")
        )
    out.append(rule("┡", "━", "╇", "┩"))
    for r, cells in enumerate(rows):
        if r == section:
            out.append(rule("├", "─", "┼", "┤"))
        out.append(line(cells, "│"))
    out.append(rule("└", "─", "┴", "┘"))
    return out


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
    stub_width = (
        max([_width(x) for x in stub] + [_width(say("products.row_result", lang))]) + 3
    )
    chunks: list[list[_Column]] = [[]]
    used = stub_width + 1
    for col in cols:
        w = (
            max(
                _width(words_for[col.role]),
                *(_width(_cell(e, col, i, bad)[0]) for i in range(len(e.shapes))),
            )
            + 3
        )
        if chunks[-1] and used + w > width:
            chunks.append([])
            used = stub_width + 1
        chunks[-1].append(col)
        used += w
    out: list[Line] = []
    for chunk in chunks:
        header = [[""], *([words_for[col.role], col.label] for col in chunk)]
        rows: list[list[Segment]] = []
        for i in range(len(e.shapes)):
            rows.append([(stub[i], ""), *(_cell(e, col, i, bad) for col in chunk)])
        result_row = [(say("products.row_result", lang), "bold")]
        result_row += [col.result for col in chunk]
        rows.append(result_row)
        out += _grid(header, rows, len(e.shapes))
    return out


def _legend_keys(table: Sequence[Line]) -> list[str]:
    """The legend's items for the marks the table shows, and only those."""
    roles = {role for line in table for _, role in line}
    text = _text(table)
    keys = ["products.legend_axis"] if "axis=" in text else []
    if "conflict" in roles:
        keys.append("products.legend_conflict")
    if "stretched" in roles or "→" in text:
        keys.append("products.legend_stretched")
    if "(1)" in text:
        keys.append("products.legend_padded")
    return keys


def _legend(keys: Sequence[str], lang: str, width: int) -> list[Line]:
    items = [say(k, lang) for k in keys]
    line = "   ".join(items)
    if _width(line) <= width:
        return [[(line, "note")]]
    return [ln for item in items for ln in _paragraph(item, "note", width)]


# -- the whole picture -----------------------------------------------------------


def _fix_items(
    e: ProductExplanation, lang: str, width: int, fixes: Sequence[Any], numbered: bool
) -> list[Line]:
    out: list[Line] = []
    for k, f in enumerate(fixes, 1):
        lead = f"{k}. " if numbered else say("products.fix_best", lang)
        body: list[Segment] = [
            (lead, "" if numbered else "title"),
            (f.code, "code"),
            ("  " + words.fix(e, f, lang), ""),
        ]
        out += _wrap(body, width, " " * _width(lead) if numbered else "")
    return out


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
        out += _legend(_legend_keys(table), lang, width)
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
    return _text(layout(e, width, lang, brief=brief))


class _Picture:
    """Draws an explanation at the width rich offers."""

    def __init__(self, e: ProductExplanation, lang: str | None, brief: bool) -> None:
        self.e = e
        self.lang = lang
        self.brief = brief

    def __rich_console__(self, console: Any, options: Any) -> Any:
        from rich.text import Text

        out = Text(no_wrap=True, end="\n")
        for k, line in enumerate(
            layout(self.e, options.max_width, self.lang, brief=self.brief)
        ):
            if k:
                out.append("\n")
            for text, role in line:
                out.append(text, STYLES.get(role) or None)
        out.rstrip()
        yield out


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
    return _Picture(e, lang, brief)


_HTML = (
    "<pre style=\"font-family: Menlo, 'DejaVu Sans Mono', consolas, "
    "'Courier New', monospace; line-height: 1.2\">{code}</pre>"
)


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
    from io import StringIO

    from rich.console import Console

    console = Console(
        file=StringIO(),
        width=width,
        record=True,
        color_system="truecolor",
        force_terminal=True,
        force_jupyter=False,
        highlight=False,
        emoji=False,
    )
    console.print(renderable(e, lang, brief=brief))
    return console.export_html(inline_styles=True, code_format=_HTML)
