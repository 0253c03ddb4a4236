"""Stricter rules some libraries hold shapes to instead of broadcasting.

- *Identical shapes*: TensorFlow's and Keras's losses and metrics (``Shapes
  (8, 100) and (8, 1) are incompatible``): no 1 stretches, no axis is added.
- *No rank promotion*: JAX with ``jax_numpy_rank_promotion="raise"``: the rule
  of :mod:`bcast.core.rule`, except that no operand gains leading axes.

Both return :class:`~bcast.core.rule.AxisStep` records laid out as the
broadcasting table lays them out, so explanations draw them the same way.
"""

from __future__ import annotations

from bcast.core.rule import CONFLICT, EQUAL, broadcast

TYPE_CHECKING = False
if TYPE_CHECKING:
    from bcast.core.rule import AxisStep, Broadcast
    from bcast.core.shapes import Dims

__all__ = ["insertions", "promotion_steps", "same_steps"]


def insertions(s: Dims, t: Dims) -> tuple[int, ...] | None:
    """Positions in ``t`` of the axes of size 1 that, put into ``s``, make
    ``t``; None if there are none (or ``t`` is not longer).  Matching each
    axis of ``s`` as early as it can is enough: a skipped axis must be 1.

    >>> insertions((8,), (8, 1)), insertions((4,), (1, 4)), insertions((3,), (4, 1))
    ((1,), (0,), None)
    """
    if len(t) <= len(s):
        return None
    out: list[int] = []
    k = 0
    for p, d in enumerate(t):
        if k < len(s) and s[k] == d:
            k += 1
        elif d == 1:
            out.append(p)
        else:
            return None
    return tuple(out) if k == len(s) else None


def _aligned(a: Dims, b: Dims) -> tuple[AxisStep, ...]:
    """The axes of two shapes side by side, right to left: right-aligned as
    broadcasting aligns them — unless the shorter shape is the longer one
    with axes of size 1 left out, then each of its axes stands with its own
    (``(8, 7)`` against ``(8, 1, 7)``: the missing axis is the middle one)."""
    steps = broadcast(a, b).steps
    short, long = (0, b) if len(a) < len(b) else (1, a)
    inserted = insertions((a, b)[short], long) if len(a) != len(b) else None
    if inserted is None:
        return steps
    out = []
    it = iter((a, b)[short])
    for p, d in enumerate(long):
        mine = 1 if p in inserted else next(it)
        sizes = (mine, d) if short == 0 else (d, mine)
        step = steps[len(long) - 1 - p]._replace(
            sizes=sizes, padded=(short,) if p in inserted else ()
        )
        out.append(step)
    return tuple(reversed(out))


def same_steps(a: Dims, b: Dims) -> tuple[AxisStep, ...]:
    """The steps of the *identical shapes* rule, axis by axis, right to left
    as the broadcasting table lays them out: an axis one shape lacks is a
    conflict, so are two sizes that differ (a 1 does not stretch); an
    unknown size (None) matches any, as TensorFlow checks it.

    >>> [(s.axis, s.verdict) for s in same_steps((8, 100), (8, 1))]
    [(-1, 'conflict'), (-2, 'equal')]
    >>> [s.verdict for s in same_steps((None, 7), (None, 1, 7))]
    ['equal', 'conflict', 'equal']
    """
    out = []
    for s in _aligned(a, b):
        x, y = s.sizes
        if s.padded or (x is not None and y is not None and x != y):
            s = s._replace(
                verdict=CONFLICT, size=None, stretched=(), conflicting=(0, 1)
            )
        else:
            s = s._replace(
                verdict=EQUAL, size=y if x is None else x, stretched=(), conflicting=()
            )
        out.append(s)
    return tuple(out)


def promotion_steps(b: Broadcast) -> tuple[AxisStep, ...]:
    """The steps of broadcasting without rank promotion: an axis an operand
    lacks is a conflict (no 1 is put in front); the other axes as the rule
    has them.

    >>> [(s.axis, s.verdict, s.conflicting) for s in promotion_steps(broadcast((3, 4), (4,)))]
    [(-1, 'equal', ()), (-2, 'conflict', (1,))]
    """
    out = []
    for s in b.steps:
        if s.padded:
            s = s._replace(verdict=CONFLICT, stretched=(), conflicting=s.padded)
        out.append(s)
    return tuple(out)
