"""The abstract values the linter computes with: what is known of a Python value.

An expression evaluates to one of these, or to None for "nothing known" — and
nothing known never produces a diagnostic.  Sizes are bcast's :data:`Dim`: an
int, a symbol (``"m"``, ``"num_px*num_px*3"``) or None for an unknown size.

>>> Arr((3, 1)).ndim, join(Arr((3, 1)), Arr((4, 1))).shape
(2, (None, 1))
"""

from __future__ import annotations

import ast

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TypeAlias

    from bcast.core.shapes import Dim, Dims

    Value: TypeAlias = "Arr | Int | Num | Str | Tup | Dct | Fn | Mod | Bound | Param | NewAxis | Const | None"

__all__ = [
    "MAX_SIZE_TEXT",
    "Arr",
    "Bound",
    "Const",
    "Dct",
    "Fn",
    "Int",
    "Mod",
    "NewAxis",
    "Num",
    "Param",
    "Str",
    "Tup",
    "int_op",
    "is_size",
    "join",
    "same",
    "shape_of",
    "size_of",
    "sizes_of",
]

MAX_SIZE_TEXT = 60
"""A symbol made by arithmetic (``num_px*num_px*3``) longer than this is unknown."""


class Arr:
    """An array of a known rank.

    ``spelled``: axes (positive, in this array) whose size 1 the code wrote
    out as a new axis (``[:, None]``, ``np.newaxis``, ``reshape``,
    ``expand_dims``) or an array literal.  ``kept``: axes kept by
    ``keepdims=True``.  ``origin``: the code that made the array and its line;
    ``made``: the call that made it, for a fix written on that call.
    """

    __slots__ = ("kept", "made", "origin", "shape", "spelled")

    def __init__(
        self,
        shape: Dims,
        *,
        spelled: frozenset[int] = frozenset(),
        kept: frozenset[int] = frozenset(),
        origin: tuple[str, int] | None = None,
        made: Made | None = None,
    ) -> None:
        self.shape = shape
        self.spelled = spelled
        self.kept = kept
        self.origin = origin
        self.made = made

    @property
    def ndim(self) -> int:
        return len(self.shape)

    def but(self, shape: Dims, **changes: object) -> Arr:
        """A new array of ``shape``, keeping where this one came from."""
        out = Arr(shape, origin=self.origin)
        for key, value in changes.items():
            setattr(out, key, value)
        return out

    def __repr__(self) -> str:
        return f"Arr{self.shape!r}"


class Made:
    """How an array was made, for a fix on that code: a reduction or a constructor."""

    __slots__ = ("axis", "kind", "node", "operand")

    def __init__(
        self, kind: str, node: ast.Call, axis: int | None = None, operand: Dims = ()
    ) -> None:
        self.kind = kind  # "reduce" or "ctor"
        self.node = node
        self.axis = axis
        self.operand = operand


class Int:
    """An integer: known (``5``), a symbol (``"m"``) or unknown (None)."""

    __slots__ = ("dim",)

    def __init__(self, dim: Dim) -> None:
        self.dim = dim

    def __repr__(self) -> str:
        return f"Int({self.dim!r})"


class Num:
    """A Python or NumPy scalar that is not a size: shape ``()``."""

    __slots__ = ()


class Str:
    """A known string (dictionary keys such as ``"W" + str(l)``)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


class Const:
    """Another known constant: None, True, False, Ellipsis."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value


class Tup:
    """A tuple or a list whose items are known (each may be None)."""

    __slots__ = ("is_list", "items")

    def __init__(self, items: tuple[Value, ...], is_list: bool = False) -> None:
        self.items = items
        self.is_list = is_list


class Dct:
    """A dict with string keys; ``complete`` when every key is known."""

    __slots__ = ("complete", "items")

    def __init__(self, items: dict[str, Value], complete: bool = True) -> None:
        self.items = items
        self.complete = complete


class Fn:
    """A function defined in the checked code."""

    __slots__ = ("node",)

    def __init__(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.node = node


class Mod:
    """A module or a function of one: ``numpy``, ``numpy.random``, ``numpy.dot``."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


class Bound:
    """A method of an array: ``X.reshape``, ``A.sum``."""

    __slots__ = ("arr", "name", "node")

    def __init__(self, arr: Arr, name: str, node: ast.expr) -> None:
        self.arr = arr
        self.name = name
        self.node = node


class Param:
    """A parameter nothing is known about; used as a size, it is a symbol."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


class NewAxis:
    """``None`` or ``np.newaxis`` in an index."""

    __slots__ = ()


def same(a: Value, b: Value) -> bool:
    """True if two values are known to be the same."""
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, Arr):
        assert isinstance(b, Arr)
        return a.shape == b.shape and a.spelled == b.spelled and a.kept == b.kept
    if isinstance(a, Int):
        assert isinstance(b, Int)
        return a.dim == b.dim
    if isinstance(a, Str):
        assert isinstance(b, Str)
        return a.text == b.text
    if isinstance(a, Const):
        assert isinstance(b, Const)
        return a.value is b.value
    if isinstance(a, Tup):
        assert isinstance(b, Tup)
        return len(a.items) == len(b.items) and all(map(same, a.items, b.items))
    if isinstance(a, Dct):
        assert isinstance(b, Dct)
        return (
            a.complete == b.complete
            and a.items.keys() == b.items.keys()
            and all(same(v, b.items[k]) for k, v in a.items.items())
        )
    if isinstance(a, (Fn, Bound)):
        return False
    if isinstance(a, Mod):
        assert isinstance(b, Mod)
        return a.name == b.name
    if isinstance(a, Param):
        assert isinstance(b, Param)
        return a.name == b.name
    return isinstance(a, (Num, NewAxis))


