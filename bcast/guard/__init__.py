"""The shape guard: ``@shaped``, ``expect``, ``dims`` and ``Shape`` for ``Annotated``.

Specs are compiled once, when a function is decorated, into straight-line
checking code; ``BCAST_GUARD=0`` (or :func:`disable`) switches the guard off.

- :mod:`bcast.guard.spec`: spec text (axes, dtype, arithmetic, containers)
  to structure; :mod:`bcast.guard.dtypes`: dtype words;
- :mod:`bcast.guard.codegen`: the generated checking code;
- :mod:`bcast.guard.wrap`: wrappers for functions, generators, coroutines and
  dataclasses;
- :mod:`bcast.guard.report`: why something failed, hints, and the words of
  :class:`bcast.ShapeError`;
- :mod:`bcast.guard.shaped`: the public face.

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
