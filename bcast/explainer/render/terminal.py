"""Pictures of explanations, drawn with rich.

The only module of bcast that imports rich; it is itself imported only when
something is drawn.  Functions here return renderables (or text made from
them) and never print: the command line and the caller print.

Colour carries meaning — stretched, padded, conflict — but every mark also
reads in plain text (``1→4``, ``(1)``, ``✗``), so a pipe, a log file or a
screen reader loses nothing.  Words come from :mod:`bcast.explainer.words.catalog`.
"""

from __future__ import annotations

from io import StringIO

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.text import Text

from bcast.core.rule import CONDITIONAL, CONFLICT, EQUAL
from bcast.core.shapes import format_shape
from bcast.explainer.words import catalog
from bcast.explainer.words.catalog import join, say

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from rich.console import RenderableType

    from bcast.core.rule import AxisStep
    from bcast.core.shapes import Dim, Dims
    from bcast.explainer.advice import Caution, Fix
    from bcast.explainer.explanation import Explanation

__all__ = [
    "CostProgress",
    "console",
    "cost_curve",
    "renderable",
    "to_html",
    "to_text",
    "warning_text",
]

TITLE = "bold"
STRETCHED = "yellow"
PADDED = "dim"
PADDED_STRETCHED = "dim yellow"
CONFLICTING = "bold red"
SYMBOLIC = "magenta"
GOOD = "bold green"
BAD = "bold red"
CODE = "bold cyan"
WARNING = "yellow"
NOTE = "dim"

SHORT_VERDICTS_FROM = 9
"""Tables with this many axes or more write verdicts as symbols."""
LONG_SHAPE = 8
"""Shapes with more axes than this are abbreviated in sentences."""
LABEL_SHAPES_UP_TO = 6
"""Row labels show the operand's shape when no shape has more axes."""


def console(
    *,
    width: int | None = None,
    color: bool = True,
    file: Any = None,
    record: bool = False,
) -> Console:
    """A console set up for bcast: no emoji codes, no number highlighting.

    ``color=False`` (``--no-color``) drops every style, bold included.

    Examples
    --------
    >>> from io import StringIO
    >>> console(width=60, color=False, file=StringIO()).width
    60
    """
    return Console(
        file=file,
        width=width,
        color_system="auto" if color else None,
        no_color=not color,
        highlight=False,
        emoji=False,
        record=record,
    )


def renderable(e: Explanation, lang: str | None = None) -> RenderableType:
    """The picture of ``e``: title, table, steps, verdict, fixes, warnings.

    The table is folded to the width it is drawn at, so 64 axes stay readable
    at 80 columns.

    Examples
    --------
    >>> from io import StringIO
    >>> from bcast.explainer.explanation import explain
    >>> c = console(width=80, color=False, file=StringIO(), record=True)
    >>> c.print(renderable(explain((3, 1), (1, 4))))
    >>> "✓ Compatible: the result has shape (3, 4)." in c.export_text()
    True
    """
    return _Picture(e, lang or e.lang)


def to_text(e: Explanation, width: int = 80, lang: str | None = None) -> str:
    """``e`` as plain text, ``width`` columns wide, without colour.

    Examples
    --------
    >>> from bcast.explainer.explanation import explain
    >>> print(to_text(explain((2, 3), (4, 5))).splitlines()[-1])
    No single edit to one operand fixes this: the shapes conflict on axes -1 and -2.
    """
    c = console(width=width, color=False, file=StringIO())
    c.print(renderable(e, lang))
    out = c.file.getvalue()  # type: ignore[attr-defined]
    return "\n".join(line.rstrip() for line in out.splitlines())


_HTML = (
    "<pre style=\"font-family: Menlo, 'DejaVu Sans Mono', consolas, "
    "'Courier New', monospace; line-height: 1.2\">{code}</pre>"
)


def to_html(e: Explanation, width: int = 100, lang: str | None = None) -> str:
    """``e`` as an HTML fragment with inline styles, for Jupyter.

    Examples
    --------
    >>> from bcast.explainer.explanation import explain
    >>> to_html(explain((3, 1), (1, 4))).startswith("<pre")
    True
    """
    c = Console(
        file=StringIO(),
        width=width,
        record=True,
        color_system="truecolor",
        force_terminal=True,
        highlight=False,
        emoji=False,
    )
    c.print(renderable(e, lang))
    return c.export_html(inline_styles=True, code_format=_HTML)


class _Picture:
    """Draws an explanation at the width rich offers."""

    def __init__(self, e: Explanation, lang: str) -> None:
        self.e = e
        self.lang = lang

    def __rich_console__(
        self, console: Console, options: ConsoleOptions
    ) -> RenderResult:
        parts = _parts(self.e, self.lang, options.max_width)
        yield Group(
            *(
                _Items([("", part)]) if isinstance(part, Text) and part.plain else part
                for part in parts
            )
        )


# -- words ------------------------------------------------------------------------


