"""Explanations of matrix products, as data: the contraction rule and its fixes.

:func:`explain_product` runs the product's own rule
(:mod:`bcast.core.products`: the summed sizes must be equal, ``@``'s loop
axes broadcast) and gathers what a person needs: the shapes, the summed axes,
the verdict — ``"fits"``, ``"fits_if"`` (only under a condition on symbols)
or ``"mismatch"``, never "compatible" for a call that fails — and checked
fixes: a transposed operand (``X.T``, ``(A - Y).T``), the operands swapped,
or both (``np.dot(dz, X.T)``).  :func:`from_reading` does the same for a
matrix product's error message read by :mod:`bcast.explainer.messages`;
where the message gives only some sizes, the others are unknown and the
explanation says which.

Every fix is checked by running the same rule again, never sums over a size
of 1 where the call summed a larger one (that is an outer product in
disguise), and they are ranked by what a person meant: one transposition
first, keeping the order of the operands, then a swap, then a swap with a
transposition.  The words are in :mod:`bcast.explainer.words.products`, the
pictures in :mod:`bcast.explainer.render.products`.

>>> e = explain_product(("n_x", "m"), (1, "m"), op="dot", names=["X", "A - Y"])
>>> e.verdict, e.fixes[0].code, e.fixes[0].result
('fits_if', 'np.dot(X, (A - Y).T)', ('n_x', 1))
"""

from __future__ import annotations

from math import prod

from bcast.core.products import ALIASES, product
from bcast.core.records import Record
from bcast.core.shapes import format_shape
from bcast.explainer.words import catalog
from bcast.explainer.words import products as words

TYPE_CHECKING = False  # typing stays out of start-up (see bcast.core.rule)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from bcast.core.products import Contraction
    from bcast.core.rule import ShapeLike
    from bcast.core.shapes import Dims

__all__ = [
    "FITS",
    "FITS_IF",
    "MISMATCH",
    "Product",
    "ProductExplanation",
    "ProductFix",
    "explain_product",
    "from_reading",
    "is_product_reading",
]

FITS = "fits"
FITS_IF = "fits_if"
MISMATCH = "mismatch"

# Kinds of fix, best first.
TRANSPOSE = "transpose"
SWAP = "swap"
SWAP_TRANSPOSE = "swap_transpose"
TRANSPOSE_BOTH = "transpose_both"
_RANK = {TRANSPOSE: 0, SWAP: 1, SWAP_TRANSPOSE: 2, TRANSPOSE_BOTH: 3}

# The products a transposition or a swap can fix.
FIXABLE = frozenset({"dot", "inner", "matmul", "mm", "bmm", "mv"})

_DEFAULT_LIBRARY = {
    "mm": "torch",
    "bmm": "torch",
    "mv": "torch",
    "torch.dot": "torch",
    "dot_general": "jax",
}

# How each library writes a product and a transposition.
_CALLS = {
    "dot": {"numpy": "np.dot({a}, {b})", "jax": "jnp.dot({a}, {b})"},
    "inner": {"numpy": "np.inner({a}, {b})", "jax": "jnp.inner({a}, {b})"},
    "vdot": {"numpy": "np.vdot({a}, {b})", "jax": "jnp.vdot({a}, {b})"},
    "matmul": {"tensorflow": "tf.matmul({a}, {b})", "": "{a} @ {b}"},
    "mm": {"tensorflow": "tf.matmul({a}, {b})", "": "torch.mm({a}, {b})"},
    "bmm": {"": "torch.bmm({a}, {b})"},
    "mv": {"": "torch.mv({a}, {b})"},
    "torch.dot": {"": "torch.dot({a}, {b})"},
    "tensordot": {"": "np.tensordot({a}, {b}, axes={axes})"},
    "einsum": {
        "torch": "torch.einsum({subscripts!r}, {operands})",
        "jax": "jnp.einsum({subscripts!r}, {operands})",
        "": "np.einsum({subscripts!r}, {operands})",
    },
    "dot_general": {"": "lax.dot_general({a}, {b}, {dimension_numbers})"},
}
_SWAPAXES = {
    "numpy": "np.swapaxes({x}, -1, -2)",
    "jax": "jnp.swapaxes({x}, -1, -2)",
    "torch": "{x}.mT",
    "tensorflow": "tf.linalg.matrix_transpose({x})",
}


