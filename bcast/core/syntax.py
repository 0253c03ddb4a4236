"""Shape text to structure and back.

One grammar serves the command line, :func:`parse_shape` and the shape guard's
specs (:func:`parse_spec`):

=============  ==============================================================
``3,1``        sizes separated by commas, spaces or ``x`` (``3x1``, ``3 1``);
               brackets optional: ``(3, 1)``, ``[3,1]``, ``(5,)``, ``()``
``m,1``        a symbol: an unknown positive size with a name (``n_x``)
``?``          an unknown size (also ``None``)
``_``          spec only: any size, not bound to a name
``...``        spec only: any number of axes
``*batch``     spec only: any number of axes, bound to a name like a size
``#n``         spec only: ``n`` or 1 (broadcast-compatible); also ``#3``
=============  ==============================================================

Nothing here evaluates its input: the text is scanned one character at a time
and every error names the offending token and its position.
"""

from __future__ import annotations

from bcast.core.shapes import format_shape
from bcast.errors import ShapeSyntaxError

# typing is not imported at run time: `bcast check` starts in a few
# milliseconds, and typing alone would cost a fifth of that.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from bcast.core.shapes import Dim, Dims

__all__ = [
    "MAX_DIMS",
    "MAX_SIZE",
    "SpecDim",
    "format_shape",
    "parse_operand",
    "parse_shape",
    "parse_spec",
]

MAX_DIMS = 64
"""The most axes an array may have (NumPy's ``NPY_MAXDIMS``)."""

MAX_SIZE = 2**63 - 1
"""The largest size of one axis (``np.intp``'s maximum on 64-bit machines)."""

_MAX_DIGITS = len(str(MAX_SIZE))

# Full-width forms typed with a Chinese or Japanese input method, read as
# their ASCII twins.  One character for one, so positions stay true.
_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FULLWIDTH.update({0x3001: ord(","), 0x3000: ord(" ")})

_OPEN = {"(": ")", "[": "]"}
_CLOSE = {")", "]"}


class SpecDim:
    """One item of a parsed spec.

    Attributes
    ----------
    kind : str
        ``"size"`` (a known size), ``"name"`` (a symbol), ``"any"`` (``_`` or
        ``?``), ``"ellipsis"`` (``...``) or ``"variadic"`` (``*name``).
    value : int, str or None
        The size for ``"size"``, the name for ``"name"`` and ``"variadic"``.
    broadcastable : bool
        True for ``#n``: the axis may also be 1.
    position : int
        Where the item starts in the spec text.

    Examples
    --------
    >>> d = parse_spec("#n")[0]
    >>> d.kind, d.value, d.broadcastable, str(d)
    ('name', 'n', True, '#n')
    """

    __slots__ = ("broadcastable", "kind", "position", "value")

    def __init__(
        self, kind: str, value: int | str | None, broadcastable: bool, position: int
    ) -> None:
        self.kind = kind
        self.value = value
        self.broadcastable = broadcastable
        self.position = position

    def __repr__(self) -> str:
        return f"SpecDim({self.kind!r}, {self.value!r}, {self.broadcastable!r})"

    def __str__(self) -> str:
        text = {
            "size": str(self.value),
            "name": str(self.value),
            "any": "_",
            "ellipsis": "...",
            "variadic": f"*{self.value}",
        }[self.kind]
        return "#" + text if self.broadcastable else text

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SpecDim):
            return NotImplemented
        return (self.kind, self.value, self.broadcastable) == (
            other.kind,
            other.value,
            other.broadcastable,
        )

    def __hash__(self) -> int:
        return hash((self.kind, self.value, self.broadcastable))


def _fail(text: str, pos: int, token: str, reason: str, what: str) -> ShapeSyntaxError:
    return ShapeSyntaxError(text, pos, token, reason, what)


def _is_name_char(ch: str) -> bool:
    return ch == "_" or ch.isalnum()


