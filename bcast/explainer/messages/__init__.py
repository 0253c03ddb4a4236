"""Read other libraries' shape error messages into shapes: a table of forms.

This is the one package in bcast that parses an error's text.
:func:`read_message` finds the *last* broadcasting (or matrix-product) error
in pasted text — a whole traceback with chained exceptions, IPython output
with ANSI colour codes, a log, pytest's ``E   ValueError: ...`` lines, a
message wrapped over several lines — and reads it into a :class:`Reading`:
which library said it, what kind of error it is, each operand's shape as far
as the message tells, for a matrix product the contracted axes, and a note
(English and Chinese) on what the message does not tell.

Every form of message is a row, a :class:`Form`, in the file of the library
that says it (``numpy.py``, ``torch.py``, ``jax.py``, ``tensorflow.py``,
``keras.py``, ``tfjs.py``, ``paddle.py``, ``mxnet.py``, ``dask.py``,
``cupy.py``, ``bcast.py``); adding a library is one file and its name in
:data:`LIBRARIES`.  Each row carries a real message, read by a test.  Rows
earlier in :data:`LIBRARIES` are tried first where two read the same words
(MXNet's and Keras's texts before NumPy's).

The forms (generated from the rows by :func:`table`; a test keeps it so):

.. table-of-forms

==========  ====================  ============  ===============================
library     form                  kind          example
==========  ====================  ============  ===============================
bcast       broadcast             broadcast     shapes (3, 4) (3,) cannot be
                                                broadcast: axis -1 (axis 1 of
                                                the result) has size 4 in
                                                operand 0, 3 in operand 1;
                                                sizes on an axis must be equal,
                                                or 1
bcast       broadcast_to          broadcast_to  cannot broadcast (3,) to (4,):
                                                axis -1 has size 3, which
                                                cannot become 4 (only a size of
                                                1 stretches)
bcast       gufunc                gufunc        signature (m,n),(n,p)->(m,p):
                                                core dimension 'n' is 3 in
                                                operand 0 (2, 3) but 4 in
                                                operand 1 (4, 5)
bcast       core_ndim             gufunc        signature
                                                (n?,k),(k,m?)->(n?,m?): operand
                                                0: has 0 axes (), but its core
                                                dimensions (n?,k) need 1
bcast       shape_guard           shape_guard   forward(): w has shape (4, 1),
                                                expected (n_x, 1): axis 0 (-2)
                                                is 4 but n_x = 3, bound by X
                                                with shape (3, 5)
==========  ====================  ============  ===============================

.. end-of-forms

Conventions of a :class:`Reading` where a message tells only part of the
story (``complete`` is False):

- a message that gives only the conflicting sizes (PyTorch's "size of tensor
  a (3) ... tensor b (4)", einsum, ``np.vectorize``) yields one one-axis shape
  per size: ``((3,), (4,))``; where the message counts the axis from the
  front, :attr:`Reading.position` holds it;
- a gufunc core-dimension message yields each input's *core* axes laid out by
  the signature (``(n?,k)`` -> ``(None, 3)``), loop axes left out, so that
  ``bcast.broadcast_signature(signature, *shapes)`` finds the same conflict;
- a size the library does not know (TensorFlow's ``?`` and ``None``, Dask's
  ``nan``) is None;
- a message that names no shape at all yields ``shapes == ()``.

Reading is linear in the text: ANSI escapes are stripped with bounded
patterns, the text is searched from its end with ``str.rfind`` for the rows'
phrases, only the lines around a hit (at most 16,000 characters either side)
are matched by a row's pattern, at most 200 hits are tried, and no pattern
has an unbounded repeat that could backtrack.
"""

from __future__ import annotations

from bcast.explainer.messages._table import Form, Reading

__all__ = ["LIBRARIES", "Form", "Reading", "forms", "read_message", "table"]

