"""Diagnostics as text: concise (ruff's style), JSON, SARIF 2.1.0, GitHub annotations.

>>> from bcast.lint import check_source
>>> found = check_source("import numpy as np\\nx = np.ones((3, 4)) + np.ones(3)\\n", path="a.py")
>>> print(concise(found[0]))  # doctest: +ELLIPSIS
a.py:2:5: BC101 np.ones((3, 4)) + np.ones(3): ... this always raises...
"""

from __future__ import annotations

import json

from bcast.lint.rules import CODES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from bcast.lint.rules import Diagnostic

__all__ = ["FORMATS", "concise", "github", "render", "sarif", "to_json"]

FORMATS = ("concise", "json", "sarif", "github")

_DOCS = "https://example.invalid/bcast#lint"


def concise(d: Diagnostic, lang: str = "en") -> str:
    """``path:line:col: CODE message`` (``path:cell N:line:col:`` in a notebook)."""
    where = (
        f"{d.line}:{d.col}"
        if d.cell is None
        else f"cell {d.cell}:{d.cell_line}:{d.col}"
    )
    return f"{d.path}:{where}: {d.code} {d.message(lang)}"


def to_json(found: Sequence[Diagnostic], lang: str = "en") -> str:
    return json.dumps([d.to_dict(lang) for d in found], ensure_ascii=False, indent=2)


def _escape(text: str, props: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if props:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def github(d: Diagnostic, lang: str = "en") -> str:
    """A GitHub Actions workflow command that annotates the line."""
    level = "error" if d.severity == "error" else "warning"
    if d.cell is not None:  # a notebook: no line of the file to point at
        title = _escape(f"{d.code} (cell {d.cell}, line {d.cell_line})", True)
        return f"::{level} file={_escape(d.path, True)},title={title}::{_escape(d.code + ' ' + d.message(lang))}"
    props = f"file={_escape(d.path, True)},line={d.line},col={d.col},endLine={d.end_line},title={d.code}"
    return f"::{level} {props}::{_escape(d.code + ' ' + d.message(lang))}"


def sarif(found: Sequence[Diagnostic], lang: str = "en") -> str:
    """One SARIF 2.1.0 log with one run of ``bcast lint``."""
    from bcast import __version__

    rules = [
        {"id": code, "name": kind, "helpUri": _DOCS, "shortDescription": {"text": kind}}
        for code, kind in sorted(CODES.items())
    ]
    results = []
    for d in found:
        region = {
            "startLine": d.line,
            "startColumn": d.col,
            "endLine": d.end_line,
            "endColumn": d.end_col,
        }
        if (
            d.cell is not None and d.cell_line is not None
        ):  # a notebook: its cell's line
            span = d.end_line - d.line
            region = {"startLine": d.cell_line, "endLine": d.cell_line + span}
        extra = {} if d.cell is None else {"properties": {"cell": d.cell}}
        results.append(
            {
                **extra,
                "ruleId": d.code,
                "level": "error" if d.severity == "error" else "warning",
                "message": {"text": d.message(lang)},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": d.path.replace("\\", "/")},
                            "region": region,
                        }
                    }
                ],
            }
        )
    log = {
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "bcast lint",
                        "version": __version__,
                        "informationUri": _DOCS,
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2)


def render(found: Sequence[Diagnostic], fmt: str, lang: str = "en") -> str:
    """All diagnostics in one format, as the text to print (may be empty)."""
    if fmt == "json":
        return to_json(found, lang)
    if fmt == "sarif":
        return sarif(found, lang)
    if fmt == "github":
        return "\n".join(github(d, lang) for d in found)
    return "\n".join(concise(d, lang) for d in found)
