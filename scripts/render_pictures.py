"""Regenerate the pictures of ``bcast explain`` (docs/*.svg) in the README and docs.

Each picture is the command's real output, drawn by rich and saved with
``Console(record=True).save_svg``::

    python scripts/render_pictures.py

Run it after changing what an explanation looks like, and commit the SVGs.
"""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

import bcast
from bcast.explainer.render.terminal import renderable

DOCS = Path(__file__).resolve().parent.parent / "docs"

PICTURES = {
    "explain-compatible.svg": ("bcast explain 3,1 1,4", [(3, 1), (1, 4)], {}),
    "explain-conflict.svg": ("bcast explain 3,4 3", [(3, 4), (3,)], {}),
    "explain-zh.svg": ("bcast explain 5 5,1 --lang zh", [(5,), (5, 1)], {"lang": "zh"}),
}


def main() -> None:
    DOCS.mkdir(exist_ok=True)
    for name, (command, shapes, options) in PICTURES.items():
        console = Console(
            record=True,
            width=80,
            file=io.StringIO(),
            force_terminal=True,
            color_system="truecolor",
            highlight=False,
            emoji=False,
        )
        console.print(
            renderable(bcast.explain(*shapes, lang=options.get("lang", "en")))
        )
        path = DOCS / name
        console.save_svg(str(path), title=command)
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
