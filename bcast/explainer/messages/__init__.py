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
mxnet       check_failed          broadcast     Check failed: l == 1 || r == 1
                                                operands could not be broadcast
                                                together with shapes
                                                (416,416,4) (1,1,3)
mxnet       broadcast             broadcast     operands could not be broadcast
                                                together with shapes
                                                [128,256,14,14] [1,256,28,28]
keras       same_shape            same_shape    Arguments `target` and `output`
                                                must have the same shape.
                                                Received: target.shape=(None,
                                                4), output.shape=(None, 10)
keras       merge_inputs          broadcast     Inputs have incompatible
                                                shapes. Received shapes (4, 4,
                                                512) and (8, 8, 512)
keras       merge                 broadcast     Operands could not be broadcast
                                                together with shapes (136, 240,
                                                256) (135, 240, 256)
tfjs        broadcast             broadcast     Operands could not be broadcast
                                                together with shapes 285 and
                                                285,39.
paddle      broadcast             broadcast     Broadcast dimension mismatch.
                                                Operands could not be broadcast
                                                together with the shape of X =
                                                [1, 96, 3, 20] and the shape of
                                                Y = [1, 96, 4, 20]. Received
                                                [3] in X is not equal to [4] in
                                                Y at i:2.
paddle      broadcast_old         broadcast     Broadcast dimension mismatch.
dask        broadcast             broadcast     operands could not be broadcast
                                                together with shapes (nan,)
                                                (615960,)
dask        broadcast_to          broadcast_to  cannot broadcast shape (nan,)
                                                to shape (3,)
cupy        broadcasting_failed   broadcast     Broadcasting failed
tensorflow  incompatible_shapes   broadcast     Incompatible shapes: [9,43] vs.
                                                [32,43]
tensorflow  required_broadcastable  broadcast     required broadcastable shapes
                                                [Op:Mul]
tensorflow  dimensions_equal      broadcast     Dimensions must be equal, but
                                                are 192 and 384 for 'fc2/Add'
                                                (op: 'Add') with input shapes:
                                                [32,192], [384]
tensorflow  matrix_size           contraction   Matrix size-incompatible:
                                                In[0]: [4,2048], In[1]: [512,1]
                                                [Op:MatMul] name: MatMul/
tensorflow  batch_matmul          contraction   In[0] mismatch In[1] shape:
                                                1108 vs. 1120: [42,1108]
                                                [1120,256] 0 0
tensorflow  dimension_in_both     same_shape    Dimension 1 in both shapes must
                                                be equal, but are 40 and 24.
                                                Shapes are [1024,40] and
                                                [1024,24]. for 'Assign_682'
                                                (op: 'Assign') with input
                                                shapes: [1024,40], [1024,24].
tensorflow  shapes_incompatible   same_shape    Shapes (None, 4) and (None, 10)
                                                are incompatible
torch       size_mismatch         broadcast     The size of tensor a (3) must
                                                match the size of tensor b (4)
                                                at non-singleton dimension 1
torch       expand                expand        The expanded size of the tensor
                                                (4) must match the existing
                                                size (3) at non-singleton
                                                dimension 1.  Target sizes: [2,
                                                4].  Tensor sizes: [3]
torch       expand_rank           expand        expand(torch.FloatTensor{[2,
                                                3]}, size=[3]): the number of
                                                sizes provided (1) must be
                                                greater or equal to the number
                                                of dimensions in the tensor (2)
torch       broadcast_shapes      broadcast     Attempting to broadcast a
                                                dimension of length 3 at -1!
                                                Mismatching argument at index 1
                                                had torch.Size([3]); but
                                                expected shape should be
                                                broadcastable to [3, 4]
torch       target_size           same_shape    Using a target size
                                                (torch.Size([3])) that is
                                                different to the input size
                                                (torch.Size([3, 4])) is
                                                deprecated. Please ensure they
                                                have the same size.
torch       mat1_mat2             contraction   mat1 and mat2 shapes cannot be
                                                multiplied (1x18 and 512x1024)
torch       m1_m2                 contraction   size mismatch, m1: [1 x 256],
                                                m2: [64 x 4] at /opt/conda/cond
                                                a-bld/pytorch_1549627089062/wor
                                                k/aten/src/TH/generic/THTensorM
                                                ath.cpp:940
torch       mv                    contraction   size mismatch, got input (2),
                                                mat (2x3), vec (4)
torch       dot                   contraction   inconsistent tensor size,
                                                expected tensor [3] and src [4]
                                                to have the same number of
                                                elements, but got 3 and 4
                                                elements respectively
torch       bmm                   contraction   Expected size for first two
                                                dimensions of batch2 tensor to
                                                be: [2, 4] but got: [2, 5].
torch       einsum                einsum        einsum(): subscript j has size
                                                4 for operand 1 which does not
                                                broadcast with previously seen
                                                size 3
torch       inplace_output        inplace_output  output with shape [3, 1]
                                                doesn't match the broadcast
                                                shape [3, 4]
torch       indexing              indexing      shape mismatch: indexing
                                                tensors could not be broadcast
                                                together with shapes [2], [3]
