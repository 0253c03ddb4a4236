"""The guard's switch and per-call state, shared by the wrappers and expect().

Bindings live in :mod:`contextvars`, so threads and recursive calls never see
each other's.
"""

from __future__ import annotations

import os
from contextvars import ContextVar

TYPE_CHECKING = False  # typing stays out of start-up (see bcast.core.rule)
if TYPE_CHECKING:
    from typing import Any, TypeAlias

    from bcast.core.shapes import Dim, Dims

    Bindings: TypeAlias = "dict[str, Dim | Dims]"
    # The guarded call running now: its bindings, what expect() checked in it
    # (spec, value) or (None, sizes), its checked arguments' values, the
    # dims() sizes it started from, and what it guards.
    Frame: TypeAlias = (
        "tuple[Bindings, list[tuple[Any, Any]], tuple[Any, ...], Bindings | None, Any]"
    )

__all__ = ["call", "read_switch", "scope", "switch"]

_ON_VALUES = ("1", "on", "true", "yes")
_OFF_VALUES = ("0", "off", "false", "no")


def read_switch(value: str | None) -> bool:
    """Read ``BCAST_GUARD``: unset or empty means on."""
    if value is None or not value.strip():
        return True
    v = value.strip().lower()
    if v in _ON_VALUES:
        return True
    if v in _OFF_VALUES:
        return False
    from bcast.explainer.words.catalog import resolve, say

    valid = ", ".join(_OFF_VALUES + _ON_VALUES)
    raise ValueError(
        say("guard.switch_invalid", resolve(), value=repr(value), valid=valid)
    )


# switch[0]: checks run.  switch[1]: @shaped wraps (False after
# BCAST_GUARD=0 at import: it hands back the function itself).  A list, so
# the generated wrappers read it in one step.
switch = [read_switch(os.environ.get("BCAST_GUARD"))] * 2

# The guarded call running now, for expect() inside it.
call: ContextVar[Frame | None] = ContextVar("bcast_guard_call", default=None)
# The sizes of the innermost dims() scope, merged with the enclosing ones.
scope: ContextVar[Bindings | None] = ContextVar("bcast_guard_scope", default=None)
