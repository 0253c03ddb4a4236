"""The shape guard: expect(), @shaped, dims(), Shape annotations."""

from __future__ import annotations

import inspect
import pickle
import re
import subprocess
import sys
import threading
from typing import Annotated, Optional

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import bcast
from bcast import Shape, ShapeError, ShapeSyntaxError, dims, expect, shaped
from bcast.guard.shaped import disable, enable, enabled


def frag(*parts: str) -> str:
    """A ``match=`` pattern: the fragments, in this order, anything between."""
    return ".*".join(re.escape(p) for p in parts)


def z(*shape: int) -> np.ndarray:
    return np.zeros(shape)


@shaped(w="n_x, 1", b="1, 1", X="n_x, m", returns="1, m")
def propagate(w, b, X):
    return 1 / (1 + np.exp(-(w.T @ X + b)))


W, B, X = z(4, 1), z(1, 1), z(4, 8)


# -- every spec form -------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "good", "bad"),
    [
        ("3, 4", [(3, 4)], [(4, 3), (3,), (3, 4, 1)]),
        ("n, m", [(3, 4), (1, 1), (0, 5)], [(3,), (3, 4, 5)]),
        ("n, n", [(3, 3), (0, 0)], [(3, 4)]),
        ("_, 2", [(7, 2), (0, 2)], [(7, 3), (2,)]),
        ("?, 2", [(7, 2)], [(7, 3)]),
        ("...", [(), (3,), (2, 3, 4)], []),
        ("..., 3", [(3,), (5, 3), (2, 5, 3)], [(), (3, 4)]),
        ("3, ...", [(3,), (3, 5, 6)], [(), (4, 3)]),
        ("2, ..., 3", [(2, 3), (2, 9, 3)], [(2,), (3, 2)]),
        ("*batch, 3", [(3,), (4, 3), (2, 4, 3)], [(4, 2)]),
        ("*b, n, n", [(2, 2), (7, 2, 2)], [(2, 3), (2,)]),
        ("#3", [(3,), (1,)], [(2,), (3, 1)]),
        ("#n, n", [(1, 4), (4, 4)], [(3, 4)]),
        ("n, #n", [(4, 1), (4, 4), (1, 1)], [(4, 3)]),
        ("#n, #n", [(1, 1), (1, 5), (5, 1), (5, 5)], [(5, 4)]),
        ("()", [()], [(1,), (3, 1)]),
        ("0", [(0,)], [(1,)]),
    ],
)
def test_spec_forms_against_numpy_arrays(spec, good, bad):
    for shape in good:
        a = np.zeros(shape)
        assert expect(a, spec) is a
    for shape in bad:
        with pytest.raises(ShapeError, match=re.escape(f"has shape {shape}")):
            expect(np.zeros(shape), spec)


def test_python_numbers_and_numpy_scalars_are_0d():
    for value in (3, 2.5, 1j, True, np.float64(2.0), np.int32(3)):
        assert expect(value, "()") is value
    with pytest.raises(ShapeError, match=frag("has shape ()", "0 axes, expected 1")):
        expect(3.0, "n")


def test_not_an_array():
    with pytest.raises(ShapeError, match=frag("X is a list, not an array", "(n_x, m)")):
        propagate(W, B, [[1.0, 2.0]])
    with pytest.raises(ShapeError, match="w is None; expected"):
        propagate(None, B, X)


def test_variadic_name_binds_across_arguments():
    @shaped(x="*batch, 3", y="*batch")
    def f(x, y):
        return x

    f(z(2, 5, 3), z(2, 5))
    f(z(3), z())  # an empty batch
    with pytest.raises(
        ShapeError,
        match=frag(
            "f(): y has shape (2, 6), expected (*batch,)",
            "axes 0 to 1 (-2 to -1) are (2, 6) but *batch = (2, 5)",
            "bound by x with shape (2, 5, 3)",
        ),
    ):
        f(z(2, 5, 3), z(2, 6))


