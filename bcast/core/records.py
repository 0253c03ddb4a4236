"""Records: named tuples declared once, by field, without typing at run time.

``class Step(Record): axis: int`` is a :func:`collections.namedtuple` at run
time and a :class:`typing.NamedTuple` to the type checker, so a record is
declared once, built by keyword, compared and unpacked as a tuple, and
``import bcast`` does not pay for importing :mod:`typing`.

>>> class Point(Record):
...     '''A point.'''
...     x: int
...     y: int = 0
...     def norm1(self) -> int:
...         return abs(self.x) + abs(self.y)
>>> p = Point(x=3, y=-4)
>>> p, p.norm1(), Point(1), p._replace(y=1)
(Point(x=3, y=-4), 7, Point(x=1, y=0), Point(x=3, y=1))
>>> isinstance(p, tuple), Point.__doc__
(True, 'A point.')
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NamedTuple as Record
else:
    from collections import namedtuple

    # What a class body holds that the named tuple makes itself.
    _OWN = frozenset(
        {"__annotations__", "__module__", "__qualname__", "__slots__", "__dict__"}
    )

    class _RecordMeta(type):
        """Turn ``class X(Record)`` into one named tuple class, as typing does."""

        def __new__(
            mcls: type, name: str, bases: tuple[type, ...], namespace: dict[str, object]
        ) -> type:
            if not bases:  # Record itself
                return type.__new__(mcls, name, bases, namespace)
            fields = tuple(namespace.get("__annotations__", {}))
            defaults = [namespace[f] for f in fields if f in namespace]
            if any(f in namespace for f in fields[: len(fields) - len(defaults)]):
                raise TypeError(f"{name}: fields with defaults must come last")
            cls = namedtuple(
                name, fields, defaults=defaults, module=namespace.get("__module__")
            )
            cls.__qualname__ = namespace.get("__qualname__", name)
            for key, value in namespace.items():
                if key not in _OWN and key not in fields:
                    setattr(cls, key, value)
            return cls

    class Record(metaclass=_RecordMeta):
        """Base of every record: subclass it and annotate the fields."""


__all__ = ["Record"]