def _shape(shape: Dims, lang: str) -> str:
    """A shape for a sentence; a long one abbreviated, its length said."""
    if len(shape) <= LONG_SHAPE:
        return format_shape(shape)
    head = ", ".join(map(catalog.size, shape[:3]))
    tail = ", ".join(map(catalog.size, shape[-3:]))
    return f"({head}, …, {tail}) [{say('n_axes', lang, n=len(shape))}]"


def _operand(e: Explanation, i: int, lang: str) -> str:
    return f"{e.names[i]} {_shape(e.shapes[i], lang)}"


def _axes_list(steps: Sequence[AxisStep], lang: str) -> str:
    """``axis -1`` or ``axes -2 and -3``."""
    key = "axis_one" if len(steps) == 1 else "axis_many"
    return say(key, lang, axes=join([str(s.axis) for s in steps], lang))


def warning_text(e: Explanation, w: Caution, lang: str | None = None) -> str:
    """A warning (:class:`bcast.explainer.advice.Caution`) in words.

    Examples
    --------
    >>> from bcast.explainer.explanation import explain
    >>> e = explain((3, 1), (1, 4))
    >>> warning_text(e, e.warnings[0])[:48]
    'Every operand is stretched: the result (3, 4) ha'
    """
    lang = lang or e.lang
    names = e.names
    result = _shape(w.result, lang)
    if w.kind in ("rank1_column", "rank1_row"):
        i, j = w.operands
        key = "warn_rank1_column" if w.kind == "rank1_column" else "warn_rank1_row"
        parts = [
            say(
                key,
                lang,
                a=names[i],
                ashape=format_shape(e.shapes[i]),
                b=names[j],
                bshape=format_shape(e.shapes[j]),
                result=result,
            )
        ]
        if w.fix is not None and w.fix.result is not None:
            what = say("what_column" if w.kind == "rank1_column" else "what_row", lang)
            parts.append(
                say(
                    "warn_rank1_fix",
                    lang,
                    a=names[i],
                    what=what,
                    code=w.fix.code,
                    result=format_shape(w.fix.result),
                )
            )
        parts.append(say("warn_rank1_advice", lang))
        return " ".join(parts) if lang == "en" else "".join(parts)
    if w.kind == "outer":
        if not all(type(d) is int for d in w.result):
            return say("warn_outer_symbolic", lang, result=result)
        elements = 1
        for d in w.result:
            elements *= int(d)  # type: ignore[arg-type]
        return say("warn_outer", lang, result=result, elements=f"{elements:,}")
    if w.kind == "memory":
        assert w.result_bytes is not None
        assert w.input_bytes is not None
        ratio = w.result_bytes / max(w.input_bytes, 1)
        return say(
            "warn_memory",
            lang,
            result=result,
            result_bytes=catalog.nbytes(w.result_bytes, lang),
            dtype=e.dtype,
            ratio=f"{ratio:,.0f}",
            input_bytes=catalog.nbytes(w.input_bytes, lang),
        )
    who = join([names[i] for i in w.operands], lang)
    return say("warn_empty", lang, result=result, who=who)


# -- the table ----------------------------------------------------------------------


def _cell(step: AxisStep, i: int) -> Text:
    d = step.sizes[i]
    shown = catalog.size(d)
    padded = i in step.padded
    if i in step.conflicting:
        return Text("– ✗" if padded else f"{shown} ✗", CONFLICTING)
    if i in step.stretched:
        base = "(1)" if padded else "1"
        style = PADDED_STRETCHED if padded else STRETCHED
        return Text(f"{base}→{catalog.size(step.size)}", style)
    if padded:
        return Text("(1)", PADDED)
    if type(d) is not int:
        return Text(shown, SYMBOLIC)
    return Text(shown)


def _result_cell(step: AxisStep) -> Text:
    if step.verdict == CONFLICT:
        return Text("✗", CONFLICTING)
    size = catalog.size(step.size)
    return Text(size, SYMBOLIC if type(step.size) is not int else "bold")


_VERDICT_STYLE = {
    EQUAL: "",
    "stretch": STRETCHED,
    CONFLICT: CONFLICTING,
    CONDITIONAL: SYMBOLIC,
}
_VERDICT_SYMBOL = {EQUAL: "=", "stretch": "→", CONFLICT: "✗", CONDITIONAL: "if"}


def _verdict_cell(step: AxisStep, short: bool, lang: str) -> Text:
    word = (
        _VERDICT_SYMBOL[step.verdict] if short else say(f"verdict_{step.verdict}", lang)
    )
    return Text(word, _VERDICT_STYLE[step.verdict])


def _width(text: Text) -> int:
    return max((cell_len(line) for line in text.plain.split("\n")), default=0)


