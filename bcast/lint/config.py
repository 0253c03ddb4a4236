"""``[tool.bcast.lint]`` in ``pyproject.toml``, and ``# bcast: ignore[...]`` comments.

::

    [tool.bcast.lint]
    select = ["BC1", "BC2"]        # codes or prefixes (default: all)
    ignore = ["BC202"]
    rank-promotion = false         # BC204: operands that gain leading axes
    exclude = ["build/", "*_old.py"]

The file is found from the first path checked upward (or the current
directory).  Python 3.11 reads it with :mod:`tomllib`; 3.10 with ``tomli``.

>>> Options(select=("BC2",), ignore=("BC202",)).wants("BC201"), Options(ignore=("BC2",)).wants("BC201")
(True, False)
>>> sorted(ignored("w = w - dw  # bcast: ignore[BC201, BC203]"))
['BC201', 'BC203']
"""

from __future__ import annotations

import os
import re

from bcast.core.records import Record
from bcast.errors import ConfigError
from bcast.lint.rules import CODES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

__all__ = ["ALL", "ConfigError", "Options", "find_pyproject", "ignored", "load"]

ALL = frozenset({"*"})
"""What ``# bcast: ignore`` without codes ignores: everything."""

_IGNORE = re.compile(r"#\s*bcast:\s*ignore(?:\[([A-Za-z0-9_,\s]*)\])?")


class Options(Record):
    """What to report: codes selected and ignored, rank promotion, excludes."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    rank_promotion: bool = False
    exclude: tuple[str, ...] = ()

    def wants(self, code: str) -> bool:
        """True if ``code`` is reported: selected (or all) and not ignored.

        The longest matching prefix wins, as in ruff.
        """
        sel = max((len(p) for p in self.select if code.startswith(p)), default=-1)
        if self.select and sel < 0:
            return False
        ign = max((len(p) for p in self.ignore if code.startswith(p)), default=-1)
        if code == "BC204" and not self.rank_promotion:
            return False
        return ign <= sel if ign >= 0 else True


def check_codes(codes: Sequence[str]) -> tuple[str, ...]:
    """Codes or prefixes as given, each checked against :data:`CODES`."""
    out = []
    for c in codes:
        c = c.strip().upper()
        if not c:
            continue
        if not any(k.startswith(c) for k in CODES) or not c.startswith("BC"):
            raise ConfigError(
                "lint.unknown_code", code=c, codes=", ".join(sorted(CODES))
            )
        out.append(c)
    return tuple(out)


def ignored(line: str) -> frozenset[str]:
    """The codes ``# bcast: ignore[...]`` on this line ignores (ALL without codes)."""
    m = _IGNORE.search(line)
    if m is None:
        return frozenset()
    if m.group(1) is None:
        return ALL
    return frozenset(c.strip().upper() for c in m.group(1).split(",") if c.strip())


def find_pyproject(start: str) -> str | None:
    """The nearest ``pyproject.toml`` at or above ``start``."""
    here = os.path.abspath(start)
    if not os.path.isdir(here):
        here = os.path.dirname(here)
    while True:
        candidate = os.path.join(here, "pyproject.toml")
        if os.path.isfile(candidate):
            return candidate
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


def _toml(path: str) -> dict[str, Any]:
    from importlib import import_module

    for name in ("tomllib", "tomli"):  # tomli on Python 3.10
        try:
            reader = import_module(name)
            break
        except ImportError:
            continue
    else:
        raise ConfigError("lint.no_toml")
    try:
        with open(path, "rb") as f:
            data: dict[str, Any] = reader.load(f)
            return data
    except (OSError, ValueError) as e:
        raise ConfigError("lint.bad_config", path=path, error=str(e)[:100]) from None


def _strings(table: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
    value = table.get(key, table.get(key.replace("-", "_"), []))
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise ConfigError(
            "lint.bad_config", path=path, error=f"{key} must be a list of strings"
        )
    return tuple(value)


def load(path: str | None) -> Options:
    """The options of ``[tool.bcast.lint]`` in ``path`` (defaults if None or absent)."""
    if path is None:
        return Options()
    data = _toml(path)
    table = data.get("tool", {}).get("bcast", {}).get("lint", {})
    if not isinstance(table, dict):
        raise ConfigError("lint.bad_config", path=path, error="not a table")
    known = {
        "select",
        "ignore",
        "rank-promotion",
        "rank_promotion",
        "exclude",
        "extend-exclude",
    }
    for key in table:
        if key not in known:
            raise ConfigError(
                "lint.bad_config", path=path, error=f"unknown key {key!r}"
            )
    rank = table.get("rank-promotion", table.get("rank_promotion", False))
    if not isinstance(rank, bool):
        raise ConfigError(
            "lint.bad_config", path=path, error="rank-promotion must be true or false"
        )
    try:
        select = check_codes(_strings(table, "select", path))
        ignore = check_codes(_strings(table, "ignore", path))
    except ConfigError as e:
        raise ConfigError(
            "lint.bad_config",
            path=path,
            error=f"{e.fields.get('code')!r} is not a code",
        ) from None
    return Options(
        select=select,
        ignore=ignore,
        rank_promotion=rank,
        exclude=_strings(table, "exclude", path)
        + _strings(table, "extend-exclude", path),
    )
