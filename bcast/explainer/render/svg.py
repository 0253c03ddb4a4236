"""The course's figure as SVG: arrays as grids of numbers, copied along the
stretched axes.

:func:`to_svg` draws an explanation: each operand as given (a 1-D array as a
row, 2-D as a grid, 3-D as grids stacked), each operand stretched to the
result's shape — the copies faded, padded axes marked — and the result; on a
conflict, the operands aligned with the clashing axis highlighted.  The
values are the arrays' own when arrays were given (``bcast.explain(X, mu)``),
example values otherwise, and the picture says which.  Axes longer than 6 are
elided with ``…``, so ``(20, 1000)`` draws.  :func:`product_svg` draws a
matrix product as ``(n, k)·(k, m)``, the inner axes aligned.

Every piece of text is its own ``<text>`` placed at its cell's centre
(``text-anchor="middle"``), in a font stack that covers Chinese, so nothing
depends on a monospace CJK font lining up.  Plain string building, escaped;
no rich, no dependency.
"""

from __future__ import annotations

from html import escape

from bcast.core.shapes import format_shape
from bcast.explainer.explanation import copied_axes, example_values, shown
from bcast.explainer.render.text import cell_width
from bcast.explainer.words import phrasing
from bcast.explainer.words.catalog import say

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any

    from bcast.explainer.explanation import ExplanationRecord as Explanation
    from bcast.explainer.products import Product

__all__ = ["FONTS", "page", "product_svg", "to_svg"]

FONTS = (
    "'DejaVu Sans', 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', "
    "'WenQuanYi Micro Hei', 'PingFang SC', 'Microsoft YaHei', sans-serif"
)
"""A proportional font stack that covers Chinese: text is placed per cell,
so no glyph needs a fixed advance."""
FONT = 13
CELL_H = 26
MIN_CELL_W = 40
GAP = 32
MARGIN = 16
LINE = 22
LAYER_GAP = 22

_STYLE = (
    ".bc-cell{fill:#fff;stroke:#444;stroke-width:1}"
    ".bc-copy{opacity:.3}"
    ".bc-result .bc-cell{fill:#eef6ee}"
    ".bc-shape-only{fill:#f4f4f4}"
    ".bc-clash{fill:#d62728}"
    ".bc-inner{fill:#1f77b4}"
    ".bc-title{font-weight:bold}"
    ".bc-note{fill:#555}"
    ".bc-padded{fill:#777;font-style:italic}"
    ".bc-bad{fill:#d62728}"
)


def _text_width(text: str) -> float:
    """A generous estimate of ``text``'s width in pixels (wide glyphs count
    twice), so that labels are given room and never run into each other."""
    return cell_width(text) * FONT * 0.66


def _fmt(v: Any) -> str:
    if isinstance(v, str):
        return v
    if isinstance(v, float):
        return f"{v:.4g}"
    return str(v)


def _data(data: dict[str, object]) -> str:
    return "".join(f' data-{k}="{escape(str(v))}"' for k, v in data.items())


class _Canvas:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.width = 0.0
        self.height = 0.0

    def _grow(self, x: float, y: float) -> None:
        self.width = max(self.width, x)
        self.height = max(self.height, y)

    def rect(
        self, x: float, y: float, w: float, h: float, cls: str, **data: object
    ) -> None:
        extra = _data(data)
        self.parts.append(
            f'<rect class="{cls}" x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}"{extra}/>'
        )
        self._grow(x + w, y + h)

    def text(
        self,
        x: float,
        y: float,
        s: str,
        cls: str = "",
        anchor: str = "middle",
        **data: object,
    ) -> None:
        extra = _data(data)
        c = f' class="{cls}"' if cls else ""
        self.parts.append(
            f'<text{c} x="{x:g}" y="{y:g}" text-anchor="{anchor}" '
            f'dominant-baseline="central"{extra}>{escape(s)}</text>'
        )
        w = _text_width(s)
        self._grow(x + (w if anchor == "start" else w / 2), y + FONT)

    def line(self, x: float, y: float, s: str, cls: str = "") -> None:
        """A label at the left, starting at ``x``."""
        self.text(x, y, s, cls, anchor="start")

    def open(self, cls: str, **data: object) -> None:
        extra = _data(data)
        self.parts.append(f'<g class="{cls}"{extra}>')

    def close(self) -> None:
        self.parts.append("</g>")

    def svg(self, title: str) -> str:
        w, h = self.width + MARGIN, self.height + MARGIN
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{w:g}" height="{h:g}" '
            f'viewBox="0 0 {w:g} {h:g}" font-family="{escape(FONTS)}" '
            f'font-size="{FONT}" role="img" aria-label="{escape(title)}">'
            f"<title>{escape(title)}</title><style>{_STYLE}</style>"
            f'<rect x="0" y="0" width="{w:g}" height="{h:g}" fill="#fff"/>'
            + "".join(self.parts)
            + "</svg>"
        )


