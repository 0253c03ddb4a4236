"""What bcast says where code runs: watch findings, ``bcast run`` and notebook headers.

Keys are written ``"runtime.name"``; both dicts have the same keys and fields.
"""

from __future__ import annotations

__all__ = ["EN", "ZH"]

EN: dict[str, str] = {}

ZH: dict[str, str] = {}
