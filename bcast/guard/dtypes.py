"""dtypes in guard specs: ``"float32: n, m"``, ``"int | bool: n"``.

A spec may start with a dtype and a colon.  The dtype is a *kind* or an exact
name, or several joined by ``|``:

============  ===============================================================
``bool``      booleans
``int``       signed integers (``int8`` ... ``int64``)
``uint``      unsigned integers (``uint8`` ... ``uint64``)
``integer``   ``int | uint``
``float``     floating point (``float16``, ``bfloat16``, ``float32``, ``float64``)
``complex``   complex (``complex64``, ``complex128``)
``inexact``   ``float | complex``
``number``    any integer, float or complex (not bool)
``float32``   exactly that dtype (any exact name: ``int64``, ``uint8``, ``bool_`` ...)
============  ===============================================================

An array's dtype is read from ``x.dtype`` by its name, never by importing the
array's library: NumPy, CuPy, Dask and JAX dtypes are NumPy dtypes
(``dtype.name``), PyTorch's print as ``torch.float32``.  A Python number
counts as its kind (``bool``, ``int``, ``float``, ``complex``) and fits any
exact dtype of that kind: like NumPy 2's weak scalars, it takes the precision
of the array it meets.

>>> DType.parse("float32").accepts_name("float32"), DType.parse("float").accepts_name("int64")
(True, False)
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing stays out of start-up (see bcast.core.rule)
if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["EXACT", "KINDS", "DType", "dtype_name", "is_dtype_word"]

# kind -> the basic kinds it covers
KINDS: dict[str, frozenset[str]] = {
    "bool": frozenset({"bool"}),
    "int": frozenset({"int"}),
    "uint": frozenset({"uint"}),
    "integer": frozenset({"int", "uint"}),
    "float": frozenset({"float"}),
    "complex": frozenset({"complex"}),
    "inexact": frozenset({"float", "complex"}),
    "number": frozenset({"int", "uint", "float", "complex"}),
}

# exact name -> its basic kind
EXACT: dict[str, str] = {
    "bool_": "bool",
    **{f"int{b}": "int" for b in (8, 16, 32, 64)},
    **{f"uint{b}": "uint" for b in (8, 16, 32, 64)},
    **{f"float{b}": "float" for b in (16, 32, 64)},
    "bfloat16": "float",
    "complex64": "complex",
    "complex128": "complex",
}

# Words refused as axis names: ``"float32, n"`` is a dtype put where an axis goes.
# ``integer``, ``inexact`` and ``number`` stay usable as names.
_REFUSED = frozenset(EXACT) | {"bool", "int", "uint", "float", "complex"}

# A Python number's basic kind.  bool first: it is also an int.
_PYTHON = {bool: "bool", int: "int", float: "float", complex: "complex"}


def is_dtype_word(word: str) -> bool:
    """True for a word that names a dtype and cannot be an axis name.

    >>> is_dtype_word("float32"), is_dtype_word("n_x"), is_dtype_word("number")
    (True, False, False)
    """
    return word in _REFUSED


def _kind_of_name(name: str) -> str | None:
    """The basic kind of a dtype name as a library prints it."""
    if name in ("bool", "bool_", "bool8"):
        return "bool"
    for prefix, kind in (
        ("uint", "uint"),
        ("int", "int"),
        ("bfloat", "float"),
        ("float", "float"),
        ("complex", "complex"),
    ):
        if name.startswith(prefix) and name[len(prefix) :].isdigit():
            return kind
    return None


def dtype_name(dtype: object) -> str:
    """A dtype's name without its library: ``float32``, ``int64``, ``bool``.

    >>> import numpy as np
    >>> dtype_name(np.dtype("float32")), dtype_name(np.zeros(2, bool).dtype)
    ('float32', 'bool')
    """
    name = getattr(dtype, "name", None)
    if not isinstance(name, str):
        name = str(dtype)
    return name.rsplit(".", 1)[-1]  # torch.float32 -> float32


class DType:
    """The dtypes a spec allows: basic kinds and exact names."""

    __slots__ = ("exact", "kinds", "seen", "text")

    def __init__(self, kinds: Iterable[str], exact: Iterable[str], text: str) -> None:
        self.kinds = frozenset(kinds)
        self.exact = frozenset(exact)
        self.text = text
        # dtype objects seen to fit: generated code tests membership first
        self.seen: set[object] = set()

    def learn(self, dtype: object) -> bool:
        """True if ``dtype`` fits; remembered, so the next test is one lookup."""
        if not self.accepts(dtype):
            return False
        try:
            if len(self.seen) < 64:
                self.seen.add(dtype)
        except TypeError:  # an unhashable dtype: checked by name every time
            pass
        return True

    @classmethod
    def parse(cls, text: str) -> DType:
        """Read ``float32`` or ``float | int``; ValueError names a bad word."""
        kinds: set[str] = set()
        exact: set[str] = set()
        words = [w.strip() for w in text.split("|")]
        for word in words:
            if word in KINDS:
                kinds |= KINDS[word]
            elif word in EXACT:
                exact.add("bool" if word == "bool_" else word)
            else:
                raise ValueError(word)
        return cls(kinds, exact, " | ".join(words))

    def accepts_name(self, name: str) -> bool:
        """True if an array of dtype ``name`` fits."""
        if name in self.exact:
            return True
        kind = _kind_of_name(name)
        return kind is not None and kind in self.kinds

    def accepts(self, dtype: object) -> bool:
        """True if an array of this dtype (NumPy, torch, JAX ...) fits."""
        return self.accepts_name(dtype_name(dtype))

    def python_types(self) -> frozenset[type]:
        """The Python number types that fit (by kind: ``float`` fits ``float32``)."""
        kinds = self.kinds | {EXACT.get(n, "bool") for n in self.exact}
        return frozenset(t for t, k in _PYTHON.items() if k in kinds)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DType):
            return NotImplemented
        return (self.kinds, self.exact) == (other.kinds, other.exact)

    def __hash__(self) -> int:
        return hash((self.kinds, self.exact))

    def __repr__(self) -> str:
        return f"DType({self.text!r})"


PYTHON_NUMBERS = frozenset(_PYTHON)
"""Python's number types: shape ``()``, dtype by kind."""
