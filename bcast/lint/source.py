"""What the linter reads: Python files, notebooks, directories — and bad input.

A notebook's code cells are joined in order into one module (so that names
flow from cell to cell, as when it runs top to bottom); IPython magics and
shell lines become blank lines and a cell that is not Python is left out, so
every line keeps its place and maps back to ``cell N, line L``.  Cells are
numbered from 1, counting code cells only.

Nothing here raises anything but :class:`SourceError`, whose ``key`` and
``fields`` say in :mod:`bcast.explainer.words` what is wrong in one line.

>>> nb = '{"cells": [{"cell_type": "code", "source": ["%matplotlib inline\\\\n", "x = 1"]}]}'
>>> s = notebook_source(nb)
>>> s.text.splitlines(), s.cell_of(2)
(['', 'x = 1'], (1, 2))
"""

from __future__ import annotations

import ast
import json
import os
from fnmatch import fnmatch
from io import BytesIO
from tokenize import detect_encoding

from bcast.core.records import Record
from bcast.errors import SourceError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

__all__ = [
    "MAX_BYTES",
    "Source",
    "SourceError",
    "discover",
    "notebook_source",
    "parse",
    "read",
]

MAX_BYTES = 5 * 1024 * 1024
"""Files larger than this are not read (one line says so)."""

_SKIP_DIRS = {
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    "__pycache__",
    ".tox",
    ".nox",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    "node_modules",
    "build",
    "dist",
    ".ipynb_checkpoints",
    "site-packages",
}


class Source(Record):
    """Text to check; for a notebook, where each code cell starts in it.

    ``cells`` holds ``(first line, cell number)`` pairs, in order.
    """

    path: str
    text: str
    cells: tuple[tuple[int, int], ...] = ()

    def cell_of(self, line: int) -> tuple[int, int] | None:
        """``(cell, line in cell)`` for a line of the joined text, or None."""
        found = None
        for first, cell in self.cells:
            if first > line:
                break
            found = (cell, line - first + 1)
        return found


def _decode(data: bytes) -> str:
    if b"\x00" in data:
        raise SourceError("lint.binary")
    try:
        encoding, _ = detect_encoding(BytesIO(data).readline)
        return data.decode(encoding)
    except (SyntaxError, UnicodeDecodeError, LookupError):
        raise SourceError("lint.not_utf8") from None


def _magic(line: str) -> bool:
    s = line.lstrip()
    return s.startswith(("%", "!")) or (s.endswith("?") and not s.startswith("#"))


def notebook_source(text: str, path: str = "<notebook>") -> Source:
    """The code cells of a notebook (its JSON text) joined into one module."""
    try:
        nb = json.loads(text)
    except (ValueError, RecursionError) as e:
        raise SourceError(
            "lint.bad_notebook", error=str(e).split("\n")[0][:80]
        ) from None
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if (
        cells is None
        and isinstance(nb, dict)
        and isinstance(nb.get("worksheets"), list)
    ):
        cells = [
            c
            for w in nb["worksheets"]
            if isinstance(w, dict)
            for c in w.get("cells", [])
        ]
    if not isinstance(cells, list):
        raise SourceError("lint.bad_notebook", error="no list of cells")
    lines: list[str] = []
    starts: list[tuple[int, int]] = []
    number = 0
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        number += 1
        raw = cell.get("source", cell.get("input", ""))
        if isinstance(raw, list):
            raw = "".join(x for x in raw if isinstance(x, str))
        if not isinstance(raw, str):
            continue
        body = raw.split("\n")
        if body and body[-1] == "":
            body.pop()
        if body and body[0].lstrip().startswith("%%"):
            body = [""] * len(body)  # a cell magic: not Python
        body = ["" if _magic(x) else x for x in body]
        code = "\n".join(body)
        try:
            ast.parse(code)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            body = [""] * len(body)
        starts.append((len(lines) + 1, number))
        lines.extend(body)
    return Source(path=path, text="\n".join(lines) + "\n", cells=tuple(starts))


def read(path: str) -> Source:
    """Read one ``.py`` file or ``.ipynb`` notebook."""
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise SourceError("lint.too_big", limit=f"{MAX_BYTES:,}")
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise SourceError("lint.not_found") from None
    except OSError as e:
        raise SourceError(
            "lint.unreadable", error=e.strerror or type(e).__name__
        ) from None
    if len(data) > MAX_BYTES:
        raise SourceError("lint.too_big", limit=f"{MAX_BYTES:,}")
    if path.endswith(".ipynb"):
        if b"\x00" in data:
            raise SourceError("lint.binary")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise SourceError("lint.not_utf8") from None
        return notebook_source(text, path)
    return Source(path=path, text=_decode(data))


def parse(source: Source) -> ast.Module:
    """The module's AST, or :class:`SourceError` for text that is not Python."""
    try:
        return ast.parse(source.text, filename=source.path)
    except SyntaxError as e:
        line = e.lineno or 0
        where = source.cell_of(line) if source.cells else None
        text = f"cell {where[0]}, line {where[1]}" if where else str(line)
        raise SourceError("lint.syntax", error=e.msg, line=text) from None
    except (RecursionError, MemoryError):
        raise SourceError("lint.too_deep") from None
    except ValueError:
        raise SourceError("lint.binary") from None


def _excluded(rel: str, patterns: Sequence[str]) -> bool:
    parts = rel.split("/")
    for p in patterns:
        p = p.strip()
        if not p or p.startswith("#"):
            continue
        anchored = p.startswith("/")
        p = p.strip("/")
        if "/" in p or anchored:
            if fnmatch(rel, p) or fnmatch(rel, p + "/*") or rel.startswith(p + "/"):
                return True
        elif any(fnmatch(part, p) for part in parts):
            return True
    return False


def discover(paths: Sequence[str], exclude: Sequence[str] = ()) -> Iterator[str]:
    """The files to check: files as given, directories walked for .py and .ipynb.

    ``exclude`` holds ``.gitignore``-style patterns (``build/``, ``*_old.py``),
    matched against paths relative to each directory given.
    """
    for path in paths:
        if not os.path.isdir(path):
            yield path
            continue
        for root, dirs, files in os.walk(path):
            rel_root = os.path.relpath(root, path).replace(os.sep, "/")
            rel_root = "" if rel_root == "." else rel_root + "/"
            dirs[:] = sorted(
                d
                for d in dirs
                if d not in _SKIP_DIRS
                and not d.startswith(".")
                and not _excluded(rel_root + d, exclude)
            )
            for name in sorted(files):
                if name.endswith((".py", ".ipynb")) and not _excluded(
                    rel_root + name, exclude
                ):
                    yield os.path.join(root, name)