class ProductFix(Record):
    """One checked edit that makes a product fit.

    Attributes
    ----------
    kind : str
        ``"transpose"`` (one operand), ``"swap"`` (the operands' order),
        ``"swap_transpose"`` or ``"transpose_both"``.
    transposed : tuple of int
        The operands transposed (indices into the original call).
    swapped : bool
        True when the operands change places.
    code : str
        The whole fixed call, as a person would type it:
        ``"np.dot(X, (A - Y).T)"``.
    edits : tuple of str
        The transposed operands as written: ``("(A - Y).T",)``.
    shapes : tuple of shapes
        The operands' shapes in the fixed call, in its order.
    result : tuple
        The fixed call's result, found by running the rule again.
    summed : int, str or None
        The size the fixed call sums over.
    """

    kind: str
    transposed: tuple[int, ...]
    swapped: bool
    code: str
    edits: tuple[str, ...]
    shapes: tuple[Dims, ...]
    result: Dims
    summed: int | str | None


class ProductExplanation(Record):
    """Why a matrix product fits, or does not, as data.

    Attributes
    ----------
    op : str
        The product (a key of :data:`bcast.core.products.OPS`).
    library : str
        Whose product: ``"numpy"``, ``"torch"``, ``"jax"``, ``"tensorflow"``.
    shapes : tuple of shapes
        The operands' shapes (unknown sizes None).
    names : tuple of str
        The operands' names: given, or ``a``, ``b`` …
    contraction : Contraction
        The rule's answer: summed axes, matches, loop axes, result or failure.
    verdict : str
        ``"fits"``, ``"fits_if"`` (only under ``conditions``) or
        ``"mismatch"``: never "compatible" for a call that fails.
    fixes : tuple of ProductFix
        Checked edits, best first (for a mismatch, or a fit that needs a
        condition).
    unknown : tuple of (int, int)
        ``(operand, axis)`` of every size not known (not in the message).
    partial : str or None
        What a message left out: ``"core"`` (only ``@``'s last two axes),
        ``"contracting"`` / ``"batch"`` (only those axes), ``"label"``
        (only one einsum label's sizes).
    options : tuple of (str, object)
        ``axes=``, ``subscripts=`` or ``dimension_numbers=``, as given.
    message : str or None
        The error message this explains, for :func:`from_reading`.
    lang : str
        The language of the words: ``"en"`` or ``"zh"``.
    written : str or None
        The call as the message names it, when it is not the product's
        usual spelling (``jnp.vecdot(a, b)``, ``torch.einsum(…)``).
    reading : Reading or None
        The message's reading, for :func:`from_reading`.

    Examples
    --------
    >>> e = explain_product((11, 3), (11, 1))
    >>> e.verdict, e.ok, e.result, [f.code for f in e.fixes]
    ('mismatch', False, None, ['np.dot(a.T, b)', 'np.dot(b.T, a)'])
    """

    op: str
    library: str
    shapes: tuple[Dims, ...]
    names: tuple[str, ...]
    contraction: Contraction
    verdict: str
    fixes: tuple[ProductFix, ...]
    unknown: tuple[tuple[int, int], ...]
    partial: str | None
    options: tuple[tuple[str, Any], ...]
    message: str | None
    lang: str
    written: str | None = None
    reading: Any = None

    @property
    def ok(self) -> bool:
        """True when the product fits (perhaps under a condition)."""
        return self.contraction.ok

    @property
    def compatible(self) -> bool:
        """The same as :attr:`ok`, under the name explanations use."""
        return self.contraction.ok

    @property
    def result(self) -> Dims | None:
        """The result's shape, or None on a mismatch."""
        return self.contraction.shape

    @property
    def call(self) -> str:
        """The call as written: ``np.dot(X, A - Y)``."""
        if self.written is not None:
            return self.written
        return call_code(self.op, self.library, self.names, dict(self.options))

    def with_names(
        self, names: Sequence[str], shapes: Sequence[Dims] | None = None
    ) -> Product:
        """The same product explained again with the operands' names as the
        code writes them (where the source line is known: a notebook, ``bcast
        run``), so that fixes read ``np.dot(X, (A - Y).T)``.

        ``shapes`` are the operands' real shapes, read where the code ran:
        they take the place of a message's partial ones (no size is unknown
        any more) when they agree with every size the message gives and the
        product fails with them too, as the call did; else they are ignored.

        >>> e = explain_product((4, 100), (1, 100)).with_names(["X", "A - Y"])
        >>> e.fixes[0].code
        'np.dot(X, (A - Y).T)'
        >>> core = explain_product((None, 5), (3, None), op="matmul")._replace(partial="core")
        >>> e = core.with_names(["W", "x"], [(3, 5), (3, 2)])
        >>> e.shapes, e.unknown, e.fixes[0].code
        (((3, 5), (3, 2)), (), 'W.T @ x')
        """
        live = self._live(shapes)
        again = _build(
            self.op,
            self.shapes if live is None else live,
            names,
            self.lang,
            self.library,
            dict(self.options),
            partial=self.partial if live is None else None,
            message=self.message,
            written=self.written,
        )
        if live is not None and again.ok != self.ok:
            return self.with_names(names)  # not the shapes that failed
        return again._replace(reading=self.reading)

    def _live(self, shapes: Sequence[Dims] | None) -> tuple[Dims, ...] | None:
        """``shapes`` if they agree with every size this explanation knows
        (a message's core axes are the last two), else None."""
        if shapes is None or len(shapes) != len(self.shapes):
            return None
        if self.partial not in (None, "core"):
            return None
        out = tuple(tuple(s) for s in shapes)
        for known, real in zip(self.shapes, out):
            if len(real) < len(known) or (
                self.partial is None and len(real) != len(known)
            ):
                return None
            tail = real[len(real) - len(known) :]
            if any(k is not None and k != r for k, r in zip(known, tail)):
                return None
            if any(type(d) is not int for d in real):
                return None
        return out

    def to_dict(self) -> dict[str, Any]:
        """The explanation as JSON-ready data (the ``--json`` output).

        Examples
        --------
        >>> d = explain_product((11, 3), (11, 1)).to_dict()
        >>> d["kind"], d["verdict"], d["compatible"], d["failure"]["sizes"]
        ('contraction', 'mismatch', False, [3, 11])
        >>> d["suggestions"][0]["code"], d["suggestions"][0]["result"]
        ('np.dot(a.T, b)', [3, 1])
        """
        c = self.contraction
        lang = self.lang
        f = c.failure
        loop = c.loop
        return {
            "kind": "contraction",
            "op": self.op,
            "library": self.library,
            "call": self.call,
            "shapes": [list(s) for s in self.shapes],
            "names": list(self.names),
            "verdict": self.verdict,
            "compatible": self.ok,
            "result": None if c.shape is None else list(c.shape),
            "contracted": [list(x) for x in c.contracted],
            "batch": [list(x) for x in c.batch],
            "matches": [
                {
                    "kind": m.kind,
                    "label": m.label,
                    "operands": list(m.operands),
                    "axes": list(m.axes),
                    "sizes": list(m.sizes),
                    "size": m.size,
                    "verdict": m.verdict,
                }
                for m in c.matches
            ],
            "loop": None
            if loop is None
            else {
                "shapes": [list(s) for s in loop.shapes],
                "result": None if loop.shape is None else list(loop.shape),
            },
            "conditions": words.conditions(self, lang),
            "failure": None
            if f is None
            else {
                "kind": f.kind,
                "operands": list(f.operands),
                "axes": list(f.axes),
                "sizes": list(f.sizes),
                "label": f.label,
            },
            "verdict_text": words.verdict(self, lang),
            "suggestions": [
                {
                    "kind": x.kind,
                    "code": x.code,
                    "edits": list(x.edits),
                    "transposed": list(x.transposed),
                    "swapped": x.swapped,
                    "shapes": [list(s) for s in x.shapes],
                    "result": list(x.result),
                    "summed": x.summed,
                    "text": words.fix(self, x, lang),
                }
                for x in self.fixes
            ],
            "unknown": [list(u) for u in self.unknown],
            "partial": self.partial,
            "notes": words.notes(self, lang),
            "message": self.message,
            "lang": lang,
        }

    def __repr__(self) -> str:
        shapes = " · ".join(format_shape(s) for s in self.shapes)
        end = "mismatch" if self.result is None else format_shape(self.result)
        return f"<ProductExplanation {self.op} {shapes} -> {end}>"


