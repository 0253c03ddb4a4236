"""JAX's broadcasting and matrix-product messages (JAX 0.10, live unless a URL
is named)."""

from __future__ import annotations

from bcast.explainer.messages._table import ANY, PAREN, TYPED, Form
from bcast.explainer.messages.numpy import vectorize
from bcast.explainer.messages.torch import einsum

TYPE_CHECKING = False
if TYPE_CHECKING:
    from re import Match

    from bcast.explainer.messages._table import Reading

__all__ = ["FORMS"]

_LIST = rf"(?P<shapes>(?:[\s,]{{0,8}}{PAREN}){{1,64}})"
_MATMUL = "(n?,k),(k,m?)->(n?,m?)"


def _dot_general(m: Match[str], line: str, r: Reading) -> Reading:
    w = m.group("w").replace("lhs ", "")
    a, b = r.shapes
    contracted = (
        (tuple(range(-len(a), 0)), tuple(range(-len(b), 0)))
        if w == "contracting"
        else ((), ())
    )
    return r._replace(
        names=(f"lhs {w} dimensions", f"rhs {w} dimensions"),
        complete=False,
        contracted=contracted,
    ).with_notes("messages.jax_dot_general", w=w)


def _vecdot(m: Match[str], line: str, r: Reading) -> Reading:
    ax = int(m.group("ax"))
    return r._replace(axis=ax if ax < 0 else None, contracted=((ax,), (ax,)))