class _Grid:
    """An array of rank at most 3 laid out as cells: which indices show,
    and where."""

    def __init__(self, shape: Sequence[int], cell_w: float) -> None:
        self.rank = len(shape)
        full = (1,) * (3 - self.rank) + tuple(shape)
        self.layers, self.rows, self.cols = (shown(n) for n in full)
        self.cell_w = cell_w
        layer_h = len(self.rows) * CELL_H
        self.layer_step = layer_h + (LAYER_GAP if self.rank == 3 else 0)
        self.width = len(self.cols) * cell_w
        self.height = len(self.layers) * self.layer_step

    def draw(
        self,
        c: _Canvas,
        x: float,
        y: float,
        value: Callable[[tuple[int, ...]], Any],
        cls: Callable[[tuple[int, ...]], str],
        lang: str,
    ) -> None:
        for li, layer in enumerate(self.layers):
            top = y + li * self.layer_step + (LAYER_GAP if self.rank == 3 else 0)
            if self.rank == 3:
                label = "⋮" if layer is None else say("picture_layer", lang, k=layer)
                c.line(x, top - LAYER_GAP / 2, label, "bc-note")
            if layer is None:
                continue
            for ri, row in enumerate(self.rows):
                for ci, col in enumerate(self.cols):
                    cx = x + ci * self.cell_w
                    cy = top + ri * CELL_H
                    if row is None or col is None:
                        mark = "⋮" if row is None and col is not None else "…"
                        c.text(cx + self.cell_w / 2, cy + CELL_H / 2, mark, "bc-elided")
                        continue
                    idx = (layer, row, col)[3 - self.rank :]
                    at = ",".join(map(str, idx))
                    c.rect(cx, cy, self.cell_w, CELL_H, cls(idx), index=at)
                    c.text(cx + self.cell_w / 2, cy + CELL_H / 2, _fmt(value(idx)))


def _lookup(nested: Any, shape: Sequence[int]) -> Callable[[tuple[int, ...]], Any]:
    """The value at an index of ``nested`` (laid out by :func:`shown`)."""
    if nested is None:
        return lambda idx: ""
    where = [{i: p for p, i in enumerate(shown(n)) if i is not None} for n in shape]

    def at(idx: tuple[int, ...]) -> Any:
        v = nested
        for k, i in enumerate(idx):
            if isinstance(v, str):
                return v
            v = v[where[k][i]]
        return v

    return at


def _cell_w(arrays: Sequence[Any]) -> float:
    widest = 0

    def walk(x: Any) -> None:
        nonlocal widest
        if isinstance(x, list):
            for y in x:
                walk(y)
        elif x is not None:
            widest = max(widest, cell_width(_fmt(x)))

    for a in arrays:
        walk(a)
    return max(MIN_CELL_W, widest * FONT * 0.66 + 12)


def _row(
    c: _Canvas,
    y: float,
    panels: Sequence[
        tuple[
            str, Sequence[int], Callable[..., Any], Callable[..., str], str, list[str]
        ]
    ],
    cell_w: float,
    lang: str,
) -> float:
    """Panels side by side, each a label above a grid (and notes below);
    returns the y below the tallest."""
    x: float = MARGIN
    bottom = y
    for label, shape, value, cls, group, notes in panels:
        g = _Grid(shape, cell_w)
        c.open(group)
        c.line(x, y + LINE / 2, label, "bc-label")
        g.draw(c, x, y + LINE, value, cls, lang)
        ny = y + LINE + g.height + LINE * 0.8
        for note in notes:
            c.line(x, ny, note, "bc-padded")
            ny += LINE
        c.close()
        width = max([g.width, _text_width(label), *map(_text_width, notes)])
        x += width + GAP
        bottom = max(bottom, ny)
    return bottom + LINE / 2


