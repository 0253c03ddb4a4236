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
from hypothesis import assume, given
from hypothesis import strategies as st

from bcast.core import products
from bcast.core.products import (
    dot,
    dot_general,
    einsum,
    matmul,
    product,
    product_shape,
    tensordot,
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
    assert (f.kind, f.operands, f.axes, f.sizes) == ("contracted", (0, 1), (1, 0), (3, 11))
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
    assert both.loop is not None and not both.loop.ok  # and the loop is shown


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
