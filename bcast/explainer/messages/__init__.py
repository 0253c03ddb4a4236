"""Read broadcasting error messages (NumPy, PyTorch, JAX, bcast) into shapes.

This is the one module in bcast that parses an error's text.
:func:`read_message` finds the *last* broadcasting error in pasted text — a
whole traceback with chained exceptions, IPython output with ANSI colour
codes, a log, pytest's ``E   ValueError: ...`` lines — and reads it into a
:class:`Reading`: which library said it, which kind of message it is, each
operand's shape as far as the message tells, and a plain-English note on what
the message does not tell.

Every kind below was produced by running the library (NumPy 2.4, PyTorch
2.13, JAX 0.10; older wordings noted where they differ):

=====================  =======  ===============================================
kind                   library  example message
=====================  =======  ===============================================
``ufunc``              numpy    operands could not be broadcast together with
                                shapes (3,4) (3,)
``remapped``           numpy    operands could not be broadcast together with
                                remapped shapes [original->remapped]:
                                (2,3,4)->(2,newaxis,newaxis)
                                (3,4,5)->(3,newaxis,newaxis)  and requested
                                shape (3,5)
``broadcast_to``       numpy    operands could not be broadcast together with
                                remapped shapes [original->remapped]: (3,)
                                and requested shape (4,)
                                — also "cannot broadcast a non-scalar to a
                                scalar array", "input operand has more
                                dimensions than allowed by the axis remapping"
``broadcast_shapes``   numpy    shape mismatch: objects cannot be broadcast to
                                a single shape.  Mismatch is between arg 0 with
                                shape (3, 4) and arg 1 with shape (3,).
``matmul``             numpy    matmul: Input operand 1 has a mismatch in its
                                core dimension 0, with gufunc signature
                                (n?,k),(k,m?)->(n?,m?) (size 4 is different
                                from 3)
``gufunc``             numpy    vecdot: Input operand 1 has a mismatch in its
                                core dimension 0, with gufunc signature
                                (n),(n)->() (size 4 is different from 3)
``core_ndim``          numpy    matmul: Input operand 0 does not have enough
                                dimensions (has 0, gufunc core with signature
                                (n?,k),(k,m?)->(n?,m?) requires 1)
``vectorize``          numpy    inconsistent size for core dimension 'n': 4
                                vs 3
``vectorize_ndim``     numpy    1-dimensional argument does not have enough
                                dimensions for all core dimensions ('n', 'm')
``inplace_output``     numpy    non-broadcastable output operand with shape
                                (3,1) doesn't match the broadcast shape (3,4)
``assignment``         numpy    could not broadcast input array from shape
                                (3,) into shape (4,) — also "shape mismatch:
                                value array of shape (3,2) could not be
                                broadcast to indexing result of shape (2,2)"
``mask_assignment``    numpy    NumPy boolean array indexing assignment cannot
                                assign 2 input values to the 3 output values
                                where the mask is true — also "... requires a
                                0 or 1-dimensional input, input has 2
                                dimensions"
``ufunc_at``           numpy    array is not broadcastable to correct shape
``indexing``           numpy    shape mismatch: indexing arrays could not be
                                broadcast together with shapes (2,) (3,)
``dot``                numpy    shapes (2,3) and (4,5) not aligned: 3 (dim 1)
                                != 4 (dim 0)
``size_mismatch``      torch    The size of tensor a (3) must match the size
                                of tensor b (4) at non-singleton dimension 1
``expand``             torch    The expanded size of the tensor (4) must match
                                the existing size (3) at non-singleton
                                dimension 1.  Target sizes: [2, 4].  Tensor
                                sizes: [3] — also "expand(torch.FloatTensor{[2,
                                3]}, size=[3]): the number of sizes provided
                                (1) must be greater or equal to the number of
                                dimensions in the tensor (2)"
``broadcast_shapes``   torch    Attempting to broadcast a dimension of length
                                3 at -1! Mismatching argument at index 1 had
                                (3,); but expected shape should be
                                broadcastable to [3, 4]
``mat1_mat2``          torch    mat1 and mat2 shapes cannot be multiplied (2x3
                                and 4x5) — before PyTorch 1.7: "size mismatch,
                                m1: [2 x 3], m2: [4 x 5]"
``inplace_output``     torch    output with shape [3, 1] doesn't match the
                                broadcast shape [3, 4]
``indexing``           torch    shape mismatch: indexing tensors could not be
                                broadcast together with shapes [2], [3]
``target_size``        torch    Using a target size (torch.Size([3])) that is
                                different to the input size (torch.Size([3,
                                4])) is deprecated. Please ensure they have
                                the same size. (and the UserWarning of
                                mse_loss: "... This will likely lead to
                                incorrect results due to broadcasting. ...")
``dot``                torch    inconsistent tensor size, expected tensor [3]
                                and src [4] to have the same number of
                                elements, but got 3 and 4 elements
                                respectively
``bmm``                torch    Expected size for first two dimensions of
                                batch2 tensor to be: [2, 4] but got: [2, 5].
``mv``                 torch    size mismatch, got input (2), mat (2x3), vec
                                (4)
``einsum``             torch    einsum(): subscript j has size 4 for operand 1
                                which does not broadcast with previously seen
                                size 3
``broadcast_shapes``   jax      Incompatible shapes for broadcasting:
                                shapes=[(3, 4), (3,)]
``broadcast_to``       jax      Incompatible types for broadcasting: input
                                type=float32[3] and requested type=float32[4]
                                — also "Cannot broadcast to shape with fewer
                                dimensions: arr_shape=(2, 3) shape=(3,)"
``rank_promotion``     jax      Operands could not be broadcast together for
                                add on shapes (3, 4) (4,) and with the config
                                option jax_numpy_rank_promotion='raise'. ...
``dot_general``        jax      dot_general requires contracting dimensions to
                                have the same shape, got (3,) and (4,).
``matmul``             jax      Incompatible types for matmul arguments:
                                float32[2,3,4] and float32[3,4,5]
``lax_broadcast``      jax      add got incompatible shapes for broadcasting:
                                (3, 4), (4, 3).
``einsum``             jax      Size of label 'j' for operand 1 (3) does not
                                match previous terms (4).
``vecdot``             jax      axes must match; got shapes (3,) and (4,) with
                                axis=-1
``vectorize``          jax      inconsistent size for core dimension 'm': 4
                                vs 3 on vectorized function with
                                excluded=frozenset() and
                                signature='(m,m),(m)->(m)'
``broadcast``          bcast    shapes (3, 4) (3,) cannot be broadcast: axis -1
                                (axis 1 of the result) has size 4 in operand 0,
                                3 in operand 1; sizes on an axis must be equal,
                                or 1
``broadcast_to``       bcast    cannot broadcast (3,) to (4,): axis -1 has size
                                3, which cannot become 4 (only a size of 1
                                stretches)
``gufunc``             bcast    signature (m,n),(n,p)->(m,p): core dimension
                                'n' is 3 in operand 0 (2, 3) but 4 in operand
                                1 (4, 5)
``core_ndim``          bcast    signature (n?,k),(k,m?)->(n?,m?): operand 0:
                                has 0 axes (), but its core dimensions (n?,k)
                                need 1
``shape_guard``        bcast    the array given to expect() has shape (4,),
                                expected (n,): axis 0 (-1) is 4 but n = 3,
                                bound by dims(n=3) (a ShapeError)
=====================  =======  ===============================================

Conventions of a :class:`Reading` where a message tells only part of the
story (``complete`` is False):

- a message that gives only the conflicting sizes (PyTorch's "size of tensor
  a (3) ... tensor b (4)", einsum, ``np.vectorize``) yields one one-axis shape
  per size: ``((3,), (4,))``; where the message counts the axis from the
  front, :attr:`Reading.position` holds it;
- a gufunc core-dimension message yields each input's *core* axes laid out by
  the signature (``(n?,k)`` -> ``(None, 3)``), loop axes left out, so that
  ``bcast.broadcast_signature(signature, *shapes)`` finds the same conflict;
- a message that names no shape at all yields ``shapes == ()``.

A message wrapped over several lines — rich's tracebacks and narrow
terminals wrap long messages, even in the middle of a phrase — is read too:
the lines after a hit are joined on while the message needs them, and the
last 256,000 characters are also searched with their lines joined (with a
space put back where a break took one away).  The message found latest in the
text wins.  A line cut short with ``...`` (pytest's summary) is skipped for
the whole message further up.

Reading is bounded: ANSI escapes are stripped with bounded patterns, the text
is searched from its end with ``str.rfind`` for a few fixed phrases, only the
lines around a hit (at most 16,000 characters either side) are ever matched
by a regular expression, at most 200 hits are tried, and no pattern
backtracks catastrophically.  Ten megabytes of junk are dismissed in about a
second on a slow machine.
"""