def to_svg(e: Explanation, lang: str | None = None) -> str:
    """``e`` as the course draws it, an SVG document (a string).

    >>> from bcast.explainer.explanation import explain_record
    >>> svg = to_svg(explain_record((3, 1), (1, 4)))
    >>> svg.startswith("<svg") and svg.count('class="bc-cell bc-copy"') == 17
    True
    """
    lang = lang or e.lang
    c = _Canvas()
    title = phrasing.title(e, lang)
    c.line(MARGIN, MARGIN + FONT / 2, title, "bc-title")
    y = MARGIN + LINE * 1.5
    v = e.values if e.values is not None and e.values.fits else example_values(e)
    result = e.result
    r = max((len(s) for s in e.shapes), default=0)
    if not v.fits or r > 3 or (result is not None and len(result) > 3):
        c.line(MARGIN, y, say("picture_no_values", lang), "bc-note")
        return c.svg(title)
    c.line(
        MARGIN,
        y,
        say("picture_example" if v.example else "picture_real", lang),
        "bc-note",
    )
    y += LINE
    shapes: list[tuple[int, ...]] = list(e.shapes)  # type: ignore[arg-type]
    cell_w = _cell_w([*v.arrays, *(v.stretched or ()), v.total])
    clashes = {} if e.compatible else _clashes(e, r)
    given = []
    for i, s in enumerate(shapes):
        shape = s if result is not None else (1,) * (r - len(s)) + s
        notes = (
            [say("picture_shape_only", lang, name=e.names[i])]
            if v.arrays[i] is None
            else []
        )
        for axis, sizes in clashes.get(i, ()):
            notes.append(say("picture_clash", lang, axis=axis, sizes=sizes))
        given.append(
            (
                phrasing.operand(e, i, lang),
                shape,
                _lookup(v.arrays[i], s),
                _given_class(v.arrays[i] is None),
                "bc-operand bc-given",
                notes,
            )
        )
    c.line(MARGIN, y + LINE / 2, say("picture_given", lang), "bc-title")
    y += LINE
    top = y
    y = _row(
        c, y, given if result is not None else _padded(given, shapes, r), cell_w, lang
    )
    if clashes:
        _mark_clashes(c, top, shapes, clashes, cell_w, r, e, lang)
    if result is None or v.stretched is None:
        text, _good = phrasing.verdict(e, lang, brief=True)
        c.line(MARGIN, y, text, "bc-bad")
        return c.svg(title)
    res: tuple[int, ...] = tuple(result)  # type: ignore[arg-type]
    c.line(
        MARGIN,
        y + LINE / 2,
        say("picture_stretched", lang, shape=format_shape(res)),
        "bc-title",
    )
    y += LINE
    panels = []
    for i, s in enumerate(shapes):
        stretched = copied_axes(s, res)
        notes = [say("picture_padded", lang, axis=k) for k in range(len(res) - len(s))]
        panels.append(
            (
                e.names[i],
                res,
                _lookup(v.stretched[i], res),
                _copy_class(stretched, v.arrays[i] is None),
                "bc-operand bc-stretched",
                notes,
            )
        )
    y = _row(c, y, panels, cell_w, lang)
    key = "picture_result" if v.total is not None else "picture_result_shape"
    label = say(key, lang, shape=format_shape(res))
    _row(
        c,
        y,
        [(label, res, _lookup(v.total, res), lambda idx: "bc-cell", "bc-result", [])],
        cell_w,
        lang,
    )
    return c.svg(title)


def _padded(panels: list[Any], shapes: Sequence[tuple[int, ...]], r: int) -> list[Any]:
    out = []
    for (label, shape, _value, cls, group, notes), s, nested in zip(
        panels, shapes, [p[2] for p in panels]
    ):
        pad = r - len(s)

        def value(
            idx: tuple[int, ...], _at: Callable[..., Any] = nested, _pad: int = pad
        ) -> Any:
            return _at(idx[_pad:])

        out.append((label, shape, value, cls, group, notes))
    return out


def _given_class(shape_only: bool) -> Callable[[tuple[int, ...]], str]:
    cls = "bc-cell bc-shape-only" if shape_only else "bc-cell"
    return lambda idx: cls


def _copy_class(
    stretched: Sequence[int], shape_only: bool
) -> Callable[[tuple[int, ...]], str]:
    base = "bc-cell bc-shape-only" if shape_only else "bc-cell"

    def cls(idx: tuple[int, ...]) -> str:
        return base + " bc-copy" if any(idx[k] != 0 for k in stretched) else base

    return cls


def _clashes(e: Explanation, r: int) -> dict[int, list[tuple[int, str]]]:
    """For each operand in a conflict, the axes (negative) it clashes on,
    with the sizes."""
    out: dict[int, list[tuple[int, str]]] = {}
    for step in e.conflicts:
        sizes = " ≠ ".join(
            str(e.shapes[i][len(e.shapes[i]) + step.axis]) for i in step.conflicting
        )
        for i in step.conflicting:
            out.setdefault(i, []).append((step.axis, sizes))
    return out