def test_hash_n_is_n_or_one_and_one_binds_nothing():
    @shaped(a="#n", b="n")
    def f(a, b):
        return a

    f(z(1), z(7))  # 1 fits, then n = 7 is bound by b
    f(z(7), z(7))
    with pytest.raises(
        ShapeError,
        match=frag("b has shape (6,)", "axis 0 (-1) is 6 but n = 7, bound by a"),
    ):
        f(z(7), z(6))
    with (
        pytest.raises(
            ShapeError,
            match=frag(
                "axis 0 (-1) is 3 but #n must be 1 or n = 4, bound by dims(n=4)"
            ),
        ),
        dims(n=4),
    ):
        f(z(3), z(4))
    with pytest.raises(
        ShapeError, match=re.escape("axis 1 (-1) is 2, expected 3 or 1")
    ):
        expect(z(5, 2), "_, #3")


# -- spec forms checked against an independent oracle -------------------------------


def oracle(items, shape, bound):
    """Does ``shape`` fit ``items``?  A plain reading of the grammar."""
    bound = dict(bound)
    kinds = [k for k, _, _ in items]
    if "var" in kinds:
        v = kinds.index("var")
        fixed = len(items) - 1
        if len(shape) < fixed:
            return False
        after = len(items) - v - 1
        pairs = list(zip(items[:v], shape)) + list(
            zip(items[v + 1 :], shape[len(shape) - after :])
        )
        segment = tuple(shape[v : len(shape) - after])
    else:
        if len(shape) != len(items):
            return False
        pairs = list(zip(items, shape))
        segment = None
    for (kind, value, hash_), d in pairs:
        if hash_ and d == 1:
            continue
        if kind == "size" and d != value:
            return False
        if kind == "name" and bound.setdefault(value, d) != d:
            return False
    if segment is not None:
        name = next(val for k, val, _ in items if k == "var")
        if name is not None and bound.setdefault(name, segment) != segment:
            return False
    return True


item = st.one_of(
    st.tuples(st.just("size"), st.integers(0, 3), st.booleans()),
    st.tuples(st.just("name"), st.sampled_from(["n", "m", "k"]), st.booleans()),
    st.tuples(st.just("any"), st.none(), st.just(False)),
)


def spec_text(items):
    out = []
    for kind, value, hash_ in items:
        if kind == "var":
            out.append("..." if value is None else f"*{value}")
        elif kind == "any":
            out.append("_")
        else:
            out.append(("#" if hash_ else "") + str(value))
    return "(" + ", ".join(out) + ("," if len(out) == 1 else "") + ")"


@st.composite
def spec_and_shape(draw):
    items = draw(st.lists(item, max_size=4))
    if draw(st.booleans()):
        var = draw(st.sampled_from([None, "n", "batch"]))
        items.insert(draw(st.integers(0, len(items))), ("var", var, False))
    shape = tuple(draw(st.lists(st.integers(0, 3), max_size=6)))
    bound = draw(
        st.dictionaries(st.sampled_from(["n", "m", "k"]), st.integers(0, 3), max_size=2)
    )
    return items, shape, bound


@given(spec_and_shape())
def test_expect_agrees_with_a_plain_reading_of_the_grammar(case):
    items, shape, bound = case
    text = spec_text(items)
    a = np.zeros(shape)
    with dims(**bound):
        if oracle(items, shape, bound):
            assert expect(a, text) is a
        else:
            with pytest.raises(ShapeError) as info:
                expect(a, text)
            message = str(info.value)
            assert f"expected {text}" in message
            assert "could not say why" not in message
            assert info.value.shape == shape


# -- messages --------------------------------------------------------------------------


def test_message_names_function_argument_axis_symbol_and_binder():
    with pytest.raises(ShapeError) as info:
        propagate(W, B, z(3, 5))
    assert str(info.value) == (
        "propagate(): X has shape (3, 5), expected (n_x, m): axis 0 (-2) is 3 "
        "but n_x = 4, bound by w with shape (4, 1)"
    )
    e = info.value
    assert isinstance(e, ValueError)
    assert isinstance(e, bcast.BcastError)
    assert (e.function, e.argument, e.shape, e.spec) == (
        "propagate",
        "X",
        (3, 5),
        "(n_x, m)",
    )
    assert (e.axis, e.actual, e.symbol, e.expected) == (0, 3, "n_x", 4)
    assert e.bound_by == "w with shape (4, 1)"


