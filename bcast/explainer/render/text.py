"""The picture of an explanation laid out as lines of text, without rich.

:func:`layout` turns an explanation into lines, each a list of *segments*
``(text, role)``: the role says what a piece of text is (``"stretched"``,
``"padded"``, ``"conflict"``, ``"code"``, ``"good"`` …), never how it looks.
:func:`to_text` joins the segments into plain text — what ``str()`` of an
explanation gives; :mod:`bcast.explainer.render.terminal` gives each role a
rich style and draws the very same lines in colour.  One layout, two looks,
so the plain and the coloured pictures cannot drift apart.

Nothing here reads the environment (no terminal, no Jupyter detection, no
``COLUMNS``): ``to_text(e, 80)`` is the same string everywhere.  The
sentences come from :mod:`bcast.explainer.words.phrasing`; this module adds
only the marks of the table (``1→4``, ``(1)``, ``✗``), the box lines, the
numbering and the wrapping.  Every mark reads in plain text, so a pipe, a
log file or a screen reader loses nothing that colour shows.
"""

from __future__ import annotations

import re
from unicodedata import combining, east_asian_width

from bcast.core.rule import CONDITIONAL, CONFLICT, EQUAL
from bcast.core.shapes import format_shape
from bcast.explainer.words import catalog, phrasing
from bcast.explainer.words.catalog import say

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any, TypeAlias

    from bcast.core.rule import AxisStep
    from bcast.core.shapes import Dims
    from bcast.explainer.explanation import ExplanationRecord as Explanation

    Segment: TypeAlias = "tuple[str, str]"
    Line: TypeAlias = "list[Segment]"

__all__ = ["ROLES", "cell_width", "layout", "lines_text", "to_text", "wrap"]

ROLES = (
    "",
    "title",
    "bold",
    "italic",
    "stretched",
    "padded",
    "padded_stretched",
    "conflict",
    "symbolic",
    "good",
    "bad",
    "code",
    "warning",
    "note",
)
"""What a segment of text is; the terminal renderer gives each a style."""

SHORT_VERDICTS_FROM = 9
"""Tables with this many axes or more write verdicts as symbols."""
LABEL_SHAPES_UP_TO = 6
"""Row labels show the operand's shape when no shape has more axes."""
MIN_ROOM = 10
"""Wrapped text gets at least this many columns, however narrow the page."""


# -- measuring and wrapping -----------------------------------------------------------


def _char_width(ch: str) -> int:
    if combining(ch):
        return 0
    return 2 if east_asian_width(ch) in ("W", "F") else 1


