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
# not look for one).  switch[3]: how many calls of wrappers that do not set
# ``call`` (below) are running, in any thread (none: expect() need not walk
# the stack; a count that threads have made wrong costs only a walk, or, at
# zero while one runs, expect() checking on its own).  A list, so the generated wrappers read it in one step.
switch: list[Any] = [read_switch(os.environ.get("BCAST_GUARD"))] * 2 + [0, 0]

# expect() finds the guarded call it is in by walking up the stack to the
# nearest wrapper's frame (its code's id is a key here: the prefix of its
# local names, what it guards, whether it holds its call in ``call``, the
# code itself, kept alive so that its id stays its own, and the local
# variable of each name its arguments bind).  A
# wrapper whose function calls expect() by name sets ``call`` around the call;
# any other wrapper sets nothing (a context variable set and reset on every
# call would cost more than all the checks of a three-argument function), and
# an expect() in a helper it calls reads the call from the wrapper's locals.
wrappers: dict[int, tuple[str, Any, bool, Any, dict[str, str]]] = {}

# The call of such a wrapper, or of a guarded generator's or coroutine's
# step (each step runs inside a copied context where this holds the call).
call: ContextVar[Frame | None] = ContextVar("bcast_guard_call", default=None)

# Where expect() keeps, in a call's bindings, what it checked: (spec, value)
# or (None, sizes given by name).  Not a string, so never a spec's name.
TRAIL = ("trail",)
# The sizes of the innermost dims() scope, merged with the enclosing ones.
scope: ContextVar[Bindings | None] = ContextVar("bcast_guard_scope", default=None)