from __future__ import annotations

from collections import namedtuple

from bcast.core.syntax import format_shape, parse_shape
from bcast.errors import ShapeSyntaxError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from re import Match, Pattern
    from typing import NamedTuple

    from bcast.core.shapes import Dim, Dims

    _Fields = dict[str, object]

__all__ = ["Reading", "read_message"]


if TYPE_CHECKING:

    class _ReadingBase(NamedTuple):
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

else:
    _ReadingBase = namedtuple(
        "_ReadingBase",
        "library kind message function shapes names signature target axis "
        "complete note position dimension originals exception",
        defaults=(None, None, None, None),
    )


class Reading(_ReadingBase):
    """A broadcasting error message, read.

    Attributes
    ----------
    library : str
        ``"numpy"``, ``"torch"``, ``"jax"`` or ``"bcast"``.
    kind : str
        Which message it is; the module docstring lists every kind with a
        real example.
    message : str
        The error text recognised, from its first word to the end of its
        line, ANSI codes stripped (for a traceback line ``ValueError: msg``
        this is ``msg``, the exception's ``str()``).
    function : str or None
        The function the message names (``"add"``, ``"matmul"``,
        ``"cross1d"``), if it names one.
    shapes : tuple of shapes
        Each operand's shape as far as the message tells; unknown sizes are
        None.  See the module docstring for partial messages.
    names : tuple of str or None
        How the message labels the operands in ``shapes`` (``"arg 0"``,
        ``"tensor a"``, ``"input operand 1"``), if it labels them.
    signature : str or None
        The gufunc signature, when the message gives one.
    target : shape or None
        The target of a one-directional message: the requested shape of
        ``broadcast_to``, the destination of an assignment, the output
        operand of ``out=`` or an in-place operator.  ``shapes`` must
        broadcast *to* it without it being stretched.
    axis : int or None
        The axis the message names, as a negative index, when it names one
        and the number of axes is known.
    complete : bool
        True when every size in ``shapes`` (and ``target``) is known from the
        message; False when only some sizes are.
    note : str
        Plain English: what the message tells and what it does not.
    position : int or None
        Added field (default None): the axis the message names counted from
        the front (PyTorch's "at non-singleton dimension 1"), as the message
        gives it; set even when the number of axes, hence ``axis``, is
        unknown.
    dimension : str or None
        Added field (default None): the core dimension or label the message
        names (``"k"`` of matmul's signature, ``"3"`` for a fixed size, an
        einsum label).
    originals : tuple of shapes or None
        Added field (default None): for NumPy's "remapped shapes" messages,
        each operand's shape before remapping; ``shapes`` then holds the
        remapped shapes (``newaxis`` read as 1), which are what failed to
        broadcast.
    exception : str or None
        Added field (default None): the exception's class name written
        before the message (``"ValueError"``), when the text shows it.

    Examples
    --------
    >>> r = read_message("ValueError: operands could not be broadcast "
    ...                  "together with shapes (3,4) (3,) ")
    >>> r.library, r.kind, r.shapes, r.complete
    ('numpy', 'ufunc', ((3, 4), (3,)), True)
    """

    __slots__ = ()


# -- bounds ------------------------------------------------------------------

_SIDE = 16_000  # characters either side of a hit that a pattern may look at
_TRIES = 200  # hits tried before giving up on pathological input

# -- regular expressions, compiled on first use --------------------------------

_compiled: dict[str, Pattern[str]] = {}


def _rx(pattern: str) -> Pattern[str]:
    rx = _compiled.get(pattern)
    if rx is None:
        import re

        rx = _compiled[pattern] = re.compile(pattern)
    return rx


# Shape text as the libraries print it: NumPy "(3,4)", PyTorch "[3, 4]",
# JAX "float32[3,4]".  Character classes only: nothing to backtrack over.
_PAREN = r"\([^()]*\)"
_BRACKET = r"\[[^\[\]]*\]"
_ANY = rf"(?:{_PAREN}|{_BRACKET})"
_TYPED = rf"(?:\w*{_BRACKET}|{_PAREN})"

# Escape sequences: CSI (colours), OSC (hyperlinks), and two-byte escapes.
_ANSI = r"\x1b(?:\[[0-?]{0,64}[ -/]{0,16}[@-~]|\][^\x07\x1b\n]{0,2048}(?:\x07|\x1b\\)|[@-Z\\-_])"


def _strip_ansi(text: str) -> str:
    if "\x1b" not in text:
        return text
    return _rx(_ANSI).sub("", text).replace("\x1b", "")


# -- shape text ----------------------------------------------------------------


def _dims(text: str, newaxis: bool = False, symbols: bool = False) -> Dims | None:
    """Shape text from a message to a shape; None if it is not one.

    ``parse_shape`` reads what it can; PyTorch's ``-1`` (keep the size) and
    JAX's symbolic sizes (``2*b``) are unknown (None); NumPy's ``newaxis`` in
    a remapped shape is a broadcast axis, read as 1 when ``newaxis``.  Only
    bcast's own messages have symbols (``m``): elsewhere a name means that
    the text is not a shape (``(Pdb)``), unless ``symbols``.
    """
    text = text.strip()
    if text[:1].isalpha() and "[" in text:  # JAX's "float32[3,4]"
        text = text[text.index("[") :]
    if newaxis:
        text = text.replace("newaxis", "1")
    try:
        shape = parse_shape(text)
    except ShapeSyntaxError:
        pass
    else:
        return shape if symbols or not any(type(d) is str for d in shape) else None
    inner = text.strip("()[] ")
    if not inner:
        return ()
    out: list[Dim] = []
    for token in inner.split(","):
        token = token.strip()
        if not token:
            continue
        if token.isdecimal() and token.isascii():
            out.append(int(token))
        elif token == "-1" or (token != token.strip("*+-") or "*" in token):
            out.append(None)
        else:
            return None
    return tuple(out)


def _shape_list(text: str, newaxis: bool = False) -> list[Dims] | None:
    """Every shape in ``text`` (``(3,4) (3,)``, ``[2], [3]``), or None."""
    shapes: list[Dims] = []
    for m in _rx(_ANY).finditer(text):
        d = _dims(m.group(), newaxis)
        if d is None:
            return None
        shapes.append(d)
    return shapes


def _cut(line: str, end: int) -> bool:
    """True if a list of shapes ending at ``end`` was cut short.

    pytest's summary line and other narrow displays end a long message with
    ``...``, possibly inside a shape: ``(4,5,6,7) (5,6,...``.  Such a line is
    skipped, so that the whole message, further up, is read instead.
    """
    rest = line[end : end + 8].lstrip(" ,")
    return rest.startswith(("(", "[", "...", "…"))


def _fmt_all(shapes: tuple[Dims, ...] | list[Dims]) -> str:
    return " ".join(format_shape(s) for s in shapes)


def _axes(n: int) -> str:
    return "1 axis" if n == 1 else f"{n} axes"


def _known(*shapes: Dims | None) -> bool:
    return all(d is not None for s in shapes if s is not None for d in s)


# -- the readers -------------------------------------------------------------
#
# A reader is registered for one or more phrases.  When read_message finds a
# phrase, the reader's pattern is matched around it, in the phrase's line, and
# the builder turns the match into the Reading's fields (all but ``message``
# and ``exception``, which read_message fills in).  A builder returns None to
# pass: read_message then goes on to earlier hits.  A builder may set
# ``"start"``, where the message begins when that is not where the match does.

if TYPE_CHECKING:
    _Build = Callable[[Match[str], str, list[Dims]], "_Fields | None"]
    _Found = tuple[int, int, _Fields]  # where the message starts, match end, fields
    _Read = Callable[[str, int], "_Found | None"]

_TRIGGERS: list[tuple[str, _Read]] = []


def _find(pattern: str, line: str, at: int, back: int = 0) -> Match[str] | None:
    """The match of ``pattern`` that covers index ``at`` of ``line``.

    The search starts ``back`` characters before ``at``, where a message may
    begin before the phrase that was found.
    """
    rx = _rx(pattern)
    m = rx.search(line, max(0, at - back))
    while m is not None and m.end() <= at:
        m = rx.search(line, max(m.end(), m.start() + 1))
    if m is None or m.start() > at:
        return None
    return m


def _reader(
    *phrases: str,
    pattern: str,
    back: int = 0,
    shapes: tuple[str, ...] = (),
    symbols: bool = False,
) -> Callable[[_Build], _Build]:
    """Register a builder for ``phrases``; see the comment above.

    The groups named in ``shapes`` are read as shapes and handed to the
    builder; the reader passes if one of them is not a shape.
    """

    def register(build: _Build) -> _Build:
        def read(line: str, at: int) -> _Found | None:
            m = _find(pattern, line, at, back)
            dims = None if m is None else _shapes(m, *shapes, symbols=symbols)
            fields = None if m is None or dims is None else build(m, line, dims)
            if m is None or fields is None:
                return None
            start = fields.pop("start", m.start())
            assert isinstance(start, int)
            return start, m.end(), fields

        _TRIGGERS.extend((phrase, read) for phrase in phrases)
        return build

    return register


