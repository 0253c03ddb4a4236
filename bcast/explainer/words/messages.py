"""Notes on other libraries' error messages (one per message form that needs one).

Keys are written ``"messages.name"``; both dicts have the same keys and fields.
"""

from __future__ import annotations

__all__ = ["EN", "ZH"]

EN: dict[str, str] = {}

ZH: dict[str, str] = {}
