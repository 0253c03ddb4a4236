"""The elementwise functions of the array libraries, by name.

One list for every part of bcast that meets such a call in code: the linter
(``bcast lint`` gives them the broadcasting rule) and the watcher (``bcast run
--watch`` checks them before they run).  Each broadcasts its array operands by
the rule in :mod:`bcast.core.rule`.

>>> "subtract" in BINARY, "sub" in ALIASES, "where" in TERNARY
(True, True, True)
>>> BINARY & ALIASES
frozenset()
"""

from __future__ import annotations

__all__ = ["ALIASES", "BINARY", "TERNARY"]

BINARY = frozenset(
    {
        "add",
        "subtract",
        "multiply",
        "divide",
        "true_divide",
        "floor_divide",
        "power",
        "float_power",
        "mod",
        "remainder",
        "fmod",
        "maximum",
        "minimum",
        "fmax",
        "fmin",
        "hypot",
        "arctan2",
        "copysign",
        "heaviside",
        "logaddexp",
        "logaddexp2",
        "greater",
        "greater_equal",
        "less",
        "less_equal",
        "equal",
        "not_equal",
        "logical_and",
        "logical_or",
        "logical_xor",
        "bitwise_and",
        "bitwise_or",
        "bitwise_xor",
        "ldexp",
        "nextafter",
    }
)
"""NumPy's binary ufuncs (the same names in ``jax.numpy``, CuPy and Dask)."""

ALIASES = frozenset(
    {"atan2", "sub", "mul", "div", "pow", "eq", "ne", "lt", "le", "gt", "ge", "xlogy"}
)
"""Other libraries' spellings of binary elementwise functions (PyTorch's
``torch.sub``, ``torch.eq``, ``torch.xlogy`` …)."""

TERNARY = frozenset({"where", "clip"})
"""Elementwise functions of three operands, all broadcast together."""
