"""``bcast lint``: broadcasting bugs found before the code runs.

The linter reads Python files and notebooks, infers shapes by abstract
interpretation of the AST with symbolic sizes (:mod:`bcast.lint.infer`), and
reports what the shape algebra and the shared policy of what is suspicious say
(:mod:`bcast.lint.rules` has the codes).  It never imports or runs the code.

>>> code = '''
... import numpy as np
... X = np.random.randn(4, 10)
... w = np.zeros(4)
... dw = np.dot(X, np.ones((10, 1)))
... w = w - 0.1 * dw
... '''
>>> [(d.line, d.code) for d in check_source(code)]
[(6, 'BC201')]
>>> print(check_source(code)[0].message())
w - 0.1 * dw: the rank-1 array w (4,) meets 0.1 * dw (4, 1); the result (4, 4) is an outer product; w (4,) is from line 4: np.zeros(4); 0.1 * dw (4, 1) is from line 5: np.dot(X, np.ones((10, 1))); fix: np.zeros((4, 1))
"""

from __future__ import annotations

from bcast.lint.config import ALL, Options, ignored
from bcast.lint.infer import Interpreter
from bcast.lint.rules import CODES, Diagnostic, diagnose
from bcast.lint.source import Source, SourceError, notebook_source, parse, read

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["CODES", "Diagnostic", "Options", "check_file", "check_source"]


def _check(source: Source, options: Options) -> list[Diagnostic]:
    tree = parse(source)
    lines = source.text.splitlines()
    try:
        it = Interpreter(tree, lines, rank_promotion=options.rank_promotion)
        events = it.run()
        found = diagnose(events, it)
    except RecursionError:
        raise SourceError("lint.too_deep") from None
    out = []
    for d in found:
        if not options.wants(d.code):
            continue
        line = lines[d.line - 1] if 0 < d.line <= len(lines) else ""
        skip = ignored(line)
        if skip is ALL or d.code in skip:
            continue
        where = source.cell_of(d.line) if source.cells else None
        d = d._replace(path=source.path)
        if where is not None:
            origins = []
            for name, shape, at, code, _ in d.origins:
                place = source.cell_of(at)
                if place is not None:
                    origins.append((name, shape, place[1], code, place[0]))
            d = d._replace(cell=where[0], cell_line=where[1], origins=tuple(origins))
        out.append(d)
    return out


def check_source(
    text: str,
    *,
    path: str = "<string>",
    notebook: bool = False,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    rank_promotion: bool = False,
) -> list[Diagnostic]:
    """The diagnostics for Python source ``text`` (or a notebook's JSON text).

    Raises
    ------
    bcast.lint.source.SourceError
        For text that is not Python (or not a notebook).
    """
    source = notebook_source(text, path) if notebook else Source(path=path, text=text)
    options = Options(
        select=tuple(select), ignore=tuple(ignore), rank_promotion=rank_promotion
    )
    return _check(source, options)


def check_file(path: str, options: Options | None = None) -> list[Diagnostic]:
    """The diagnostics for one ``.py`` file or ``.ipynb`` notebook.

    Raises
    ------
    bcast.lint.source.SourceError
        For a file that cannot be read or is not Python.
    """
    return _check(read(path), options or Options())