def test_shape_error_pickles_with_its_fields():
    with pytest.raises(ShapeError) as info:
        propagate(W, B, z(8, 4))
    copy = pickle.loads(pickle.dumps(info.value))
    assert str(copy) == str(info.value)
    assert (copy.axis, copy.symbol, copy.bound_by, copy.hint) == (
        info.value.axis,
        info.value.symbol,
        info.value.bound_by,
        info.value.hint,
    )


def test_message_for_a_fixed_size():
    with pytest.raises(
        ShapeError,
        match=frag(
            "propagate(): b has shape (1, 2), expected (1, 1)",
            "axis 1 (-1) is 2, expected 1",
        ),
    ):
        propagate(W, z(1, 2), X)


def test_message_same_argument_binds_and_breaks():
    with pytest.raises(
        ShapeError, match=frag("axis 1 (-1) is 4 but n = 3, bound by axis 0 of A")
    ):
        shaped(A="n, n")(lambda A: A)(z(3, 4))


def test_message_for_the_result():
    @shaped(X="n_x, m", returns="1, m")
    def f(X):
        return np.zeros((1, X.shape[1] + 1))

    with pytest.raises(
        ShapeError,
        match=frag(
            "f(): the result has shape (1, 9), expected (1, m)",
            "axis 1 (-1) is 9 but m = 8, bound by X with shape (4, 8)",
        ),
    ):
        f(X)


def test_rank_mismatch_points_at_the_rank_1_array():
    @shaped(y="1, m")
    def cost(y):
        return y

    with pytest.raises(
        ShapeError,
        match=frag(
            "cost(): y has shape (8,), expected (1, m): 1 axis, expected 2",
            "a rank-1 array (8,) where (1, 8) was meant: use y.reshape(1, -1)",
            "keepdims=True",
        ),
    ):
        cost(z(8))

    @shaped(b="n, 1")
    def column(b):
        return b

    with pytest.raises(
        ShapeError, match=frag("(5, 1) was meant: use b.reshape(-1, 1)")
    ):
        column(z(5))


def test_rank_mismatch_extra_axis_of_size_one():
    @shaped(returns="m")
    def f():
        return z(1, 5)

    with pytest.raises(
        ShapeError,
        match=frag(
            "2 axes, expected 1",
            "axis 0 is an extra axis of size 1, and (5,) would fit: use its .reshape(-1)",
        ),
    ):
        f()


def test_rank_hints_beyond_two_axes():
    with pytest.raises(
        ShapeError,
        match=frag(
            "2 axes, expected 3", "(1, 3, 4) would fit: use np.expand_dims(it, 0)"
        ),
    ):
        expect(z(3, 4), "1, n, m")

    @shaped(x="1, n, m")
    def f(x):
        return x

    with pytest.raises(ShapeError, match=re.escape("use np.expand_dims(x, 0)")):
        f(z(3, 4))
    with pytest.raises(
        ShapeError,
        match=frag(
            "3 axes, expected 2",
            "axis 1 is an extra axis of size 1, and (3, 4) would fit: use its .squeeze(1)",
        ),
    ):
        expect(z(3, 1, 4), "n, 4")


def test_layout_hint_beyond_two_axes():
    with pytest.raises(
        ShapeError,
        match=frag(
            "its transpose (2, 4, 3) would fit", "did you mean its .swapaxes(-1, -2)?"
        ),
    ):
        expect(z(2, 3, 4), "*b, 4, 3")


def test_rank_mismatch_with_a_variadic_spec():
    with pytest.raises(ShapeError, match=frag("1 axis, expected at least 2")):
        expect(z(3), "*batch, n, m")


def test_layout_hint_examples_in_columns():
    with pytest.raises(
        ShapeError,
        match=frag(
            "X has shape (8, 4)",
            "its transpose (4, 8) would fit (examples are columns here): did you mean X.T?",
        ),
    ):
        propagate(W, B, z(8, 4))


def test_layout_hint_examples_in_rows_and_no_hint_when_transpose_fails():
    @shaped(w="n_x", X="m, n_x")
    def f(w, X):
        return X

    with pytest.raises(
        ShapeError, match=frag("(examples are rows here): did you mean X.T?")
    ):
        f(z(4), z(4, 8))
    with pytest.raises(ShapeError) as info:
        f(z(4), z(5, 8))
    assert "transpose" not in str(info.value)
    assert info.value.hint is None


