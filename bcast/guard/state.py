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
    # A guarded call: its bindings, its checked arguments' values, the dims()
    # sizes it started from, and what it guards.
    Frame: TypeAlias = "tuple[Bindings, tuple[Any, ...], Bindings | None, Any]"

__all__ = ["TRAIL", "call", "read_switch", "scope", "switch", "wrappers"]

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
# BCAST_GUARD=0 at import: it hands back the function itself).  switch[2]:
# how many dims() scopes are open in any thread (none: a guarded call need
# not look for one).  A list, so the generated wrappers read it in one step.
switch: list[Any] = [read_switch(os.environ.get("BCAST_GUARD"))] * 2 + [0]

# expect() finds the guarded call it is in by walking up the stack to a
# wrapper's frame (its code is a key here, with the prefix of its local names
# and what it guards) and reads the call's bindings from the frame's locals:
# a context variable set and reset on every call would cost more than all
# the checks of a three-argument function.
wrappers: dict[Any, tuple[str, Any]] = {}

# Generators and coroutines run every step inside a copied context where
# this holds their call (the stack above a step is the caller's, not theirs).
call: ContextVar[Frame | None] = ContextVar("bcast_guard_call", default=None)

# Where expect() keeps, in a call's bindings, what it checked: (spec, value)
# or (None, sizes given by name).  Not a string, so never a spec's name.
TRAIL = ("trail",)
# The sizes of the innermost dims() scope, merged with the enclosing ones.
scope: ContextVar[Bindings | None] = ContextVar("bcast_guard_scope", default=None)