FORMS = (
    Form(
        library="jax",
        name="broadcast_shapes",
        kind="broadcast",
        phrase="Incompatible shapes for broadcasting",
        pattern=rf"Incompatible shapes for broadcasting: (?:shapes=)?[\[(]?{_LIST}[\])]?",
        example="Incompatible shapes for broadcasting: shapes=[(3, 4), (3,)]",
        source="JAX 0.10, live: jnp.ones((3, 4)) + jnp.ones(3)",
        expect=((3, 4), (3,)),
        note=("messages.jax_broadcast_shapes",),
        listed="shapes",
    ),
    Form(
        library="jax",
        name="rank_promotion",
        kind="rank_promotion",
        phrase="could not be broadcast together for",
        pattern=(
            r"Operands could not be broadcast together for (?P<f>[\w.]{1,80}) on "
            rf"shapes{_LIST} and with the config option "
            r"jax_numpy_rank_promotion='raise'\.(?: For more information, see "
            r"\S{1,200}\.)?"
        ),
        example=(
            "Operands could not be broadcast together for add on shapes (3, 4) (4,) "
            "and with the config option jax_numpy_rank_promotion='raise'. For more "
            "information, see https://docs.jax.dev/en/latest/rank_promotion_warning.html."
        ),
        source="JAX 0.10, live: with jax.numpy_rank_promotion('raise'): x + y",
        expect=((3, 4), (4,)),
        note=("messages.jax_rank_promotion",),
        listed="shapes",
        function="f",
        back=10,
    ),
    Form(
        library="jax",
        name="lax_broadcast",
        kind="broadcast",
        phrase="got incompatible shapes for broadcasting",
        pattern=(
            r"(?P<f>[\w.]{1,80}) got incompatible shapes for broadcasting:"
            rf"{_LIST}\.?"
        ),
        example="add got incompatible shapes for broadcasting: (3, 4), (4, 3).",
        source="JAX 0.10, live: jax.lax.add(jnp.ones((3, 4)), jnp.ones((4, 3)))",
        expect=((3, 4), (4, 3)),
        note=("messages.jax_lax_broadcast",),
        listed="shapes",
        function="f",
        back=200,
    ),
    Form(
        library="jax",
        name="broadcast_to",
        kind="broadcast_to",
        phrase="Incompatible types for broadcasting",
        pattern=(
            rf"Incompatible types for broadcasting: input type=(?P<s>{TYPED}) and "
            rf"requested type=(?P<t>{TYPED})"
        ),
        example=(
            "Incompatible types for broadcasting: input type=float32[3,1] and "
            "requested type=float32[2,4]"
        ),
        source="JAX 0.10, live: jnp.broadcast_to(jnp.ones((3, 1)), (2, 4))",
        expect=((3, 1),),
        expect_target=(2, 4),
        note=("messages.jax_broadcast_to",),
        shapes=("s",),
        target="t",
    ),
    Form(
        library="jax",
        name="broadcast_to_rank",
        kind="broadcast_to",
        phrase="Cannot broadcast to shape with fewer dimensions",
        pattern=(
            r"Cannot broadcast to shape with fewer dimensions: arr_shape="
            rf"(?P<s>{ANY}) shape=(?P<t>{ANY})"
        ),
        example="Cannot broadcast to shape with fewer dimensions: arr_shape=(2, 3) shape=(3,)",
        source="JAX 0.10, live: jnp.broadcast_to(jnp.ones((2, 3)), (3,))",
        expect=((2, 3),),
        expect_target=(3,),
        note=("messages.jax_broadcast_to",),
        shapes=("s",),
        target="t",
    ),
    Form(
        library="jax",
        name="dot_general",
        kind="contraction",
        phrase="dot_general requires",
        pattern=(
            r"dot_general requires (?P<w>contracting|lhs batch) dimensions "
            rf"(?:and rhs batch dimensions )?to have the same shape, got (?P<a>{ANY}) "
            rf"and (?P<b>{ANY})\.?"
        ),
        example=(
            "dot_general requires contracting dimensions to have the same shape, "
            "got (3,) and (4,)."
        ),
        source="JAX 0.10, live: jnp.ones((2, 3)) @ jnp.ones((4, 5))",
        expect=((3,), (4,)),
        shapes=("a", "b"),
        function="=dot_general",
        hook=_dot_general,
    ),
    Form(
        library="jax",
        name="matmul",
        kind="contraction",
        phrase="for matmul arguments",
        pattern=(
            rf"Incompatible (?:types|shapes) for matmul arguments: (?P<a>{TYPED}) "
            rf"and (?P<b>{TYPED})"
        ),
        example=(
            "Incompatible types for matmul arguments: float32[2,3,4] and float32[3,4,5]"
        ),
        source="JAX 0.10, live: jnp.ones((2, 3, 4)) @ jnp.ones((3, 4, 5))",
        expect=((2, 3, 4), (3, 4, 5)),
        note=("messages.jax_matmul",),
        shapes=("a", "b"),
        function="=matmul",
        signature=_MATMUL,
        contracted=((-1,), (-2,)),
        back=40,
    ),
    Form(
        library="jax",
        name="einsum",
        kind="einsum",
        phrase="does not match previous terms",
        pattern=(
            r"Size of label '(?P<l>[^'\n]{1,80})' for operand (?P<op>\d+) "
            r"\((?P<a>\d+)\) does not match previous terms \((?P<b>\d+)\)\.?"
        ),
        example="Size of label 'j' for operand 1 (3) does not match previous terms (4).",
        source="JAX 0.10, live: jnp.einsum('ij,jk->ik', jnp.ones((2, 3)), jnp.ones((4, 5)))",
        expect=((4,), (3,)),
        note=("messages.jax_einsum",),
        names=("previous terms", "operand {op}"),
        function="=einsum",
        back=200,
        hook=einsum,
    ),
    Form(
        library="jax",
        name="vecdot",
        kind="contraction",
        phrase="axes must match; got shapes",
        pattern=(
            rf"axes must match; got shapes (?P<a>{PAREN}) and (?P<b>{PAREN}) with "
            r"axis=(?P<ax>-?\d+)"
        ),
        example="axes must match; got shapes (3,) and (4,) with axis=-1",
        source="JAX 0.10, live: jnp.vecdot(jnp.ones(3), jnp.ones(4))",
        expect=((3,), (4,)),
        note=("messages.jax_vecdot",),
        shapes=("a", "b"),
        function="=vecdot",
        hook=_vecdot,
    ),
    Form(
        library="jax",
        name="vectorize",
        kind="gufunc",
        phrase="inconsistent size for core dimension",
        pattern=(
            r"inconsistent size for core dimension '(?P<d>[^'\n]{0,80})': "
            r"(?P<a>\d+) vs (?P<b>\d+) on vectorized function with "
            r"[^\n]{0,400}?signature='(?P<sig>[^'\n]{0,200})'"
        ),
        example=(
            "inconsistent size for core dimension 'm': 4 vs 3 on vectorized "
            "function with excluded=frozenset() and signature='(m,m),(m)->(m)'"
        ),
        source="JAX 0.10, live: jnp.linalg.solve(jnp.ones((3, 3)), jnp.ones(4))",
        expect=((3,), (4,)),
        note=("messages.jax_vectorize",),
        hook=vectorize,
    ),
)
