"""Pictures of explanations in colour, drawn with rich.

The layout — which lines, which marks, where they wrap — is
:mod:`bcast.explainer.render.text`'s (and, for matrix products,
:mod:`bcast.explainer.render.products`'), shared with the plain text of
``str()``; this module only gives each role of a segment (``"stretched"``,
``"conflict"``, ``"code"`` …) a rich style (:func:`picture`), and turns the
result into HTML for Jupyter (:func:`html`).  It is imported only when something is drawn in colour.
Functions here return renderables (or text made from them) and never print:
the command line and the caller print.

Colour carries meaning — stretched, padded, conflict — but every mark also
reads in plain text (``1→4``, ``(1)``, ``✗``), so nothing is lost without it.
"""

from __future__ import annotations

from functools import partial
from io import StringIO

from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text

from bcast.explainer.render.text import layout

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from rich.console import RenderableType

    from bcast.explainer.explanation import ExplanationRecord as Explanation
    from bcast.explainer.render.text import Line

__all__ = [
    "STYLES",
    "console",
    "figure",
    "html",
    "picture",
    "renderable",
    "styled",
    "to_html",
]

STYLES = {
    "": "",
    "title": "bold",
    "bold": "bold",
    "italic": "italic",
    "stretched": "yellow",
    "padded": "dim",
    "padded_stretched": "dim yellow",
    "conflict": "bold red",
    "symbolic": "magenta",
    "good": "bold green",
    "bad": "bold red",
    "code": "bold cyan",
    "warning": "yellow",
    "note": "dim",
}
"""The rich style of each role of :mod:`bcast.explainer.render.text`."""


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


def styled(lines: list[Line]) -> Text:
    """Lines of ``(text, role)`` segments as one rich Text, never re-wrapped."""
    out = Text(no_wrap=True, end="\n")
    for k, line in enumerate(lines):
        if k:
            out.append("\n")
        for text, role in line:
            out.append(text, STYLES[role] or None)
    out.rstrip()
    return out


def renderable(
    e: Explanation, lang: str | None = None, *, brief: bool = False
) -> RenderableType:
    """The picture of ``e``: title, table, steps, verdict, fixes, warnings
    (``brief``: the compact picture, table, verdict and best fix).

    Laid out at the width rich offers, so 64 axes stay readable at 80 columns.

    Examples
    --------
    >>> from io import StringIO
    >>> from bcast.explainer.explanation import explain_record
    >>> c = console(width=80, color=False, file=StringIO(), record=True)
    >>> c.print(renderable(explain_record((3, 1), (1, 4))))
    >>> "✓ Compatible: the result has shape (3, 4)." in c.export_text()
    True
    """
    return picture(partial(layout, e, lang=lang or e.lang, brief=brief))


def picture(lay: Callable[[int], list[Line]]) -> RenderableType:
    """A layout drawn in colour: ``lay(width)`` gives the lines of segments
    at the width rich offers, :func:`styled` their colours.

    >>> from io import StringIO
    >>> c = console(width=40, color=False, file=StringIO(), record=True)
    >>> c.print(picture(lambda width: [[("-" * width, "note")]]))
    >>> len(c.export_text().rstrip())
    40
    """
    return _Picture(lay)


_HTML = (
    "<pre style=\"font-family: Menlo, 'DejaVu Sans Mono', consolas, "
    "'Courier New', monospace; line-height: 1.2\">{code}</pre>"
)


def to_html(
    e: Explanation, width: int = 100, lang: str | None = None, *, brief: bool = False
) -> str:
    """``e`` as an HTML fragment with inline styles, for Jupyter.

    ``brief`` gives the compact picture with the full one folded in a
    ``<details>`` element below it, for notebooks' error cells.

    Examples
    --------
    >>> from bcast.explainer.explanation import explain_record
    >>> to_html(explain_record((3, 1), (1, 4))).startswith("<pre")
    True
    >>> to_html(explain_record((3, 1), (1, 4))).count("<svg")  # the grid picture
    1
    >>> "<details>" in to_html(explain_record((3, 4), (3,)), brief=True)
    True
    """
    if brief:
        from html import escape

        from bcast.explainer.words.catalog import say

        summary = escape(say("steps_title", lang or e.lang).rstrip(":："))
        return (
            html(renderable(e, lang, brief=True), width)
            + f"<details><summary>{summary}</summary>"
            + html(renderable(e, lang), width)
            + figure(e, lang)
            + "</details>"
        )
    return html(renderable(e, lang), width) + figure(e, lang)


def figure(e: Explanation, lang: str | None = None) -> str:
    """The grid picture (:func:`bcast.explainer.render.svg.to_svg`) as an
    HTML fragment, below the table in Jupyter."""
    from bcast.explainer.render.svg import to_svg

    if e.gufunc is not None or e.target is not None or not e.shapes:
        return ""  # the grids are of elementwise broadcasting
    return f'<div class="bcast-figure">{to_svg(e, lang)}</div>'


def html(picture: RenderableType, width: int = 100) -> str:
    """A renderable as an HTML fragment with inline styles, ``width``
    columns wide, in a ``<pre>`` (for Jupyter).

    >>> html(picture(lambda width: [[("x", "code")]])).startswith("<pre")
    True
    """
    c = Console(
        file=StringIO(),
        width=width,
        record=True,
        color_system="truecolor",
        force_terminal=True,
        force_jupyter=False,
        highlight=False,
        emoji=False,
    )
    c.print(picture)
    return c.export_html(inline_styles=True, code_format=_HTML)


class _Picture:
    """Draws a layout at the width rich offers."""

    def __init__(self, lay: Callable[[int], list[Line]]) -> None:
        self.lay = lay

    def __rich_console__(
        self, console: Console, options: ConsoleOptions
    ) -> RenderResult:
        yield styled(self.lay(options.max_width))