def _shapes(
    m: Match[str], *groups: str, newaxis: bool = False, symbols: bool = False
) -> list[Dims] | None:
    """The shapes in the named groups of ``m``; None if one is not a shape."""
    out: list[Dims] = []
    for g in groups:
        d = _dims(m.group(g), newaxis, symbols)
        if d is None:
            return None
        out.append(d)
    return out


def _listed(m: Match[str], line: str) -> list[Dims] | None:
    """The shapes listed in group ``shapes``, unless the list was cut short."""
    shapes = _shape_list(m.group("shapes"))
    if not shapes or _cut(line, m.end()):
        return None
    return shapes


def _sizes(m: Match[str], *groups: str) -> list[int]:
    return [int(m.group(g)) for g in groups]


# -- NumPy -------------------------------------------------------------------


@_reader(
    "could not be broadcast together with shapes",
    pattern=(
        r"(?:shape mismatch: )?(?:(?P<what>indexing (?:arrays|tensors))|operands) "
        rf"could not be broadcast together with shapes(?P<shapes>(?:[\s,]*{_ANY})+)"
    ),
    back=60,
)
def _ufunc(m: Match[str], line: str, given: list[Dims]) -> _Fields | None:
    # NumPy's ufuncs (also nditer, np.where, np.vectorize without a signature)
    # and advanced indexing in NumPy and PyTorch.
    shapes = _listed(m, line)
    if shapes is None:
        return None
    listed = _fmt_all(shapes)
    what = m.group("what")
    if what is None:
        return {
            "library": "numpy",
            "kind": "ufunc",
            "shapes": tuple(shapes),
            "note": (
                f"NumPy lists every operand's shape: {listed} (an output passed "
                "with out= comes after the inputs). It names neither the "
                "function nor the axis that conflicts."
            ),
        }
    torch = what.endswith("tensors")
    return {
        "library": "torch" if torch else "numpy",
        "kind": "indexing",
        "shapes": tuple(shapes),
        "note": (
            f"The index {'tensors' if torch else 'arrays'} of an advanced "
            f"(fancy) index have shapes {listed}; they must broadcast together. "
            "The indexed array's shape is not in the message."
        ),
    }


@_reader(
    "could not be broadcast together with remapped shapes",
    pattern=(
        r"(?:operands )?could not be broadcast together with remapped shapes"
        r" \[original->remapped\]:"
        rf"(?P<ops>(?:\s*{_PAREN}(?:->{_PAREN})?)*)"
        rf"(?:\s*and requested shape\s*(?P<req>{_PAREN}))?"
    ),
    back=10,
)
def _remapped(m: Match[str], line: str, given: list[Dims]) -> _Fields | None:
    originals: list[Dims] = []
    remapped: list[Dims] = []
    arrows = False
    for op in _rx(rf"(?P<o>{_PAREN})(?:->(?P<r>{_PAREN}))?").finditer(m.group("ops")):
        arrow = op.group("r") is not None
        pair = _shapes(op, "o") if not arrow else _shapes(op, "o", "r", newaxis=True)
        if pair is None:
            return None
        arrows = arrows or arrow
        originals.append(pair[0])
        remapped.append(pair[-1])
    requested = _shapes(m, "req") if m.group("req") else []
    if requested is None or not (remapped or requested):
        return None
    target = requested[0] if requested else None
    if not arrows and target is not None and len(remapped) == 1:
        source = remapped[0]
        return {
            "library": "numpy",
            "kind": "broadcast_to",
            "shapes": (source,),
            "target": target,
            "note": (
                f"An array of shape {format_shape(source)} cannot be broadcast "
                f"to the requested shape {format_shape(target)} (np.broadcast_to "
                "or a view of that shape): only its axes of size 1, and axes "
                "it lacks in front, can be stretched."
            ),
        }
    note = (
        "NumPy's iterator shows each operand's shape and, after ->, the "
        "remapped shape it actually broadcast (newaxis, read here as 1, marks "
        "an axis the operand does not have, such as the core axes of a "
        "generalized ufunc like matmul)."
    )
    if arrows:
        note += (
            " The conflict is between the remapped shapes "
            f"{_fmt_all(remapped)}; the original shapes are "
            f"{_fmt_all(originals)}."
        )
    if target is not None:
        # NumPy leaves out the leading axes still to be broadcast (-1)
        ndim = max((len(s) for s in remapped), default=0)
        target = (None,) * (ndim - len(target)) + target
        note += (
            f" The requested shape {format_shape(target)} is the iterator's "
            "shape; ? marks loop axes left to broadcasting."
        )
    return {
        "library": "numpy",
        "kind": "remapped",
        "shapes": tuple(remapped),
        "target": target,
        "originals": tuple(originals),
        "complete": True,
        "note": note,
    }


@_reader(
    "objects cannot be broadcast to a single shape",
    pattern=(
        r"(?:shape mismatch: )?objects cannot be broadcast to a single shape\.?"
        rf"(?:\s*Mismatch is between arg (?P<i>\d+) with shape (?P<a>{_PAREN}) "
        rf"and arg (?P<j>\d+) with shape (?P<b>{_PAREN}))?"
    ),
    back=20,
)
def _single_shape(m: Match[str], line: str, given: list[Dims]) -> _Fields | None:
    if m.group("a") is None:
        return {
            "library": "numpy",
            "kind": "broadcast_shapes",
            "complete": False,
            "note": (
                "Some of the shapes given to np.broadcast_shapes, "
                "np.broadcast_arrays or np.broadcast do not broadcast together. "
                "This message (NumPy before 1.22) gives no shapes."
            ),
        }
    shapes = _shapes(m, "a", "b")
    if shapes is None:
        return None
    a, b = shapes
    i, j = m.group("i"), m.group("j")
    return {
        "library": "numpy",
        "kind": "broadcast_shapes",
        "shapes": (a, b),
        "names": (f"arg {i}", f"arg {j}"),
        "note": (
            f"Argument {j}, of shape {format_shape(b)}, does not broadcast with "
            f"argument {i}, of shape {format_shape(a)} (np.broadcast_shapes, "
            "np.broadcast_arrays, np.broadcast or a function built on them). "
            "Only these two arguments are shown; any others are not."
        ),
    }


@_reader(
    "doesn't match the broadcast shape",
    pattern=(
        rf"(?P<np>non-broadcastable )?output (?:operand )?with shape (?P<out>{_ANY}) "
        rf"doesn't match the broadcast shape (?P<res>{_ANY})"
    ),
    back=4 * _SIDE,
    shapes=("out", "res"),
)
def _output(m: Match[str], line: str, given: list[Dims]) -> _Fields | None:
    out, res = given
    torch = m.group("np") is None and m.group("out").startswith("[")
    return {
        "library": "torch" if torch else "numpy",
        "kind": "inplace_output",
        "shapes": (res,),
        "names": ("broadcast shape",),
        "target": out,
        "note": (
            f"The inputs broadcast to {format_shape(res)}, but the output "
            f"(out=, or the left side of an in-place operator such as +=) has "
            f"shape {format_shape(out)}. An output is never stretched: the "
            "result must broadcast to the output's shape. The inputs' own "
            "shapes are not in the message."
        ),
    }


def _assignment(given: list[Dims], name: str, where: str, source: str) -> _Fields:
    a, b = given
    return {
        "library": "numpy",
        "kind": "assignment",
        "shapes": (a,),
        "names": (name,),
        "target": b,
        "note": (
            f"A value of shape {format_shape(a)} was assigned {where} "
            f"{format_shape(b)} ({source}): the value must broadcast to that "
            "shape, which is never stretched."
        ),
    }


@_reader(
    "could not broadcast input array from shape",
    pattern=(
        rf"could not broadcast input array from shape (?P<a>{_PAREN}) "
        rf"into shape (?P<b>{_PAREN})"
    ),
    shapes=("a", "b"),
)
def _input_array(m: Match[str], line: str, given: list[Dims]) -> _Fields | None:
    return _assignment(
        given,
        "input array",
        "into a place of shape",
        "x[...] = value, np.copyto, or building an array",
    )


@_reader(
    "could not be broadcast to indexing result",
    pattern=(
        rf"(?:shape mismatch: )?value array of shape (?P<a>{_PAREN}) could not "
        rf"be broadcast to indexing result of shape (?P<b>{_PAREN})"
    ),
    back=4 * _SIDE,
    shapes=("a", "b"),
)
def _value_array(m: Match[str], line: str, given: list[Dims]) -> _Fields | None:
    return _assignment(
        given,
        "value array",
        "to a selection of shape",
        "an advanced index: x[rows] = value, or x[mask] = value",
    )


