"""The public face of explanations: :func:`bcast.explain`, :func:`bcast.why`
and :class:`bcast.Explanation`.

Explanations are built in three layers, each importing only the ones below:

1. **data** — :mod:`bcast.explainer.explanation` runs the rule and gathers an
   :class:`~bcast.explainer.explanation.ExplanationRecord` (steps, conflicts,
   fixes and warnings from :mod:`bcast.explainer.advice`);
2. **words** — :mod:`bcast.explainer.words.phrasing` turns records into
   sentences from the catalog, in English or Chinese (``to_dict()``, the
   ``--json`` output, uses it; no rich);
3. **pictures** — :mod:`bcast.explainer.render.text` lays the sentences and
   the table out as plain text (no rich, nothing read from the environment),
   :mod:`bcast.explainer.render.terminal` draws the same layout with rich's
   colours, and HTML for Jupyter.

Matrix products are not broadcasting: ``explain(op="dot")`` and ``why()`` of
a product's message hand them to :mod:`bcast.explainer.products`, whose
:class:`~bcast.explainer.products.Product` has the same kind of face.

This module sits above all three and gives the record its face:
``str()``/``print()``/``format()`` are the plain text, rich prints the coloured
picture (``__rich_console__``) and Jupyter shows HTML (``_repr_html_``).  The
renderers are imported only when an explanation is shown, so ``--json`` and
``bcast check`` never load rich.
"""

from __future__ import annotations

from bcast.explainer.advice import itemsize
from bcast.explainer.explanation import (
    ExplanationRecord,
    explain_reading,
    explain_record,
)
from bcast.explainer.words.catalog import resolve

TYPE_CHECKING = False  # typing stays out of start-up (see bcast.core.rule)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any, Literal, overload

    from rich.console import Console, ConsoleOptions, RenderResult

    from bcast.core.gufunc import Signature
    from bcast.core.rule import ShapeLike
    from bcast.explainer.products import Product

__all__ = ["Explanation", "explain", "why"]


class Explanation(ExplanationRecord):
    """Why some shapes broadcast, or do not: data first, a picture second.

    Made by :func:`explain` and :func:`why`.  ``str()`` gives plain text (the
    same anywhere: a terminal, a pipe, a Jupyter kernel), rich renders it in
    colour, Jupyter shows it as HTML, and :meth:`to_dict` gives the data (the
    command line's ``--json``).

    The fields (``shapes``, ``names``, ``broadcast``, ``axes``, ``fixes``,
    ``warnings``, ``rule`` …) and the properties ``compatible``,
    ``result`` and ``conflicts`` are the record's: see
    :class:`bcast.explainer.explanation.ExplanationRecord`.

    Examples
    --------
    >>> e = explain((3, 1), (4,), names=["col", "row"])
    >>> e.compatible, e.result
    (True, (3, 4))
    >>> str(e).splitlines()[0]
    'Broadcasting col (3, 1) and row (4,)'
    """

    __slots__ = ()

    def __str__(self) -> str:
        from bcast.explainer.render.text import to_text

        return to_text(self)

    def __rich_console__(
        self, console: Console, options: ConsoleOptions
    ) -> RenderResult:
        from bcast.explainer.render.terminal import renderable

        yield renderable(self)

    def to_text(self, width: int = 80, *, brief: bool = False) -> str:
        """The picture as plain text, ``width`` columns wide; ``brief`` gives
        the compact one (table, verdict, best fix) shown where errors happen.

        >>> print(explain((3, 1), (1, 4)).to_text(brief=True).splitlines()[-1])
        ✓ Compatible: the result has shape (3, 4).
        """
        from bcast.explainer.render.text import to_text

        return to_text(self, width, brief=brief)

    def renamed(self, names: Sequence[str]) -> Explanation:
        """This explanation with the operands named ``names``, by the same
        rule (see :meth:`ExplanationRecord.renamed
        <bcast.explainer.explanation.ExplanationRecord.renamed>`)."""
        return _shown(ExplanationRecord.renamed(self, names))

    def _repr_html_(self) -> str:
        from bcast.explainer.render.terminal import to_html

        return to_html(self)


def _shown(record: ExplanationRecord) -> Explanation:
    return tuple.__new__(Explanation, record)