torch       value_tensor          assignment    shape mismatch: value tensor of
                                                shape [31564, 128] cannot be
                                                broadcast to indexing result of
                                                shape [128, 31564]
jax         broadcast_shapes      broadcast     Incompatible shapes for
                                                broadcasting: shapes=[(3, 4),
                                                (3,)]
jax         rank_promotion        rank_promotion  Operands could not be broadcast
                                                together for add on shapes (3,
                                                4) (4,) and with the config
                                                option jax_numpy_rank_promotion
                                                ='raise'. For more information,
                                                see https://docs.jax.dev/en/lat
                                                est/rank_promotion_warning.html
                                                .
jax         lax_broadcast         broadcast     add got incompatible shapes for
                                                broadcasting: (3, 4), (4, 3).
jax         broadcast_to          broadcast_to  Incompatible types for
                                                broadcasting: input
                                                type=float32[3,1] and requested
                                                type=float32[2,4]
jax         broadcast_to_rank     broadcast_to  Cannot broadcast to shape with
                                                fewer dimensions: arr_shape=(2,
                                                3) shape=(3,)
jax         dot_general           contraction   dot_general requires
                                                contracting dimensions to have
                                                the same shape, got (3,) and
                                                (4,).
jax         matmul                contraction   Incompatible types for matmul
                                                arguments: float32[2,3,4] and
                                                float32[3,4,5]
jax         einsum                einsum        Size of label 'j' for operand 1
                                                (3) does not match previous
                                                terms (4).
jax         vecdot                contraction   axes must match; got shapes
                                                (3,) and (4,) with axis=-1
jax         vectorize             gufunc        inconsistent size for core
                                                dimension 'm': 4 vs 3 on
                                                vectorized function with
                                                excluded=frozenset() and
                                                signature='(m,m),(m)->(m)'
numpy       ufunc                 broadcast     operands could not be broadcast
                                                together with shapes (3,4) (3,)
numpy       indexing              indexing      shape mismatch: indexing arrays
                                                could not be broadcast together
                                                with shapes (2,) (3,)
numpy       broadcast_to          broadcast_to  operands could not be broadcast
                                                together with remapped shapes
                                                [original->remapped]: (3,)  and
                                                requested shape (4,)
numpy       remapped              broadcast     operands could not be broadcast
                                                together with remapped shapes
                                                [original->remapped]:
                                                (2,3,4)->(2,newaxis,newaxis)
                                                (3,4,5)->(3,newaxis,newaxis)
                                                and requested shape (3,5)
numpy       broadcast_shapes      broadcast     shape mismatch: objects cannot
                                                be broadcast to a single shape.
                                                Mismatch is between arg 0 with
                                                shape (3, 4) and arg 1 with
                                                shape (3,).
numpy       broadcast_shapes_old  broadcast     shape mismatch: objects cannot
                                                be broadcast to a single shape
numpy       inplace_output        inplace_output  non-broadcastable output
                                                operand with shape (3,1)
                                                doesn't match the broadcast
                                                shape (3,4)
numpy       assignment            assignment    could not broadcast input array
                                                from shape (3,) into shape (4,)
numpy       value_array           assignment    shape mismatch: value array of
                                                shape (3,2) could not be
                                                broadcast to indexing result of
                                                shape (2,2)
numpy       mask_assignment       assignment    NumPy boolean array indexing
                                                assignment cannot assign 2
                                                input values to the 3 output
                                                values where the mask is true
numpy       mask_ndim             assignment    NumPy boolean array indexing
                                                assignment requires a 0 or
                                                1-dimensional input, input has
                                                2 dimensions
numpy       ufunc_at              broadcast_to  array is not broadcastable to
                                                correct shape
numpy       to_scalar             broadcast_to  cannot broadcast a non-scalar
                                                to a scalar array
numpy       axis_remapping        broadcast_to  input operand has more
                                                dimensions than allowed by the
                                                axis remapping
numpy       core_dimension        gufunc        matmul: Input operand 1 has a
                                                mismatch in its core dimension
                                                0, with gufunc signature
                                                (n?,k),(k,m?)->(n?,m?) (size 4
                                                is different from 3)
numpy       core_ndim             gufunc        matmul: Input operand 0 does
                                                not have enough dimensions (has
                                                0, gufunc core with signature
                                                (n?,k),(k,m?)->(n?,m?) requires
                                                1)
numpy       vectorize_ndim        gufunc        1-dimensional argument does not
                                                have enough dimensions for all
                                                core dimensions ('n', 'm')
numpy       vectorize             gufunc        inconsistent size for core
                                                dimension 'n': 4 vs 3
numpy       dot                   contraction   shapes (11,3) and (11,1) not
                                                aligned: 3 (dim 1) != 11 (dim
                                                0)
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
_TRIGGERS: list[tuple[str, tuple[Form, ...]]] = []
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
        by_phrase: dict[str, list[Form]] = {}
        for f in _TABLE:
            if f.phrase:
                by_phrase.setdefault(f.phrase, []).append(f)
        _TRIGGERS.extend((p, tuple(rows)) for p, rows in by_phrase.items())
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