def test_expect_message_outside_and_inside_a_call():
    with pytest.raises(
        ShapeError,
        match=frag(
            "the array given to expect() has shape (3,), expected (4,)",
            "axis 0 (-1) is 3, expected 4",
        ),
    ):
        expect(z(3), "4")

    @shaped(X="n_x, m")
    def f(X):
        return expect(X.sum(axis=0), "1, m")

    with pytest.raises(
        ShapeError,
        match=frag(
            "f(): the array given to expect() has shape (8,), expected (1, m)",
            "1 axis, expected 2",
            "(1, 8) was meant",
        ),
    ):
        f(X)


# -- @shaped: how arguments are found -------------------------------------------------


def test_keyword_calls_and_the_same_bindings():
    out = propagate(X=X, w=W, b=B)
    assert out.shape == (1, 8)
    with pytest.raises(ShapeError, match="bound by w with shape"):
        propagate(X=z(3, 8), w=W, b=B)
    with pytest.raises(ShapeError, match="bound by w with shape"):
        propagate(W, X=z(3, 8), b=B)


def test_defaults_are_checked():
    @shaped(x="n", y="n")
    def f(x, y=np.zeros(3)):  # noqa: B008 - the default is the point
        return x

    f(z(3))
    with pytest.raises(
        ShapeError, match=frag("y has shape (3,)", "n = 4, bound by x with shape (4,)")
    ):
        f(z(4))
    f(z(4), z(4))


def test_default_none_may_stay_none():
    @shaped(X="n, m", b="1, m")
    def f(X, b=None):
        return X if b is None else X + b

    assert f(X).shape == (4, 8)
    assert f(X, None).shape == (4, 8)
    f(X, z(1, 8))
    with pytest.raises(ShapeError, match=frag("b has shape (1, 7)", "m = 8")):
        f(X, z(1, 7))


def test_missing_argument_is_python_s_error_not_ours():
    with pytest.raises(TypeError, match="missing"):
        propagate(W, B)


def test_keyword_only_and_positional_only():
    @shaped(a="n", b="n")
    def f(a, /, *, b):
        return a

    f(z(2), b=z(2))
    with pytest.raises(
        ShapeError, match=frag("f(): b has shape (3,)", "n = 2, bound by a")
    ):
        f(z(2), b=z(3))


def test_methods_staticmethods_classmethods():
    class Model:
        def __init__(self, n):
            self.w = z(n, 1)

        @shaped(X="n_x, m", returns="1, m")
        def forward(self, X):
            return self.w.T @ X

        @shaped(X="n_x, m")
        @staticmethod
        def static_below(X):
            return X

        @staticmethod
        @shaped(X="n_x, m")
        def static_above(X):
            return X

        @shaped(X="n_x, m", returns="()")
        @classmethod
        def total(cls, X):
            return float(X.sum())

    model = Model(4)
    assert model.forward(X).shape == (1, 8)
    assert Model.static_below(X) is X
    assert model.static_above(X) is X
    assert Model.total(X) == 0.0
    assert Model(4).total(X) == 0.0
    with pytest.raises(
        ShapeError, match=re.escape("Model.forward(): X has shape (8,)")
    ):
        model.forward(z(8))
    with pytest.raises(
        ShapeError, match=re.escape("Model.static_below(): X has shape (3,)")
    ):
        Model.static_below(z(3))
    with pytest.raises(ShapeError, match=re.escape("Model.total(): X has shape (3,)")):
        Model.total(z(3))


def test_wraps_keeps_metadata_and_signature():
    def original(w, b, X, *, learning_rate=0.1):
        """Docs."""
        return X

    guarded = shaped(X="n, m")(original)
    assert guarded is not original
    assert guarded.__name__ == "original"
    assert guarded.__doc__ == "Docs."
    assert guarded.__wrapped__ is original
    assert inspect.signature(guarded) == inspect.signature(original)


def test_any_parameter_names_work():
    # names a generated wrapper might use itself, and builtins it calls
    def f(_bc_s, _bc_b, type, len=None, tuple=2):
        return _bc_s

    g = shaped(_bc_s="n", _bc_b="n", type="n", len="n")(f)
    assert g(z(2), z(2), z(2)).shape == (2,)
    with pytest.raises(
        ShapeError, match=frag("type has shape (3,)", "n = 2, bound by _bc_s")
    ):
        g(z(2), z(2), z(3))
    with pytest.raises(ShapeError, match=frag("len has shape (3,)")):
        g(z(2), z(2), z(2), len=z(3))