ELEMENTWISE = "elementwise"
"""``explain(op=...)``'s default: broadcasting; any other ``op`` is a matrix
product (:data:`bcast.core.products.OPS`)."""

if TYPE_CHECKING:
    ProductOp = Literal[
        "dot",
        "inner",
        "vdot",
        "matmul",
        "@",
        "tensordot",
        "einsum",
        "mm",
        "bmm",
        "mv",
        "torch.dot",
        "dot_general",
    ]

else:

    def overload(f: object) -> object:  # typing.overload, without typing
        return f


@overload
def explain(
    *shapes: ShapeLike,
    names: Sequence[str] | None = None,
    signature: str | Signature | None = None,
    to: ShapeLike | None = None,
    dtype: str = "float64",
    values: bool = False,
    lang: str | None = None,
    op: Literal["elementwise"] = "elementwise",
) -> Explanation: ...


@overload
def explain(  # noqa: F811 (the overloads above, as typing has them)
    *shapes: ShapeLike,
    names: Sequence[str] | None = None,
    signature: None = None,
    to: None = None,
    dtype: str = "float64",
    values: bool = False,
    lang: str | None = None,
    op: ProductOp,
    **options: Any,
) -> Product: ...


@overload
def explain(  # noqa: F811 (the overloads above, as typing has them)
    *shapes: ShapeLike,
    names: Sequence[str] | None = None,
    signature: str | Signature | None = None,
    to: ShapeLike | None = None,
    dtype: str = "float64",
    values: bool = False,
    lang: str | None = None,
    op: str,
    **options: Any,
) -> Explanation | Product: ...


def explain(  # noqa: F811 (the overloads above, as typing has them)
    *shapes: ShapeLike,
    names: Sequence[str] | None = None,
    signature: str | Signature | None = None,
    to: ShapeLike | None = None,
    dtype: str = "float64",
    values: bool = False,
    lang: str | None = None,
    op: str = ELEMENTWISE,
    **options: Any,
) -> Explanation | Product:
    """Explain how ``shapes`` broadcast, axis by axis — or how a matrix
    product (``op="dot"``, ``"matmul"`` …) contracts them.

    Parameters
    ----------
    *shapes : shape-like or array
        The operands' shapes: tuples, ints or text such as ``"3,1"`` or
        ``"X=20,1000"`` (a name, as on the command line); sizes may be
        symbols (``"m"``) or unknown (None).  Or the arrays themselves:
        anything with a ``.shape`` (NumPy, PyTorch, JAX …, read without
        importing NumPy); their values are kept for the picture.
    names : sequence of str, optional
        The operands' names (default: those in the text, else ``a``, ``b``,
        ``c`` …), used in the picture and in the code of the fixes.
    signature : str or Signature, optional
        A gufunc signature such as ``np.matmul.signature``: the loop axes
        broadcast, the core axes bind by name.
    to : shape-like, optional
        Broadcast the one shape given to this target shape, one way, as
        ``np.broadcast_to`` does.
    dtype : str
        The element type, for the memory warning (default float64).
    values : bool
        Add example values for operands given as shapes (arrays given
        bring their own).
    lang : str, optional
        ``"en"`` or ``"zh"``; default ``BCAST_LANG``, else English.
    op : str
        ``"elementwise"`` (broadcasting, the default), or a matrix product
        explained by its own rule — the sizes summed together must be
        equal, nothing stretches there: ``"dot"`` (``np.dot``),
        ``"matmul"`` (``@``: loop axes broadcast), ``"inner"``, ``"vdot"``,
        ``"tensordot"``, ``"einsum"``, ``"mm"``, ``"bmm"``, ``"mv"``,
        ``"torch.dot"``, ``"dot_general"`` (see
        :func:`bcast.explainer.products.explain_product`; without
        ``signature=`` or ``to=``).
    **options
        For a product: ``axes=`` (tensordot), ``subscripts=`` (einsum),
        ``dimension_numbers=`` (dot_general).

    Returns
    -------
    Explanation, or Product for a matrix product
        A :class:`~bcast.explainer.products.Product` has the same face
        (``str()``, rich, Jupyter, ``to_dict()``, ``compatible``,
        ``result``, ``fixes``) and says ``verdict`` (``"fits"``,
        ``"fits_if"``, ``"mismatch"``).

    Raises
    ------
    InvalidShapeError, SizeTypeError, ShapeSyntaxError, SignatureError
        For shapes or a signature that are not valid.
    ValueError
        For an unknown dtype, language or product, or names that do not
        match.

    Examples
    --------
    >>> e = explain((3, 1), (1, 4))
    >>> e.compatible, e.result, e.warnings
    (True, (3, 4), ())
    >>> e = explain("3,4", "3", names=["X", "m"])
    >>> e.conflicts[0].axis, e.fixes[0].code, e.fixes[0].result
    (-1, 'm[:, None]', (3, 4))
    >>> e = explain((11, 3), (11, 1), names=["X", "dz"], op="dot")
    >>> e.verdict, e.fixes[0].code, e.fixes[0].result
    ('mismatch', 'np.dot(X.T, dz)', (3, 1))
    >>> print(explain((1, 5), (3,)).to_text(brief=True).splitlines()[-3])
    ✗ Not compatible: on axis=1 (or -1) a has 5, b has 3.
    """
    if op != ELEMENTWISE:
        if signature is not None or to is not None:
            raise ValueError(f"op={op!r} is a matrix product: no signature= or to=")
        from bcast.explainer.products import explain_product

        itemsize(dtype)  # an unknown dtype fails here as it does for broadcasting
        return explain_product(*shapes, op=op, names=names, lang=lang, **options)
    if options:
        raise TypeError(f"explain() got unexpected options {', '.join(options)}")
    return _shown(
        explain_record(
            *shapes,
            names=names,
            signature=signature,
            to=to,
            dtype=dtype,
            values=values,
            lang=lang,
        )
    )