@_reader(
    "boolean array indexing assignment cannot assign",
    pattern=(
        r"(?:NumPy )?boolean array indexing assignment cannot assign (?P<a>\d+) "
        r"input values to the (?P<b>\d+) output values where the mask is true"
    ),
    back=10,
)
def _mask(m: Match[str], line: str, given: list[Dims]) -> _Fields | None:
    a, b = _sizes(m, "a", "b")
    return {
        "library": "numpy",
        "kind": "mask_assignment",
        "shapes": ((a,),),
        "names": ("input values",),
        "target": (b,),
        "note": (
            f"x[mask] = values: the mask selects {b} elements, but the 1-D "
            f"value has {a}. It must have {b} elements, or 1 (or be a scalar)."
        ),
    }


@_reader(
    "boolean array indexing assignment requires a 0 or",
    pattern=(
        r"(?:NumPy )?boolean array indexing assignment requires a 0 or "
        r"1-dimensional input, input has (?P<n>\d+) dimensions"
    ),
    back=10,
)
def _mask_ndim(m: Match[str], line: str, given: list[Dims]) -> _Fields | None:
    (n,) = _sizes(m, "n")
    return {
        "library": "numpy",
        "kind": "mask_assignment",
        "shapes": ((None,) * n,),
        "names": ("input values",),
        "complete": False,
        "note": (
            f"x[mask] = values: the value has {_axes(n)}, but assigning through "
            "a boolean mask takes a scalar or a 1-D value (one element per True "
            "in the mask, or 1). The sizes are not in the message."
        ),
    }


def _no_shapes(kind: str, note: str, target: Dims | None = None) -> _Build:
    """A builder for a message that names no shape."""

    def build(m: Match[str], line: str, given: list[Dims]) -> _Fields:
        return {
            "library": "numpy",
            "kind": kind,
            "target": target,
            "complete": False,
            "note": note,
        }

    return build


_reader(
    "array is not broadcastable to correct shape",
    pattern=r"array is not broadcastable to correct shape",
)(
    _no_shapes(
        "ufunc_at",
        "ufunc.at(a, indices, b) (np.add.at ...): b must broadcast to the "
        "shape that a[indices] selects. The message gives no shapes.",
    )
)
_reader(
    "cannot broadcast a non-scalar to a scalar array",
    pattern=r"cannot broadcast a non-scalar to a scalar array",
)(
    _no_shapes(
        "broadcast_to",
        "An array with at least one axis was broadcast to shape () "
        "(np.broadcast_to(x, ())): a non-scalar cannot lose axes. The array's "
        "shape is not in the message.",
        target=(),
    )
)
_reader(
    "more dimensions than allowed by the axis remapping",
    pattern=r"input operand has more dimensions than allowed by the axis remapping",
    back=40,
)(
    _no_shapes(
        "broadcast_to",
        "An array has more axes than the shape it is broadcast to "
        "(np.broadcast_to) or than an nditer's op_axes allow: broadcasting "
        "adds axes in front, it never removes any. The message gives no shapes.",
    )
)


def _gufunc_layout(
    signature: str,
    blamed: int,
    index: int,
    size: int | None,
    bound: int | None,
    short: int | None = None,
) -> tuple[tuple[Dims, ...], Dims | None, str | None] | None:
    """Lay out the inputs' (and a blamed output's) core axes by the signature.

    Operand ``blamed`` (inputs first, then outputs) has ``size`` on its core
    dimension ``index`` where ``bound`` was expected; everything NumPy checked
    before it passed.  With ``short``, the operand instead has only ``short``
    axes.  Returns (input shapes, output shape or None, dimension name).
    """
    from bcast.core.gufunc import parse_signature

    try:
        sig = parse_signature(signature)
    except ShapeSyntaxError:
        return None
    every = sig.inputs + sig.outputs
    if blamed >= len(every) or (short is None and index >= len(every[blamed])):
        return None
    layout: list[list[Dim]] = [[None] * len(core) for core in every]
    name = None if short is not None else every[blamed][index].name
    for op, core in enumerate(every[: blamed + 1]):
        for idim, d in enumerate(core):
            if op == blamed and (short is not None or idim >= index):
                break
            if d.size is not None:
                layout[op][idim] = d.size
            elif d.name == name:
                layout[op][idim] = bound
    if short is not None:
        layout[blamed] = [None] * short
    else:
        layout[blamed][index] = size
    shapes = tuple(tuple(c) for c in layout[: sig.nin])
    out = tuple(layout[blamed]) if blamed >= sig.nin else None
    return shapes, out, name


def _gufunc_operand(
    m: Match[str],
) -> tuple[str, int, tuple[str, ...], str] | None:
    """(signature, blamed operand, operand names, who) of a gufunc message."""
    from bcast.core.gufunc import parse_signature

    signature = m.group("sig")
    try:
        nin = parse_signature(signature).nin
    except ShapeSyntaxError:
        return None
    (op,) = _sizes(m, "op")
    blamed = op + nin if m.group("io") == "Output" else op
    names = tuple(f"input operand {i}" for i in range(nin))
    who = f"output operand {op}" if blamed >= nin else names[op]
    return signature, blamed, names, who


_OPERAND = r"(?:(?P<f>[\w.]+): )?(?:(?P<io>Input|Output) )?operand (?P<op>\d+) "


@_reader(
    "has a mismatch in its core dimension",
    pattern=(
        rf"{_OPERAND}has a mismatch in its core dimension (?P<j>\d+), with "
        r"gufunc signature (?P<sig>\S+) \(size (?P<a>\d+) is different from "
        r"(?P<b>\d+)\)"
    ),
    back=200,
)
def _core_mismatch(m: Match[str], line: str, given: list[Dims]) -> _Fields | None:
    operand = _gufunc_operand(m)
    if operand is None:
        return None
    signature, blamed, names, who = operand
    j, a, b = _sizes(m, "j", "a", "b")
    laid = _gufunc_layout(signature, blamed, j, a, b)
    if laid is None:
        return None
    shapes, out, name = laid
    assert name is not None
    f = m.group("f")
    if name.isdecimal():
        what = f"the signature fixes core dimension {j} of {who} to {b}, but it is {a}"
    else:
        what = (
            f"core dimension {name!r} was already bound to {b} (by the first "
            f"operand that has it), but {who} has {a} there (its core "
            f"dimension {j})"
        )
    note = (
        f"{f or 'A generalized ufunc'} with signature {signature}: {what}. The "
        "message gives only these sizes: the other core sizes (? here), the "
        "loop (leading) axes and the number of axes of each operand are "
        "unknown; the shapes shown are the core axes as the signature lays "
        "them out."
    )
    if "?" in signature:
        note += " A dimension marked ? in the signature may be missing (1-D operands)."
    return {
        "library": "numpy",
        "kind": "matmul" if f == "matmul" else "gufunc",
        "function": f,
        "shapes": shapes,
        "names": names,
        "signature": signature,
        "target": out,
        "complete": False,
        "note": note,
        "dimension": name,
    }


@_reader(
    "does not have enough dimensions (has ",
    pattern=(
        rf"{_OPERAND}does not have enough dimensions \(has (?P<h>\d+), gufunc "
        r"core with signature (?P<sig>\S+) requires (?P<r>\d+)\)"
    ),
    back=200,
)
def _core_ndim(m: Match[str], line: str, given: list[Dims]) -> _Fields | None:
    operand = _gufunc_operand(m)
    if operand is None:
        return None
    signature, blamed, names, who = operand
    has, need = _sizes(m, "h", "r")
    laid = _gufunc_layout(signature, blamed, 0, None, None, short=has)
    if laid is None:
        return None
    shapes, out, _ = laid
    f = m.group("f")
    return {
        "library": "numpy",
        "kind": "core_ndim",
        "function": f,
        "shapes": shapes,
        "names": names,
        "signature": signature,
        "target": out,
        "complete": False,
        "note": (
            f"{f or 'A generalized ufunc'} with signature {signature}: {who} has "
            f"{_axes(has)}, but its core dimensions need at least {need}. The "
            "message gives no sizes; the other operands' shapes are unknown."
        ),
    }


@_reader(
    "does not have enough dimensions for all core dimensions",
    pattern=(
        r"(?P<n>\d+)-dimensional argument does not have enough dimensions for "
        r"all core dimensions \((?P<dims>[^()]*)\)"
    ),
    back=40,
)
def _vectorize_ndim(m: Match[str], line: str, given: list[Dims]) -> _Fields | None:
    (has,) = _sizes(m, "n")
    dims = [d.strip().strip("'\"") for d in m.group("dims").split(",") if d.strip()]
    return {
        "library": "numpy",
        "kind": "vectorize_ndim",
        "shapes": ((None,) * has,),
        "complete": False,
        "note": (
            f"np.vectorize(signature=...): an argument has {_axes(has)}, but its "
            f"core dimensions ({', '.join(dims)}) need {len(dims)}. The message "
            "does not say which argument, nor its sizes."
        ),
    }


