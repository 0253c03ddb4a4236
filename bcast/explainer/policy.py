"""What is suspicious: one policy for explanations, the watcher and the linter.

A broadcast that NumPy accepts is flagged only when it is likely a bug, not
when it is merely unusual (DESIGN.md, "Warnings"):

- ``rank1``: a rank-1 array meets a column (or, in general, an operand whose
  stretched axis is a written 1) and the result grows past every operand:
  ``(5,)`` with ``(5, 1)`` gives ``(5, 5)``.  The course's classic pitfall.
- ``outer``: every operand is stretched, so the result is an outer product
  nobody wrote out: ``(1, m)`` predictions against ``(m, 1)`` labels.  Not
  flagged when the stretch is *spelled* — in code by ``[:, None]``,
  ``reshape``, ``keepdims=True`` …; from shapes alone by written 1s in every
  stretched operand (``(3, 1)`` with ``(1, 4)``, the textbook example).
- ``rank_promotion``: an operand gains leading axes (``(3, 4)`` with ``(4,)``);
  idiomatic NumPy, so only on request.
- :func:`drift`: an update ``x = x op y`` whose result has another shape than
  ``x`` had (``w`` from ``(n, 1)`` to ``(n, n)``).

The policy returns records; the words for them live in
:mod:`bcast.explainer.words`, the fixes in :mod:`bcast.explainer.advice`.

>>> from bcast.core.rule import broadcast
>>> [s.kind for s in suspicions(broadcast((5,), (5, 1)))]
['rank1']
>>> suspicions(broadcast((3, 1), (1, 4)))
()
>>> [s.kind for s in suspicions(broadcast((3, 1), (1, 4)), spelled=False)]
['outer']
>>> [s.kind for s in suspicions(broadcast((3, 4), (4,)), rank_promotion=True)]
['rank_promotion']
"""

from __future__ import annotations

from bcast.core.records import Record
from bcast.core.rule import CONFLICT

TYPE_CHECKING = False
if TYPE_CHECKING:
    from bcast.core.rule import Broadcast
    from bcast.core.shapes import Dims

__all__ = ["OUTER", "RANK1", "RANK_PROMOTION", "Suspicion", "drift", "suspicions"]

RANK1 = "rank1"
OUTER = "outer"
RANK_PROMOTION = "rank_promotion"


class Suspicion(Record):
    """One reason to think a broadcast that works is not what was meant.

    Attributes
    ----------
    kind : str
        ``"rank1"``, ``"outer"`` or ``"rank_promotion"``.
    operands : tuple of int
        The operands concerned; for ``rank1`` the rank-1 array first, then the
        operand it meets.
    result : tuple
        The shape the broadcast gives.
    """

    kind: str
    operands: tuple[int, ...]
    result: Dims


def _grows(b: Broadcast) -> bool:
    """True if the result has an axis no single operand reaches on its own."""
    return any(len(step.stretched) == len(b.shapes) for step in b.steps) or all(
        any(i in step.stretched for step in b.steps) for i in range(len(b.shapes))
    )


def suspicions(
    b: Broadcast, *, spelled: bool | None = None, rank_promotion: bool = False
) -> tuple[Suspicion, ...]:
    """The suspicious things about a broadcast that succeeded.

    Parameters
    ----------
    b : Broadcast
        What :func:`bcast.broadcast` returned; a conflict is not suspicious,
        it is an error, and gives ``()``.
    spelled : bool or None
        Whether the code spells the stretch out (``[:, None]``, ``reshape``,
        ``np.newaxis``, ``keepdims=True``, ``np.outer``): True silences
        ``outer`` and ``rank1``.  None (shapes without code) counts written 1s
        as spelled: an operand stretched only on axes where it has a 1.
    rank_promotion : bool
        Also report operands that gain leading axes.

    Examples
    --------
    >>> from bcast.core.rule import broadcast
    >>> suspicions(broadcast((5,), (5, 1)))[0]
    Suspicion(kind='rank1', operands=(0, 1), result=(5, 5))
    >>> suspicions(broadcast(("m",), ("m", 1)))[0].result
    ('m', 'm')
    >>> suspicions(broadcast((5,), (5, 1)), spelled=True)
    ()
    >>> suspicions(broadcast((1, 5), (5,)))   # a row meets its own rank-1 twin
    ()
    """
    shape = b.shape
    if shape is None or any(step.verdict == CONFLICT for step in b.steps):
        return ()
    out: list[Suspicion] = []
    n = len(b.shapes)
    if spelled is not True and n > 1:
        padded_stretch = {
            i for s in b.steps if s.size != 1 for i in s.stretched if i in s.padded
        }
        written_stretch = {
            i for s in b.steps if s.size != 1 for i in s.stretched if i not in s.padded
        }
        rank1 = [i for i in padded_stretch if len(b.shapes[i]) == 1]
        partners = [j for j in written_stretch if len(b.shapes[j]) >= 2]
        if rank1 and partners:
            out.append(
                Suspicion(kind=RANK1, operands=(rank1[0], partners[0]), result=shape)
            )
        elif _grows(b) and all(
            any(i in s.stretched and s.size != 1 for s in b.steps) for i in range(n)
        ):
            implicit = bool(padded_stretch)
            if spelled is False or implicit:
                out.append(
                    Suspicion(kind=OUTER, operands=tuple(range(n)), result=shape)
                )
    if rank_promotion:
        promoted = tuple(i for i, s in enumerate(b.shapes) if len(s) < len(shape))
        if promoted:
            out.append(Suspicion(kind=RANK_PROMOTION, operands=promoted, result=shape))
    return tuple(out)


def drift(before: Dims, after: Dims) -> bool:
    """True if an update changed the shape of what it updates.

    Unknown sizes (None) match anything; symbols match only themselves.

    >>> drift((12288, 1), (12288, 12288)), drift((), ("m",)), drift((3, None), (3, 4))
    (True, True, False)
    """
    if len(before) != len(after):
        return True
    return any(
        x != y and x is not None and y is not None for x, y in zip(before, after)
    )