class Product(ProductExplanation):
    """A matrix product's explanation with a face: data first, a picture second.

    What :func:`explain_product` and :func:`from_reading` return.  ``str()``
    is the plain picture (the same anywhere), rich draws it in colour,
    Jupyter shows HTML, :meth:`to_dict` gives the data.  The renderers are
    imported only when it is shown, so ``--json`` never loads rich.

    >>> e = explain_product((11, 3), (11, 1))
    >>> str(e).splitlines()[0], e.to_text(brief=True).splitlines()[0]
    ('Matrix product np.dot(a, b)', 'np.dot(a, b)')
    """

    __slots__ = ()

    def __str__(self) -> str:
        from bcast.explainer.render.products import to_text

        return to_text(self)

    def to_text(self, width: int = 80, *, brief: bool = False) -> str:
        """The picture as plain text; ``brief``: the product with its summed
        sizes marked, the verdict and the best fix (where errors happen)."""
        from bcast.explainer.render.products import to_text

        return to_text(self, width, brief=brief)

    def __rich_console__(self, console: Any, options: Any) -> Any:
        from bcast.explainer.render.products import renderable

        yield renderable(self)

    def _repr_html_(self) -> str:
        from bcast.explainer.render.products import to_html

        return to_html(self)


# -- code ----------------------------------------------------------------------