def why(
    text: str, *, dtype: str = "float64", lang: str | None = None
) -> Explanation | Product | None:
    """Explain the broadcasting error in ``text``: a message, a whole traceback.

    Reads the messages of NumPy, PyTorch, JAX, TensorFlow/Keras, Dask and
    others (see :mod:`bcast.explainer.messages`) and explains the shapes they
    name; where a message gives only some sizes, the others are shown as
    unknown (``?``) and the explanation says so.

    Each call is explained by the rule it failed under: a matrix product's
    message (``np.dot``, ``@``, ``torch.mm``, ``torch.bmm``, ``einsum`` …) by
    the product's own rule, as a :class:`~bcast.explainer.products.Product`;
    the others (``rule``) by elementwise broadcasting, the identical shapes a
    loss or metric needs (``"same_shape"``) or JAX's broadcasting without
    rank promotion (``"rank_promotion"``).  A call that failed is never called
    compatible: shapes that would go together only under conditions on
    unknown sizes (Dask's ``nan``) read "only if".

    Parameters
    ----------
    text : str
        The message, or everything a program printed (a traceback, a log).
    dtype : str
        The element type, for the memory warning (default float64).
    lang : str, optional
        ``"en"`` or ``"zh"``; default ``BCAST_LANG``, else English.

    Returns
    -------
    Explanation, Product or None
        None when ``text`` holds no broadcasting error.

    Examples
    --------
    >>> e = why("ValueError: operands could not be broadcast together "
    ...         "with shapes (3,4) (3,)")
    >>> e.shapes, e.compatible, e.conflicts[0].axis
    (((3, 4), (3,)), False, -1)
    >>> e = why("ValueError: shapes (11,3) and (11,1) not aligned: "
    ...         "3 (dim 1) != 11 (dim 0)")
    >>> e.op, e.verdict, e.fixes[0].code
    ('dot', 'mismatch', 'np.dot(a.T, b)')
    >>> e = why("ValueError: Shapes (8, 1) and (8,) are incompatible")
    >>> e.rule, e.compatible, e.fixes[0].code
    ('same_shape', False, 'b[:, None]')
    >>> why("KeyError: 'x'") is None
    True
    """
    from bcast.explainer.messages import read_message
    from bcast.explainer.products import from_reading, is_product_reading

    resolve(lang)  # an unknown language fails whatever the text
    itemsize(dtype)
    reading = read_message(text)
    if reading is None:
        return None
    if is_product_reading(reading):
        product = from_reading(reading, lang=lang)
        if product is not None:
            return product
    return _shown(explain_reading(reading, dtype=dtype, lang=lang))
