"""The table's vocabulary: a :class:`Form` (one row), a :class:`Reading` (what
a row reads from a message), and the shape text every library prints.

A library's file (``numpy.py``, ``torch.py`` ...) exports ``FORMS``, a tuple of
rows.  A row says where its message is (``phrase``, a plain substring found
with :meth:`str.rfind` before any regular expression runs, and ``pattern``,
matched only around the phrase), how its groups are read (``shapes``,
``listed``, ``target``, ``names``, ``function``), which note explains it
(``note``, keys of :mod:`bcast.explainer.words.messages`), and carries a real
example message with the shapes it must read.  ``hook`` is code, for the
rows whose reading must compute (a signature's layout, a list of operands).
"""

from __future__ import annotations

from bcast.core.records import Record
from bcast.core.shapes import format_shape

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from re import Match

    from bcast.core.shapes import Dim, Dims

    Hook = Callable[[Match[str], str, "Reading"], "Reading | Hit | None"]

__all__ = [
    "ANY",
    "BRACKET",
    "PAREN",
    "TYPED",
    "UNKNOWN",
    "Form",
    "Hit",
    "Reading",
    "dims",
    "known",
    "listed_shapes",
]

# Shape text as the libraries print it: NumPy "(3,4)", PyTorch "[3, 4]",
# JAX "float32[3,4]".  Character classes only: nothing to backtrack over.
PAREN = r"\([^()\n]{0,400}\)"
BRACKET = r"\[[^\[\]\n]{0,400}\]"
ANY = rf"(?:{PAREN}|{BRACKET})"
TYPED = rf"(?:\w{{0,20}}{BRACKET}|{PAREN})"

# Sizes a library prints when it does not know them: TensorFlow "?" and
# "None", Dask "nan", PyTorch "-1" (keep the size).
UNKNOWN = frozenset({"?", "None", "nan", "-1"})


class Reading(Record):
    """A broadcasting error message, read.

    Attributes
    ----------
    library : str
        Who said it: ``"numpy"``, ``"torch"``, ``"jax"``, ``"tensorflow"``,
        ``"keras"``, ``"tfjs"``, ``"paddle"``, ``"mxnet"``, ``"cupy"``,
        ``"dask"`` or ``"bcast"``.
    kind : str
        What went wrong, across libraries: ``"broadcast"`` (operands that do
        not broadcast together), ``"broadcast_to"``, ``"expand"``,
        ``"assignment"``, ``"indexing"``, ``"inplace_output"``,
        ``"rank_promotion"``, ``"contraction"`` (a matrix product whose
        summed axes differ: never elementwise broadcasting), ``"gufunc"``,
        ``"einsum"``, ``"same_shape"`` (two shapes that must be equal, a loss's
        target and prediction) or ``"shape_guard"``.
    message : str
        The error text, from its first word to where the message ends, ANSI
        codes stripped (for ``ValueError: msg`` this is ``msg``).
    function : str or None
        The function or operation the message names (``"add"``,
        ``"matmul"``, TensorFlow's ``"AddV2"``), if it names one.
    shapes : tuple of shapes
        Each operand's shape as far as the message tells; unknown sizes are
        None.
    names : tuple of str or None
        How the message labels the operands in ``shapes``.
    signature : str or None
        The gufunc signature, when the message gives one.
    target : shape or None
        The target of a one-directional message (``broadcast_to``, an
        assignment's destination, an output operand).
    axis : int or None
        The axis the message names, as a negative index.
    complete : bool
        True when every size in ``shapes`` and ``target`` is known.
    note : str
        The note in English (:meth:`note_in` says it in any language).
    position : int or None
        The axis the message names counted from the front, as it gives it.
    dimension : str or None
        The core dimension or label the message names.
    originals : tuple of shapes or None
        For NumPy's "remapped shapes": each operand's shape before remapping.
    exception : str or None
        The exception's class name written before the message.
    form : str
        The row of the table that read it (``"ufunc"``, ``"mat1_mat2"``).
    contracted : tuple of tuples of int, or None
        For a contraction: per operand of ``shapes``, the axes (negative
        indices) that are summed over and so must agree.
    notes : tuple of str
        Keys of the note's sentences in :mod:`bcast.explainer.words.messages`.
    note_fields : tuple of (str, str) pairs
        The fields those sentences are filled with.
    """

    library: str
    kind: str
    message: str
    function: str | None
    shapes: tuple[Dims, ...]
    names: tuple[str, ...] | None
    signature: str | None
    target: Dims | None
    axis: int | None
    complete: bool
    note: str
    position: int | None = None
    dimension: str | None = None
    originals: tuple[Dims, ...] | None = None
    exception: str | None = None
    form: str = ""
    contracted: tuple[tuple[int, ...], ...] | None = None
    notes: tuple[str, ...] = ()
    note_fields: tuple[tuple[str, str], ...] = ()

    def note_in(self, lang: str = "en") -> str:
        """The note in ``lang`` (``"en"`` or ``"zh"``).

        Examples
        --------
        >>> from bcast.explainer.messages import read_message
        >>> r = read_message("shapes (2,3) and (4,5) not aligned: 3 (dim 1) != 4 (dim 0)")
        >>> r.note_in("en")[:31], r.note_in("zh")[:28]
        ('np.dot (or np.inner, multi_dot)', 'np.dot（或 np.inner、multi_dot）')
        """
        from string import Formatter

        from bcast.explainer.words.catalog import say, sentences

        fields = dict(self.note_fields)
        sep = "" if lang == "zh" else " "
        said = []
        for key in self.notes:
            template = sentences("messages")[lang][key]
            # an optional group the message left out reads as "?"
            wanted = {name for _, name, _, _ in Formatter().parse(template) if name}
            said.append(say(key, lang, **{k: fields.get(k, "?") for k in wanted}))
        return sep.join(said)

    def with_notes(self, *keys: str, **fields: object) -> Reading:
        """This reading with its note's keys (and extra fields) set."""
        merged = dict(self.note_fields)
        merged.update((k, str(v)) for k, v in fields.items())
        return self._replace(notes=keys, note_fields=tuple(merged.items()))


