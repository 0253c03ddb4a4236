"""Command-line usage errors and help.

Keys are written ``"cli.name"``; both dicts have the same keys and fields.
"""

from __future__ import annotations

__all__ = ["EN", "ZH"]

EN: dict[str, str] = {}

ZH: dict[str, str] = {}