def _scan(text: str, what: str) -> list[SpecDim]:
    """Read ``text`` into spec items; the shared scanner of every front end."""
    src = text.translate(_FULLWIDTH)
    n = len(src)
    i = 0
    while i < n and src[i].isspace():
        i += 1
    end = n
    while end > i and src[end - 1].isspace():
        end -= 1
    if i == end:
        example = "n_x, m" if what == "spec" else "3,1"
        raise _fail(text, i, "", f"empty {what}: write one like {example} or ()", what)

    if src[i] in _OPEN:
        close = _OPEN[src[i]]
        if src[end - 1] != close:
            last = src[end - 1]
            reason = f"{src[i]!r} is never closed by {close!r}"
            if last in _CLOSE:
                reason = f"{src[i]!r} is closed by {last!r}"
            raise _fail(text, i, src[i], reason, what)
        i += 1
        end -= 1

    items: list[SpecDim] = []
    need_item = False  # after a comma or an 'x': an item must follow
    sep_seen = True  # a separator (or the start) precedes the next item
    comma_pos = -1
    while i < end:
        ch = src[i]
        if ch.isspace():
            sep_seen = True
            i += 1
            continue
        if ch == ",":
            if need_item or not items:
                raise _fail(text, i, ",", f"empty size before {ch!r}", what)
            need_item = True
            sep_seen = True
            comma_pos = i
            i += 1
            continue
        if ch == "×" or (ch == "x" and (i + 1 == end or not _is_name_char(src[i + 1]))):
            # "n x m", "3 × 1": a standalone x reads as "by".
            if need_item or not items:
                raise _fail(text, i, ch, f"empty size before {ch!r}", what)
            need_item = True
            sep_seen = True
            comma_pos = i
            i += 1
            continue
        start = i
        if ch in _OPEN or ch in _CLOSE:
            raise _fail(text, i, ch, "brackets may only enclose the whole shape", what)
        if not (_is_name_char(ch) or ch in "?.…*#-"):
            raise _fail(text, i, ch, "unexpected character", what)
        if not sep_seen:
            raise _fail(
                text, i, ch, "missing separator: put a comma between sizes", what
            )
        broadcastable = False
        if ch == "#":
            broadcastable = True
            i += 1
            if i >= end or not _is_name_char(src[i]):
                raise _fail(
                    text, start, "#", "'#' must be followed by a size or a name", what
                )
            ch = src[i]
        if ch.isdecimal():
            j = i
            while j < end and src[j].isdecimal():
                j += 1
            digits = src[i:j]
            glued = (
                j < end and src[j] in "x×" and j + 1 < end and not src[j + 1].isspace()
            )
            if j < end and (_is_name_char(src[j]) or src[j] == ".") and not glued:
                k = j
                while k < end and (_is_name_char(src[k]) or src[k] in ".+-"):
                    k += 1
                word = text[start:k]
                rest = src[j:k]
                if rest.isidentifier() and not (
                    rest[0] in "eE" and rest[1:].isdecimal()
                ):
                    reason = f"missing separator: write {digits},{rest}"
                else:
                    reason = "not a whole number"
                raise _fail(text, start, word, reason, what)
            if not digits.isascii():
                bad = next(c for c in digits if not c.isascii())
                at = i + digits.index(bad)
                raise _fail(
                    text,
                    at,
                    bad,
                    f"not an ASCII digit (write {int(bad)} instead)",
                    what,
                )
            if len(digits.lstrip("0")) > _MAX_DIGITS or int(digits) > MAX_SIZE:
                shown = digits if len(digits) <= 24 else digits[:20] + "…"
                raise _fail(
                    text, i, shown, f"size too large: the largest is {MAX_SIZE}", what
                )
            items.append(SpecDim("size", int(digits), broadcastable, start))
            i = j
            if glued:
                i += 1
                need_item = True
                sep_seen = True
                comma_pos = j
                continue
        elif _is_name_char(ch):
            j = i
            while j < end and _is_name_char(src[j]):
                j += 1
            name = src[i:j]
            if not name.isidentifier():
                raise _fail(text, i, text[i:j], "not a name or a size", what)
            if name == "_":
                if broadcastable:
                    raise _fail(
                        text, start, "#_", "'#' needs a size or a name, not '_'", what
                    )
                items.append(SpecDim("any", None, False, start))
            elif name == "None":
                items.append(SpecDim("any", None, False, start))
            else:
                items.append(SpecDim("name", name, broadcastable, start))
            i = j
        elif ch == "?":
            items.append(SpecDim("any", None, False, start))
            i += 1
            if i + 1 < end and src[i] in "x×" and not src[i + 1].isspace():
                i += 1  # "?x4": glued like "3x4"
                need_item = True
                sep_seen = True
                comma_pos = i - 1
                continue
        elif src.startswith("...", i) or ch == "…":
            items.append(SpecDim("ellipsis", None, False, start))
            i += 1 if ch == "…" else 3
        elif ch == "*":
            j = i + 1
            while j < end and _is_name_char(src[j]):
                j += 1
            name = src[i + 1 : j]
            if not name.isidentifier():
                raise _fail(text, i, text[i:j], "'*' must be followed by a name", what)
            items.append(
                SpecDim("variadic", None if name == "_" else name, False, start)
            )
            i = j
        elif ch == "-" and i + 1 < end and src[i + 1].isdecimal():
            j = i + 1
            while j < end and (_is_name_char(src[j]) or src[j] == "."):
                j += 1
            raise _fail(text, i, text[i:j], "negative size: sizes are 0 or more", what)
        elif ch == "." and i + 1 < end and src[i + 1].isdecimal():
            j = i + 1
            while j < end and _is_name_char(src[j]):
                j += 1
            raise _fail(text, i, text[i:j], "not a whole number", what)
        else:
            raise _fail(text, i, text[i], "unexpected character", what)
        need_item = False
        sep_seen = False
        if len(items) > MAX_DIMS and what != "spec":
            raise _fail(
                text,
                items[-1].position,
                text[items[-1].position : i],
                f"more than {MAX_DIMS} axes; arrays have at most {MAX_DIMS}",
                what,
            )
    if need_item and src[comma_pos] != ",":
        raise _fail(text, comma_pos, src[comma_pos], "a size must follow 'x'", what)
    return items


