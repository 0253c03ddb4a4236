"""unbroadcast: the backward pass of broadcasting, against a NumPy oracle."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import mutually_broadcastable_shapes

from bcast import BroadcastToError, InvalidShapeError, unbroadcast


def scatter_oracle(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Add each element of ``grad`` to the element of ``x`` it was copied from."""
    source = np.broadcast_to(np.arange(int(np.prod(shape))).reshape(shape), grad.shape)
    out = np.zeros(int(np.prod(shape)))
    np.add.at(out, source.ravel(), grad.ravel())
    return out.reshape(shape)


@given(
    mutually_broadcastable_shapes(num_shapes=2, min_side=0, max_side=4),
    st.integers(0, 2**32 - 1),
)
def test_against_a_scatter_oracle_and_the_adjoint_identity(case, seed):
    rng = np.random.default_rng(seed)
    shape = case.input_shapes[0]
    target = case.result_shape
    grad = rng.standard_normal(target)
    x = rng.standard_normal(shape)
    got = unbroadcast(grad, shape)
    assert got.shape == shape
    np.testing.assert_allclose(got, scatter_oracle(grad, shape), atol=1e-12)
    # <broadcast_to(x, s), g> == <x, unbroadcast(g, x.shape)>
    left = np.vdot(np.broadcast_to(x, target), grad)
    right = np.vdot(x, got)
    np.testing.assert_allclose(left, right, atol=1e-9)


def test_the_course_db():
    """db = (1/m) Σ dz: b was a scalar broadcast over m examples."""
    dz = np.array([[0.5, -0.25, 1.0, 2.0]])
    assert unbroadcast(dz, ()).shape == ()
    assert float(unbroadcast(dz, ()) / dz.shape[1]) == pytest.approx(dz.mean())
    assert unbroadcast(dz, (1, 1)).shape == (1, 1)


def test_nothing_stretched_returns_the_same_object():
    g = np.ones((3, 4))
    assert unbroadcast(g, (3, 4)) is g


def test_python_number():
    assert unbroadcast(2.5, ()) == 2.5


def test_refuses_what_did_not_broadcast():
    with pytest.raises(BroadcastToError):
        unbroadcast(np.ones((3, 4)), (5, 4))
    with pytest.raises(BroadcastToError):
        unbroadcast(np.ones((4,)), (2, 4))
    with pytest.raises(InvalidShapeError, match="known sizes"):
        unbroadcast(np.ones((4,)), ("m",))


def test_dask_without_importing_numpy_in_bcast():
    da = pytest.importorskip("dask.array")
    g = da.ones((6, 4), chunks=(2, 2))
    got = unbroadcast(g, (1, 4))
    assert isinstance(got, da.Array)
    np.testing.assert_allclose(got.compute(), np.full((1, 4), 6.0))


def test_torch():
    torch = pytest.importorskip("torch")
    g = torch.ones((2, 3, 4))
    got = unbroadcast(g, (3, 1))
    assert isinstance(got, torch.Tensor)
    assert tuple(got.shape) == (3, 1)
    assert torch.all(got == 8)
