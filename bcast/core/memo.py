"""One bounded memo for every cache in bcast.

Keys are made by :func:`exact_key`: ``marshal`` writes ``3``, ``3.0``,
``True`` and ``np.int64(3)`` differently (the last not at all), where ``==``
and ``hash`` would confuse them, so a remembered answer can never stand for a
different question.  A :class:`Memo` forgets its oldest entry when full
(shapes in a program repeat: a training loop asks the same question at every
step, so a small memo serves it).

>>> memo: Memo[bytes, int] = Memo(2)
>>> for k in (b"a", b"b", b"c"):
...     _ = memo.remember(k, len(memo))
>>> sorted(memo)
[b'b', b'c']
>>> exact_key((3, 1)) == exact_key((3, 1)), exact_key((3,)) == exact_key((3.0,))
(True, False)
"""

from __future__ import annotations

from marshal import dumps as _dumps

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TypeVar

    _K = TypeVar("_K")
    _V = TypeVar("_V")

__all__ = ["MAX_KEY", "Memo", "exact_key"]

MAX_KEY = 4096
"""The longest key worth remembering under, in bytes."""


def exact_key(value: object) -> bytes | None:
    """A type-exact key for ``value``, or None where there is none worth having.

    None for objects ``marshal`` cannot write (NumPy integers, arrays) and for
    keys longer than :data:`MAX_KEY` bytes.
    """
    try:
        key = _dumps(value, 2)  # type: ignore[arg-type]
    except ValueError:
        return None
    return key if len(key) <= MAX_KEY else None


class Memo(dict["_K", "_V"]):
    """A dict that holds at most ``size`` entries, forgetting the oldest first.

    Reads are plain ``dict.get`` (as fast as a dict); writes go through
    :meth:`remember`.  Safe to share between threads: a lost race forgets one
    entry too many, never a wrong one.
    """

    __slots__ = ("size",)

    def __init__(self, size: int = 1024) -> None:
        super().__init__()
        self.size = size

    def remember(self, key: _K, value: _V) -> _V:
        """Store ``value`` under ``key`` and return it."""
        if len(self) >= self.size:
            try:
                del self[next(iter(self))]
            except (KeyError, RuntimeError, StopIteration):  # another thread won
                pass
        self[key] = value
        return value
