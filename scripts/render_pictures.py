"""Regenerate the README's and the guide's pictures (docs/*.svg).

The English terminal pictures are ``bcast explain``'s real output, drawn by
rich and saved with ``Console(record=True).save_svg``.  The grid pictures —
and the README's Chinese picture, whose text rich would lay out in a
monospace CJK font a browser may not have — are drawn by
:mod:`bcast.explainer.render.svg`, each piece of text placed in its cell::

    python scripts/render_pictures.py

Run it after changing what an explanation looks like, and commit the SVGs.
Check the Chinese one in a browser, e.g.::

    chromium --headless --no-sandbox --disable-gpu --no-first-run \\
        --user-data-dir=/tmp/chromium --window-size=900,700 \\
        --screenshot=/tmp/explain-zh.png docs/explain-zh.svg
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from rich.console import Console

import bcast
from bcast.explainer.render.svg import product_svg, to_svg
from bcast.explainer.render.terminal import renderable

DOCS = Path(__file__).resolve().parent.parent / "docs"

TERMINAL = {
    "explain-compatible.svg": ("bcast explain 3,1 1,4", [(3, 1), (1, 4)]),
    "explain-conflict.svg": ("bcast explain 3,4 3", [(3, 4), (3,)]),
}
"""Terminal pictures, as rich draws them."""


def grids() -> dict[str, str]:
    """The grid pictures: file name -> SVG."""
    X = np.arange(20000.0).reshape(20, 1000)
    return {
        "explain-zh.svg": to_svg(bcast.explain((5,), (5, 1), lang="zh")),
        "grid-compatible.svg": to_svg(bcast.explain((3, 1), (1, 4))),
        "grid-conflict.svg": to_svg(bcast.explain((3, 4), (3,))),
        "grid-padded-3d.svg": to_svg(bcast.explain((2, 3, 4), (3, 1))),
        "grid-arrays.svg": to_svg(bcast.explain(X, X.mean(axis=0), names=["X", "mu"])),
        "grid-zh.svg": to_svg(bcast.explain((3, 1), (4,), lang="zh")),
        "grid-dot.svg": product_svg(
            bcast.explain((2, 3), (3, 4), names=["A", "B"], op="dot")
        ),
    }


def main() -> None:
    DOCS.mkdir(exist_ok=True)
    for name, (command, shapes) in TERMINAL.items():
        console = Console(
            record=True,
            width=80,
            file=io.StringIO(),
            force_terminal=True,
            color_system="truecolor",
            highlight=False,
            emoji=False,
        )
        console.print(renderable(bcast.explain(*shapes)))
        path = DOCS / name
        console.save_svg(str(path), title=command)
        print(f"wrote {path}")
    for name, svg in grids().items():
        path = DOCS / name
        path.write_text(svg + "\n", encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
