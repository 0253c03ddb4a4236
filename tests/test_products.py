"""Matrix products by their own rule: bcast.core.products against NumPy.

For random shapes, bcast's result shape equals NumPy's (``np.dot``,
``np.matmul``, ``np.inner``, ``np.vdot``, ``np.tensordot``, ``np.einsum`` on
``np.empty`` arrays) and bcast fails exactly when NumPy raises, with an
exception of NumPy's class.  PyTorch's and JAX's products are checked against
their documented rules written as NumPy calls (``torch.mm`` is ``@`` on two
2-D operands, ``bmm`` on two 3-D operands with equal batch sizes,
``dot_general`` an einsum), and against the libraries themselves when they
are installed.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bcast.core import products
from bcast.core.products import (
    dot,
    dot_general,
    matmul,
    product,
    product_shape,
)
from bcast.errors import (
    BcastError,
    ContractionAxisError,
    ContractionError,
    DotGeneralError,
)

SIZES = st.integers(0, 4)


def shapes(min_dims: int = 0, max_dims: int = 4) -> st.SearchStrategy[tuple[int, ...]]:
    return st.lists(SIZES, min_size=min_dims, max_size=max_dims).map(tuple)


@st.composite
def pairs(draw: st.DrawFn, min_dims: int = 0, max_dims: int = 4) -> tuple:
    """Two shapes; often the second copies sizes of the first, so that the
    contracted sizes agree about half the time."""
    a = draw(shapes(min_dims, max_dims))
    b = list(draw(shapes(min_dims, max_dims)))
    for k in range(len(b)):
        if a and draw(st.booleans()):
            b[k] = a[draw(st.integers(0, len(a) - 1))]
    return a, tuple(b)


def numpy_outcome(f, *shapes, **kw):
    """The result's shape, or the exception's class."""
    try:
        with np.errstate(all="ignore"):  # empty arrays hold whatever was there
            return f(*(np.empty(s) for s in shapes), **kw).shape
    except (ValueError, IndexError, TypeError) as e:
        return type(e)


def bcast_outcome(op, *shapes, **kw):
    c = product(op, *shapes, **kw)
    if c.ok:
        return c.shape
    err = c.error()
    assert isinstance(err, BcastError)
    assert isinstance(err, ValueError)
    return err


def agree(mine, theirs):
    if isinstance(mine, type):
        assert issubclass(mine, theirs), (mine, theirs)
    elif isinstance(theirs, type):
        assert isinstance(mine, theirs), (mine, theirs)
    else:
        assert mine == theirs


# -- NumPy as the oracle ---------------------------------------------------------


@given(pairs())
def test_dot_matches_numpy(ab):
    agree(bcast_outcome("dot", *ab), numpy_outcome(np.dot, *ab))


@given(pairs())
def test_inner_matches_numpy(ab):
    agree(bcast_outcome("inner", *ab), numpy_outcome(np.inner, *ab))


@given(pairs(max_dims=3))
def test_vdot_matches_numpy(ab):
    agree(bcast_outcome("vdot", *ab), numpy_outcome(np.vdot, *ab))


@given(pairs(max_dims=5))
def test_matmul_matches_numpy(ab):
    agree(bcast_outcome("matmul", *ab), numpy_outcome(np.matmul, *ab))
    agree(bcast_outcome("@", *ab), numpy_outcome(np.matmul, *ab))


@st.composite
def tensordot_axes(draw: st.DrawFn, a: tuple, b: tuple) -> object:
    if draw(st.booleans()):
        return draw(st.integers(-1, 4))
    n = draw(st.integers(0, 3))
    m = n if draw(st.integers(0, 4)) else draw(st.integers(0, 3))
    axes_a = draw(st.lists(st.integers(-len(a) - 1, len(a)), min_size=n, max_size=n))
    axes_b = draw(st.lists(st.integers(-len(b) - 1, len(b)), min_size=m, max_size=m))
    if len(axes_a) == 1 and draw(st.booleans()):
        return (axes_a[0], axes_b[0] if axes_b else 0)
    return (axes_a, axes_b)


@given(st.data())
def test_tensordot_matches_numpy(data):
    a, b = data.draw(pairs())
    axes = data.draw(tensordot_axes(a, b))
    agree(
        bcast_outcome("tensordot", a, b, axes=axes),
        numpy_outcome(np.tensordot, a, b, axes=axes),
    )


@st.composite
def einsum_calls(draw: st.DrawFn) -> tuple[str, tuple]:
    """Subscripts and shapes that mostly fit: labels drawn from a few
    letters, sizes per label with a chance of a 1 or a mismatch, an ellipsis
    now and then, explicit or implicit output."""
    letters = "ijkA"
    size_of = {x: draw(st.integers(0, 3)) for x in letters}
    n = draw(st.integers(1, 3))
    terms, shapes_ = [], []
    dots = draw(st.booleans())
    for _ in range(n):
        labels = draw(st.lists(st.sampled_from(letters), max_size=3))
        shape = []
        for x in labels:
            choice = draw(st.integers(0, 5))
            shape.append(size_of[x] if choice > 1 else (1 if choice else draw(SIZES)))
        term = "".join(labels)
        if dots and draw(st.booleans()):
            lead = draw(shapes(0, 2))
            term = "..." + term
            shape = list(lead) + shape
        extra = draw(st.integers(0, 8))
        if extra == 0:
            shape.append(2)  # one axis too many
        elif extra == 1 and shape:
            shape.pop()  # one too few
        terms.append(term)
        shapes_.append(tuple(shape))
    text = ",".join(terms)
    if draw(st.booleans()):
        used = sorted({x for t in terms for x in t if x != "."})
        out = draw(st.permutations(used)).copy()
        out = out[: draw(st.integers(0, len(out)))]
        if any("..." in t for t in terms) and draw(st.integers(0, 4)):
            out.insert(0, "...")
        text += "->" + "".join(out)
    return text, tuple(shapes_)


@given(einsum_calls())
def test_einsum_matches_numpy(call):
    text, shapes_ = call
    mine = bcast_outcome("einsum", *shapes_, subscripts=text)
    theirs = numpy_outcome(lambda *ops: np.einsum(text, *ops), *shapes_)
    agree(mine, theirs)


@pytest.mark.parametrize(
    ("subscripts", "shapes_", "expected"),
    [
        ("ij,jk->ik", ((2, 1), (3, 4)), (2, 4)),  # NumPy's einsum broadcasts a 1
        ("ii->i", ((2, 3),), ValueError),  # not within one operand
        ("ii->i", ((1, 3),), ValueError),
        ("ba", ((2, 3),), (3, 2)),  # implicit: labels in alphabetical order
        ("bA", ((2, 3),), (3, 2)),  # capitals first
        ("...ij,...jk->...ik", ((5, 2, 3), (4, 1, 3, 4)), (4, 5, 2, 4)),
        ("ij,jk->ik", ((2, 0), (1, 4)), (2, 4)),
        ("ij->k", ((2, 3),), ValueError),
        ("i,i->ii", ((2,), (2,)), ValueError),
        ("ij", ((2, 3, 4),), ValueError),
        ("...i->i", ((2, 3),), ValueError),
        ("i.j", ((2, 3),), ValueError),
    ],
)
def test_einsum_cases_against_numpy(subscripts, shapes_, expected):
    theirs = numpy_outcome(lambda *ops: np.einsum(subscripts, *ops), *shapes_)
    agree(theirs, expected)  # the case says what NumPy does
    agree(bcast_outcome("einsum", *shapes_, subscripts=subscripts), expected)


# -- the records --------------------------------------------------------------


def test_the_course_dot_error_names_the_axes_and_sizes():
    # NumPy: "shapes (11,3) and (11,1) not aligned: 3 (dim 1) != 11 (dim 0)"
    c = dot((11, 3), (11, 1))
    assert not c.ok
    assert c.contracted == ((1,), (0,))
    f = c.failure
    assert (f.kind, f.operands, f.axes, f.sizes) == (
        "contracted",
        (0, 1),
        (1, 0),
        (3, 11),
    )
    err = c.error()
    assert isinstance(err, ContractionError)
    assert isinstance(err, ValueError)
    assert (err.axes, err.sizes) == ((1, 0), (3, 11))
    assert "axis 1 of operand 0 is 3 but axis 0 of operand 1 is 11" in str(err)


def test_symbols_hold_under_stated_conditions():
    c = matmul(("m", "k"), (3, 4))
    assert c.shape == ("m", 4)
    assert [str(x) for x in c.conditions] == ["k is 3"]
    assert c.matches[0].verdict == "conditional"
    c = dot(("n_x", "m"), ("m", 1))
    assert c.shape == ("n_x", 1)
    assert c.conditions == ()
    assert c.matches[0].verdict == "equal"
    c = dot(("n_x", "m"), (1, "m"))  # the course's bug written with symbols
    assert c.ok  # it fits only if m is 1: said, not guessed away
    assert [str(x) for x in c.conditions] == ["m is 1"]
    assert not dot((2, 3), (4, 5)).ok  # known sizes never "conditionally" fit


def test_unknown_sizes_are_conditions_not_conflicts():
    c = matmul((None, 3), (3, None))
    assert c.shape == (None, None)
    c = matmul((2, None), (3, 4))
    assert c.shape == (2, 4)
    assert "unknown" in str(c.conditions[0])


def test_matmul_loop_axes_broadcast_by_the_rule():
    c = matmul((2, 1, 3, 4), (5, 4, 6))
    assert c.shape == (2, 5, 3, 6)
    assert c.loop.shape == (2, 5)
    assert c.loop.steps[0].stretched == (0,)  # a's 1 stretched to 5
    bad = matmul((2, 3, 4), (3, 4, 5))
    assert bad.failure.kind == "loop"
    assert bad.failure.sizes == (2, 3)
    assert bad.matches[0].verdict == "equal"  # the inner sizes do agree
    both = matmul((2, 3, 4), (3, 5, 6))  # NumPy reports the core first
    assert both.failure.kind == "contracted"
    assert both.loop is not None
    assert not both.loop.ok


def test_matmul_promotes_1d_operands():
    assert matmul((3,), (3, 4)).promoted == (0,)
    assert matmul((4, 3), (3,)).shape == (4,)
    assert matmul((), (3,)).failure.kind == "ndim"


def test_tensordot_errors_have_numpy_classes():
    with pytest.raises(ContractionAxisError) as e:
        product_shape("tensordot", (2, 3), (3, 4), axes=5)
    assert isinstance(e.value, IndexError)
    with pytest.raises(ContractionError, match="duplicate"):
        product_shape("tensordot", (3, 3), (3, 3), axes=([0, 0], [0, 1]))


@pytest.mark.parametrize(
    ("op", "a", "b", "numpy_call"),
    [
        ("mm", (2, 3), (3, 4), np.matmul),
        ("mm", (1, 784), (10, 784), np.matmul),
        ("mv", (2, 3), (3,), np.matmul),
        ("mv", (2, 3), (4,), np.matmul),
        ("bmm", (2, 3, 4), (2, 4, 5), np.matmul),
        ("bmm", (2, 3, 4), (2, 5, 5), np.matmul),
        ("torch.dot", (3,), (3,), np.matmul),
        ("torch.dot", (3,), (4,), np.matmul),
    ],
)
def test_torch_products_follow_matmul_where_their_ranks_allow(op, a, b, numpy_call):
    agree(bcast_outcome(op, a, b), numpy_outcome(numpy_call, a, b))


@pytest.mark.parametrize(
    ("op", "a", "b"),
    [
        ("mm", (2, 3, 4), (4, 5)),  # mm is 2-D only
        ("mm", (3,), (3, 4)),
        ("mv", (2, 3), (3, 1)),
        ("bmm", (1, 3, 4), (2, 4, 5)),  # bmm does not broadcast its batch
        ("bmm", (3, 4), (4, 5)),
        ("torch.dot", (2, 3), (3,)),
    ],
)
def test_torch_products_refuse_what_matmul_would_allow(op, a, b):
    assert matmul(a, b).ok
    c = product(op, a, b)
    assert not c.ok
    assert c.failure.kind in ("ndim", "batch")


@st.composite
def dimension_numbers(draw: st.DrawFn) -> tuple:
    a = draw(shapes(0, 4))
    b = list(draw(shapes(0, 4)))
    perm_a = draw(st.permutations(range(len(a))))
    perm_b = draw(st.permutations(range(len(b))))
    nb = draw(st.integers(0, min(len(a), len(b))))
    nc = draw(st.integers(0, min(len(a), len(b)) - nb))
    ba, bb = perm_a[:nb], perm_b[:nb]
    ca, cb = perm_a[nb : nb + nc], perm_b[nb : nb + nc]
    for x, y in zip(ba + ca, bb + cb):
        if draw(st.integers(0, 3)):
            b[y] = a[x]
    return a, tuple(b), ((tuple(ca), tuple(cb)), (tuple(ba), tuple(bb)))


@given(dimension_numbers())
def test_dot_general_is_the_einsum_it_documents(call):
    a, b, dn = call
    (ca, cb), (ba, bb) = dn
    letters = iter("abcdefghijklmnop")
    la = [next(letters) for _ in a]
    lb = [next(letters) for _ in b]
    for x, y in zip(ba + ca, bb + cb):
        lb[y] = la[x]
    out = [la[x] for x in ba]
    out += [la[k] for k in range(len(a)) if k not in ca and k not in ba]
    out += [lb[k] for k in range(len(b)) if k not in cb and k not in bb]
    text = "".join(la) + "," + "".join(lb) + "->" + "".join(out)
    equal = all(a[x] == b[y] for x, y in zip(ba + ca, bb + cb))
    c = dot_general(a, b, dn)
    assert c.ok == equal
    if equal:
        assert c.shape == np.einsum(text, np.empty(a), np.empty(b)).shape
    else:
        err = c.error()
        assert isinstance(err, DotGeneralError)
        assert isinstance(err, TypeError)  # as JAX raises
        assert isinstance(err, ValueError)


def test_dot_general_checks_in_jax_order():
    c = dot_general((2, 3), (3, 4), (((1,), (0,)), ((), (0,))))
    assert (c.failure.kind, "batch dimensions" in c.failure.reason) == ("axes", True)
    c = dot_general((2, 3), (3, 4), (((2,), (0,)), ((), ())))
    assert "nonnegative" in c.failure.reason
    c = dot_general((2, 3, 5), (4, 3, 6), (((1,), (1,)), ((0,), (0,))))
    assert c.failure.kind == "batch"  # batch sizes before contracting ones


def test_products_are_remembered_and_validated():
    assert product("dot", (2, 3), (3, 4)) is product("dot", (2, 3), (3, 4))
    with pytest.raises(ValueError, match="unknown product"):
        product("cross", (3,), (3,))
    with pytest.raises(ValueError, match="takes 2 operands"):
        product("dot", (3,))
    with pytest.raises(TypeError):
        product("dot", (2.0, 3), (3,))
    assert set(products.ALIASES.values()) <= set(products.OPS)


def test_optional_torch_agrees_when_installed():
    torch = pytest.importorskip("torch", reason="PyTorch is not installed")
    cases = [((2, 3), (3, 4)), ((1, 784), (10, 784)), ((2, 3), (4,))]
    for a, b in cases:
        for op, f in (("mm", torch.mm), ("matmul", torch.matmul)):
            try:
                theirs = tuple(f(torch.empty(a), torch.empty(b)).shape)
            except RuntimeError:
                theirs = None
            c = product(op, a, b)
            assert (c.shape if c.ok else None) == theirs


def test_optional_jax_agrees_when_installed():
    lax = pytest.importorskip("jax.lax", reason="JAX is not installed")
    jnp = pytest.importorskip("jax.numpy", reason="JAX is not installed")
    dn = (((2,), (1,)), ((0,), (0,)))
    for a, b in (((8, 2, 3), (8, 3, 4)), ((8, 2, 3), (8, 4, 4))):
        try:
            theirs = lax.dot_general(jnp.zeros(a), jnp.zeros(b), dn).shape
        except TypeError:
            theirs = None
        c = dot_general(a, b, dn)
        assert (c.shape if c.ok else None) == theirs


# -- explanations ------------------------------------------------------------------

from io import StringIO  # noqa: E402
from types import SimpleNamespace  # noqa: E402

from rich.console import Console  # noqa: E402

from bcast.explainer.products import explain_product, from_reading  # noqa: E402
from bcast.explainer.render.products import renderable, to_text  # noqa: E402
from bcast.explainer.words import products as product_words  # noqa: E402

FIXABLE_OPS = ("dot", "inner", "matmul", "mm", "bmm", "mv")


def _torch_shim():
    """``torch.mm``/``bmm``/``mv`` as NumPy calls with PyTorch's rank checks, so
    that a fix written for PyTorch runs on NumPy arrays (``.T``, ``.mT``)."""

    def ranked(ranks):
        def call(a, b):
            if (a.ndim, b.ndim) != ranks:
                raise RuntimeError(f"ranks {a.ndim}, {b.ndim}")
            if ranks == (3, 3) and a.shape[0] != b.shape[0]:
                raise RuntimeError("batch sizes differ")
            return np.matmul(a, b)

        return call

    return SimpleNamespace(mm=ranked((2, 2)), bmm=ranked((3, 3)), mv=ranked((2, 1)))


def run_fix(code: str, names, shapes):
    """Run a fix's code on arrays of the operands' shapes; its result's shape.

    Names are identifiers, or ``A - Y`` (a difference of two arrays)."""
    space = {"np": np, "torch": _torch_shim()}
    for name, shape in zip(names, shapes):
        if name.isidentifier():
            space[name] = np.zeros(shape)
        else:
            left, _, right = name.partition(" - ")
            space[left] = np.zeros(shape)
            space[right] = np.zeros(shape)
    with np.errstate(all="ignore"):
        return eval(code, space).shape


def numpy_product(op: str):
    return {"dot": np.dot, "inner": np.inner, "matmul": np.matmul}.get(op)


@pytest.mark.parametrize(
    ("shapes_", "op", "names", "best", "result"),
    [
        (((11, 3), (11, 1)), "dot", None, "np.dot(a.T, b)", (3, 1)),
        # the course: dw = np.dot(X, A - Y) with X (n_x, m), A - Y (1, m)
        (((4, 100), (1, 100)), "dot", ["X", "A - Y"], "np.dot(X, (A - Y).T)", (4, 1)),
        # the course's dw = np.dot(X, dz) with dz a row: dz.T
        (((20, 1000), (1, 1000)), "dot", ["X", "dz"], "np.dot(X, dz.T)", (20, 1)),
        # operands in the wrong order: swapping them is the one edit
        (((3, 4), (5, 3)), "dot", ["W", "X"], "np.dot(X, W)", (5, 4)),
        # the course's backward pass: dW = np.dot(dz, X) where X.T was meant
        (((1, 100), (4, 100)), "dot", ["dz", "X"], "np.dot(dz, X.T)", (1, 4)),
        # PyTorch's mat1 and mat2 (1x784 and 10x784): a weight used untransposed
        (
            ((1, 784), (10, 784)),
            "mm",
            ["mat1", "mat2"],
            "torch.mm(mat1, mat2.T)",
            (1, 10),
        ),
        (((5,), (4, 5)), "dot", ["v", "W"], "np.dot(v, W.T)", (4,)),
        (
            ((2, 3, 4), (2, 3, 5)),
            "matmul",
            None,
            "np.swapaxes(a, -1, -2) @ b",
            (2, 4, 5),
        ),
        (((4, 3), (4, 3)), "matmul", ["w", "X"], "w.T @ X", (3, 3)),
        (((3, 2), (3, 5)), "dot", ["w", "X"], "np.dot(w.T, X)", (2, 5)),
    ],
)
def test_fixes_are_ranked_and_run_in_numpy(shapes_, op, names, best, result):
    e = explain_product(*shapes_, op=op, names=names)
    assert e.verdict == "mismatch"
    assert e.fixes, "a transposition fixes these"
    assert (e.fixes[0].code, e.fixes[0].result) == (best, result)
    for f in e.fixes:
        assert run_fix(f.code, e.names, e.shapes) == f.result
        assert product(op, *f.shapes).shape == f.result  # the same rule


def test_fixes_never_double_a_transpose():
    e = explain_product((4, 3), (4, 3), op="matmul", names=["w.T", "X"])
    codes = [f.code for f in e.fixes]
    assert "w @ X" in codes
    assert not any(".T.T" in c for c in codes)


def test_names_as_the_source_writes_them_read_as_a_person_types():
    # `bcast run` names an operand by its source, parenthesised: (A - Y)
    e = explain_product((4, 100), (1, 100), names=["X", "(A - Y)"])
    assert [f.code for f in e.fixes] == ["np.dot(X, (A - Y).T)", "np.dot(A - Y, X.T)"]
    assert e.call == "np.dot(X, A - Y)"
    m = explain_product((4, 100), (1, 100), names=["X", "A - Y"], op="matmul")
    assert m.call == "X @ (A - Y)"
    assert [f.code for f in m.fixes] == ["X @ (A - Y).T", "(A - Y) @ X.T"]
    for f in m.fixes:
        assert run_fix(f.code, m.names, m.shapes) == f.result


def test_course_with_symbols_fits_only_if_m_is_1():
    e = explain_product(("n_x", "m"), (1, "m"), names=["X", "A - Y"])
    assert e.verdict == "fits_if"
    assert product_words.conditions(e) == ["m is 1"]
    assert (e.fixes[0].code, e.fixes[0].result) == ("np.dot(X, (A - Y).T)", ("n_x", 1))


def test_no_fix_is_an_outer_product():
    # (3, 1) · (4, 1): b.T makes it fit by summing over 1 — an outer product
    e = explain_product((3, 1), (4, 1))
    assert e.verdict == "mismatch"
    assert e.fixes == ()
    assert product("dot", (3, 1), (1, 4)).shape == (3, 4)  # what is refused
    assert "No transposition or swap" in product_words.no_fix(e)


def test_loop_conflicts_say_transposing_does_not_help():
    e = explain_product((2, 3, 4), (3, 4, 5), op="matmul")
    assert e.fixes == ()
    assert "loop axes" in product_words.no_fix(e)
    assert numpy_outcome(np.matmul, (2, 3, 4), (3, 4, 5)) is ValueError


@st.composite
def product_calls(draw: st.DrawFn):
    op = draw(st.sampled_from(FIXABLE_OPS))
    ranks = {"mm": (2, 2), "bmm": (3, 3), "mv": (2, 1)}.get(op)
    if ranks is None:
        ranks = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    sizes = st.integers(1, 5)
    a = draw(st.lists(sizes, min_size=ranks[0], max_size=ranks[0]))
    b = draw(st.lists(sizes, min_size=ranks[1], max_size=ranks[1]))
    for k in range(len(b)):
        if draw(st.booleans()):
            b[k] = a[draw(st.integers(0, len(a) - 1))]
    return op, tuple(a), tuple(b)


def _elements(shape):
    n = 1
    for d in shape:
        n *= d
    return n


@given(product_calls())
def test_fixes_fix_and_never_grow_past_what_was_meant(call):
    op, a, b = call
    e = explain_product(a, b, op=op)
    summed = [
        d for m in e.contraction.matches if m.kind == "contracted" for d in m.sizes
    ]
    for f in e.fixes:
        assert e.verdict != "fits"
        # the fixed call runs, in NumPy, with the stated result
        assert run_fix(f.code, e.names, e.shapes) == f.result
        # never an outer product in disguise: a fix sums over a size > 1
        if max(summed) > 1:
            assert f.summed != 1
        # a 2-D contraction's result is what is left after summing
        if op in ("dot", "mm") and len(a) == len(b) == 2:
            assert _elements(f.result) * f.summed**2 == _elements(a) * _elements(b)
        # a vector (1-D, a row or a column) times a matrix stays vector-sized
        vector = [s for s in (a, b) if len(s) == 1 or (len(s) == 2 and 1 in s)]
        if vector and op != "bmm":
            assert _elements(f.result) <= max(_elements(a), _elements(b))


@given(pairs(max_dims=4))
def test_a_failed_call_is_never_explained_as_compatible(ab):
    for op in ("dot", "matmul", "inner"):
        failed = numpy_outcome(numpy_product(op), *ab) is ValueError
        e = explain_product(*ab, op=op)
        assert (e.verdict == "mismatch") == failed
        assert e.compatible == (not failed)
        for lang in ("en", "zh"):
            text = to_text(e, lang=lang)
            said = product_words.verdict(e, lang)
            if failed:
                assert said.startswith("✗"), said
                assert "✓" not in text
                assert "ompatible" not in text
            else:
                assert "✗" not in said


def test_to_dict_is_json():
    import json

    d = explain_product((4, 100), (1, 100), names=["X", "A - Y"]).to_dict()
    assert json.loads(json.dumps(d)) == d
    assert d["verdict"] == "mismatch"
    assert d["compatible"] is False
    assert d["failure"] == {
        "kind": "contracted",
        "operands": [0, 1],
        "axes": [1, 0],
        "sizes": [100, 1],
        "label": "k",
    }
    assert d["suggestions"][0]["code"] == "np.dot(X, (A - Y).T)"
    assert d["suggestions"][0]["edits"] == ["(A - Y).T"]
    assert d["suggestions"][0]["result"] == [4, 1]
    assert d["call"] == "np.dot(X, A - Y)"


# -- messages -------------------------------------------------------------------------

# Contraction messages as bcast.explainer.messages reads them (each row's real
# example, with where it was taken from).  When the reader on this branch
# already marks contractions, the test reads the message itself.
READINGS = [
    (
        "bcast: bcast.output_shapes(np.matmul.signature, (), (3,))",
        "signature (n?,k),(k,m?)->(n?,m?): operand 0: has 0 axes (), but its core dimensions (n?,k) need 1",
        {
            "library": "bcast",
            "kind": "gufunc",
            "form": "core_ndim",
            "function": None,
            "shapes": ((), (None, None)),
            "names": ("operand 0", "operand 1"),
            "signature": "(n?,k),(k,m?)->(n?,m?)",
            "contracted": None,
            "dimension": None,
            "complete": False,
        },
    ),
    (
        "https://github.com/tensorlayer/SRGAN/issues/150",
        "Matrix size-incompatible: In[0]: [4,2048], In[1]: [512,1] [Op:MatMul] name: MatMul/",
        {
            "library": "tensorflow",
            "kind": "contraction",
            "form": "matrix_size",
            "function": "MatMul",
            "shapes": ((4, 2048), (512, 1)),
            "names": ("In[0]", "In[1]"),
            "signature": None,
            "contracted": ((-1,), (-2,)),
            "dimension": None,
            "complete": True,
        },
    ),
    (
        "TensorFlow 2.5, https://github.com/tensorflow/tensorflow/issues/50582",
        "In[0] mismatch In[1] shape: 1108 vs. 1120: [42,1108] [1120,256] 0 0",
        {
            "library": "tensorflow",
            "kind": "contraction",
            "form": "batch_matmul",
            "function": None,
            "shapes": ((42, 1108), (1120, 256)),
            "names": ("In[0]", "In[1]"),
            "signature": None,
            "contracted": ((-1,), (-2,)),
            "dimension": None,
            "complete": True,
        },
    ),
    (
        "https://github.com/nv-tlabs/datasetGAN_release/issues/49",
        "mat1 and mat2 shapes cannot be multiplied (1x18 and 512x1024)",
        {
            "library": "torch",
            "kind": "contraction",
            "form": "mat1_mat2",
            "function": None,
            "shapes": ((1, 18), (512, 1024)),
            "names": ("mat1", "mat2"),
            "signature": None,
            "contracted": ((-1,), (-2,)),
            "dimension": None,
            "complete": True,
        },
    ),
    (
        "PyTorch < 1.7, https://github.com/moskomule/senet.pytorch/issues/35",
        "size mismatch, m1: [1 x 256], m2: [64 x 4] at /opt/conda/conda-bld/pytorch_1549627089062/work/aten/src/TH/generic/THTensorMath.cpp:940",
        {
            "library": "torch",
            "kind": "contraction",
            "form": "m1_m2",
            "function": None,
            "shapes": ((1, 256), (64, 4)),
            "names": ("m1", "m2"),
            "signature": None,
            "contracted": ((-1,), (-2,)),
            "dimension": None,
            "complete": True,
        },
    ),
    (
        "PyTorch 2.x, live: torch.mv(torch.zeros(2, 3), torch.zeros(4))",
        "size mismatch, got input (2), mat (2x3), vec (4)",
        {
            "library": "torch",
            "kind": "contraction",
            "form": "mv",
            "function": "mv",
            "shapes": ((2, 3), (4,)),
            "names": ("mat", "vec"),
            "signature": None,
            "contracted": ((-1,), (-1,)),
            "dimension": None,
            "complete": True,
        },
    ),
    (
        "PyTorch 2.x, live: torch.dot(torch.zeros(3), torch.zeros(4))",
        "inconsistent tensor size, expected tensor [3] and src [4] to have the same number of elements, but got 3 and 4 elements respectively",
        {
            "library": "torch",
            "kind": "contraction",
            "form": "dot",
            "function": "dot",
            "shapes": ((3,), (4,)),
            "names": ("tensor", "src"),
            "signature": None,
            "contracted": ((-1,), (-1,)),
            "dimension": None,
            "complete": True,
        },
    ),
    (
        "PyTorch 2.x, live: torch.bmm(torch.zeros(2, 3, 4), torch.zeros(2, 5, 6))",
        "Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [2, 5].",
        {
            "library": "torch",
            "kind": "contraction",
            "form": "bmm",
            "function": "bmm",
            "shapes": ((2, None, 4), (2, 5, None)),
            "names": ("batch1", "batch2"),
            "signature": None,
            "contracted": ((-1,), (-2,)),
            "dimension": None,
            "complete": False,
        },
    ),
    (
        "PyTorch 2.x, live: torch.einsum('ij,jk->ik', torch.zeros(2, 3), torch.zeros(4, 5))",
        "einsum(): subscript j has size 4 for operand 1 which does not broadcast with previously seen size 3",
        {
            "library": "torch",
            "kind": "einsum",
            "form": "einsum",
            "function": "einsum",
            "shapes": ((3,), (4,)),
            "names": ("earlier operands", "operand 1"),
            "signature": None,
            "contracted": None,
            "dimension": "j",
            "complete": False,
        },
    ),
    (
        "JAX 0.10, live: jnp.ones((2, 3)) @ jnp.ones((4, 5))",
        "dot_general requires contracting dimensions to have the same shape, got (3,) and (4,).",
        {
            "library": "jax",
            "kind": "contraction",
            "form": "dot_general",
            "function": "dot_general",
            "shapes": ((3,), (4,)),
            "names": ("lhs contracting dimensions", "rhs contracting dimensions"),
            "signature": None,
            "contracted": ((-1,), (-1,)),
            "dimension": None,
            "complete": False,
        },
    ),
    (
        "JAX 0.10, live: jnp.ones((2, 3, 4)) @ jnp.ones((3, 4, 5))",
        "Incompatible types for matmul arguments: float32[2,3,4] and float32[3,4,5]",
        {
            "library": "jax",
            "kind": "contraction",
            "form": "matmul",
            "function": "matmul",
            "shapes": ((2, 3, 4), (3, 4, 5)),
            "names": None,
            "signature": "(n?,k),(k,m?)->(n?,m?)",
            "contracted": ((-1,), (-2,)),
            "dimension": None,
            "complete": True,
        },
    ),
    (
        "JAX 0.10, live: jnp.einsum('ij,jk->ik', jnp.ones((2, 3)), jnp.ones((4, 5)))",
        "Size of label 'j' for operand 1 (3) does not match previous terms (4).",
        {
            "library": "jax",
            "kind": "einsum",
            "form": "einsum",
            "function": "einsum",
            "shapes": ((4,), (3,)),
            "names": ("previous terms", "operand 1"),
            "signature": None,
            "contracted": None,
            "dimension": "j",
            "complete": False,
        },
    ),
    (
        "JAX 0.10, live: jnp.vecdot(jnp.ones(3), jnp.ones(4))",
        "axes must match; got shapes (3,) and (4,) with axis=-1",
        {
            "library": "jax",
            "kind": "contraction",
            "form": "vecdot",
            "function": "vecdot",
            "shapes": ((3,), (4,)),
            "names": None,
            "signature": None,
            "contracted": ((-1,), (-1,)),
            "dimension": None,
            "complete": True,
        },
    ),
    (
        "NumPy 2.4: np.ones((2, 3)) @ np.ones((4, 5))",
        "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size 4 is different from 3)",
        {
            "library": "numpy",
            "kind": "contraction",
            "form": "core_dimension",
            "function": "matmul",
            "shapes": ((None, 3), (4, None)),
            "names": ("input operand 0", "input operand 1"),
            "signature": "(n?,k),(k,m?)->(n?,m?)",
            "contracted": ((-1,), (-2,)),
            "dimension": "k",
            "complete": False,
        },
    ),
    (
        "NumPy 2.4: np.matmul(np.ones(()), np.ones((2, 2)))",
        "matmul: Input operand 0 does not have enough dimensions (has 0, gufunc core with signature (n?,k),(k,m?)->(n?,m?) requires 1)",
        {
            "library": "numpy",
            "kind": "contraction",
            "form": "core_ndim",
            "function": "matmul",
            "shapes": ((), (None, None)),
            "names": ("input operand 0", "input operand 1"),
            "signature": "(n?,k),(k,m?)->(n?,m?)",
            "contracted": ((-1,), (-2,)),
            "dimension": None,
            "complete": False,
        },
    ),
    (
        "NumPy 2.4: np.dot(np.ones((11, 3)), np.ones((11, 1)))",
        "shapes (11,3) and (11,1) not aligned: 3 (dim 1) != 11 (dim 0)",
        {
            "library": "numpy",
            "kind": "contraction",
            "form": "dot",
            "function": None,
            "shapes": ((11, 3), (11, 1)),
            "names": None,
            "signature": None,
            "contracted": ((-1,), (-2,)),
            "dimension": None,
            "complete": True,
        },
    ),
    (
        "issue 10 (PyTorch, old form)",
        "size mismatch, m1: [1 x 784], m2: [10 x 784] at /pytorch/aten/src/TH/generic/THTensorMath.cpp:41",
        {
            "library": "torch",
            "kind": "contraction",
            "form": "m1_m2",
            "function": None,
            "shapes": ((1, 784), (10, 784)),
            "names": ("m1", "m2"),
            "signature": None,
            "contracted": ((-1,), (-2,)),
            "dimension": None,
            "complete": True,
        },
    ),
]


def reading(message: str, fields: dict):
    from bcast.explainer.messages import read_message

    live = read_message(message)
    if live is not None and getattr(live, "contracted", None) is not None:
        return live
    return SimpleNamespace(message=message, **fields)


@pytest.mark.parametrize(
    ("source", "message", "fields"), READINGS, ids=[r[1][:40] for r in READINGS]
)
def test_every_contraction_message_reads_as_a_mismatch(source, message, fields):
    r = reading(message, fields)
    e = from_reading(r)
    assert e is not None, source
    assert e.verdict == "mismatch"  # every one is a call that failed
    assert not e.compatible
    assert tuple(e.shapes) == tuple(fields["shapes"])
    assert e.message == message
    for lang in ("en", "zh"):
        for brief in (False, True):
            text = to_text(e, lang=lang, brief=brief)
            assert "✗" in text
            assert "✓" not in text
            assert "ompatible" not in text
            assert "兼容" not in text
    unknown = [
        (i, k)
        for i, s in enumerate(fields["shapes"])
        for k, d in enumerate(s)
        if d is None
    ]
    assert list(e.unknown) == unknown
    if unknown:
        assert "?" in to_text(e)
        assert any("not in the message" in n for n in product_words.notes(e))
    if not fields["complete"]:
        assert product_words.notes(e), "a partial message says what it leaves out"


def test_message_forms_name_their_product():
    ops = {}
    for _source, message, fields in READINGS:
        e = from_reading(reading(message, fields))
        ops[fields["library"], fields["form"]] = (e.op, e.call)
    assert ops["numpy", "dot"] == ("dot", "np.dot(a, b)")
    assert ops["torch", "mat1_mat2"] == ("mm", "torch.mm(mat1, mat2)")
    assert ops["torch", "bmm"][0] == "bmm"
    assert ops["jax", "dot_general"][0] == "dot_general"
    assert ops["jax", "vecdot"][1] == "jnp.vecdot(a, b)"
    assert ops["tensorflow", "matrix_size"] == ("mm", "tf.matmul(a, b)")
    assert ops["numpy", "core_dimension"][0] == "matmul"


def test_torch_mat1_mat2_from_issue_10_is_fixed_by_a_transpose():
    fields = dict(READINGS[-1][2])
    e = from_reading(
        SimpleNamespace(
            message="mat1 and mat2 shapes cannot be multiplied (1x784 and 10x784)",
            **{**fields, "form": "mat1_mat2", "names": ("mat1", "mat2")},
        )
    )
    assert e.fixes[0].code == "torch.mm(mat1, mat2.T)"
    assert run_fix(e.fixes[0].code, e.names, e.shapes) == (1, 10)


def test_a_reading_that_is_not_a_product_is_left_alone():
    r = SimpleNamespace(
        kind="broadcast", signature=None, function="add", shapes=((3, 4), (3,))
    )
    assert from_reading(r) is None


# -- pictures ---------------------------------------------------------------------------

CASES = {
    "dot": (((11, 3), (11, 1)), {"op": "dot"}),
    "course": (((4, 100), (1, 100)), {"op": "dot", "names": ["X", "A - Y"]}),
    "mat1_mat2": (((1, 784), (10, 784)), {"op": "mm", "names": ["mat1", "mat2"]}),
    "loop": (((2, 1, 3, 4), (5, 4, 6)), {"op": "matmul"}),
    "loop_conflict": (((2, 3, 4), (3, 4, 5)), {"op": "matmul"}),
}

BRIEF = {
    ("dot", "en"): """\