def _atom(x: str) -> str:
    """``x`` safe before ``.T`` or beside ``@``: parenthesised unless it is a
    name, an attribute, a call or a subscript."""
    depth = 0
    for ch in x:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0 and not (ch.isalnum() or ch in "_."):
            return f"({x})"
    return x


def _bare(x: str) -> str:
    """``x`` without parentheses around the whole of it: ``(A - Y)`` is
    ``A - Y`` (they are put back where the code needs them).

    >>> _bare("(A - Y)"), _bare("(a) + (b)"), _bare("f(x)")
    ('A - Y', '(a) + (b)', 'f(x)')
    """
    while x.startswith("(") and x.endswith(")"):
        depth = 0
        for k, ch in enumerate(x):
            depth += (ch == "(") - (ch == ")")
            if depth == 0 and k < len(x) - 1:
                return x  # the first parenthesis closes before the end
        x = x[1:-1].strip()
    return x


def _transposed(x: str, ndim: int, library: str) -> str:
    """``x`` with its last two axes swapped, as ``library`` writes it."""
    if ndim == 2:
        if library == "tensorflow":
            inner = (
                x[len("tf.transpose(") : -1] if x.startswith("tf.transpose(") else None
            )
            return inner if inner is not None else f"tf.transpose({x})"
        atom = _atom(x)
        if atom.endswith(".T") and atom.count("(") == atom.count(")"):
            return atom[:-2]  # w.T transposed is w
        return f"{atom}.T"
    return _SWAPAXES.get(library, _SWAPAXES["numpy"]).format(
        x=_atom(x) if library == "torch" else x
    )


def call_code(
    op: str, library: str, names: Sequence[str], options: dict[str, Any] | None = None
) -> str:
    """A product's call as ``library`` writes it.

    >>> call_code("dot", "numpy", ["X", "A - Y"]), call_code("matmul", "numpy", ["X", "A - Y"])
    ('np.dot(X, A - Y)', 'X @ (A - Y)')
    """
    spellings = _CALLS.get(op, {"": f"{op}({{a}}, {{b}})"})
    template = (
        spellings.get(library) or spellings.get("") or next(iter(spellings.values()))
    )
    fields: dict[str, Any] = dict(options or {})
    if template == "{a} @ {b}":
        fields.update(a=_atom(names[0]), b=_atom(names[1]))
    elif len(names) >= 2:
        fields.update(a=names[0], b=names[1])
    fields.setdefault("operands", ", ".join(names))
    fields.setdefault("axes", 2)
    fields.setdefault("subscripts", "")
    fields.setdefault("dimension_numbers", "")
    return template.format(**fields)