def test_returns_a_tuple():
    @shaped(X="n_x, m", returns=("n_x, 1", "()", None))
    def grads(X, extra=0):
        dw = X.mean(axis=1, keepdims=True)
        outs = (dw, float(X.sum()), "anything")
        return outs[: 3 - extra] if extra >= 0 else (*outs, 1)

    dw, _, _ = grads(X)
    assert dw.shape == (4, 1)
    with pytest.raises(
        ShapeError,
        match=frag(
            "grads(): the result is a tuple of 2, not a tuple of 3",
            "((n_x, 1), (), ...)",
        ),
    ):
        grads(X, 1)

    with pytest.raises(
        ShapeError,
        match=frag(
            "<lambda>(): the result is a ndarray, not a tuple of 2", "((n,), ...)"
        ),
    ):
        shaped(returns=("n", None))(lambda: z(3))()

    @shaped(X="n_x, m", returns=("n_x, 1", "()"))
    def bad(X):
        return X.mean(axis=1), 0.0

    with pytest.raises(
        ShapeError,
        match=frag(
            "bad(): result[0] has shape (4,), expected (n_x, 1)",
            "(4, 1) was meant: use its .reshape(-1, 1)",
        ),
    ):
        bad(X)

    @shaped(X="n_x, m", returns=("n_x, 1", "n_x"))
    def second(X):
        return X[:, :1], X[:3, 0]

    with pytest.raises(
        ShapeError,
        match=frag("result[1] has shape (3,)", "n_x = 4, bound by X with shape (4, 8)"),
    ):
        second(X)


def test_one_set_of_bindings_per_call_args_result_and_expect():
    @shaped(X="n_x, m", returns="n_h, m")
    def layer(X, n_h):
        W1 = expect(np.zeros((n_h, X.shape[0])), "n_h, n_x")
        return W1 @ X + 1

    assert layer(X, 3).shape == (3, 8)

    @shaped(X="n_x, m", returns="n_h, m")
    def wrong(X):
        expect(np.zeros((3, 4)), "n_h, n_x")
        return np.zeros((5, 8))

    with pytest.raises(
        ShapeError,
        match=frag(
            "wrong(): the result has shape (5, 8)",
            "axis 0 (-2) is 5 but n_h = 3, bound by the array given to expect() with shape (3, 4)",
        ),
    ):
        wrong(X)


def test_expect_sizes_by_keyword():
    assert expect(X, "n, m", n=4, m=8) is X
    with pytest.raises(
        ShapeError, match=frag("axis 1 (-1) is 8 but m = 9, bound by expect(m=9)")
    ):
        expect(X, "n, m", m=9)
    assert expect(z(2, 3, 4), "*batch, 4", batch=(2, 3)).shape == (2, 3, 4)

    @shaped(X="n_x, m")
    def f(X):
        expect(X, "n_x, _", n_x=5)

    with pytest.raises(
        ShapeError,
        match=frag(
            "f(): expect(n_x=5): n_x = 5 conflicts with n_x = 4",
            "bound by X with shape (4, 8)",
        ),
    ):
        f(X)


def test_identity_no_copy_no_conversion():
    a = np.arange(32.0).reshape(4, 8)
    before = a.copy()
    flags = a.flags.writeable

    @shaped(a="n, m", returns="n, m")
    def same(a):
        return a

    assert same(a) is a
    assert expect(a, "4, 8") is a
    assert np.array_equal(a, before)
    assert a.flags.writeable == flags
    lst = [1.0]
    with pytest.raises(ShapeError):
        expect(lst, "1")
    assert lst == [1.0]


# -- decoration-time errors --------------------------------------------------------------


def test_bad_spec_fails_when_decorating():
    with pytest.raises(
        ShapeSyntaxError, match=frag("bad spec for X 'n,,m'", "empty size")
    ):
        shaped(X="n,,m")(lambda X: X)
    with pytest.raises(
        ShapeSyntaxError, match=frag("spec for the result of", "'1 m x'")
    ):
        shaped(returns="1 m x")(lambda X: X)


