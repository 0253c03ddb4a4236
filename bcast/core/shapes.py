"""Sizes and shapes as bcast writes them: the leaf every module may use.

A size (:data:`Dim`) is a known size (``int``), a symbol (``str``, an unknown
positive integer with a name such as ``"m"``) or unknown (``None``, as the
Array API spells it).  A shape (:data:`Dims`) is a tuple of sizes.

>>> format_shape((3, "m", None))
'(3, m, ?)'
"""

from __future__ import annotations

# typing is not imported at run time: `bcast check` starts in a few
# milliseconds, and typing alone would cost a fifth of that.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TypeAlias

    Dim: TypeAlias = "int | str | None"
    """One size: a known size, a symbol (``"m"``), or unknown (``None``)."""
    Dims: TypeAlias = "tuple[Dim, ...]"
    """A shape whose sizes may be symbolic or unknown."""

__all__ = ["format_dim", "format_shape"]


def format_dim(d: Dim) -> str:
    """Write one size: an int or a symbol as it is, unknown as ``?``.

    >>> format_dim(3), format_dim("n_x"), format_dim(None)
    ('3', 'n_x', '?')
    """
    return "?" if d is None else str(d)


def format_shape(shape: Dims) -> str:
    """Write a shape as Python writes a tuple, symbols bare, unknown as ``?``.

    The inverse of :func:`bcast.parse_shape`.

    Examples
    --------
    >>> format_shape((3, 1))
    '(3, 1)'
    >>> format_shape((5,))
    '(5,)'
    >>> format_shape(())
    '()'
    >>> format_shape(("m", None))
    '(m, ?)'
    """
    if len(shape) == 1:
        return f"({format_dim(shape[0])},)"
    return "(" + ", ".join([format_dim(d) for d in shape]) + ")"