# -- fixes ---------------------------------------------------------------------


def _swap_last(shape: Dims) -> Dims:
    return (*shape[:-2], shape[-1], shape[-2])


def _summed(c: Contraction) -> int | str | None:
    sizes = [m.size for m in c.matches if m.kind == "contracted"]
    if any(type(s) is not int for s in sizes):
        return next((s for s in sizes if type(s) is not int), None)
    return prod(sizes)  # type: ignore[arg-type]


def _fixes(
    op: str,
    library: str,
    shapes: tuple[Dims, ...],
    names: tuple[str, ...],
    c: Contraction,
) -> tuple[ProductFix, ...]:
    """Every transposition and swap that makes the product fit, checked, best first.

    Refused: a fix whose product needs a condition, and one that sums over a
    size of 1 where the call summed a larger size (an outer product).
    """
    if op not in FIXABLE or len(shapes) != 2 or None in shapes[0] + shapes[1]:
        return ()
    original = [m.sizes for m in c.matches if m.kind == "contracted"]
    summed_before = {d for sizes in original for d in sizes}
    found: list[tuple[tuple[int, int, int], ProductFix]] = []
    seen: set[str] = set()
    for swapped in (False, True):
        for transposed in ((), (0,), (1,), (0, 1)):
            if not swapped and not transposed:
                continue  # the call itself
            if swapped and transposed == (0, 1):
                continue  # (b.T @ a.T) is the call transposed: it fails the same way
            if any(len(shapes[i]) < 2 for i in transposed):
                continue  # a 1-D array has nothing to transpose
            new = [
                shapes[i] if i not in transposed else _swap_last(shapes[i])
                for i in (0, 1)
            ]
            written = [
                _transposed(names[i], len(shapes[i]), library)
                if i in transposed
                else names[i]
                for i in (0, 1)
            ]
            order = (1, 0) if swapped else (0, 1)
            trial = product(op, *(new[i] for i in order))
            if not trial.ok or trial.conditions:
                continue
            if (
                trial.loop is not None
                and trial.loop.conditions
                and c.loop is not None
                and not c.loop.conditions
            ):
                continue
            k = _summed(trial)
            if k == 1 and summed_before != {1}:
                continue  # summing over 1: an outer product, not what was meant
            code = call_code(op, library, [written[i] for i in order])
            if code in seen:
                continue
            seen.add(code)
            if swapped:
                kind = SWAP_TRANSPOSE if transposed else SWAP
            else:
                kind = TRANSPOSE_BOTH if len(transposed) == 2 else TRANSPOSE
            assert trial.shape is not None
            fix = ProductFix(
                kind,
                transposed,
                swapped,
                code,
                tuple(written[i] for i in transposed),
                tuple(new[i] for i in order),
                trial.shape,
                k,
            )
            size = _elements(trial.shape)
            found.append(((_RANK[kind], size, transposed[0] if transposed else 0), fix))
    found.sort(key=lambda item: item[0])
    return tuple(fix for _, fix in found)


def _elements(shape: Dims) -> int:
    """Known elements of a shape (symbols count as large, so they rank last
    among results of the same kind)."""
    n = 1
    for d in shape:
        n *= d if type(d) is int else 1 << 20
    return n


# -- explanations -----------------------------------------------------------------


def _verdict(c: Contraction) -> str:
    if not c.ok:
        return MISMATCH
    if c.conditions or (c.loop is not None and c.loop.conditions):
        return FITS_IF
    return FITS


def _unknown(shapes: tuple[Dims, ...]) -> tuple[tuple[int, int], ...]:
    return tuple(
        (i, k) for i, s in enumerate(shapes) for k, d in enumerate(s) if d is None
    )