class Hit(Record):
    """A hook's reading whose message starts before its pattern's match."""

    start: int
    reading: Reading


class Form(Record):
    """One message form: a row of the table.

    Attributes
    ----------
    library, name, kind : str
        Who says it, the row's name (unique within its library) and the
        :attr:`Reading.kind` it reads.
    phrase : str
        A substring of every message of this form, found first, cheaply.
    pattern : str
        The regular expression of the whole message, matched around the
        phrase; it ends where the message ends.
    example : str
        A real message of this form, and ``source``: where it was taken from
        (a URL, or the library version that produced it live).
    expect : tuple of shapes
        The shapes the example must read (and ``expect_target``).
    note : tuple of str
        The note's keys (``"messages.…"``); a hook may choose others.
    shapes : tuple of str
        Groups read as the operands' shapes, in order.
    listed : str or None
        A group holding a list of shapes (``(3,4) (3,)``), read after
        ``shapes``.
    target : str or None
        A group read as the target shape.
    names : tuple of str
        The operands' labels; ``{group}`` is filled from the match.
    function : str or None
        A group naming the function; ``=name`` for a fixed name.
    contracted : per-operand axes, or None
        The contracted axes of a contraction (see :attr:`Reading.contracted`).
    signature : str or None
        The gufunc signature the form implies.
    back : int
        How far before the phrase the message may start.
    symbols : bool
        Whether names (``m``) are sizes here (bcast's own messages).
    hook : callable or None
        ``hook(match, line, reading)``: the reading refined, a :class:`Hit`,
        or None to pass (the message is then not this form).
    """

    library: str
    name: str
    kind: str
    phrase: str
    pattern: str
    example: str
    source: str
    expect: tuple[Dims, ...]
    expect_target: Dims | None = None
    note: tuple[str, ...] = ()
    shapes: tuple[str, ...] = ()
    listed: str | None = None
    target: str | None = None
    names: tuple[str, ...] = ()
    function: str | None = None
    contracted: tuple[tuple[int, ...], ...] | None = None
    signature: str | None = None
    back: int = 0
    symbols: bool = False
    hook: Hook | None = None


# -- shape text ----------------------------------------------------------------


def dims(text: str, symbols: bool = False, newaxis: bool = False) -> Dims | None:
    """Shape text from a message to a shape; None if it is not one.

    Reads ``(3,4)``, ``[3, 4]``, ``float32[3,4]``, ``torch.Size([3])``,
    TensorFlow.js's bare ``285,39``, Python 2's ``(1L, 2L)``;
    ``?``, ``None``, ``nan``, ``-1`` and symbolic sizes (``2*b``) are unknown
    (None).  Names are sizes only with ``symbols`` (bcast's own messages):
    elsewhere a name means the text is not a shape (``(Pdb)``).

    Examples
    --------
    >>> dims("(3,4)"), dims("[?,3]"), dims("(None, 4)"), dims("285,39")
    ((3, 4), (None, 3), (None, 4), (285, 39))
    >>> dims("(Pdb)") is None, dims("(m, 4)", symbols=True)
    (True, ('m', 4))
    """
    text = text.strip()
    if text.startswith("torch.Size(") and text.endswith(")"):
        text = text[len("torch.Size(") : -1]
    if text[:1].isalpha() and "[" in text:  # JAX's "float32[3,4]"
        text = text[text.index("[") :]
    if text[:1] in "([" and text[-1:] in ")]":
        text = text[1:-1]
    text = text.strip()
    if not text:
        return ()
    out: list[Dim] = []
    # "[2 4]": a NumPy array of sizes, as old JAX printed them
    tokens = text.split(",") if "," in text or " " not in text else text.split()
    if len(tokens) > 64:
        return None
    for i, token in enumerate(tokens):
        token = token.strip()
        if not token:
            if i == len(tokens) - 1 and i > 0:  # "(3,)"
                continue
            return None
        if token.endswith("L") and token[:-1].isdecimal():  # Python 2: "2L"
            token = token[:-1]
        if token.isdecimal() and token.isascii():
            out.append(int(token))
        elif token in UNKNOWN:
            out.append(None)
        elif newaxis and token == "newaxis":
            out.append(1)
        elif symbols and token.isidentifier():
            out.append(token)
        elif (
            any(c in token for c in "*+")
            and token.replace("*", "").replace("+", "").replace(" ", "").isalnum()
        ):
            out.append(None)  # JAX's symbolic "2*b"
        else:
            return None
    return tuple(out)


def listed_shapes(text: str, newaxis: bool = False) -> list[Dims] | None:
    """Every shape in ``text`` (``(3,4) (3,)``, ``[2], [3]``), or None."""
    import re

    shapes: list[Dims] = []
    for m in re.finditer(ANY, text):
        d = dims(m.group(), newaxis=newaxis)
        if d is None:
            return None
        shapes.append(d)
    return shapes


def known(*shapes: Dims | None) -> bool:
    """True when every size of ``shapes`` is known (None shapes are skipped)."""
    return all(d is not None for s in shapes if s is not None for d in s)


def fmt(shapes: tuple[Dims, ...] | list[Dims]) -> str:
    """``(3, 4) (3,)``: shapes listed for a note."""
    return " ".join(format_shape(s) for s in shapes)