def test_name_that_is_not_a_parameter_fails_when_decorating():
    def f(w, X):
        return X

    with pytest.raises(
        ShapeSyntaxError, match=frag("f() has no parameter 'x'", "its parameters: w, X")
    ):
        shaped(x="n, m")(f)


def test_other_misuse():
    with pytest.raises(TypeError, match="specs as keywords"):
        shaped("n, m")
    with pytest.raises(TypeError, match="a spec is text"):
        shaped(X=3)(lambda X: X)
    with pytest.raises(TypeError, match="a spec is text"):
        expect(X, ["n", "m"])

    def gen(X):
        yield X

    with pytest.raises(TypeError, match="generator function; returns= would check"):
        shaped(X="n", returns="n")(gen)


# -- Annotated[..., Shape(...)] ------------------------------------------------------------

Array = np.ndarray


@shaped
def annotated(
    w: Annotated[Array, Shape("n_x, 1")],
    X: Annotated[Array, Shape("n_x, m")],
    b: Optional[Annotated[Array, Shape("1, 1")]] = None,  # noqa: UP045
    scale: float = 1.0,
) -> Annotated[Array, Shape("1, m")]:
    out = w.T @ X * scale
    return out if b is None else out + b


@shaped
def annotated_pair(
    X: Annotated[Array, Shape("n, m")],
) -> tuple[Annotated[Array, Shape("n")], Annotated[Array, Shape("m")], int]:
    return X[:, 0], X[0], 3


def test_annotated_shapes_are_read():
    assert annotated(W, X).shape == (1, 8)
    assert annotated(W, X, B).shape == (1, 8)
    with pytest.raises(
        ShapeError, match=frag("annotated(): X has shape (3, 8)", "n_x = 4, bound by w")
    ):
        annotated(W, z(3, 8))
    with pytest.raises(ShapeError, match=frag("b has shape (2, 1)", "expected (1, 1)")):
        annotated(W, X, z(2, 1))
    assert [a.shape for a in annotated_pair(X)[:2]] == [(4,), (8,)]


def test_annotated_keywords_override_annotations():
    def f(X: Annotated[Array, Shape("n, m")]) -> Annotated[Array, Shape("m")]:
        return X[0]

    assert shaped(X="n, 8")(f)(X).shape == (8,)
    with pytest.raises(ShapeError, match=re.escape("expected (n, 9)")):
        shaped(X="n, 9")(f)(X)


def test_annotation_names_must_exist_when_decorating():
    namespace: dict[str, object] = {}
    exec(  # a module whose annotation names a type that does not exist
        "from __future__ import annotations\n"
        "from typing import Annotated\n"
        "from bcast import Shape\n"
        "def f(X: Annotated[NoSuchType, Shape('n')]): return X\n",
        namespace,
    )
    with pytest.raises(TypeError, match=frag("annotations of f()", "NoSuchType")):
        shaped(namespace["f"])


def test_shape_objects():
    assert Shape("n_x, m") == Shape("(n_x, m)")
    assert hash(Shape("3")) == hash(Shape("3,"))
    assert repr(Shape("*b, 3")) == "Shape('(*b, 3)')"
    assert expect(X, Shape("4, m")) is X
    with pytest.raises(ShapeSyntaxError):
        Shape("n, ..., ...")


# -- dims() scopes ----------------------------------------------------------------------


def test_dims_hold_calls_to_the_sizes():
    with dims(n_x=4, m=8) as d:
        assert dict(d) == {"n_x": 4, "m": 8}
        assert propagate(W, B, X).shape == (1, 8)
        with pytest.raises(
            ShapeError,
            match=frag(
                "X has shape (4, 9)", "axis 1 (-1) is 9 but m = 8, bound by dims(m=8)"
            ),
        ):
            propagate(W, B, z(4, 9))
    assert propagate(W, B, z(4, 9)).shape == (1, 9)  # the scope is over