def _build(
    op: str,
    shapes: tuple[ShapeLike, ...],
    names: Sequence[str | None] | None,
    lang: str | None,
    library: str | None,
    options: dict[str, Any],
    *,
    partial: str | None = None,
    message: str | None = None,
    written: str | None = None,
) -> Product:
    name = ALIASES.get(op, op)
    lang = catalog.resolve(lang)
    c = product(name, *shapes, **options)
    given = None if names is None else [None if x is None else _bare(x) for x in names]
    labels = catalog.labels(len(c.shapes), given)
    lib = library or _DEFAULT_LIBRARY.get(name, "numpy")
    verdict = _verdict(c)
    fixes = () if verdict == FITS else _fixes(name, lib, c.shapes, labels, c)
    return Product(
        op=name,
        library=lib,
        shapes=c.shapes,
        names=labels,
        contraction=c,
        verdict=verdict,
        fixes=fixes,
        unknown=_unknown(c.shapes),
        partial=partial,
        options=tuple(options.items()),
        message=message,
        lang=lang,
        written=written,
    )


def explain_product(
    *shapes: ShapeLike,
    op: str = "dot",
    names: Sequence[str] | None = None,
    lang: str | None = None,
    library: str | None = None,
    **options: Any,
) -> Product:
    """Explain a matrix product of operands with these shapes.

    Parameters
    ----------
    *shapes : shape-like
        The operands' shapes: tuples (sizes, symbols such as ``"m"``, None)
        or shape text (``"3,1"``).
    op : str
        The product: ``"dot"``, ``"matmul"`` (or ``"@"``), ``"inner"``,
        ``"vdot"``, ``"tensordot"``, ``"einsum"``, ``"mm"``, ``"bmm"``,
        ``"mv"``, ``"torch.dot"``, ``"dot_general"``.
    names : sequence of str, optional
        The operands as the code names them (``["X", "A - Y"]``); fixes are
        written with them.
    lang : str, optional
        ``"en"`` or ``"zh"`` (default: ``BCAST_LANG``, else English).
    library : str, optional
        Whose spelling the fixes use: ``"numpy"``, ``"torch"``, ``"jax"``,
        ``"tensorflow"`` (default: the product's own).
    **options
        ``axes=`` (tensordot), ``subscripts=`` (einsum),
        ``dimension_numbers=`` (dot_general).

    Examples
    --------
    The course's bug, ``dw = np.dot(X, A - Y)`` with ``A - Y`` a row:

    >>> e = explain_product((4, 100), (1, 100), names=["X", "A - Y"])
    >>> e.verdict, e.contraction.failure.sizes
    ('mismatch', (100, 1))
    >>> [(f.code, f.result) for f in e.fixes]
    [('np.dot(X, (A - Y).T)', (4, 1)), ('np.dot(A - Y, X.T)', (1, 4))]
    """
    return _build(op, shapes, names, lang, library, options)


# -- messages --------------------------------------------------------------------

_MATMUL_SIGNATURE = "(n?,k),(k,m?)->(n?,m?)"
_TF_MATMUL = frozenset({"MatMul", "BatchMatMul", "BatchMatMulV2", "BatchMatMulV3"})


def is_product_reading(reading: Any) -> bool:
    """True for a reading that :func:`from_reading` explains: a matrix
    product's message (``kind == "contraction"``), an einsum label's, or
    ``matmul``'s gufunc messages.

    >>> from types import SimpleNamespace as R
    >>> is_product_reading(R(kind="contraction", signature=None, function=None))
    True
    >>> is_product_reading(R(kind="broadcast", signature=None, function="add"))
    False
    """
    kind = getattr(reading, "kind", None)
    if kind in ("contraction", "einsum"):
        return True
    return kind == "gufunc" and (
        getattr(reading, "signature", None) == _MATMUL_SIGNATURE
        or getattr(reading, "function", None) == "matmul"
    )


def _identifiers(names: Sequence[str] | None, n: int) -> list[str | None] | None:
    """The message's labels where they are names code could use (``mat1``)."""
    if names is None or len(names) != n:
        return None
    return [x if x.isidentifier() else None for x in names]