np.dot(a, b)
  a (11, 3) · b (11, 1)
         ^       ^^
         3   ≠   11
✗ Not aligned: axis=1 of a is 3, but axis=0 of b is 11; sizes summed together
must be equal.
Best fix: np.dot(a.T, b)  transpose a: the result has shape (3, 1)
""",
    ("dot", "zh"): """\
np.dot(a, b)
  a (11, 3) · b (11, 1)
         ^       ^^
         3   ≠   11
✗ 未对齐：a 的 axis=1 为 3，而 b 的 axis=0 为 11；一起求和的大小必须相等。
最佳修正：np.dot(a.T, b)  转置 a：结果的形状为 (3, 1)
""",
    ("course", "en"): """\
np.dot(X, A - Y)
  X (4, 100) · A - Y (1, 100)
        ^^^           ^
        100     ≠     1
✗ Not aligned: axis=1 of X is 100, but axis=0 of A - Y is 1; sizes summed
together must be equal.
Best fix: np.dot(X, (A - Y).T)  transpose A - Y: the result has shape (4, 1)
""",
    ("course", "zh"): """\
np.dot(X, A - Y)
  X (4, 100) · A - Y (1, 100)
        ^^^           ^
        100     ≠     1
✗ 未对齐：X 的 axis=1 为 100，而 A - Y 的 axis=0 为 1；一起求和的大小必须相等。
最佳修正：np.dot(X, (A - Y).T)  转置 A - Y：结果的形状为 (4, 1)
""",
    ("mat1_mat2", "en"): """\