def test_dims_nest_and_show_what_is_bound():
    with dims(n_x=4) as outer:
        with dims(m=8) as inner:
            assert dict(inner) == {"n_x": 4, "m": 8}
            assert dict(outer) == {"n_x": 4}
            assert inner["m"] == 8
            assert "n_x" in inner
            assert len(inner) == 2
            assert repr(inner) == "dims(n_x=4, m=8)"
            with pytest.raises(ShapeError, match="m = 8, bound by dims"):
                propagate(W, B, z(4, 5))
        propagate(W, B, z(4, 5))
        with pytest.raises(ShapeError, match="n_x = 4, bound by dims"):
            propagate(z(5, 1), B, z(5, 5))
        with dims(n_x=4):  # the same size again is fine
            pass
        with (
            pytest.raises(
                ShapeError,
                match=re.escape(
                    "dims(n_x=5): n_x = 5 conflicts with n_x = 4, bound by dims(n_x=4)"
                ),
            ),
            dims(n_x=5),
        ):
            pass
    assert dict(outer) == {"n_x": 4}


def test_dims_values_are_checked():
    assert dict(dims(batch=[2, 3])) == {"batch": (2, 3)}
    assert dict(dims(n=np.int64(3))) == {"n": 3}
    with pytest.raises(TypeError, match=re.escape("dims(n=2.5): a size is an int")):
        dims(n=2.5)
    with pytest.raises(TypeError, match="a size is an int"):
        dims(n=True)
    with pytest.raises(ValueError, match="sizes are 0 or more"):
        dims(n=-1)


def test_expect_outside_a_call_uses_the_scope():
    with dims(n=3):
        expect(z(3, 5), "n, m")
        expect(z(3, 6), "n, m")  # each expect outside a call binds m afresh
        with pytest.raises(ShapeError, match="bound by dims"):
            expect(z(4), "n")


def test_a_scope_applies_to_variadic_names():
    with dims(batch=(2, 3)):
        expect(z(2, 3, 5), "*batch, k")
        with pytest.raises(
            ShapeError,
            match=frag("are (2, 4) but *batch = (2, 3)", "dims(batch=(2, 3))"),
        ):
            expect(z(2, 4, 5), "*batch, k")


# -- threads and recursion ----------------------------------------------------------------


def test_threads_do_not_cross_talk():
    @shaped(x="n", y="n", returns="n")
    def add(x, y):
        return x + y

    errors: list[str] = []
    wrong: list[str] = []

    def work(t: int) -> None:
        a, c = z(t + 1), z(t + 1)
        bad = z(t + 2)
        with dims(k=t):
            try:
                for i in range(10_000):
                    if add(a, c) is None:
                        errors.append("none")
                    if i % 1000 == 0:
                        try:
                            add(a, bad)
                        except ShapeError as e:
                            if e.expected != t + 1 or e.actual != t + 2:
                                wrong.append(str(e))
                        else:
                            wrong.append(f"thread {t}: no error")
                        expect(z(t), "k")
                        try:
                            expect(z(t + 1), "k")
                        except ShapeError as e:
                            if e.expected != t:
                                wrong.append(str(e))
                        else:
                            wrong.append(f"thread {t}: scope not held")
            except Exception as e:  # collected and asserted below
                errors.append(repr(e))

    threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    assert wrong == []


def test_a_thread_does_not_inherit_the_scope():
    seen = []
    with dims(n=3):
        th = threading.Thread(target=lambda: seen.append(expect(z(5), "n").shape))
        th.start()
        th.join()
    assert seen == [(5,)]