class _Grid:
    """A table of short cells, drawn as text in rich's heavy-head box.

    The sizes in a broadcasting table never wrap, so the layout is simple:
    each column as wide as its widest cell.  Drawn directly it costs a tenth
    of a rich Table's layout, which matters for ``bcast explain``'s start-up.
    The first column is left-aligned, the others right-aligned; ``section``
    rows stand above a separating line.
    """

    def __init__(
        self, header: Sequence[Text], rows: Sequence[Sequence[Text]], section: int
    ) -> None:
        self.header = header
        self.rows = rows
        self.section = section

    def text(self) -> Text:
        header = [h.split("\n") for h in self.header]
        widths = [
            max([_width(h) for h in column] + [_width(row[k]) for row in self.rows])
            for k, column in enumerate(header)
        ]
        height = max((len(h) for h in header), default=0)

        def rule(left: str, fill: str, mid: str, right: str) -> Text:
            return Text(left + mid.join(fill * (w + 2) for w in widths) + right + "\n")

        def line(cells: Sequence[Text], bar: str, style: str = "") -> Text:
            out = Text(bar)
            for k, (cell, w) in enumerate(zip(cells, widths)):
                pad = " " * (w - cell.cell_len)
                out.append(" ")
                if k == 0:
                    out.append_text(cell)
                    out.append(pad)
                else:
                    out.append(pad)
                    out.append_text(cell)
                out.append(" " + bar)
            if style:
                out.stylize(style, 1, len(out) - 1)
            return out + Text("\n")

        out = rule("┏", "━", "┳", "┓")
        for i in range(height):
            cells = [column[i] if i < len(column) else Text() for column in header]
            out += line(cells, "┃", TITLE)
        out += rule("┡", "━", "╇", "┩")
        for r, row in enumerate(self.rows):
            if r == self.section and r:
                out += rule("├", "─", "┼", "┤")
            out += line(row, "│")
        out += rule("└", "─", "┴", "┘")
        out.rstrip()
        out.no_wrap = True
        return out

    def __rich_console__(
        self, console: Console, options: ConsoleOptions
    ) -> RenderResult:
        yield self.text()


