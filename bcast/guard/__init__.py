"""The shape guard: ``@shaped``, ``expect``, ``dims`` and ``Shape`` for ``Annotated``.

Specs are compiled once, when a function is decorated, into straight-line
checking code; ``BCAST_GUARD=0`` (or :func:`disable`) switches the guard off.

>>> import bcast.guard
>>> bcast.guard.enabled()
True
"""

from __future__ import annotations

from bcast.guard.shaped import (
    DimScope,
    Shape,
    dims,
    disable,
    enable,
    enabled,
    expect,
    shaped,
)

__all__ = [
    "DimScope",
    "Shape",
    "dims",
    "disable",
    "enable",
    "enabled",
    "expect",
    "shaped",
]