def _reading_op(r: Any) -> tuple[str, str | None, dict[str, Any], str | None]:
    """The product a reading is about: ``(op, library, options, partial)``.

    A message that gives only one einsum label's sizes is matched as the
    einsum ``"j,j->j"`` on those sizes; JAX's ``vecdot`` as
    ``"...i,...i->..."``, which is what it computes.
    """
    library = {"keras": "tensorflow", "tfjs": "tensorflow"}.get(r.library, r.library)
    form = getattr(r, "form", "")
    function = r.function
    shapes = r.shapes
    contracted = r.contracted
    if r.kind == "einsum":
        label = r.dimension or "j"
        subscripts = ",".join([label] * len(shapes)) + "->" + label
        return "einsum", library, {"subscripts": subscripts}, "label"
    if r.library == "jax" and form == "dot_general" and contracted is not None:
        axes = tuple(tuple(range(len(s))) for s in shapes)
        if any(contracted):
            summing = ((axes[0], axes[1]), ((), ()))
            return "dot_general", "jax", {"dimension_numbers": summing}, "contracting"
        batching = (((), ()), (axes[0], axes[1]))
        return "dot_general", "jax", {"dimension_numbers": batching}, "batch"
    if form == "vecdot" and contracted == ((-1,), (-1,)):
        return "einsum", library, {"subscripts": "...i,...i->..."}, None
    if r.signature == _MATMUL_SIGNATURE or function == "matmul":
        partial = (
            "core"
            if r.library in ("numpy", "bcast") and form.startswith("core")
            else None
        )
        return "matmul", library, {}, partial
    default = ((-1,), (-2,))
    if function in _TF_MATMUL or form in ("matrix_size", "batch_matmul"):
        if contracted not in (None, default):
            return "", library, {}, None
        batched = form == "batch_matmul" or (function or "").startswith("Batch")
        two_d = all(len(s) == 2 for s in shapes)
        return (
            ("mm" if two_d and not batched else "matmul"),
            "tensorflow",
            {},
            None,
        )
    named = {
        "mat1_mat2": "mm",
        "m1_m2": "mm",
        "mv": "mv",
        "bmm": "bmm",
    }
    if r.library == "torch" and form in named:
        return named[form], "torch", {}, None
    if r.library == "torch" and form == "dot":
        return "torch.dot", "torch", {}, None
    if form == "dot" or function in ("dot", "np.dot"):
        return "dot", library, {}, None
    return "", library, {}, None


def from_reading(reading: Any, *, lang: str | None = None) -> Product | None:
    """Explain a matrix product's error message, read by
    :func:`bcast.explainer.messages.read_message`.

    Returns None for a reading that is not about a product (see
    :func:`is_product_reading`) or that names no shapes.  Sizes the message
    does not give are None and listed in ``unknown``; ``partial`` says what
    else it leaves out.

    Examples
    --------
    >>> from types import SimpleNamespace as R
    >>> r = R(library="numpy", kind="contraction", form="dot", function=None,
    ...       shapes=((11, 3), (11, 1)), names=None, signature=None,
    ...       contracted=((-1,), (-2,)), dimension=None, message="shapes (11,3) and (11,1) not aligned")
    >>> e = from_reading(r)
    >>> e.op, e.verdict, e.fixes[0].code
    ('dot', 'mismatch', 'np.dot(a.T, b)')
    """
    if not is_product_reading(reading) or not reading.shapes:
        return None
    op, library, options, partial = _reading_op(reading)
    shapes = tuple(reading.shapes)
    names = _identifiers(reading.names, len(shapes))
    if not op:
        # a product this module has no name for: its summed axes, as the
        # message gives them, matched by dot_general's rule
        contracted = reading.contracted
        if contracted is None or len(shapes) != 2:
            return None
        axes = tuple(
            tuple(x % len(s) for x in c) if s else ()
            for c, s in zip(contracted, shapes)
        )
        options = {"dimension_numbers": (axes, ((), ()))}
        op = "dot_general"
    return _build(
        op,
        shapes,
        names,
        lang,
        library,
        options,
        partial=partial,
        message=getattr(reading, "message", None),
        written=_written(reading, op, library),
    )._replace(reading=reading)


def _written(reading: Any, op: str, library: str | None) -> str | None:
    """How the call is shown when the product stands in for another."""
    if getattr(reading, "form", "") == "vecdot":
        return "jnp.vecdot(a, b)"
    if reading.kind == "einsum":
        lead = {"torch": "torch", "jax": "jnp"}.get(library or "", "np")
        return f"{lead}.einsum(…)"
    if op == "dot_general":  # its dimension numbers are not in the message
        return "lax.dot_general(…)"
    return None