def _folded(
    stub: Text,
    headers: Sequence[Text],
    rows: Sequence[tuple[Text, Sequence[Text]]],
    section: int,
    width: int,
) -> list[_Grid]:
    """Tables with a stub column and as many data columns as fit in ``width``.

    ``section`` is the number of rows above the separating line.
    """
    stub_width = max([_width(stub)] + [_width(label) for label, _ in rows]) + 3
    widths = [
        max([_width(h)] + [_width(cells[k]) for _, cells in rows]) + 3
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
    return [
        _Grid(
            [stub, *(headers[k] for k in chunk)],
            [[label, *(cells[k] for k in chunk)] for label, cells in rows],
            section,
        )
        for chunk in chunks
    ]


def _axis_header(step: AxisStep) -> Text:
    return Text(f"{step.axis}\n({step.position})")


def _stub(lang: str) -> Text:
    return Text(f"{say('col_axis', lang)}\n{say('col_position', lang)}")


def _label(e: Explanation, i: int, shapes: Sequence[Dims]) -> Text:
    name = e.names[i]
    if max((len(s) for s in shapes), default=0) <= LABEL_SHAPES_UP_TO:
        return Text(f"{name} {format_shape(shapes[i])}")
    return Text(name)


def _axes_tables(
    e: Explanation, shapes: Sequence[Dims], lang: str, width: int
) -> tuple[list[_Grid], bool]:
    """The per-axis tables (folded) and whether verdicts were written short."""
    ordered = list(reversed(e.axes))  # left to right, as shapes are written
    short = len(ordered) >= SHORT_VERDICTS_FROM
    headers = [_axis_header(s) for s in ordered]
    rows: list[tuple[Text, Sequence[Text]]] = []
    for i in range(len(shapes)):
        label = _label(e, i, shapes)
        if e.target is not None and i == 1:
            label = Text(f"{say('row_target', lang)} {format_shape(e.target)}")
        rows.append((label, [_cell(s, i) for s in ordered]))
    section = len(rows)
    if e.target is None:
        rows.append(
            (Text(say("row_result", lang), "bold"), [_result_cell(s) for s in ordered])
        )
    rows.append(
        (
            Text(say("row_verdict", lang)),
            [_verdict_cell(s, short, lang) for s in ordered],
        )
    )
    return _folded(_stub(lang), headers, rows, section, width), short


def _legend(e: Explanation, lang: str, short: bool) -> list[str]:
    """What the marks in the table mean: only the marks it uses."""
    steps = e.axes
    keys = []
    if any(i not in s.conflicting for s in steps for i in s.padded):
        keys.append("legend_padded")
    if any(s.stretched for s in steps):
        keys.append("legend_stretched")
    if any(s.verdict == CONFLICT for s in steps):
        keys.append("legend_conflict")
    if any(d is None for s in steps for d in s.sizes):
        keys.append("legend_unknown")
    if short:
        keys += ["legend_equal_short", "legend_stretch_short"]
        if any(s.verdict == CONDITIONAL for s in steps):
            keys.append("legend_conditional_short")
    return [say(k, lang) for k in keys]


def _legend_text(items: Sequence[str], width: int) -> list[RenderableType]:
    """The legend on one line if it fits, else one item a line."""
    line = "   ".join(items)
    if not items:
        return []
    if Text(line).cell_len <= width:
        return [Text(line, NOTE)]
    return [Text(item, NOTE) for item in items]


# -- the steps ----------------------------------------------------------------------


def _sizes(step: AxisStep, lang: str) -> str:
    return join(
        [
            "(1)" if i in step.padded else catalog.size(d)
            for i, d in enumerate(step.sizes)
        ],
        lang,
    )


def _where(run: Sequence[AxisStep], lang: str) -> str:
    """``Axis -1 (3)`` or ``Axes -4 to -2 (0 to 2)`` for a run of steps, right to left."""
    if len(run) == 1:
        return say("where_one", lang, axis=run[0].axis, position=run[0].position)
    first, last = run[-1], run[0]
    return say(
        "where_run",
        lang,
        first=first.axis,
        last=last.axis,
        pfirst=first.position,
        plast=last.position,
    )


def _axis_sentences(e: Explanation, lang: str) -> list[str]:
    """One sentence per axis, right to left; neighbours that read alike share one."""
    names = e.names
    conditions = (
        {} if e.broadcast is None else {c.axis: c for c in e.broadcast.conditions}
    )
    said: list[tuple[object, str, dict[str, object], list[AxisStep]]] = []
    for s in e.axes:
        size = catalog.size(s.size)
        fields: dict[str, object]
        if s.verdict == EQUAL:
            kind: object = EQUAL
            key, fields = "step_equal", {"size": size}
        elif s.verdict == CONFLICT and e.target is not None and 1 in s.padded:
            kind = (s.axis,)  # never merged
            key = "step_target_extra"
            fields = {
                "axis": s.axis,
                "name": names[0],
                "size": catalog.size(s.sizes[0]),
            }
        elif s.verdict == CONFLICT and e.target is not None:
            kind = (s.axis,)
            key = "step_target_conflict"
            d, target = catalog.size(s.sizes[0]), catalog.size(s.sizes[1])
            fields = {"name": names[0], "size": d, "target": target}
        elif s.verdict == CONFLICT:
            kind = (s.axis,)
            key, fields = "step_conflict", {"has": catalog.has(s, e.names, lang)}
        elif s.verdict == CONDITIONAL:
            c = conditions.get(s.axis)
            text = "" if c is None else catalog.condition(c, names, lang)
            kind = (s.axis,)
            key = "step_conditional"
            fields = {"sizes": _sizes(s, lang), "size": size, "condition": text}
        else:
            who = join([names[i] for i in s.stretched], lang)
            key = "step_stretch"
            fields = {"sizes": _sizes(s, lang), "size": size, "who": who}
            kind = (key, tuple(sorted(fields.items())))
        if said and said[-1][0] == kind and (kind == EQUAL or said[-1][2] == fields):
            said[-1][3].append(s)
        else:
            said.append((kind, key, fields, [s]))
    out = []
    for kind, key, fields, run in said:
        if kind == EQUAL and len(run) > 1:
            key = "step_equal_run"
        out.append(say(key, lang, where=_where(run, lang), **fields))
    return out


def _steps(e: Explanation, shapes: Sequence[Dims], lang: str) -> list[str]:
    """Numbered steps for elementwise broadcasting (or a gufunc's loop axes)."""
    steps = [
        say("step_align", lang, shapes=join([_shape(s, lang) for s in shapes], lang))
    ]
    ndim = len(e.axes)
    padded = [
        say(
            "padded_item",
            lang,
            name=e.names[i],
            shape=_shape(s, lang),
            padded=_shape((1,) * (ndim - len(s)) + tuple(s), lang),
        )
        for i, s in enumerate(shapes)
        if len(s) < ndim and not (e.target is not None and i == 1)
    ]
    if padded:
        steps.append(
            say(
                "step_pad",
                lang,
                axes=catalog.axes(ndim, lang),
                padded=join(padded, lang),
            )
        )
    elif len(shapes) > 1 and e.target is None:
        steps.append(say("step_nopad", lang, axes=catalog.axes(ndim, lang)))
    if e.target is not None:
        steps.append(say("step_target_rule", lang))
    steps += _axis_sentences(e, lang)
    if e.conflicts:
        steps.append(say("step_no_result", lang, axes=_axes_list(e.conflicts, lang)))
    elif e.target is None and e.broadcast is not None and e.broadcast.shape is not None:
        steps.append(say("step_result", lang, shape=_shape(e.broadcast.shape, lang)))
    return steps


class _Items:
    """Lines with a mark in front (``1.``, ``⚠``) and a hanging indent.

    A light stand-in for a two-column grid: wrapping a few sentences this way
    costs a fraction of laying out a rich Table, and ``bcast explain`` should
    start about as fast as rich itself.
    """

    def __init__(self, items: Sequence[tuple[str, Text]]) -> None:
        self.items = items

    def __rich_console__(
        self, console: Console, options: ConsoleOptions
    ) -> RenderResult:
        width = max((cell_len(mark) for mark, _ in self.items), default=0)
        indent = width + 1 if width else 0  # no marks: a plain paragraph
        room = max(options.max_width - indent, 10)
        lines: list[Text] = []
        for mark, body in self.items:
            lead = " " * (width - cell_len(mark)) + mark + " " if width else ""
            for k, line in enumerate(body.wrap(console, room)):
                line.rstrip()  # wrapped lines end without a trailing space
                lines.append(Text(lead if k == 0 else " " * indent, body.style) + line)
        yield Text("\n").join(lines)


def _numbered(lines: Sequence[str]) -> _Items:
    return _Items([(f"{k}.", Text(line)) for k, line in enumerate(lines, 1)])


# -- verdicts -----------------------------------------------------------------------


def _verdict(e: Explanation, lang: str) -> Text:
    names = e.names
    if e.target is not None:
        shape, target = e.shapes
        base = {
            "name": names[0],
            "shape": _shape(shape, lang),
            "target": _shape(target, lang),
        }
        if e.compatible:
            return Text(say("verdict_to_ok", lang, **base), GOOD)
        if len(shape) > len(target):
            return Text(
                say(
                    "verdict_to_extra", lang, **base, ndim=len(shape), tndim=len(target)
                ),
                BAD,
            )
        s = e.conflicts[0]
        size, tsize = catalog.size(s.sizes[0]), catalog.size(s.sizes[1])
        return Text(
            say("verdict_to_bad", lang, **base, axis=s.axis, size=size, tsize=tsize),
            BAD,
        )
    b = e.broadcast
    assert b is not None
    if b.shape is not None:
        result = _shape(b.shape, lang)
        if b.conditions:
            conditions = join(
                [catalog.condition(c, names, lang) for c in b.conditions], lang
            )
            return Text(
                say("verdict_ok_if", lang, conditions=conditions, shape=result), GOOD
            )
        return Text(say("verdict_ok", lang, shape=result), GOOD)
    first, *more = e.conflicts
    text = say(
        "verdict_bad",
        lang,
        axis=first.axis,
        position=first.position,
        has=catalog.has(first, e.names, lang),
    )
    if more:
        text += say("verdict_more", lang, axes=_axes_list(more, lang))
    return Text(text, BAD)


# -- fixes, warnings, values --------------------------------------------------------


def _fix_text(e: Explanation, f: Fix, lang: str) -> str:
    name = e.names[f.operand]
    shape = _shape(f.shape, lang)
    result = "?" if f.result is None else _shape(f.result, lang)
    if f.kind == "keepdims":
        assert f.source is not None
        return say(
            "fix_keepdims",
            lang,
            name=name,
            source=e.names[f.source],
            axis=f.axis,
            shape=shape,
            result=result,
        )
    key = "fix_output" if e.gufunc is not None else "fix_result"
    text = say(key, lang, name=name, shape=shape, result=result)
    return say("fix_line", lang, kind=say(f"kind_{f.kind}", lang), text=text)


def _fixes(e: Explanation, lang: str) -> list[RenderableType]:
    if e.compatible:
        return []
    if not e.fixes:
        if e.reading is not None and not e.reading.complete:
            return [Text(), Text(say("why_no_fixes", lang))]
        g = e.gufunc
        if g is not None and g.failure is not None and g.failure.kind == "arity":
            return []
        if len(e.conflicts) > 1:
            text = say("fix_none_axes", lang, axes=_axes_list(e.conflicts, lang))
        else:
            text = say("fix_none", lang)
        return [Text(), Text(text)]
    items = []
    for k, f in enumerate(e.fixes, 1):
        line = Text(f.code, CODE) + Text("  " + _fix_text(e, f, lang))
        if f.alternatives:
            line += Text(
                "\n" + say("fix_also", lang, codes=", ".join(f.alternatives)), NOTE
            )
        items.append((f"{k}.", line))
    grid = _Items(items)
    return [Text(), Text(say("fixes_title", lang), TITLE), grid]


def _warnings(e: Explanation, lang: str) -> list[RenderableType]:
    if not e.warnings:
        return []
    grid = _Items([("⚠", Text(warning_text(e, w, lang), WARNING)) for w in e.warnings])
    return [Text(), Text(say("warnings_title", lang), TITLE), grid]


def _array_lines(a: Any) -> list[str]:
    """A nested list as NumPy prints an array: ``[[1 2]`` / `` [3 4]]``."""
    flat: list[str] = []

    def walk(x: Any) -> None:
        if isinstance(x, list):
            for y in x:
                walk(y)
        else:
            flat.append(str(x))

    walk(a)
    width = max(map(len, flat), default=0)

    def lines(x: Any) -> list[str]:
        if not isinstance(x, list):
            return [str(x).rjust(width)]
        if not x or not isinstance(x[0], list):
            return ["[" + " ".join(str(y).rjust(width) for y in x) + "]"]
        out: list[str] = []
        for k, sub in enumerate(x):
            inner = lines(sub)
            if k and isinstance(sub, list) and sub and isinstance(sub[0], list):
                out.append("")
            out.extend(inner)
        out = [
            ("[" if k == 0 else " ") + line if line else ""
            for k, line in enumerate(out)
        ]
        out[-1] += "]"
        return out

    return lines(a)


def _values(e: Explanation, lang: str) -> list[RenderableType]:
    v = e.values
    if v is None:
        return []
    if not v.fits:
        return [Text(), Text(say("values_skip", lang), NOTE)]
    from rich.columns import Columns

    def block(title: str, array: Any) -> Text:
        return Text(title + "\n", "bold") + Text("\n".join(_array_lines(array)))

    blocks = [block(_operand(e, i, lang), a) for i, a in enumerate(v.arrays)]
    result = e.result
    if v.stretched is not None and result is not None:
        shape = format_shape(result)
        blocks += [
            block(say("values_stretched", lang, name=e.names[i], shape=shape), a)
            for i, a in enumerate(v.stretched)
        ]
        blocks.append(
            block(" + ".join(e.names) + f" ({say('values_sum', lang)})", v.total)
        )
    parts: list[RenderableType] = [
        Text(),
        Text(say("values_title", lang), TITLE),
        Columns(blocks, padding=(1, 3)),
    ]
    if v.stretched is None:
        parts.append(Text(say("values_conflict", lang), NOTE))
    return parts


# -- gufunc signatures --------------------------------------------------------------


def _signature_parts(e: Explanation, lang: str, width: int) -> list[RenderableType]:
    g = e.gufunc
    assert g is not None
    sig = g.signature
    names = e.names
    f = g.failure
    if f is not None and f.kind in ("arity", "ndim"):
        if f.kind == "arity":
            text = say(
                "verdict_sig_arity",
                lang,
                signature=str(sig),
                nin=sig.nin,
                n=len(e.shapes),
            )
        else:
            assert f.operand is not None
            i = f.operand
            core = ",".join(map(str, sig.inputs[i]))
            need = len(sig.inputs[i]) - sum(
                1 for d in sig.inputs[i] if d.name in g.missing
            )
            text = say(
                "verdict_sig_ndim",
                lang,
                name=names[i],
                shape=_shape(e.shapes[i], lang),
                core=core,
                need=need,
            )
        return [Text(text, BAD)]

    loops = [s[: len(s) - len(c)] for s, c in zip(e.shapes, g.core)]
    core_shapes = [s[len(s) - len(c) :] for s, c in zip(e.shapes, g.core)]
    parts: list[RenderableType] = []
    steps = [
        say(
            "step_split",
            lang,
            parts=join(
                [
                    say(
                        "split_item",
                        lang,
                        name=names[i],
                        loop=format_shape(loops[i]),
                        core=format_shape(core_shapes[i]),
                    )
                    for i in range(len(e.shapes))
                ],
                lang,
            ),
        )
    ]
    loop = e.broadcast
    short = False
    if loop is not None and e.axes:
        parts.append(Text(say("loop_title", lang), TITLE))
        tables, short = _axes_tables(e, loops, lang, width)
        parts += tables
        if loop.shape is not None:
            steps.append(say("step_loop", lang, shape=_shape(loop.shape, lang)))
        else:
            steps.append(
                say("step_loop_conflict", lang, axes=_axes_list(e.conflicts, lang))
            )
    else:
        steps.append(say("step_loop_none", lang))

    # core dimensions: one column per name, one row per operand
    dims: list[str] = []
    for arg in sig.inputs + sig.outputs:
        for d in arg:
            if d.name not in dims:
                dims.append(d.name)
    used: list[dict[str, Dim]] = []
    for i, arg in enumerate(sig.inputs):
        present = [d for d in arg if d.name not in g.missing]
        used.append({d.name: size for d, size in zip(present, g.core[i])})
    bound = dict(g.bindings)
    bad_dim = f.dimension if f is not None and f.kind == "core" else None
    bad_ops = set(f.operands) if f is not None and f.kind == "core" else set()
    rows: list[tuple[Text, Sequence[Text]]] = []
    for i, arg in enumerate(sig.inputs):
        cells = []
        names_here = {d.name for d in arg}
        for dim in dims:
            if dim in g.missing and dim in names_here:
                cells.append(Text(say("core_missing", lang), PADDED))
            elif dim not in used[i]:
                cells.append(Text("–", PADDED))
            elif dim == bad_dim and i in bad_ops:
                cells.append(Text(f"{catalog.size(used[i][dim])} ✗", CONFLICTING))
            else:
                bound_size = used[i][dim]
                style = SYMBOLIC if type(bound_size) is not int else ""
                cells.append(Text(catalog.size(bound_size), style))
        rows.append((Text(f"{names[i]} {format_shape(core_shapes[i])}"), cells))
    bound_cells = []
    for dim in dims:
        if dim == bad_dim:
            bound_cells.append(Text("✗", CONFLICTING))
        elif dim in g.missing:
            bound_cells.append(Text("–", PADDED))
        else:
            value = bound.get(dim, int(dim) if dim.isdecimal() else None)
            bound_cells.append(Text(catalog.size(value), "bold"))
    rows.append((Text(say("row_bound", lang), "bold"), bound_cells))
    parts.append(Text(say("core_title", lang), TITLE))
    parts += _folded(
        Text(say("col_core", lang)),
        [Text(d) for d in dims],
        rows,
        len(sig.inputs),
        width,
    )
    legend = _legend(e, lang, short) if e.axes else []
    if any(cell.plain == "–" for _, cells in rows for cell in cells):
        legend.append(say("legend_missing", lang))
    parts += _legend_text(legend, width)

    # steps: loop axes (already above), bindings, missing, output
    if loop is not None and e.axes:
        steps[2:2] = _axis_sentences(e, lang)
    for dim in dims:
        if dim in g.missing:
            who = join(
                [
                    names[i]
                    for i, arg in enumerate(sig.inputs)
                    if any(d.name == dim for d in arg)
                ],
                lang,
            )
            steps.append(say("step_missing", lang, dim=dim, who=who))
            continue
        sizes = join(
            [
                say("in", lang, size=catalog.size(used[i][dim]), name=names[i])
                for i in range(len(used))
                if dim in used[i]
            ],
            lang,
        )
        if not sizes:
            continue
        if dim == bad_dim:
            steps.append(say("step_bind_conflict", lang, dim=dim, sizes=sizes))
        else:
            steps.append(
                say(
                    "step_bind",
                    lang,
                    dim=dim,
                    sizes=sizes,
                    size=catalog.size(bound.get(dim, dim)),
                )
            )
    if g.outputs is not None and loop is not None and loop.shape is not None:
        for out, arg in zip(g.outputs, sig.outputs):
            core = ", ".join(d.name for d in arg if d.name not in g.missing)
            steps.append(
                say(
                    "step_output",
                    lang,
                    loop=format_shape(loop.shape),
                    core=core,
                    shape=_shape(out, lang),
                )
            )
    parts += [Text(), Text(say("steps_title", lang), TITLE), _numbered(steps), Text()]

    # verdict
    if g.outputs is not None:
        if len(g.outputs) == 1:
            text = say("verdict_sig_ok", lang, shape=_shape(g.outputs[0], lang))
        else:
            text = say(
                "verdict_sig_ok_many",
                lang,
                shapes=join([_shape(o, lang) for o in g.outputs], lang),
            )
        parts.append(Text(text, GOOD))
    elif f is not None and f.kind == "core":
        assert f.dimension is not None
        y = f.operands[-1]
        b = catalog.size(f.sizes[-1])
        if len(f.operands) == 1:
            parts.append(
                Text(
                    say("verdict_sig_fixed", lang, dim=f.dimension, b=b, y=names[y]),
                    BAD,
                )
            )
        else:
            x = f.operands[0]
            a = catalog.size(f.sizes[0])
            parts.append(
                Text(
                    say(
                        "verdict_sig_core",
                        lang,
                        dim=f.dimension,
                        a=a,
                        x=names[x],
                        b=b,
                        y=names[y],
                    ),
                    BAD,
                )
            )
    else:
        parts.append(_verdict(e, lang))
    return parts


# -- the whole picture --------------------------------------------------------------


def _reading_parts(e: Explanation, lang: str) -> list[RenderableType]:
    r = e.reading
    assert r is not None
    lib = catalog.library(r.library)
    if r.function:
        head = say("why_from_function", lang, library=lib, function=r.function)
    else:
        head = say("why_from", lang, library=lib)
    parts: list[RenderableType] = [Text(head, TITLE), Text(r.message.strip(), "italic")]
    key = f"why_kind_{r.kind}"
    if catalog.known(key):
        parts.append(Text(say(key, lang), NOTE))
    if not e.shapes:
        parts.append(Text(say("why_no_shapes", lang), NOTE))
    elif not r.complete:
        parts.append(Text(say("why_incomplete", lang), NOTE))
        if any(d is None for shape in e.shapes for d in shape):
            parts.append(Text(say("why_unknown", lang), NOTE))
    if r.note and lang == "en" and not r.complete:
        parts.append(Text(r.note, NOTE))
    parts.append(Text())
    return parts


def _title(e: Explanation, lang: str) -> Text:
    if e.target is not None:
        text = say(
            "title_to",
            lang,
            operand=_operand(e, 0, lang),
            target=_shape(e.target, lang),
        )
    else:
        operands = join([_operand(e, i, lang) for i in range(len(e.shapes))], lang)
        if e.gufunc is not None:
            text = say(
                "title_signature",
                lang,
                operands=operands,
                signature=str(e.gufunc.signature),
            )
        else:
            text = say("title", lang, operands=operands)
    return Text(text, TITLE)


def _parts(e: Explanation, lang: str, width: int) -> list[RenderableType]:
    parts: list[RenderableType] = []
    if e.reading is not None:
        parts += _reading_parts(e, lang)
        if not e.shapes:
            return parts
    parts.append(_title(e, lang))
    if e.gufunc is not None:
        parts += _signature_parts(e, lang, width)
    else:
        if e.axes:
            tables, short = _axes_tables(e, e.shapes, lang, width)
            parts += tables
            parts += _legend_text(_legend(e, lang, short), width)
        parts += [
            Text(),
            Text(say("steps_title", lang), TITLE),
            _numbered(_steps(e, e.shapes, lang)),
            Text(),
            _verdict(e, lang),
        ]
    parts += _fixes(e, lang)
    parts += _warnings(e, lang)
    if e.gufunc is not None and e.values is not None:
        parts += [Text(), Text(say("values_signature", lang), NOTE)]
    else:
        parts += _values(e, lang)
    return parts


# -- training progress, for bcast.logreg.fit --------------------------------------------


class CostProgress:
    """A rich progress bar that shows the cost, for a ``with`` block.

    The bar shows the steps done out of ``total``, the latest cost and the
    time taken; it is drawn on stderr (or on ``console``), so a script's
    standard output stays clean.

    Parameters
    ----------
    total : int
        The number of steps expected.
    description : str, optional
        The label in front of the bar.
    console : rich.console.Console, optional
        Where to draw; a console on stderr by default.

    Examples
    --------
    >>> import io
    >>> from rich.console import Console
    >>> console = Console(record=True, width=80, color_system=None, file=io.StringIO())
    >>> with CostProgress(3, description="gd", console=console) as bar:
    ...     for J in (0.69, 0.5, 0.4):
    ...         bar.advance(J)
    >>> text = console.export_text()
    >>> "gd" in text and "3/3" in text and "cost 0.400000" in text
    True
    """

    def __init__(
        self,
        total: int,
        *,
        description: str = "training",
        console: Console | None = None,
    ) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("cost {task.fields[cost]}"),
            TimeElapsedColumn(),
            console=console if console is not None else Console(stderr=True),
        )
        self._task = self._progress.add_task(description, total=total, cost="-")
        self._done = 0

    def __enter__(self) -> CostProgress:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def advance(self, cost: float) -> None:
        """One step done; ``cost`` is its cost."""
        self._done += 1
        self._progress.update(self._task, advance=1, cost=f"{cost:.6f}")

    def finish(self) -> None:
        """Training stopped: the steps done are the total (Newton stops early)."""
        self._progress.update(self._task, total=self._done, completed=self._done)