def _one_dimension(
    library: str,
    kind: str,
    label: str,
    sizes: tuple[int, int],
    names: tuple[str, str],
    note: str,
) -> _Fields:
    """Fields for a message that gives only two sizes of one dimension."""
    return {
        "library": library,
        "kind": kind,
        "shapes": ((sizes[0],), (sizes[1],)),
        "names": names,
        "complete": False,
        "dimension": label,
        "note": note + " The message gives only these sizes.",
    }


@_reader(
    "inconsistent size for core dimension",
    pattern=(
        r"inconsistent size for core dimension '(?P<d>[^']*)': (?P<a>\d+) vs "
        r"(?P<b>\d+)"
    ),
)
def _vectorize(m: Match[str], line: str, given: list[Dims]) -> _Fields | None:
    new, old = _sizes(m, "a", "b")
    tail = _rx(r"on vectorized function with .{0,400}?signature='(?P<sig>[^']*)'")
    sig = tail.search(line, m.end(), m.end() + 600)
    jax = line.startswith(" on vectorized function", m.end())
    d = m.group("d")
    fields = _one_dimension(
        "jax" if jax else "numpy",
        "vectorize",
        d,
        (old, new),
        ("earlier arguments", "a later argument"),
        f"{'jnp' if jax else 'np'}.vectorize(signature=...): core dimension "
        f"{d!r} is {old} in an earlier argument but {new} in a later one; the "
        "message does not say which arguments.",
    )
    fields["signature"] = sig.group("sig") if sig else None
    return fields


@_reader(
    "not aligned: ",
    pattern=(
        rf"shapes (?P<a>{_PAREN}) and (?P<b>{_PAREN}) not aligned: (?P<x>\d+) "
        r"\(dim (?P<dx>\d+)\) != (?P<y>\d+) \(dim (?P<dy>\d+)\)"
    ),
    back=4 * _SIDE,
    shapes=("a", "b"),
)
def _dot(m: Match[str], line: str, given: list[Dims]) -> _Fields | None:
    a, b = given
    return {
        "library": "numpy",
        "kind": "dot",
        "shapes": (a, b),
        "note": (
            f"np.dot (or np.inner, multi_dot) of {format_shape(a)} and "
            f"{format_shape(b)}: axis {m.group('dx')} of the first has "
            f"{m.group('x')} elements, axis {m.group('dy')} of the second has "
            f"{m.group('y')}; they are summed over together, so they must be "
            "equal. This is not broadcasting: no size 1 stretches here."
        ),
    }


# -- PyTorch -------------------------------------------------------------------


@_reader(
    "must match the size of tensor b",
    pattern=(
        r"The size of tensor a \((?P<a>\d+)\) must match the size of tensor b "
        r"\((?P<b>\d+)\) at non-singleton dimension (?P<d>\d+)"
    ),
    back=60,
)
def _tensor_ab(m: Match[str], line: str, given: list[Dims]) -> _Fields | None:
    a, b, d = _sizes(m, "a", "b", "d")
    return {
        "library": "torch",
        "kind": "size_mismatch",
        "shapes": ((a,), (b,)),
        "names": ("tensor a", "tensor b"),
        "complete": False,
        "position": d,
        "note": (
            f"Tensor a has size {a} and tensor b size {b} on dimension {d} of "
            "the broadcast result, counted from the front (0 is the first); "
            "neither is 1, so they conflict. The message gives only these two "
            "sizes: the tensors' other sizes and their numbers of axes are "
            "unknown, so the shapes shown hold the conflicting axis alone."
        ),
    }


@_reader(
    "The expanded size of the tensor",
    pattern=(
        r"The expanded size of the tensor \((?P<a>-?\d+)\) must match the "
        r"existing size \((?P<b>\d+)\) at non-singleton dimension (?P<d>\d+)\.?"
        rf"(?:\s*Target sizes: (?P<t>{_BRACKET})\.?\s*Tensor sizes: "
        rf"(?P<s>{_BRACKET}))?"
    ),
    back=10,
)
def _expand(m: Match[str], line: str, given: list[Dims]) -> _Fields | None:
    a, b, d = _sizes(m, "a", "b", "d")
    fields: _Fields = {
        "library": "torch",
        "kind": "expand",
        "names": ("tensor",),
        "position": d,
        "note": (
            f"A tensor's dimension {d} (counted from the front of the target) "
            f"has size {b}, which cannot be expanded to {a}: only a size of 1 "
            "expands (Tensor.expand, expand_as, torch.broadcast_to, or an "
            "assignment x[...] = y)."
        ),
    }
    shapes = _shapes(m, "t", "s") if m.group("t") else None
    if shapes is None:
        fields.update(shapes=((b,),), target=(a,), complete=False)
        fields["note"] = str(fields["note"]) + " The message gives no full shapes."
        return fields
    target, source = shapes
    # A target size of -1 keeps the tensor's own size on that axis.
    lead = len(target) - len(source)
    target = tuple(
        source[i - lead] if t is None and 0 <= i - lead < len(source) else t
        for i, t in enumerate(target)
    )
    fields.update(shapes=(source,), target=target, axis=d - len(target))
    return fields


@_reader(
    "the number of sizes provided",
    pattern=(
        rf"size=(?P<t>{_BRACKET})\): the number of sizes provided \((?P<n>\d+)\) "
        r"must be greater or equal to the number of dimensions in the tensor "
        r"\((?P<k>\d+)\)"
    ),
    back=_SIDE,
)
def _expand_rank(m: Match[str], line: str, given: list[Dims]) -> _Fields | None:
    head = _rx(rf"expand\((?:[\w.]+\{{(?P<s>{_BRACKET})\}})?[^()]{{0,200}}$")
    h = head.search(line, max(0, m.start() - 4 * _SIDE), m.start())
    target = _dims(m.group("t"))
    if target is None:
        return None
    source = _dims(h.group("s")) if h and h.group("s") else None
    (k,) = _sizes(m, "k")
    return {
        "start": h.start() if h else m.start(),
        "library": "torch",
        "kind": "expand",
        "function": "expand",
        "shapes": (source if source is not None else (None,) * k,),
        "names": ("tensor",),
        "target": target,
        "complete": source is not None,
        "note": (
            f"A tensor with {_axes(k)} cannot be expanded to the "
            f"{len(target)}-axis shape {format_shape(target)}: expanding adds "
            "axes in front, it never removes any."
        ),
    }


@_reader(
    "Attempting to broadcast a dimension of length",
    pattern=(
        r"Attempting to broadcast a dimension of length (?P<n>\d+) at (?P<ax>-?\d+)"
        rf"! Mismatching argument at index (?P<i>\d+) had (?P<s>{_ANY}); but "
        rf"expected shape should be broadcastable to (?P<t>{_ANY})"
    ),
    shapes=("t", "s"),
)
def _torch_shapes(m: Match[str], line: str, given: list[Dims]) -> _Fields | None:
    t, s = given
    i, ax = m.group("i"), int(m.group("ax"))
    return {
        "library": "torch",
        "kind": "broadcast_shapes",
        "function": "broadcast_shapes",
        "shapes": (t, s),
        "names": ("expected shape", f"argument at index {i}"),
        "axis": ax,
        "note": (
            f"torch.broadcast_shapes: argument {i}, of shape {format_shape(s)}, "
            f"does not broadcast with {format_shape(t)}, the shape the "
            f"arguments before it broadcast to; axis {ax} conflicts."
        ),
    }


_TORCH_SIZE = r"(?:torch\.Size\()?(?P<{}>" + _ANY + r")\)?"


@_reader(
    "Using a target size (",
    pattern=(
        r"Using a target size \("
        + _TORCH_SIZE.format("t")
        + r"\) that is different to the input size \("
        + _TORCH_SIZE.format("i")
        + r"\)"
    ),
    shapes=("i", "t"),
)
def _target_size(m: Match[str], line: str, given: list[Dims]) -> _Fields | None:
    i, t = given
    return {
        "library": "torch",
        "kind": "target_size",
        "shapes": (i, t),
        "names": ("input", "target"),
        "note": (
            f"A loss function got an input of shape {format_shape(i)} and a "
            f"target of shape {format_shape(t)}. mse_loss and l1_loss "
            "broadcast them, with a warning, and so compare every input with "
            "every target; binary_cross_entropy refuses. Usually the target "
            "needs the input's shape (target.view_as(input), or "
            "input.squeeze())."
        ),
    }