torch.mm(mat1, mat2)
  mat1 (1, 784) · mat2 (10, 784)
           ^^^          ^^
           784    ≠     10
✗ Not aligned: axis=1 of mat1 is 784, but axis=0 of mat2 is 10; sizes summed
together must be equal.
Best fix: torch.mm(mat1, mat2.T)  transpose mat2: the result has shape (1, 10)
""",
    ("mat1_mat2", "zh"): """\
torch.mm(mat1, mat2)
  mat1 (1, 784) · mat2 (10, 784)
           ^^^          ^^
           784    ≠     10
✗ 未对齐：mat1 的 axis=1 为 784，而 mat2 的 axis=0 为 10；一起求和的大小必须相
等。
最佳修正：torch.mm(mat1, mat2.T)  转置 mat2：结果的形状为 (1, 10)
""",
    ("loop", "en"): """\
a @ b
  a (2, 1, 3, 4) @ b (5, 4, 6)
              ^          ^
              4    =     4
✓ The product fits: the result has shape (2, 5, 3, 6).
""",
    ("loop", "zh"): """\
a @ b
  a (2, 1, 3, 4) @ b (5, 4, 6)
              ^          ^
              4    =     4
✓ 乘积成立：结果的形状为 (2, 5, 3, 6)。
""",
    ("loop_conflict", "en"): """\
