"""Guard errors and hints: ``@shaped``, ``expect``, ``dims``.

Keys are written ``"guard.name"``; both dicts have the same keys and fields.
"""

from __future__ import annotations

__all__ = ["EN", "ZH"]

EN: dict[str, str] = {}

ZH: dict[str, str] = {}