def _product(
    kind: str, shapes: list[Dims], names: tuple[str, str], note: str
) -> _Fields:
    return {
        "library": "torch",
        "kind": kind,
        "function": None if kind == "mat1_mat2" else kind,
        "shapes": tuple(shapes),
        "names": names,
        "note": note,
    }


@_reader(
    "mat1 and mat2 shapes cannot be multiplied",
    "size mismatch, m1: [",
    pattern=(
        r"mat1 and mat2 shapes cannot be multiplied \((?P<a>\d+)x(?P<b>\d+) and "
        r"(?P<c>\d+)x(?P<d>\d+)\)"
        r"|size mismatch, m1: \[(?P<a1>\d+) x (?P<b1>\d+)\], m2: "
        r"\[(?P<c1>\d+) x (?P<d1>\d+)\]"
    ),
)
def _mat1_mat2(m: Match[str], line: str, given: list[Dims]) -> _Fields | None:
    a, b, c, d = (int(m.group(k) or m.group(k + "1")) for k in "abcd")
    return _product(
        "mat1_mat2",
        [(a, b), (c, d)],
        ("mat1", "mat2"),
        f"A matrix product (torch.mm, @, F.linear, nn.Linear) of {a}x{b} and "
        f"{c}x{d}: the first's columns ({b}) must equal the second's rows "
        f"({c}). For nn.Linear, mat1 is the input with its leading axes "
        "folded into one and mat2 is the weight transposed "
        "(in_features x out_features).",
    )


@_reader(
    "size mismatch, got input (",
    pattern=(
        r"size mismatch, got input \((?P<i>\d+)\), mat \((?P<a>\d+)x(?P<b>\d+)\), "
        r"vec \((?P<v>\d+)\)"
    ),
)
def _mv(m: Match[str], line: str, given: list[Dims]) -> _Fields | None:
    a, b, v = _sizes(m, "a", "b", "v")
    return _product(
        "mv",
        [(a, b), (v,)],
        ("mat", "vec"),
        f"A matrix-vector product (torch.mv, @) of {a}x{b} and a vector of "
        f"{v}: the matrix's columns ({b}) must equal the vector's length.",
    )


@_reader(
    "inconsistent tensor size, expected tensor [",
    pattern=(
        rf"inconsistent tensor size, expected tensor (?P<a>{_BRACKET}) and src "
        rf"(?P<b>{_BRACKET}) to have the same number of elements"
    ),
    shapes=("a", "b"),
)
def _torch_dot(m: Match[str], line: str, given: list[Dims]) -> _Fields | None:
    a, b = given
    return _product(
        "dot",
        given,
        ("tensor", "src"),
        "A dot product of 1-D tensors (torch.dot, or @ between two vectors) "
        f"of shapes {format_shape(a)} and {format_shape(b)}: both must have "
        "the same number of elements.",
    )


@_reader(
    "first two dimensions of batch2 tensor",
    pattern=(
        r"Expected size for first two dimensions of batch2 tensor to be: "
        r"\[(?P<e0>\d+), (?P<e1>\d+)\] but got: \[(?P<g0>\d+), (?P<g1>\d+)\]"
    ),
    back=40,
)
def _bmm(m: Match[str], line: str, given: list[Dims]) -> _Fields | None:
    e0, e1, g0, g1 = _sizes(m, "e0", "e1", "g0", "g1")
    fields = _product(
        "bmm",
        [(e0, None, e1), (g0, g1, None)],
        ("batch1", "batch2"),
        f"torch.bmm: batch2's first two sizes are [{g0}, {g1}] but must be "
        f"[{e0}, {e1}], batch1's batch size and columns. bmm does not "
        "broadcast: batch sizes must be equal (torch.matmul broadcasts). "
        "Sizes shown as ? are not in the message.",
    )
    fields["complete"] = False
    return fields


@_reader(
    "which does not broadcast with previously seen size",
    pattern=(
        r"einsum\(\): subscript (?P<l>\w+) has size (?P<a>\d+) for operand "
        r"(?P<op>\d+) which does not broadcast with previously seen size (?P<b>\d+)"
    ),
    back=_SIDE,
)
def _torch_einsum(m: Match[str], line: str, given: list[Dims]) -> _Fields | None:
    return _einsum(m, "torch", "earlier operands", "subscript {l}")


# -- JAX -------------------------------------------------------------------------


def _jax_listed(
    phrase: str, pattern: str, back: int, kind: str, note: Callable[[str, str], str]
) -> None:
    """Register a JAX message that lists shapes: ``note(listed, function)``."""

    def build(m: Match[str], line: str, given: list[Dims]) -> _Fields | None:
        shapes = _listed(m, line)
        if shapes is None:
            return None
        f = m.groupdict().get("f")
        return {
            "library": "jax",
            "kind": kind,
            "function": f,
            "shapes": tuple(shapes),
            "note": note(_fmt_all(shapes), f or ""),
        }

    _reader(phrase, pattern=pattern, back=back)(build)


_jax_listed(
    "Incompatible shapes for broadcasting",
    r"Incompatible shapes for broadcasting: (?:shapes=)?"
    rf"[\[(]?(?P<shapes>(?:[\s,]*{_PAREN})+)",
    0,
    "broadcast_shapes",
    lambda listed, f: (
        f"JAX could not broadcast the shapes {listed} together (a jax.numpy "
        "operation, jnp.broadcast_shapes or broadcast_arrays, or an advanced "
        "index). It does not name the function or the axis."
    ),
)
_jax_listed(
    "could not be broadcast together for",
    r"Operands could not be broadcast together for (?P<f>[\w.]+) on shapes"
    rf"(?P<shapes>(?:[\s,]*{_PAREN})+)",
    10,
    "rank_promotion",
    lambda listed, f: (
        f"JAX refused to broadcast {listed} in {f} because they have different "
        "numbers of axes and jax_numpy_rank_promotion is 'raise'. NumPy would "
        "pad the shorter shapes with 1s in front; JAX asks for that to be "
        "written out (x[None, :], jnp.expand_dims) or the option set to 'allow'."
    ),
)
_jax_listed(
    "got incompatible shapes for broadcasting",
    r"(?P<f>[\w.]+) got incompatible shapes for broadcasting:"
    rf"(?P<shapes>(?:[\s,]*{_PAREN})+)",
    200,
    "lax_broadcast",
    lambda listed, f: (
        f"JAX's {f} of {listed}: sizes on an axis must be equal or 1, and this "
        "lax-level operation does not add missing axes. It comes from "
        f"jax.lax.{f}, from jax.numpy (with a zero-size axis, for one), or from "
        "inside jax.vmap, where the shapes are those of one example."
    ),
)


@_reader(
    "Incompatible types for broadcasting",
    "Cannot broadcast to shape with fewer dimensions",
    pattern=(
        rf"Incompatible types for broadcasting: input type=(?P<s>{_TYPED}) and "
        rf"requested type=(?P<t>{_TYPED})"
        rf"|Cannot broadcast to shape with fewer dimensions: arr_shape="
        rf"(?P<s2>{_ANY}) shape=(?P<t2>{_ANY})"
    ),
)
def _jax_to(m: Match[str], line: str, given: list[Dims]) -> _Fields | None:
    shapes = _shapes(m, "s", "t") if m.group("s") else _shapes(m, "s2", "t2")
    if shapes is None:
        return None
    s, t = shapes
    return {
        "library": "jax",
        "kind": "broadcast_to",
        "shapes": (s,),
        "target": t,
        "note": (
            f"An array of shape {format_shape(s)} cannot be broadcast to "
            f"{format_shape(t)} (jnp.broadcast_to, or x.at[...].set(value)): "
            "only axes of size 1, and axes it lacks in front, can be stretched."
        ),
    }


@_reader(
    "dot_general requires",
    pattern=(
        r"dot_general requires (?P<w>contracting|lhs batch) dimensions "
        rf"(?:and rhs batch dimensions )?to have the same shape, got (?P<a>{_ANY}) "
        rf"and (?P<b>{_ANY})"
    ),
    shapes=("a", "b"),
)
def _dot_general(m: Match[str], line: str, given: list[Dims]) -> _Fields | None:
    a, b = given
    w = m.group("w").replace("lhs ", "")
    return {
        "library": "jax",
        "kind": "dot_general",
        "function": "dot_general",
        "shapes": (a, b),
        "names": (f"lhs {w} dimensions", f"rhs {w} dimensions"),
        "complete": False,
        "note": (
            f"A JAX matrix product (jnp.matmul, @, jnp.dot, lax.dot_general): "
            f"the {w} dimensions must be equal, but are {format_shape(a)} on the "
            f"left and {format_shape(b)} on the right. Only these dimensions are "
            "in the message, not the operands' whole shapes."
        ),
    }


