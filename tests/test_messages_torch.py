"""bcast.explainer.messages: PyTorch's messages, produced live.

Every message is produced live by the library, with shapes the test chose; the
tests skip when the library is not installed (it is an optional extra).
"""

from __future__ import annotations

import warnings

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from message_helpers import nonempty_shape_st, numpy_fails, read_live, shape_st

import bcast
from bcast.explainer.messages import read_message

# -- PyTorch --------------------------------------------------------------------------


@given(shape_st, shape_st)
def test_torch_size_mismatch(a: tuple[int, ...], b: tuple[int, ...]) -> None:
    torch = pytest.importorskip("torch", reason="PyTorch is an optional extra")
    assume(numpy_fails(a, b))
    r, _ = read_live(lambda: torch.zeros(a) + torch.zeros(b))
    assert (r.library, r.form, r.names) == (
        "torch",
        "size_mismatch",
        ("tensor a", "tensor b"),
    )
    assert not r.complete
    # the sizes read are the two tensors' sizes on the dimension named,
    # counted from the front of the broadcast result
    ndim = max(len(a), len(b))
    pa, pb = (1,) * (ndim - len(a)) + a, (1,) * (ndim - len(b)) + b
    assert r.position is not None
    assert r.shapes == ((pa[r.position],), (pb[r.position],))


@given(nonempty_shape_st, shape_st)
def test_torch_expand(source: tuple[int, ...], target: tuple[int, ...]) -> None:
    torch = pytest.importorskip("torch", reason="PyTorch is an optional extra")
    assume(len(source) <= len(target))
    assume(not bcast.can_broadcast_to(source, target))
    r, _ = read_live(lambda: torch.zeros(source).expand(*target))
    assert (r.library, r.form) == ("torch", "expand")
    assert r.shapes == (source,)
    assert r.target == target
    assert r.axis is not None
    assert r.position == len(target) + r.axis
    assert source[r.axis] not in (1, target[r.axis])


def test_torch_expand_keeps_minus_one() -> None:
    torch = pytest.importorskip("torch", reason="PyTorch is an optional extra")
    r, _ = read_live(lambda: torch.zeros(2, 3).expand(-1, 4))
    assert (r.shapes, r.target, r.complete) == (((2, 3),), (2, 4), True)


def test_torch_expand_too_few_sizes() -> None:
    torch = pytest.importorskip("torch", reason="PyTorch is an optional extra")
    r, _ = read_live(lambda: torch.zeros(2, 3).expand(3))
    assert (r.form, r.shapes, r.target) == ("expand", ((2, 3),), (3,))


def test_torch_broadcast_shapes() -> None:
    torch = pytest.importorskip("torch", reason="PyTorch is an optional extra")
    r, _ = read_live(lambda: torch.broadcast_shapes((3, 4), (4,), (5,)))
    assert (r.form, r.shapes, r.axis) == ("broadcast_shapes", ((3, 4), (5,)), -1)
    assert r.names == ("expected shape", "argument at index 2")


@given(st.integers(1, 9), st.integers(1, 9), st.integers(1, 9), st.integers(1, 9))
def test_torch_mat1_mat2(n: int, k1: int, k2: int, m: int) -> None:
    torch = pytest.importorskip("torch", reason="PyTorch is an optional extra")
    assume(k1 != k2)
    r, _ = read_live(lambda: torch.zeros(n, k1) @ torch.zeros(k2, m))
    assert (r.form, r.shapes, r.names) == (
        "mat1_mat2",
        ((n, k1), (k2, m)),
        ("mat1", "mat2"),
    )


def test_torch_linear_folds_leading_axes() -> None:
    torch = pytest.importorskip("torch", reason="PyTorch is an optional extra")
    r, _ = read_live(lambda: torch.nn.Linear(4, 5)(torch.zeros(7, 2, 3)))
    assert r.shapes == ((14, 3), (4, 5))


def test_torch_inplace_output() -> None:
    torch = pytest.importorskip("torch", reason="PyTorch is an optional extra")
    r, _ = read_live(lambda: torch.zeros(3, 1).add_(torch.zeros(1, 4)))
    assert (r.library, r.form, r.shapes, r.target) == (
        "torch",
        "inplace_output",
        ((3, 4),),
        (3, 1),
    )


def test_torch_indexing() -> None:
    torch = pytest.importorskip("torch", reason="PyTorch is an optional extra")
    x = torch.zeros(5, 5)
    r, _ = read_live(lambda: x[torch.tensor([0, 1]), torch.tensor([0, 1, 2])])
    assert (r.library, r.form, r.shapes) == ("torch", "indexing", ((2,), (3,)))


def test_torch_matrix_vector_products() -> None:
    torch = pytest.importorskip("torch", reason="PyTorch is an optional extra")
    r, _ = read_live(lambda: torch.mv(torch.zeros(2, 3), torch.zeros(4)))
    assert (r.form, r.shapes) == ("mv", ((2, 3), (4,)))
    r, _ = read_live(lambda: torch.bmm(torch.zeros(2, 3, 4), torch.zeros(2, 5, 6)))
    assert (r.form, r.shapes) == ("bmm", ((2, None, 4), (2, 5, None)))
    r, _ = read_live(lambda: torch.dot(torch.zeros(3), torch.zeros(4)))
    assert (r.form, r.shapes) == ("dot", ((3,), (4,)))
    r, _ = read_live(
        lambda: torch.einsum("ij,jk->ik", torch.zeros(2, 3), torch.zeros(4, 5))
    )
    assert (r.form, r.dimension, r.shapes) == ("einsum", "j", ((3,), (4,)))


def test_torch_loss_target_size() -> None:
    torch = pytest.importorskip("torch", reason="PyTorch is an optional extra")
    f = torch.nn.functional
    r, _ = read_live(
        lambda: f.binary_cross_entropy(torch.full((3, 4), 0.5), torch.zeros(3))
    )
    assert (r.form, r.shapes, r.names) == (
        "target_size",
        ((3, 4), (3,)),
        ("input", "target"),
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        f.mse_loss(torch.zeros(3, 4), torch.zeros(4))
    w = caught[0]
    log = warnings.formatwarning(w.message, w.category, w.filename, w.lineno)
    r = read_message(log)
    assert r is not None
    assert (r.form, r.shapes) == ("target_size", ((3, 4), (4,)))