def test_recursion_keeps_each_call_s_bindings():
    @shaped(x="n", returns="n")
    def halve(x):
        if len(x) <= 1:
            return x
        inner = halve(x[: len(x) // 2])  # binds its own n
        assert len(inner) == len(x) // 2
        return expect(x, "n") * 2

    assert halve(z(16)).shape == (16,)

    @shaped(x="n", returns="n")
    def broken(x):
        if len(x) > 2:
            broken(x[1:])
            return x[1:]
        return x

    with pytest.raises(
        ShapeError,
        match=frag(
            "broken(): the result has shape (2,)",
            "axis 0 (-1) is 2 but n = 3, bound by x with shape (3,)",
        ),
    ):
        broken(z(3))


# -- the off switch -----------------------------------------------------------------------


def run(code: str, value: str) -> subprocess.CompletedProcess[str]:
    env = {"BCAST_GUARD": value, "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


OFF_CODE = """
import numpy as np, bcast
def f(X):
    return X
g = bcast.shaped(X="n, m", returns="()")(f)
print(g is f, bcast.expect(np.zeros(3), "4, 4").shape, bcast.guard.enabled())
"""


@pytest.mark.parametrize("value", ["0", "off", "FALSE", " no "])
def test_off_switch_in_the_environment(value):
    out = run(OFF_CODE, value)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "(3,)", "False"]


def test_on_values_in_the_environment():
    for value in ("1", "on", "", "yes"):
        out = run(OFF_CODE, value)
        assert "ShapeError" in out.stderr, value


def test_bad_value_lists_the_valid_ones():
    out = run("import bcast; bcast.shaped", "maybe")
    assert out.returncode == 1
    last = out.stderr.strip().splitlines()[-1]
    assert "ValueError: BCAST_GUARD='maybe' is not a valid value" in last
    for valid in ("0", "off", "false", "no", "1", "on", "true", "yes"):
        assert re.search(rf"\b{valid}\b", last)


def test_disable_and_enable_at_run_time():
    @shaped(x="4")
    def ident(x):
        return x

    assert enabled()
    disable()
    try:
        assert not enabled()
        a = z(3)
        assert ident(a) is a  # not checked
    finally:
        enable()
    with pytest.raises(ShapeError, match=frag("axis 0 (-1) is 3, expected 4")):
        ident(z(3))


def test_disabled_expect_returns_at_once():
    disable()
    try:
        a = z(3)
        assert expect(a, "4, 4") is a
        assert expect(a, "n,,") is a  # not even parsed
    finally:
        enable()


# -- other array libraries ---------------------------------------------------------------


def test_dask_unknown_sizes_are_skipped_not_failed():
    da = pytest.importorskip("dask.array")
    x = da.zeros((10, 3), chunks=5)
    y = x[x[:, 0] > -1]  # the number of rows is unknown: NaN
    assert np.isnan(y.shape[0])
    assert expect(y, "n, 3") is y
    assert expect(y, "4, 3") is y
    with pytest.raises(
        ShapeError,
        match=frag("has shape (?, 3), expected (n, 4)", "axis 1 (-1) is 3, expected 4"),
    ):
        expect(y, "n, 4")

    @shaped(a="n, k", b="k")
    def f(a, b):
        return a

    assert f(y, da.zeros(3)) is y
    with pytest.raises(ShapeError, match="k = 3, bound by a"):
        f(y, da.zeros(4))


def test_torch_tensors():
    torch = pytest.importorskip("torch")
    t = torch.zeros(4, 8)
    assert expect(t, "n_x, m") is t
    w = torch.zeros(4, 1)
    b = torch.zeros(1, 1)

    @shaped(w="n_x, 1", b="1, 1", X="n_x, m", returns="1, m")
    def forward(w, b, X):
        return torch.sigmoid(w.T @ X + b)

    out = forward(w, b, t)
    assert tuple(out.shape) == (1, 8)
    with pytest.raises(
        ShapeError, match=frag("X has shape (3, 8)", "n_x = 4, bound by w")
    ):
        forward(w, b, torch.zeros(3, 8))
    with pytest.raises(ShapeError, match=frag("the result has shape (1, 9)", "m = 8")):
        shaped(X="n, m", returns="1, m")(lambda X: torch.zeros(1, 9))(t)


def test_jax_arrays():
    jnp = pytest.importorskip("jax.numpy")
    a = jnp.zeros((2, 3))
    assert expect(a, "*b, 3") is a
    with pytest.raises(ShapeError, match=re.escape("axis 1 (-1) is 3, expected 4")):
        expect(a, "2, 4")


def test_layout_hint_for_the_argument_that_bound_the_size():
    """fit(X, Y) with scikit-learn's (m, n_x) X: X binds the sizes, Y fails."""

    @shaped(X="n_x, m", Y="1, m")
    def fit(X, Y):
        return None

    with pytest.raises(
        ShapeError,
        match=frag(
            "Y has shape (1, 426), expected (1, m)",
            "bound by X with shape (426, 8)",
            "X's transpose (8, 426) would make it fit (examples are columns here): "
            "did you mean X.T?",
        ),
    ):
        fit(z(426, 8), z(1, 426))
    with pytest.raises(
        ShapeError,
        match=frag("did you mean X.T? Then: a rank-1 array (426,)", "Y.reshape(1, -1)"),
    ):
        fit(z(426, 8), z(426))
    with pytest.raises(ShapeError) as info:  # no transpose helps: no hint
        fit(z(5, 8), z(1, 7))
    assert info.value.hint is None
