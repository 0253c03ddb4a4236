"""bcast.explainer.messages: JAX's messages, produced live.

Every message is produced live by the library, with shapes the test chose; the
tests skip when the library is not installed (it is an optional extra).
"""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from message_helpers import numpy_fails, read_live, shape_st

import bcast

# -- JAX ----------------------------------------------------------------------------------


@settings(max_examples=25)  # every new shape compiles: keep it short
@given(shape_st, shape_st)
def test_jax_incompatible_shapes(a: tuple[int, ...], b: tuple[int, ...]) -> None:
    jnp = pytest.importorskip("jax.numpy", reason="JAX is an optional extra")
    assume(numpy_fails(a, b))
    r, _ = read_live(lambda: jnp.zeros(a) + jnp.zeros(b))
    # jax.numpy hands shapes of equal rank with a 0 in them on to lax
    assert r.library == "jax"
    assert r.form == ("lax_broadcast" if r.function else "broadcast_shapes")
    assert r.shapes == (a, b)


def test_jax_broadcast_to() -> None:
    jnp = pytest.importorskip("jax.numpy", reason="JAX is an optional extra")
    r, _ = read_live(lambda: jnp.broadcast_to(jnp.ones((3, 1)), (2, 4)))
    assert (r.library, r.form, r.shapes, r.target) == (
        "jax",
        "broadcast_to",
        ((3, 1),),
        (2, 4),
    )
    r, _ = read_live(lambda: jnp.broadcast_to(jnp.ones((2, 3)), (3,)))
    assert (r.shapes, r.target) == (((2, 3),), (3,))


def test_jax_rank_promotion() -> None:
    jax = pytest.importorskip("jax", reason="JAX is an optional extra")
    jnp = jax.numpy

    def add() -> None:
        with jax.numpy_rank_promotion("raise"):
            jnp.ones((3, 4)) + jnp.ones(4)

    r, _ = read_live(add)
    assert (r.form, r.function, r.shapes) == ("rank_promotion", "add", ((3, 4), (4,)))


def test_jax_matrix_products() -> None:
    jax = pytest.importorskip("jax", reason="JAX is an optional extra")
    jnp = jax.numpy
    r, _ = read_live(lambda: jnp.ones((2, 3)) @ jnp.ones((4, 5)))
    assert (r.form, r.shapes) == ("dot_general", ((3,), (4,)))
    assert r.names == ("lhs contracting dimensions", "rhs contracting dimensions")
    r, _ = read_live(
        lambda: jax.lax.dot_general(
            jnp.ones((2, 3, 4)), jnp.ones((5, 4, 6)), (((2,), (1,)), ((0,), (0,)))
        )
    )
    assert (r.form, r.shapes) == ("dot_general", ((2,), (5,)))
    r, _ = read_live(lambda: jnp.ones((2, 3, 4)) @ jnp.ones((3, 4, 5)))
    assert (r.form, r.shapes) == ("matmul", ((2, 3, 4), (3, 4, 5)))
    assert not bcast.broadcast_signature(r.signature, *r.shapes).ok


def test_jax_other_messages() -> None:
    jax = pytest.importorskip("jax", reason="JAX is an optional extra")
    jnp = jax.numpy
    r, _ = read_live(lambda: jax.lax.add(jnp.ones((3, 4)), jnp.ones((4, 3))))
    assert (r.form, r.function, r.shapes) == ("lax_broadcast", "add", ((3, 4), (4, 3)))
    r, _ = read_live(
        lambda: jnp.einsum("ij,jk->ik", jnp.ones((2, 3)), jnp.ones((4, 5)))
    )
    assert (r.form, r.dimension) == ("einsum", "j")
    assert sorted(d for (d,) in r.shapes) == [3, 4]
    r, _ = read_live(lambda: jnp.vecdot(jnp.ones(3), jnp.ones(4)))
    assert (r.form, r.shapes, r.axis) == ("vecdot", ((3,), (4,)), -1)
    r, _ = read_live(lambda: jnp.linalg.solve(jnp.ones((3, 3)), jnp.ones(4)))
    assert (r.library, r.form, r.dimension) == ("jax", "vectorize", "m")
    assert r.signature == "(m,m),(m)->(m)"
    assert r.shapes == ((3,), (4,))