def cost_curve(
    costs: Sequence[float],
    *,
    width: int = 60,
    height: int = 12,
    log_x: bool = False,
    label: str = "cost",
) -> str:
    """The cost history as a text picture, one column of ``█`` per sampled step.

    The ``width`` columns sample the iterations evenly from the first to the
    last — on a log scale with ``log_x``, which shows the fast early fall of
    gradient descent — each as high as its cost between the smallest and the
    largest cost.  The labels give both costs and the first and last
    iteration.

    Parameters
    ----------
    costs : sequence of float
        One cost per iteration.
    width, height : int, optional
        The plot's size in characters (the labels add some).
    log_x : bool, optional
        Sample the iterations on a log scale.
    label : str, optional
        What is plotted.

    Returns
    -------
    str
        Lines joined by newlines.

    Examples
    --------
    >>> print(cost_curve([4.0, 2.0, 1.0, 0.5], width=4, height=4))
    cost 4 ┤█
           │█
           │██
    0.5    ┤████
           └────
            1  4
    """
    if not costs:
        return f"{label}: no iterations"
    if width < 2 or height < 2:
        raise ValueError(f"cost_curve(width={width}, height={height}): at least 2 by 2")
    n = len(costs)
    width = min(width, n)
    if width == 1:
        steps = [0]
    elif log_x:
        steps = [round(n ** (k / (width - 1))) - 1 for k in range(width)]
    else:
        steps = [round(k * (n - 1) / (width - 1)) for k in range(width)]
    top, bottom = max(costs), min(costs)
    span = top - bottom
    levels = [
        height if span == 0 else 1 + round((costs[i] - bottom) / span * (height - 1))
        for i in steps
    ]
    high, low = f"{label} {top:.4g}", f"{bottom:.4g}"
    pad = max(len(high), len(low))
    lines = []
    for row in range(height, 0, -1):
        name = high if row == height else low if row == 1 else ""
        bars = "".join("█" if level >= row else " " for level in levels).rstrip()
        lines.append(f"{name:<{pad}} {'┤' if name else '│'}{bars}")
    lines.append(" " * pad + " └" + "─" * width)
    first, last = "1", str(n)
    scale = " (log scale)" if log_x else ""
    lines.append(" " * pad + "  " + first + last.rjust(width - len(first)) + scale)
    return "\n".join(lines)