def cell_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: CJK characters take two.

    >>> cell_width("abc"), cell_width("结果 (3, 4)")
    (3, 11)
    """
    if text.isascii():
        return len(text)
    return sum(_char_width(ch) for ch in text)


_NO_BREAK_BEFORE = set("。，、：；）」』！？》")
_NO_BREAK_AFTER = set("（「『《")
_PAIRS = {"(": ")", "[": "]", "{": "}"}
_PROSE = re.compile(r"[^\W\d_]{2,} [^\W\d_]{2,}")
"""Two words in a row: a bracket holding this is prose and may break."""
_HAN = "\u4e00-\u9fff"
_NUMBER_IN_CHINESE = re.compile(
    rf"(?=([{_HAN}] ?\d+(?:\.\d+)?(?: ?[{_HAN}]{{1,4}})?|\d+(?:\.\d+)? ?[{_HAN}]{{1,4}}))"
)
"""A number with the Chinese around it (``有 12 个元素``): kept on one line."""


def _kept(text: str) -> list[bool]:
    """For each character, whether a line may not break after it: inside a
    bracket that holds a shape, an index or a call, not prose."""
    kept = [False] * len(text)
    if not text.isascii():
        for m in _NUMBER_IN_CHINESE.finditer(text):
            for j in range(m.start(1), m.end(1) - 1):  # overlapping matches
                kept[j] = True
    stack: list[int] = []
    for k, ch in enumerate(text):
        if ch in _PAIRS:
            stack.append(k)
        elif stack and ch == _PAIRS[text[stack[-1]]]:
            start = stack.pop()
            if not _PROSE.search(text, start, k):
                for j in range(start, k):
                    kept[j] = True
    return kept


def _breaks(ch: str, nxt: str) -> bool:
    """Whether a line may break between ``ch`` and ``nxt``."""
    if ch == " ":
        return nxt != " "
    if nxt == " " or nxt in _NO_BREAK_BEFORE or ch in _NO_BREAK_AFTER:
        return False
    return _char_width(ch) == 2 or _char_width(nxt) == 2


def _chunks(text: str) -> list[str]:
    """``text`` cut where a line may break: after spaces (not inside a
    bracket that holds a shape or code, so ``(2, 3, 4)`` and ``a[:, None]``
    stay whole) and next to CJK characters (not before closing punctuation)."""
    chunks: list[str] = []
    current = ""
    kept = _kept(text)
    for k, ch in enumerate(text):
        nxt = text[k + 1] if k + 1 < len(text) else ""
        current += ch
        if kept[k] or not nxt:
            continue
        if _breaks(ch, nxt):
            chunks.append(current)
            current = ""
    if current:
        chunks.append(current)
    return chunks


def _fold(chunk: str, room: int) -> list[str]:
    """A chunk wider than ``room`` cut into pieces that fit."""
    out, piece, used = [], "", 0
    for ch in chunk:
        w = _char_width(ch)
        if used + w > room and piece:
            out.append(piece)
            piece, used = "", 0
        piece += ch
        used += w
    out.append(piece)
    return out


def wrap(segments: Sequence[Segment], room: int) -> list[Line]:
    """Segments wrapped to lines at most ``room`` columns wide.

    A newline in the text starts a new line; spaces at a break are dropped.

    >>> [lines_text([line]) for line in wrap([("one two (3, 4) five", "")], 9)]
    ['one two', '(3, 4)', 'five']
    """
    room = max(room, 1)
    lines: list[Line] = []
    for paragraph in _paragraphs(segments):
        roles: list[str] = []
        text = ""
        for piece, role in paragraph:
            text += piece
            roles += [role] * len(piece)
        spans: list[tuple[int, int]] = []  # [start, end) of each line in text
        start, used, pos = 0, 0, 0
        for chunk in _chunks(text):
            bare = chunk.rstrip(" ")
            w = cell_width(bare)
            if used and used + w > room:
                spans.append((start, _rstrip_end(text, start, pos)))
                start, used = pos, 0
            if w > room:  # longer than a line: cut it
                pieces = _fold(bare, room)
                for piece in pieces[:-1]:
                    spans.append((pos, pos + len(piece)))
                    pos += len(piece)
                start = pos
                used = cell_width(chunk[len(bare) - len(pieces[-1]) :])
                pos += len(chunk) - (len(bare) - len(pieces[-1]))
                continue
            used += cell_width(chunk)
            pos += len(chunk)
        spans.append((start, _rstrip_end(text, start, pos)))
        for a, b in spans:
            lines.append(_segments(text, roles, a, b))
    return lines


def _rstrip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] == " ":
        end -= 1
    return end


def _paragraphs(segments: Sequence[Segment]) -> list[list[Segment]]:
    out: list[list[Segment]] = [[]]
    for text, role in segments:
        first, *more = text.split("\n")
        if first:
            out[-1].append((first, role))
        for part in more:
            out.append([(part, role)] if part else [])
    return out


def _segments(text: str, roles: Sequence[str], a: int, b: int) -> Line:
    line: Line = []
    k = a
    while k < b:
        role = roles[k]
        j = k
        while j < b and roles[j] == role:
            j += 1
        line.append((text[k:j], role))
        k = j
    return line


def _restyle(line: Line, role: str) -> Line:
    """A line with ``role`` given to the segments that have none."""
    return [(text, r or role) for text, r in line]


def lines_text(lines: Sequence[Line]) -> str:
    """Lines of segments as plain text."""
    return "\n".join("".join(text for text, _ in line).rstrip() for line in lines)


def _items(items: Sequence[tuple[str, Sequence[Segment]]], width: int) -> list[Line]:
    """Lines with a mark in front (``1.``, ``⚠``) and a hanging indent."""
    mark_width = max((cell_width(mark) for mark, _ in items), default=0)
    indent = mark_width + 1 if mark_width else 0  # no marks: a plain paragraph
    room = max(width - indent, MIN_ROOM)
    out: list[Line] = []
    for mark, body in items:
        lead = " " * (mark_width - cell_width(mark)) + mark + " " if mark_width else ""
        for k, line in enumerate(wrap(body, room)):
            out.append([(lead if k == 0 else " " * indent, ""), *line])
    return out


def _paragraph(text: str, role: str, width: int) -> list[Line]:
    return wrap([(text, role)], width) if text else [[]]


def _numbered(texts: Sequence[str], width: int) -> list[Line]:
    return _items([(f"{k}.", [(t, "")]) for k, t in enumerate(texts, 1)], width)


# -- the table ------------------------------------------------------------------------


def _cell(step: AxisStep, i: int) -> Segment:
    d = step.sizes[i]
    shown = catalog.size(d)
    padded = i in step.padded
    if i in step.conflicting:
        return ("– ✗" if padded else f"{shown} ✗", "conflict")
    if i in step.stretched:
        base = "(1)" if padded else "1"
        role = "padded_stretched" if padded else "stretched"
        return (f"{base}→{catalog.size(step.size)}", role)
    if padded:
        return ("(1)", "padded")
    if type(d) is not int:
        return (shown, "symbolic")
    return (shown, "")


def _result_cell(step: AxisStep) -> Segment:
    if step.verdict == CONFLICT:
        return ("✗", "conflict")
    return (
        catalog.size(step.size),
        "symbolic" if type(step.size) is not int else "bold",
    )


_VERDICT_ROLE = {
    EQUAL: "",
    "stretch": "stretched",
    CONFLICT: "conflict",
    CONDITIONAL: "symbolic",
}
_VERDICT_SYMBOL = {EQUAL: "=", "stretch": "→", CONFLICT: "✗", CONDITIONAL: "if"}


def _verdict_cell(step: AxisStep, short: bool, lang: str) -> Segment:
    word = (
        _VERDICT_SYMBOL[step.verdict] if short else say(f"verdict_{step.verdict}", lang)
    )
    return (word, _VERDICT_ROLE[step.verdict])


def _grid(
    header: Sequence[str], rows: Sequence[Sequence[Segment]], section: int
) -> list[Line]:
    """A table of short cells in a heavy-head box.

    The first column is left-aligned, the others right-aligned; ``section``
    rows stand above a separating line; header cells may hold several lines.
    """
    heads = [h.split("\n") for h in header]
    widths = [
        max([cell_width(h) for h in column] + [cell_width(row[k][0]) for row in rows])
        for k, column in enumerate(heads)
    ]
    height = max((len(h) for h in heads), default=0)

    def rule(left: str, fill: str, mid: str, right: str) -> Line:
        return [(left + mid.join(fill * (w + 2) for w in widths) + right, "")]

    def line(cells: Sequence[Segment], bar: str, role: str = "") -> Line:
        out: Line = [(bar, "")]
        for k, ((text, r), w) in enumerate(zip(cells, widths)):
            pad = " " * (w - cell_width(text))
            parts = [(" ", role), (text, r or role), (pad, role)]
            if k:
                parts[1], parts[2] = parts[2], parts[1]
            out += parts
            out.append((" ", role))
            out.append((bar, role if k < len(cells) - 1 else ""))
        return [s for s in out if s[0]]

    out = [rule("┏", "━", "┳", "┓")]
    for i in range(height):
        head = [(column[i] if i < len(column) else "", "") for column in heads]
        out.append(line(head, "┃", "title"))
    out.append(rule("┡", "━", "╇", "┩"))
    for r, cells in enumerate(rows):
        if r == section and r:
            out.append(rule("├", "─", "┼", "┤"))
        out.append(line(cells, "│"))
    out.append(rule("└", "─", "┴", "┘"))
    return out


def _folded(
    stub: str,
    headers: Sequence[str],
    rows: Sequence[tuple[Segment, Sequence[Segment]]],
    section: int,
    width: int,
) -> list[Line]:
    """Tables with a stub column and as many data columns as fit in ``width``."""

    def wide(text: str) -> int:
        return max(cell_width(part) for part in text.split("\n"))

    stub_width = max([wide(stub)] + [cell_width(label[0]) for label, _ in rows]) + 3
    widths = [
        max([wide(h)] + [cell_width(cells[k][0]) for _, cells in rows]) + 3
        for k, h in enumerate(headers)
    ]
    chunks: list[list[int]] = []
    room = width - stub_width - 1
    for k, w in enumerate(widths):
        if chunks and sum(widths[j] for j in chunks[-1]) + w <= room:
            chunks[-1].append(k)
        else:
            chunks.append([k])
    if not chunks:
        chunks = [[]]
    out: list[Line] = []
    for chunk in chunks:
        out += _grid(
            [stub, *(headers[k] for k in chunk)],
            [[label, *(cells[k] for k in chunk)] for label, cells in rows],
            section,
        )
    return out


def _label(e: Explanation, i: int, shapes: Sequence[Dims]) -> Segment:
    name = e.names[i]
    if max((len(s) for s in shapes), default=0) <= LABEL_SHAPES_UP_TO:
        return (f"{name} {format_shape(shapes[i])}", "")
    return (name, "")


def _axes_tables(
    e: Explanation, shapes: Sequence[Dims], lang: str, width: int, verdicts: bool = True
) -> tuple[list[Line], bool]:
    """The per-axis tables (folded) and whether verdicts were written short."""
    ordered = list(reversed(e.axes))  # left to right, as shapes are written
    short = len(ordered) >= SHORT_VERDICTS_FROM
    headers = [f"axis={s.position}\n{s.axis}" for s in ordered]
    rows: list[tuple[Segment, Sequence[Segment]]] = []
    for i in range(len(shapes)):
        label = _label(e, i, shapes)
        if e.target is not None and i == 1:
            label = (f"{say('row_target', lang)} {format_shape(e.target)}", "")
        rows.append((label, [_cell(s, i) for s in ordered]))
    section = len(rows)
    if e.target is None:
        rows.append(
            ((say("row_result", lang), "bold"), [_result_cell(s) for s in ordered])
        )
    if verdicts:
        cells = [_verdict_cell(s, short, lang) for s in ordered]
        rows.append(((say("row_verdict", lang), ""), cells))
    stub = f"\n{say('col_or', lang)}"
    return _folded(stub, headers, rows, section, width), short


def _legend(items: Sequence[str], width: int) -> list[Line]:
    """The legend on one line if it fits, else one item a line."""
    if not items:
        return []
    line = "   ".join(items)
    if cell_width(line) <= width:
        return [[(line, "note")]]
    return [line for item in items for line in _paragraph(item, "note", width)]


def _core_table(e: Explanation, lang: str, width: int) -> tuple[list[Line], bool]:
    """The core dimensions: one column per name, one row per operand; and
    whether some operand lacks a dimension (``–``)."""
    g = e.gufunc
    assert g is not None
    sig, f, names = g.signature, g.failure, e.names
    dims, used = phrasing.core_table(e)
    _, cores = phrasing.split(e)
    bound = dict(g.bindings)
    bad_dim = f.dimension if f is not None and f.kind == "core" else None
    bad_ops = set(f.operands) if f is not None and f.kind == "core" else set()
    rows: list[tuple[Segment, Sequence[Segment]]] = []
    for i, arg in enumerate(sig.inputs):
        cells: list[Segment] = []
        names_here = {d.name for d in arg}
        for dim in dims:
            if dim in g.missing and dim in names_here:
                cells.append((say("core_missing", lang), "padded"))
            elif dim not in used[i]:
                cells.append(("–", "padded"))
            elif dim == bad_dim and i in bad_ops:
                cells.append((f"{catalog.size(used[i][dim])} ✗", "conflict"))
            else:
                size = used[i][dim]
                cells.append(
                    (catalog.size(size), "symbolic" if type(size) is not int else "")
                )
        rows.append(((f"{names[i]} {format_shape(cores[i])}", ""), cells))
    bound_cells: list[Segment] = []
    for dim in dims:
        if dim == bad_dim:
            bound_cells.append(("✗", "conflict"))
        elif dim in g.missing:
            bound_cells.append(("–", "padded"))
        else:
            value = bound.get(dim, int(dim) if dim.isdecimal() else None)
            bound_cells.append((catalog.size(value), "bold"))
    rows.append(((say("row_bound", lang), "bold"), bound_cells))
    missing = any(cell[0] == "–" for _, cells in rows for cell in cells)
    table = _folded(say("col_core", lang), dims, rows, len(sig.inputs), width)
    return table, missing


def _signature_parts(e: Explanation, lang: str, width: int) -> list[Line]:
    failure = phrasing.signature_failure(e, lang)
    if failure is not None:
        return _paragraph(failure, "bad", width)
    loops = phrasing.split(e)[0]
    out: list[Line] = []
    short = False
    if e.broadcast is not None and e.axes:
        out += _paragraph(say("loop_title", lang), "title", width)
        tables, short = _axes_tables(e, loops, lang, width)
        out += tables
    out += _paragraph(say("core_title", lang), "title", width)
    table, missing = _core_table(e, lang, width)
    out += table
    legend = phrasing.legend(e, lang, short) if e.axes else []
    if missing:
        legend.append(say("legend_missing", lang))
    out += _legend(legend, width)
    out += [[], *_paragraph(say("steps_title", lang), "title", width)]
    out += _numbered(phrasing.signature_steps(e, lang), width)
    text, good = phrasing.signature_verdict(e, lang)
    out += [[], *_paragraph(text, "good" if good else "bad", width)]
    return out


# -- fixes, warnings, values ----------------------------------------------------------


def _fixes(e: Explanation, lang: str, width: int) -> list[Line]:
    if e.compatible:
        return []
    if not e.fixes:
        none = phrasing.fixes_none(e, lang)
        return [] if none is None else [[], *_paragraph(none, "", width)]
    items = []
    title = phrasing.fixes_title(e)
    for k, f in enumerate(e.fixes, 1):
        body: list[Segment] = [(f.code, "code"), ("  " + phrasing.fix(e, f, lang), "")]
        if f.alternatives:
            also = say("fix_also", lang, codes=", ".join(f.alternatives))
            body.append(("\n" + also, "note"))
        items.append((f"{k}.", body))
    return [
        [],
        *_paragraph(say(title, lang), "title", width),
        *_items(items, width),
    ]


def _warnings(e: Explanation, lang: str, width: int) -> list[Line]:
    if not e.warnings:
        return []
    items = [("⚠", [(phrasing.warning(e, w, lang), "warning")]) for w in e.warnings]
    title = _paragraph(say("warnings_title", lang), "title", width)
    return [[], *title, *_items(items, width)]


def _grid_lines(
    nested: Any, shape: Sequence[int], copies: Sequence[int] = ()
) -> list[Line]:
    """An array as a grid of cells in a box (3-D: one box per layer), long
    axes elided with ``…``/``⋮``; cells off index 0 of the axes ``copies``
    are stretched copies, written ``‹10›`` (and faded in colour)."""
    from bcast.explainer.explanation import shown

    full = (1,) * (3 - len(shape)) + tuple(shape)
    pad = 3 - len(shape)
    layers, rows, cols = (shown(n) for n in full)
    copied = {k + pad for k in copies}

    def at(pos: tuple[int, ...]) -> Any:
        v = nested
        for p in pos[pad:]:
            if isinstance(v, str):
                return v
            v = v[p]
        return v

    cells: dict[tuple[int, int, int], Segment] = {}
    for li, layer in enumerate(layers):
        for ri, row in enumerate(rows):
            for ci, col in enumerate(cols):
                idx = (layer, row, col)
                if None in idx:
                    mark = "⋮" if row is None and col is not None else "…"
                    cells[li, ri, ci] = (f" {mark} ", "note")
                    continue
                text = _value_text(at((li, ri, ci)))
                if any(idx[k] != 0 for k in copied):
                    cells[li, ri, ci] = (f"‹{text}›", "padded")
                else:
                    cells[li, ri, ci] = (f" {text} ", "")
    w = max((cell_width(t) for t, _ in cells.values()), default=1)
    out: list[Line] = []
    for li, layer in enumerate(layers):
        if len(shape) == 3:
            label = "⋮" if layer is None else f"[{layer}]"
            out.append([(label, "note")])
            if layer is None:
                continue
        inner = w * len(cols) + len(cols) - 1
        out.append([("┌" + "─" * inner + "┐", "")])
        for ri in range(len(rows)):
            line: Line = [("│", "")]
            for ci in range(len(cols)):
                text, role = cells[li, ri, ci]
                if ci:
                    line.append((" ", ""))
                line.append((" " * (w - cell_width(text)) + text, role))
            line.append(("│", ""))
            out.append(line)
        out.append([("└" + "─" * inner + "┘", "")])
    return out


def _value_text(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.4g}"
    return str(v)


def _columns(blocks: Sequence[list[Line]], width: int, gap: int = 3) -> list[Line]:
    """Blocks of lines side by side, as many to a row as fit, rows apart."""
    sizes = [max((cell_width(lines_text([ln])) for ln in b), default=0) for b in blocks]
    rows: list[list[int]] = []
    for k, w in enumerate(sizes):
        if rows and sum(sizes[j] + gap for j in rows[-1]) + w <= width:
            rows[-1].append(k)
        else:
            rows.append([k])
    out: list[Line] = []
    for r, row in enumerate(rows):
        if r:
            out.append([])
        for i in range(max(len(blocks[k]) for k in row)):
            line: Line = []
            for n, k in enumerate(row):
                cell = blocks[k][i] if i < len(blocks[k]) else []
                line += cell
                if n < len(row) - 1:
                    pad = sizes[k] - cell_width(lines_text([cell])) + gap
                    line.append((" " * pad, ""))
            out.append(line)
    return out


def _values(e: Explanation, lang: str, width: int) -> list[Line]:
    from bcast.explainer.explanation import copied_axes

    v = e.values
    if v is None:
        return []
    if e.gufunc is not None:
        return [[], *_paragraph(say("values_signature", lang), "note", width)]
    if not v.fits:
        return [[], *_paragraph(say("values_skip", lang), "note", width)]

    def block(
        title: str, array: Any, shape: Sequence[int], copies: Sequence[int] = ()
    ) -> list[Line]:
        if array is None:
            return [
                [(title, "bold")],
                [(say("picture_shape_only", lang, name=title), "note")],
            ]
        return [[(title, "bold")], *_grid_lines(array, shape, copies)]

    blocks = [
        block(phrasing.operand(e, i, lang), a, e.shapes[i])  # type: ignore[arg-type]
        for i, a in enumerate(v.arrays)
    ]
    result = e.result
    if v.stretched is not None and result is not None:
        shape = format_shape(result)
        for i, a in enumerate(v.stretched):
            s = e.shapes[i]
            copies = copied_axes(s, result)
            title = say("values_stretched", lang, name=e.names[i], shape=shape)
            blocks.append(block(title, a, result, copies))  # type: ignore[arg-type]
        if v.total is not None:
            title = " + ".join(e.names) + f" ({say('values_sum', lang)})"
            blocks.append(block(title, v.total, result))  # type: ignore[arg-type]
    key = "values_title" if v.example else "values_title_real"
    out = [[], *_paragraph(say(key, lang), "title", width)]
    out += _columns(blocks, width)
    if v.stretched is not None:
        out += _paragraph(say("values_copies", lang), "note", width)
    else:
        out += _paragraph(say("values_conflict", lang), "note", width)
    return out


# -- the whole picture ----------------------------------------------------------------

BRIEF_LINES = 12
"""The compact picture drops its legend rather than grow past this many lines."""


def _brief(e: Explanation, lang: str, width: int) -> list[Line]:
    """Where errors happen: the table, the verdict, the best fix (or why
    there is none), the warnings — no title, no steps.  A message without
    shapes gets its heading and notes."""
    if e.reading is not None and not e.shapes:
        head, _, notes = phrasing.reading(e, lang)
        out = _paragraph(head, "title", width)
        for note in notes:
            out += _paragraph(note, "note", width)
        return out
    body: list[Line] = []
    legend: list[str] = []
    if e.gufunc is not None and phrasing.signature_failure(e, lang) is None:
        short = False
        if e.broadcast is not None and e.axes:
            tables, short = _axes_tables(e, phrasing.split(e)[0], lang, width, False)
            body += tables
            legend = phrasing.legend(e, lang, short)
        table, missing = _core_table(e, lang, width)
        body += table
        if missing:
            legend.append(say("legend_missing", lang))
    elif e.gufunc is None and e.axes:
        tables, short = _axes_tables(e, e.shapes, lang, width, False)
        body += tables
        legend = phrasing.legend(e, lang, short)
    if e.gufunc is not None:
        text, good = phrasing.signature_verdict(e, lang, brief=True)
        tail = _paragraph(text, "good" if good else "bad", width)
    else:
        text, good = phrasing.verdict(e, lang, brief=True)
        tail = _paragraph(text, "good" if good else "bad", width)
    if e.fixes:
        f = e.fixes[0]
        best: list[Segment] = [
            (say("fix_best", lang), "title"),
            (f.code, "code"),
            ("  " + phrasing.fix(e, f, lang), ""),
        ]
        tail += wrap(best, width)
    else:
        none = phrasing.fixes_none(e, lang, brief=True)
        if none is not None:
            tail += _paragraph(none, "", width)
    warned = [phrasing.warning(e, w, lang, brief=True) for w in e.warnings]
    cautioned = _items([("⚠", [(text, "warning")]) for text in warned], width)
    if e.compatible or len(body) + len(tail) + len(cautioned) <= BRIEF_LINES:
        tail += cautioned  # a failed call's warnings give way to its fix
    keyed = _legend(legend, width)
    if len(body) + len(keyed) + len(tail) <= BRIEF_LINES:
        body += keyed
    return body + tail


def layout(
    e: Explanation, width: int = 80, lang: str | None = None, *, brief: bool = False
) -> list[Line]:
    """The picture of ``e`` as lines of ``(text, role)`` segments, at most
    ``width`` columns wide (the table folds, sentences wrap).

    ``brief`` gives the compact picture for tracebacks and notes: the table,
    the verdict, the best fix — at most 12 lines for two operands at 80
    columns; the full picture adds the title, the legend, the steps, every
    fix and the example values.

    >>> from bcast.explainer.explanation import explain_record
    >>> lines = layout(explain_record((3, 1), (1, 4)))
    >>> lines[0]
    [('Broadcasting a (3, 1) and b (1, 4)', 'title')]
    """
    lang = lang or e.lang
    width = max(width, MIN_ROOM)
    if brief:
        return _brief(e, lang, width)
    out: list[Line] = []
    if e.reading is not None:
        head, message, notes = phrasing.reading(e, lang)
        out += _paragraph(head, "title", width)
        out += _paragraph(message, "italic", width)
        for note in notes:
            out += _paragraph(note, "note", width)
        out.append([])
        if not e.shapes:
            return out
    if e.gufunc is not None:
        out += _paragraph(phrasing.title(e, lang), "title", width)
        out += _signature_parts(e, lang, width)
    else:
        out += _paragraph(phrasing.title(e, lang), "title", width)
        if e.axes:
            tables, short = _axes_tables(e, e.shapes, lang, width)
            out += tables
            out += _legend(phrasing.legend(e, lang, short), width)
        out += [[], *_paragraph(say("steps_title", lang), "title", width)]
        out += _numbered(phrasing.steps(e, e.shapes, lang), width)
        text, good = phrasing.verdict(e, lang)
        out += [[], *_paragraph(text, "good" if good else "bad", width)]
    out += _fixes(e, lang, width)
    out += _warnings(e, lang, width)
    out += _values(e, lang, width)
    return out


def to_text(
    e: Explanation, width: int = 80, lang: str | None = None, *, brief: bool = False
) -> str:
    """``e`` as plain text, ``width`` columns wide: what ``str(e)`` gives
    (``brief``: the compact picture, see :func:`layout`).

    Examples
    --------
    >>> from bcast.explainer.explanation import explain_record
    >>> print(to_text(explain_record((2, 3), (4, 5)), brief=True))
    ┏━━━━━━━━━━┳━━━━━━━━┳━━━━━━━━┓
    ┃          ┃ axis=0 ┃ axis=1 ┃
    ┃ or       ┃     -2 ┃     -1 ┃
    ┡━━━━━━━━━━╇━━━━━━━━╇━━━━━━━━┩
    │ a (2, 3) │    2 ✗ │    3 ✗ │
    │ b (4, 5) │    4 ✗ │    5 ✗ │
    ├──────────┼────────┼────────┤
    │ result   │      ✗ │      ✗ │
    └──────────┴────────┴────────┘
    ✗ conflict
    ✗ Not compatible: on axis=1 (or -1) a has 3, b has 5. Also in conflict: axis=0.
    No single edit to one operand fixes this.
    """
    return lines_text(layout(e, width, lang, brief=brief))