def parse_spec(text: str) -> tuple[SpecDim, ...]:
    """Read a shape spec, such as the shape guard's ``"n_x, m"``.

    Parameters
    ----------
    text : str
        The spec, in the grammar of this module.

    Returns
    -------
    tuple of SpecDim

    Raises
    ------
    ShapeSyntaxError
        If ``text`` is not a valid spec; the message names the token and its
        position.

    Examples
    --------
    >>> [str(d) for d in parse_spec("*batch, n_x, #m, 3")]
    ['*batch', 'n_x', '#m', '3']
    >>> parse_spec("n, ..., ...")
    Traceback (most recent call last):
    ...
    bcast.errors.ShapeSyntaxError: bad spec 'n, ..., ...': '...' at position 8: only one variadic item ('...' or '*name') per spec
    """
    if not isinstance(text, str):
        raise TypeError(f"a spec is text, got {type(text).__name__}")
    items = _scan(text, "spec")
    variadic = [d for d in items if d.kind in ("ellipsis", "variadic")]
    if len(variadic) > 1:
        extra = variadic[1]
        raise ShapeSyntaxError(
            text,
            extra.position,
            str(extra),
            "only one variadic item ('...' or '*name') per spec",
            "spec",
        )
    fixed = len(items) - len(variadic)
    if fixed > MAX_DIMS:
        last = items[-1]
        raise ShapeSyntaxError(
            text,
            last.position,
            str(last),
            f"more than {MAX_DIMS} axes; arrays have at most {MAX_DIMS}",
            "spec",
        )
    return tuple(items)


def parse_shape(text: str) -> Dims:
    """Read a shape from text.

    Accepts ``3,1``, ``(3, 1)``, ``[3,1]``, ``3x1``, ``3 1``, ``()``,
    ``(5,)``, ``5``, symbols (``m,1``, ``n_x m``) and unknown sizes (``?``,
    ``None``).  Full-width digits and commas typed with a Chinese input method
    are read as their ASCII forms.

    Parameters
    ----------
    text : str
        The shape.

    Returns
    -------
    tuple
        Integers for known sizes, strings for symbols and ``None`` for unknown
        sizes.

    Raises
    ------
    ShapeSyntaxError
        If ``text`` is not a shape; the message names the offending token and
        its position.

    Examples
    --------
    >>> parse_shape("3,1")
    (3, 1)
    >>> parse_shape("(n_x, m)")
    ('n_x', 'm')
    >>> parse_shape("2x?x4")
    (2, None, 4)
    >>> parse_shape("()")
    ()
    >>> parse_shape("3,,1")
    Traceback (most recent call last):
    ...
    bcast.errors.ShapeSyntaxError: bad shape '3,,1': ',' at position 2: empty size before ','
    """
    if not isinstance(text, str):
        raise TypeError(f"a shape's text must be a str, got {type(text).__name__}")
    out: list[Dim] = []
    for d in _scan(text, "shape"):
        if d.broadcastable or d.kind in ("ellipsis", "variadic"):
            raise ShapeSyntaxError(
                text,
                d.position,
                str(d),
                "a pattern, not a size: patterns belong in specs (bcast.expect)",
            )
        if d.kind == "any" and text[d.position] == "_":
            raise ShapeSyntaxError(
                text, d.position, "_", "'_' is a pattern; write ? for an unknown size"
            )
        out.append(d.value)
    return tuple(out)


def parse_operand(text: str) -> tuple[str | None, Dims]:
    """Read an operand as the command line writes it: ``[NAME=]SHAPE``.

    Examples
    --------
    >>> parse_operand("X=20,1000")
    ('X', (20, 1000))
    >>> parse_operand("3,1")
    (None, (3, 1))
    """
    name, eq, shape = text.partition("=")
    if not eq:
        return None, parse_shape(text)
    stripped = name.strip()
    if not stripped.isidentifier():
        raise ShapeSyntaxError(
            text, 0, name, "an operand's name must be a Python identifier", "operand"
        )
    try:
        return stripped, parse_shape(shape)
    except ShapeSyntaxError as e:
        offset = len(name) + 1
        raise ShapeSyntaxError(
            text, e.position + offset, e.token, e.reason, "operand"
        ) from None