a @ b
  a (2, 3, 4) @ b (3, 4, 5)
           ^          ^
           4    =     4
✗ The summed sizes agree, but the loop axes do not broadcast: axis=0 of a is 2,
axis=0 of b is 3.
Transposing does not change the loop axes: their sizes must be equal or 1
(2 ≠ 3).
""",
    ("loop_conflict", "zh"): """\
a @ b
  a (2, 3, 4) @ b (3, 4, 5)
           ^          ^
           4    =     4
✗ 求和的大小一致，但循环轴无法广播：a 的 axis=0 为 2，b 的 axis=0 为 3。
转置不会改变循环轴：它们的大小必须相等或为 1（2 ≠ 3）。
""",
}


def recorded(e, brief: bool) -> str:
    console = Console(record=True, width=80, color_system=None, file=StringIO())
    console.print(renderable(e, brief=brief))
    return console.export_text()


@pytest.mark.parametrize(("case", "lang"), sorted(BRIEF))
def test_brief_pictures_recorded(case, lang):
    shapes_, kw = CASES[case]
    e = explain_product(*shapes_, lang=lang, **kw)
    assert recorded(e, brief=True) == BRIEF[case, lang]
    assert to_text(e, 80, brief=True) + "\n" == BRIEF[case, lang]  # one layout


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_full_pictures_recorded(case, lang):
    shapes_, kw = CASES[case]
    e = explain_product(*shapes_, lang=lang, **kw)
    text = recorded(e, brief=False)
    assert text == to_text(e, 80) + "\n"
    lines = text.splitlines()
    assert max(len(line) for line in lines if line.isascii()) <= 80

    def bare(x: str) -> str:
        return "".join(x.split())  # wrapping changes only the white space

    assert bare(product_words.verdict(e, lang)) in bare(text)
    # the table lines up the summed axis with its sizes
    summed = "summed" if lang == "en" else "求和"
    assert any(summed in line for line in lines if line.startswith("┃"))
    if e.fixes:
        assert f"1. {e.fixes[0].code}" in text


def test_full_picture_of_the_numpy_dot_error():
    e = explain_product((11, 3), (11, 1))
    assert (
        recorded(e, brief=False)
        == """\