@_reader(
    "for matmul arguments",
    pattern=(
        rf"Incompatible (?:types|shapes) for matmul arguments: (?P<a>{_TYPED}) "
        rf"and (?P<b>{_TYPED})"
    ),
    back=40,
    shapes=("a", "b"),
)
def _jax_matmul(m: Match[str], line: str, given: list[Dims]) -> _Fields | None:
    a, b = given
    return {
        "library": "jax",
        "kind": "matmul",
        "function": "matmul",
        "shapes": (a, b),
        "signature": "(n?,k),(k,m?)->(n?,m?)",
        "note": (
            f"jnp.matmul of {format_shape(a)} and {format_shape(b)}: the batch "
            "(leading) axes, all but the last two, do not broadcast."
        ),
    }


@_reader(
    "does not match previous terms",
    pattern=(
        r"Size of label '(?P<l>[^']*)' for operand (?P<op>\d+) \((?P<a>\d+)\) does "
        r"not match previous terms \((?P<b>\d+)\)"
    ),
    back=200,
)
def _jax_einsum(m: Match[str], line: str, given: list[Dims]) -> _Fields | None:
    return _einsum(m, "jax", "previous terms", "label {l!r}")


def _einsum(m: Match[str], library: str, earlier: str, what: str) -> _Fields:
    """Fields of an einsum message: groups ``l`` (label), ``op``, ``a``, ``b``."""
    a, b, op = _sizes(m, "a", "b", "op")
    label = m.group("l")
    fields = _one_dimension(
        library,
        "einsum",
        label,
        (b, a),
        (earlier, f"operand {op}"),
        f"{'torch' if library == 'torch' else 'jnp'}.einsum: "
        f"{what.format(l=label)} has size {b} in {earlier} but {a} in operand "
        f"{op}; sizes must be equal (or 1, where einsum broadcasts).",
    )
    fields["function"] = "einsum"
    return fields


@_reader(
    "axes must match; got shapes",
    pattern=(
        rf"axes must match; got shapes (?P<a>{_PAREN}) and (?P<b>{_PAREN}) with "
        r"axis=(?P<ax>-?\d+)"
    ),
    shapes=("a", "b"),
)
def _jax_vecdot(m: Match[str], line: str, given: list[Dims]) -> _Fields | None:
    a, b = given
    ax = int(m.group("ax"))
    return {
        "library": "jax",
        "kind": "vecdot",
        "function": "vecdot",
        "shapes": (a, b),
        "axis": ax if ax < 0 else None,
        "note": (
            f"jnp.vecdot of {format_shape(a)} and {format_shape(b)}: the summed "
            f"axis (axis={ax}) must have the same size in both."
        ),
    }


# -- bcast -----------------------------------------------------------------------


@_reader(
    "cannot be broadcast: axis",
    pattern=(
        r"cannot be broadcast: axis (?P<ax>-\d+) \(axis (?P<p>\d+) of the result\) "
        r"has size"
    ),
)
def _bcast(m: Match[str], line: str, given: list[Dims]) -> _Fields | None:
    # "shapes x=(3, 4) w=(3,) cannot be broadcast: axis -1 ..."
    at = m.start()
    start = line.rfind("shapes ", max(0, at - 4 * _SIDE), at)
    if start < 0:
        return None
    listed = line[start + len("shapes ") : at]
    shapes: list[Dims] = []
    names: list[str] = []
    item = _rx(rf"\s*(?:(?P<n>[^\s=()]+)=)?(?P<s>{_PAREN})")
    pos = 0
    while pos < len(listed.rstrip()):
        it = item.match(listed, pos)
        d = None if it is None else _dims(it.group("s"), symbols=True)
        if it is None or d is None:
            return None
        shapes.append(d)
        if it.group("n"):
            names.append(it.group("n"))
        pos = it.end()
    if not shapes or (names and len(names) != len(shapes)):
        return None
    ax, p = int(m.group("ax")), int(m.group("p"))
    return {
        "start": start,
        "library": "bcast",
        "kind": "broadcast",
        "shapes": tuple(shapes),
        "names": tuple(names) if names else None,
        "axis": ax,
        "position": p,
        "note": (
            f"bcast found that {_fmt_all(shapes)} cannot be broadcast: axis {ax} "
            "conflicts."
        ),
    }


@_reader(
    "cannot broadcast (",
    pattern=(
        rf"cannot broadcast (?P<s>{_PAREN}) to (?P<t>{_PAREN}): (?:axis "
        r"(?P<ax>-\d+) has size|it has \d+ axes and the target only)"
    ),
    shapes=("s", "t"),
    symbols=True,
)
def _bcast_to(m: Match[str], line: str, given: list[Dims]) -> _Fields | None:
    s, t = given
    ax = m.group("ax")
    return {
        "library": "bcast",
        "kind": "broadcast_to",
        "shapes": (s,),
        "target": t,
        "axis": int(ax) if ax else None,
        "note": (
            f"bcast found that {format_shape(s)} cannot be broadcast to "
            f"{format_shape(t)}."
        ),
    }


def _bcast_operands(
    m: Match[str], given: dict[str, str]
) -> tuple[str, list[Dims], int] | None:
    """Inputs laid out by group ``sig``, operands in ``given`` (index group ->
    shape group) filled in; (signature, shapes, operands given)."""
    from bcast.core.gufunc import parse_signature

    signature = m.group("sig")
    try:
        sig = parse_signature(signature)
    except ShapeSyntaxError:
        return None
    shapes: list[Dims] = [(None,) * len(core) for core in sig.inputs]
    for index, shape in given.items():
        i, d = int(m.group(index)), _dims(m.group(shape), symbols=True)
        if d is None or i >= len(shapes):
            return None
        shapes[i] = d
    return signature, shapes, len(given)


@_reader(
    "): core dimension ",
    pattern=(
        r"signature (?P<sig>\S+): core dimension (?:'(?P<d>[^']*)' is \S+ in operand "
        rf"(?P<i>\d+) (?P<sa>{_PAREN}) but \S+ in operand (?P<j>\d+) "
        rf"(?P<sb>{_PAREN})|of fixed size (?P<fx>\d+) is \S+ in operand "
        rf"(?P<fj>\d+) (?P<fs>{_PAREN}))"
    ),
    back=2 * _SIDE,
)
def _bcast_core(m: Match[str], line: str, given: list[Dims]) -> _Fields | None:
    named = m.group("d") is not None
    groups = {"i": "sa", "j": "sb"} if named else {"fj": "fs"}
    laid = _bcast_operands(m, groups)
    if laid is None:
        return None
    signature, shapes, n = laid
    dimension = m.group("d") if named else m.group("fx")
    every = n == len(shapes)
    return {
        "library": "bcast",
        "kind": "gufunc",
        "shapes": tuple(shapes),
        "names": tuple(f"operand {i}" for i in range(len(shapes))),
        "signature": signature,
        "complete": every and _known(*shapes),
        "dimension": dimension,
        "note": (
            f"bcast found that core dimension {dimension!r} of signature "
            f"{signature} is bound to different sizes."
            + (
                ""
                if every
                else " Operands not named in the message are shown by their "
                "core axes only, as ?."
            )
        ),
    }


@_reader(
    "), but its core dimensions (",
    pattern=(
        r"signature (?P<sig>\S+): operand (?P<i>\d+): has (?P<h>\d+) axes "
        rf"(?P<s>{_PAREN}), but its core dimensions \((?P<c>[^()]*)\) need "
        r"(?P<r>\d+)"
    ),
    back=2 * _SIDE,
)
def _bcast_ndim(m: Match[str], line: str, given: list[Dims]) -> _Fields | None:
    laid = _bcast_operands(m, {"i": "s"})
    if laid is None:
        return None
    signature, shapes, _ = laid
    i = int(m.group("i"))
    return {
        "library": "bcast",
        "kind": "core_ndim",
        "shapes": tuple(shapes),
        "names": tuple(f"operand {k}" for k in range(len(shapes))),
        "signature": signature,
        "complete": len(shapes) == 1 and _known(*shapes),
        "note": (
            f"bcast found that operand {i}, of shape {format_shape(shapes[i])}, "
            f"has too few axes for its core dimensions ({m.group('c')}) in "
            f"signature {signature}."
        ),
    }