def join(a: Value, b: Value) -> Value:
    """What is known of a value that is ``a`` on one path and ``b`` on another."""
    if same(a, b):
        return a
    if isinstance(a, Int) and isinstance(b, Int):
        return Int(None)
    if _scalar(a) and _scalar(b):  # 0.0 on one path, np.sum(dz) / m on another
        return Num()
    if isinstance(a, Arr) and isinstance(b, Arr):
        if a.ndim != b.ndim:
            return None
        shape = tuple(x if x == y else None for x, y in zip(a.shape, b.shape))
        return Arr(
            shape,
            spelled=a.spelled & b.spelled,
            kept=a.kept & b.kept,
            origin=a.origin if a.origin == b.origin else None,
        )
    if isinstance(a, Int) and isinstance(b, Int):
        return Int(None)
    if isinstance(a, Num) and isinstance(b, (Num, Int)):
        return a
    if isinstance(a, Int) and isinstance(b, Num):
        return b
    if isinstance(a, Tup) and isinstance(b, Tup) and len(a.items) == len(b.items):
        return Tup(tuple(map(join, a.items, b.items)), a.is_list)
    if isinstance(a, Dct) and isinstance(b, Dct):
        keys = a.items.keys() & b.items.keys()
        return Dct(
            {k: join(a.items[k], b.items[k]) for k in keys},
            complete=a.complete and b.complete and a.items.keys() == b.items.keys(),
        )
    if isinstance(a, Fn) and isinstance(b, Fn) and a.node is b.node:
        return a
    return None


def _scalar(v: Value) -> bool:
    return isinstance(v, (Num, Int)) or (isinstance(v, Arr) and v.ndim == 0)


def shape_of(v: Value) -> Dims | None:
    """The shape of an operand of elementwise arithmetic, or None if unknown."""
    if isinstance(v, Arr):
        return v.shape
    if isinstance(v, (Num, Int)):
        return ()
    if isinstance(v, Const) and type(v.value) in (bool, int, float):
        return ()
    return None


def is_size(v: Value) -> bool:
    """True if a value can be a size: an int (perhaps symbolic) or an unknown parameter."""
    return isinstance(v, (Int, Param))


def size_of(v: Value) -> Dim:
    """A value used as a size: an int, a symbol, or None unknown (see :func:`is_size`)."""
    if isinstance(v, Int):
        return v.dim
    if isinstance(v, Param):
        return v.name
    return None


def sizes_of(v: Value) -> Dims | None:
    """A value used as a shape (``(n, 1)``, ``n``), or None."""
    items = v.items if isinstance(v, Tup) else (v,)
    out: list[Dim] = []
    for item in items:
        d = size_of(item)
        if not is_size(item) or (isinstance(d, int) and d < 0):
            return None
        out.append(d)
    return tuple(out)


def _wrap(d: Dim) -> str:
    text = str(d)
    return f"({text})" if isinstance(d, str) and ("+" in text or "-" in text) else text


_INT_OPS = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.FloorDiv: "//",
}


def int_op(op: ast.operator, a: Dim, b: Dim) -> Value:
    """Integer arithmetic on sizes: exact on ints, products kept as symbols."""
    if a is None or b is None:
        return Int(None)
    if type(a) is int and type(b) is int:
        try:
            if isinstance(op, ast.Add):
                return Int(a + b)
            if isinstance(op, ast.Sub):
                return Int(a - b)
            if isinstance(op, ast.Mult):
                return Int(a * b)
            if isinstance(op, ast.FloorDiv):
                return Int(a // b)
            if isinstance(op, ast.Mod):
                return Int(a % b)
            if isinstance(op, ast.Pow) and 0 <= b <= 64 and abs(a) <= 1 << 16:
                return Int(a**b)
            if isinstance(op, ast.Div):
                return Num()
        except ZeroDivisionError:
            return None
        return Int(None)
    if isinstance(op, ast.Div):
        return Num()
    sym = _INT_OPS.get(type(op))
    if sym is None:
        return Int(None)
    if sym == "*" and a == 1:
        return Int(b)
    if sym in "*//" and b == 1:
        return Int(a)
    if sym in "+-" and b == 0:
        return Int(a)
    text = f"{_wrap(a)}{sym}{_wrap(b)}"
    return Int(text if len(text) <= MAX_SIZE_TEXT else None)