LIBRARIES = (
    "bcast",
    "mxnet",
    "keras",
    "tfjs",
    "paddle",
    "dask",
    "cupy",
    "tensorflow",
    "torch",
    "jax",
    "numpy",
)
"""The libraries whose messages are read, one module each, in the order their
rows are tried where two rows read the same words."""

_TABLE: list[Form] = []
_TRIGGERS: list[tuple[str, Form]] = []
_CLAIMS: list[tuple[str, str, tuple[str, ...]]] = []


def forms() -> tuple[Form, ...]:
    """Every row of the table, library by library (loaded on first use).

    Examples
    --------
    >>> sorted({f.library for f in forms()})[:3]
    ['bcast', 'cupy', 'dask']
    """
    if not _TABLE:
        from importlib import import_module

        for name in LIBRARIES:
            module = import_module(f"bcast.explainer.messages.{name}")
            _TABLE.extend(module.FORMS)
            for claimed, marks in getattr(module, "CLAIMS", ()):
                _CLAIMS.append((name, claimed, marks))
            if not module.FORMS:
                _TABLE.append(_placeholder(name))
        _TRIGGERS.extend((f.phrase, f) for f in _TABLE if f.phrase)
    return tuple(_TABLE)


def _placeholder(library: str) -> Form:
    """A row without a phrase: a library that only claims others' readings."""
    return Form(
        library=library,
        name="(claims)",
        kind="",
        phrase="",
        pattern="",
        example="",
        source="",
        expect=(),
    )


def read_message(text: str) -> Reading | None:
    """Find the last shape error of a known form in ``text`` and read it.

    Parameters
    ----------
    text : str
        An error message, a whole traceback, IPython output with ANSI colour
        codes, a log, a wrapped rich traceback: anything pasted.

    Returns
    -------
    Reading or None
        The last such error in ``text``; None if there is none.

    Raises
    ------
    TypeError
        If ``text`` is not a str.

    Examples
    --------
    >>> r = read_message("ValueError: operands could not be broadcast "
    ...                  "together with shapes (3,4) (3,) ")
    >>> r.library, r.kind, r.form, r.shapes
    ('numpy', 'broadcast', 'ufunc', ((3, 4), (3,)))
    >>> r = read_message(
    ...     "RuntimeError: The size of tensor a (3) must match the size of "
    ...     "tensor b (4) at non-singleton dimension 1")
    >>> r.form, r.shapes, r.names, r.position, r.complete
    ('size_mismatch', ((3,), (4,)), ('tensor a', 'tensor b'), 1, False)
    >>> r = read_message("shapes (11,3) and (11,1) not aligned: 3 (dim 1) != 11 (dim 0)")
    >>> r.kind, r.shapes, r.contracted
    ('contraction', ((11, 3), (11, 1)), ((-1,), (-2,)))
    >>> read_message("KeyError: 'x'") is None
    True
    """
    from bcast.explainer.messages import _search

    forms()
    return _search.read_message(text, _TRIGGERS, _CLAIMS)


def table(width: int = 79) -> str:
    """The table of forms, as the package docstring shows it.

    Examples
    --------
    >>> table().splitlines()[1].split()
    ['library', 'form', 'kind', 'example']
    """
    from textwrap import wrap

    cols = (10, 20, 12)
    text_width = width - sum(cols) - 2 * len(cols)
    rule = "  ".join("=" * n for n in (*cols, text_width))
    lines = [rule, _row(("library", "form", "kind", "example"), cols), rule]
    for f in forms():
        if not f.phrase:
            continue
        example = wrap(f.example, text_width, break_on_hyphens=False) or [""]
        lines.append(_row((f.library, f.name, f.kind, example[0]), cols))
        lines += [_row(("", "", "", more), cols) for more in example[1:]]
    lines.append(rule)
    return "\n".join(lines)


def _row(cells: tuple[str, str, str, str], cols: tuple[int, ...]) -> str:
    head = "  ".join(c.ljust(n) for c, n in zip(cells, cols))
    return (head + "  " + cells[3]).rstrip()

