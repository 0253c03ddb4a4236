"""Diagnostics of ``bcast lint``.

Keys are written ``"lint.name"``; both dicts have the same keys and fields.
"""

from __future__ import annotations

__all__ = ["EN", "ZH"]

EN: dict[str, str] = {}

ZH: dict[str, str] = {}