@_reader(
    " has shape (",
    pattern=rf" has shape (?P<s>{_PAREN}), expected (?P<spec>{_PAREN})(?:: (?P<why>.*))?",
)
def _guard(m: Match[str], line: str, given: list[Dims]) -> _Fields | None:
    # bcast.ShapeError: "f(): x has shape (3, 4), expected (n, 3): axis 1 (-1)
    # is 4, expected 3; <hint>"
    shape = _dims(m.group("s"), symbols=True)
    if shape is None:
        return None
    at = m.start()
    lo = max(0, at - 300)
    prefix = line[lo:at]
    k = max(prefix.rfind("Error: "), prefix.rfind("Exception: "))
    start = lo + (prefix.index(": ", k) + 2 if k >= 0 else 0)
    while start < at and line[start].isspace():
        start += 1
    subject = line[start:at]
    head = _rx(r"([\w.<>]+)\(\): ").match(subject)
    argument = subject[head.end() :] if head else subject
    if not argument:
        return None
    why = m.group("why") or ""
    detail = _rx(r"axis \d+ \((?P<ax>-\d+)\) (?:is|are) ").match(why)
    bound = _rx(rf"bound by (?P<n>[^\s;]+) with shape (?P<s>{_PAREN})").search(why)
    symbol = _rx(r" but #?(?P<sym>[A-Za-z_]\w*) ").search(why)
    shapes: tuple[Dims, ...] = (shape,)
    names: tuple[str, ...] = (argument,)
    other = _dims(bound.group("s"), symbols=True) if bound else None
    if bound and other is not None:
        shapes += (other,)
        names += (bound.group("n"),)
    spec = m.group("spec")
    end = "" if why.endswith((".", "?", "!")) else "."
    return {
        "start": start,
        "library": "bcast",
        "kind": "shape_guard",
        "function": head.group(1) if head else None,
        "shapes": shapes,
        "names": names,
        "axis": int(detail.group("ax")) if detail else None,
        "dimension": symbol.group("sym") if symbol else None,
        "note": (
            f"bcast's shape guard expected {argument} to match {spec} but its "
            f"shape is {format_shape(shape)}" + (f": {why}" if why else "") + end
        ),
    }


# -- the search --------------------------------------------------------------


def _exception_name(prefix: str) -> str | None:
    """``ValueError`` from a line's text before the message, if it ends so."""
    tail = prefix[-300:].rstrip()
    if not tail.endswith(":"):
        return None
    words = tail[:-1].rstrip().split()
    if not words:
        return None
    word = words[-1]
    name = word.rsplit(".", 1)[-1]
    if name.endswith(("Error", "Exception")) and name.isidentifier():
        return word if all(p.isidentifier() for p in word.split(".")) else None
    return None


def _line_at(text: str, pos: int) -> tuple[int, int]:
    """Where the line around ``pos`` starts and ends (at most _SIDE away)."""
    lo = max(pos - _SIDE, 0)
    start = max(text.rfind("\n", lo, pos) + 1, lo)
    end = text.find("\n", pos, min(pos + _SIDE, len(text)))
    return start, (end if end >= 0 else min(pos + _SIDE, len(text)))


_WRAPPED = 4  # lines a wrapped message may run on to


def _read_at(text: str, pos: int, read: _Read) -> tuple[int, str, _Found] | None:
    """Read the message whose phrase is at ``pos``: (line start, line, found).

    A terminal or rich's traceback may wrap a long message over several
    lines.  The next lines are joined on, as they are and with a space, while
    the message does not read without them or while joining lets the match
    run further.
    """
    start, end = _line_at(text, pos)
    line = text[start:end]
    at = pos - start
    found = read(line, at)
    best = None if found is None else (line, found)
    plain = spaced = line  # the next lines joined on as they are, and with a space
    for _ in range(_WRAPPED):
        if end >= len(text) or text[end] != "\n":
            break  # the end of the text, or a line too long to follow
        stop = min(end + 1 + _SIDE, len(text))
        nxt_end = text.find("\n", end + 1, stop)
        nxt = text[end + 1 : nxt_end if nxt_end >= 0 else stop]
        end = nxt_end if nxt_end >= 0 else stop
        if not nxt.strip():
            break
        # after a space the break took nothing away; else try a space first
        first_plain = plain[-1:].isspace()
        plain, spaced = plain + nxt, spaced + " " + nxt
        longer = False
        for candidate in (plain, spaced) if first_plain else (spaced, plain):
            found = read(candidate, at)
            if found is not None and (best is None or found[1] > best[1][1]):
                best, longer = (candidate, found), True
                break
        if best is not None and not longer:
            break
    return None if best is None else (start, *best)


def _search(text: str) -> tuple[int, int, str, _Found] | None:
    """The last message in ``text``: (phrase position, line start, line, found)."""
    hits = [text.rfind(phrase) for phrase, _ in _TRIGGERS]
    for _ in range(_TRIES):
        pos = max(hits)
        if pos < 0:
            return None
        k = hits.index(pos)
        read = _read_at(text, pos, _TRIGGERS[k][1])
        if read is not None:
            return (pos, *read)
        hits[k] = text.rfind(_TRIGGERS[k][0], 0, pos)
    return None


def read_message(text: str) -> Reading | None:
    """Find the last broadcasting-related error in `text` and read it.

    Parameters
    ----------
    text : str
        An error message, a whole traceback (chained exceptions included),
        IPython output with ANSI colour codes, a log, a rich traceback whose
        message is wrapped over several lines: anything pasted.

    Returns
    -------
    Reading or None
        The last broadcasting error in ``text``, read into shapes; None if
        there is none.

    Raises
    ------
    TypeError
        If ``text`` is not a str.

    Examples
    --------
    >>> r = read_message("ValueError: operands could not be broadcast "
    ...                  "together with shapes (3,4) (3,) ")
    >>> r.library, r.kind, r.shapes
    ('numpy', 'ufunc', ((3, 4), (3,)))
    >>> r = read_message(
    ...     "RuntimeError: The size of tensor a (3) must match the size of "
    ...     "tensor b (4) at non-singleton dimension 1")
    >>> r.kind, r.shapes, r.names, r.position, r.complete
    ('size_mismatch', ((3,), (4,)), ('tensor a', 'tensor b'), 1, False)
    >>> read_message("matmul: Input operand 1 has a mismatch in its core "
    ...     "dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) "
    ...     "(size 4 is different from 3)").shapes
    ((None, 3), (4, None))
    >>> read_message("KeyError: 'x'") is None
    True
    """
    if not isinstance(text, str):
        raise TypeError(f"a message is text, got {type(text).__name__}")
    text = _strip_ansi(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Line by line first; then the end of the text with its lines joined, for
    # a message wrapped in the middle of a phrase ("... together with\nshapes").
    # The one found latest in the text wins; on a tie, the line-by-line one.
    best: tuple[int, Reading] | None = None
    found = _search(text)
    if found is not None:
        pos, _, line, (begin, _, fields) = found
        best = (pos, _reading(line[begin:], line[:begin], fields))
    lo = max(0, len(text) - _TAIL)
    lines = text[lo:].split("\n")
    if len(lines) > 1:
        for smart in (True, False):
            flat = _flat_search(lines, smart, lo)
            if flat is not None and (best is None or flat[0] > best[0]):
                best = flat
    return None if best is None else best[1]


_TAIL = 256_000  # characters at the end of the text searched with lines joined


def _flat_search(
    lines: list[str], smart: bool, offset: int
) -> tuple[int, Reading] | None:
    """Search ``lines`` joined into one; the position is in the original text.

    Joined as they are, a line break inside a word disappears; ``smart`` also
    puts a space back where a break took one away: after a line that does
    not end with one (rich keeps the space at a break, unless the line is
    full).
    """
    from bisect import bisect_right

    parts: list[str] = []
    starts: list[int] = []  # where each line starts in the joined text
    origin: list[int] = []  # ... and in the original text
    n = o = 0
    for line in lines:
        sep = " " if smart and line and not line[-1].isspace() else ""
        starts.append(n)
        origin.append(o)
        parts += (line, sep)
        n += len(line) + len(sep)
        o += len(line) + 1
    flat = "".join(parts)
    found = _search(flat)
    if found is None:
        return None
    pos, start, _, (begin, end, fields) = found
    # the message runs from its start to the end of the line where its match ends
    begin += start
    first = bisect_right(starts, begin) - 1
    last = bisect_right(starts, start + end - 1) - 1
    stop = starts[last] + len(lines[last])
    at = bisect_right(starts, pos) - 1
    original = offset + origin[at] + pos - starts[at]
    return original, _reading(flat[begin:stop], flat[starts[first] : begin], fields)


def _reading(message: str, prefix: str, fields: _Fields) -> Reading:
    fields.setdefault("function", None)
    fields.setdefault("shapes", ())
    fields.setdefault("names", None)
    fields.setdefault("signature", None)
    fields.setdefault("target", None)
    fields.setdefault("axis", None)
    if "complete" not in fields:
        shapes: tuple[Dims, ...] = fields["shapes"]  # type: ignore[assignment]
        target: Dims | None = fields["target"]  # type: ignore[assignment]
        fields["complete"] = _known(*shapes, target)
    return Reading(
        message=message.strip(),
        exception=_exception_name(prefix),
        **fields,  # type: ignore[arg-type]
    )