def _mark_clashes(
    c: _Canvas,
    top: float,
    shapes: Sequence[tuple[int, ...]],
    clashes: dict[int, list[tuple[int, str]]],
    cell_w: float,
    r: int,
    e: Explanation,
    lang: str,
) -> None:
    """A red band along each clashing axis of each operand's grid."""
    x: float = MARGIN
    for i, s in enumerate(shapes):
        shape = (1,) * (r - len(s)) + s
        g = _Grid(shape, cell_w)
        gy = top + LINE
        for axis, _sizes in clashes.get(i, ()):
            d = 3 + axis  # the axis among (layers, rows, cols)
            if d == 2:
                c.rect(
                    x, gy + g.height + 2, g.width, 4, "bc-clash", axis=axis, operand=i
                )
            else:
                c.rect(x - 7, gy, 4, g.height, "bc-clash", axis=axis, operand=i)
        label = phrasing.operand(e, i, lang)
        notes = [
            say("picture_clash", lang, axis=a, sizes=z) for a, z in clashes.get(i, ())
        ]
        x += max([g.width, _text_width(label), *map(_text_width, notes)]) + GAP


def product_svg(p: Product, lang: str | None = None) -> str:
    """A matrix product drawn as ``(n, k)·(k, m)``: the left operand's last
    axis along the right one's first, so the inner axes line up; the
    result below the right operand; the inner axes coloured (red on a
    mismatch).

    >>> from bcast.explainer.products import explain_product
    >>> svg = product_svg(explain_product((2, 3), (3, 4), op="dot"))
    >>> svg.count('class="bc-inner"')
    2
    """
    lang = lang or p.lang
    c = _Canvas()
    title = " · ".join(f"{n} {format_shape(s)}" for n, s in zip(p.names, p.shapes))
    c.line(MARGIN, MARGIN + FONT / 2, title, "bc-title")
    a, b = (tuple(s)[-2:] for s in p.shapes[:2])
    known = all(type(d) is int for d in (*a, *b))
    if not known or len(p.shapes) != 2:
        return c.svg(title)
    ia: tuple[int, ...] = a  # type: ignore[assignment]
    ib: tuple[int, ...] = b  # type: ignore[assignment]
    a2 = ia if len(ia) == 2 else (1, *ia)
    b2 = ib if len(ib) == 2 else (*ib, 1)
    ga, gb = _Grid(a2, MIN_CELL_W), _Grid(b2, MIN_CELL_W)
    left = MARGIN + LINE
    ax, top = left, MARGIN + LINE * 2 + gb.height + LINE
    bx, by = ax + ga.width + GAP, MARGIN + LINE * 2

    def blank(idx: tuple[int, ...]) -> str:
        return ""

    def cell(idx: tuple[int, ...]) -> str:
        return "bc-cell"

    c.open("bc-operand", name=p.names[0])
    c.line(ax, top - LINE / 2, f"{p.names[0]} {format_shape(p.shapes[0])}", "bc-label")
    ga.draw(c, ax, top, blank, cell, lang)
    c.close()
    c.open("bc-operand", name=p.names[1])
    c.line(bx, by - LINE / 2, f"{p.names[1]} {format_shape(p.shapes[1])}", "bc-label")
    gb.draw(c, bx, by, blank, cell, lang)
    c.close()
    ok = a2[1] == b2[0]
    inner = "bc-inner" if ok else "bc-clash"
    c.rect(ax, top + ga.height + 3, ga.width, 4, inner, axis=-1, operand=0)
    c.rect(bx - 7, by, 4, gb.height, inner, axis=-2, operand=1)
    note = say("picture_inner", lang, left=a2[1], right=b2[0])
    c.line(MARGIN, top + ga.height + LINE, note, "" if ok else "bc-bad")
    result = p.result
    if ok and result is not None:
        gr = _Grid((a2[0], b2[1]), MIN_CELL_W)
        c.open("bc-result")
        gr.draw(c, bx, top, blank, cell, lang)
        c.close()
        label = say("picture_result_shape", lang, shape=format_shape(result))
        c.line(bx, top + gr.height + LINE * 2, label, "bc-label")
    return c.svg(title)


def page(body: str, lang: str) -> str:
    """An HTML fragment as a whole page (``--html FILE``).

    >>> page("<p>x</p>", "zh").startswith("<!DOCTYPE html>")
    True
    """
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-Hans" if lang == "zh" else "en"}">'
        '<head><meta charset="utf-8"><title>bcast</title></head>'
        f'<body style="font-family: {escape(FONTS)}">{body}</body></html>\n'
    )