Matrix product np.dot(a, b)
  a (11, 3) · b (11, 1)
         ^       ^^
         3   ≠   11
┏━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━━━━┳━━━━━━━━━━━┓
┃           ┃       kept ┃       summed ┃      kept ┃
┃           ┃            ┃            k ┃           ┃
┡━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━━━╇━━━━━━━━━━━┩
│ a (11, 3) │ axis=0: 11 │  axis=1: 3 ✗ │           │
│ b (11, 1) │            │ axis=0: 11 ✗ │ axis=1: 1 │
├───────────┼────────────┼──────────────┼───────────┤
│ result    │         11 │            ✗ │         1 │
└───────────┴────────────┴──────────────┴───────────┘
axis=k: that operand's axis   ✗ must be equal, and is not

np.dot sums axis=1 of a with axis=0 of b: sizes summed together must be equal.
This is not broadcasting: a 1 does not stretch here.

✗ Not aligned: axis=1 of a is 3, but axis=0 of b is 11; sizes summed together
must be equal.

Fixes, each checked by the same rule:
1. np.dot(a.T, b)  transpose a: the result has shape (3, 1)
2. np.dot(b.T, a)  swap the operands and transpose b: the result has shape
   (1, 3)
"""
    )


def test_loop_picture_marks_stretched_and_padded_axes():
    e = explain_product((2, 1, 3, 4), (5, 4, 6), op="matmul")
    text = to_text(e)
    assert "axis=1: 1→5" in text  # a's 1 stretched to 5
    assert "(1)→2" in text  # b has no such loop axis
    assert "1→n stretched from 1 (loop axes only)" in text


def test_the_face_shows_plain_text_rich_and_html():
    e = explain_product((11, 3), (11, 1))
    assert str(e) == to_text(e)
    assert e.to_text(60, brief=True) == to_text(e, 60, brief=True)
    console = Console(record=True, width=80, color_system=None, file=StringIO())
    console.print(e)
    assert console.export_text() == str(e) + "\n"
    html = e._repr_html_()
    assert html.startswith("<pre")
    assert "np.dot(a.T, b)" in html
    assert e._replace(lang="zh").to_text().startswith("矩阵乘积")


def test_plain_text_loads_no_rich():
    import subprocess
    import sys

    code = (
        "import json, sys\n"
        "from bcast.explainer.products import explain_product\n"
        "from bcast.explainer.render.products import to_text\n"
        "e = explain_product((11, 3), (11, 1))\n"
        "to_text(e), str(e), e.to_text(brief=True), json.dumps(e.to_dict())\n"
        "print('rich' in sys.modules, 'numpy' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["False", "False"]


@given(einsum_calls())
def test_einsum_explanations_fail_exactly_when_numpy_does(call):
    text, shapes_ = call
    failed = isinstance(
        numpy_outcome(lambda *ops: np.einsum(text, *ops), *shapes_), type
    )
    e = explain_product(*shapes_, op="einsum", subscripts=text)
    assert (e.verdict == "mismatch") == failed
    for lang in ("en", "zh"):
        said = product_words.verdict(e, lang)
        assert said.startswith("✗") == failed, said
        if failed:
            assert "✓" not in to_text(e, lang=lang)


@given(st.data())
def test_tensordot_explanations_fail_exactly_when_numpy_does(data):
    a, b = data.draw(pairs())
    axes = data.draw(tensordot_axes(a, b))
    failed = isinstance(numpy_outcome(np.tensordot, a, b, axes=axes), type)
    e = explain_product(a, b, op="tensordot", axes=axes)
    assert (e.verdict == "mismatch") == failed
    said = product_words.verdict(e, "zh")
    assert said.startswith("✗") == failed, said
    assert ("✓" in to_text(e)) == (not failed and e.verdict == "fits")
