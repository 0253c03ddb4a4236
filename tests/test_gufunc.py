"""Generalized ufunc signatures, checked against NumPy's gufuncs and vectorize."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import mutually_broadcastable_shapes

from bcast import (
    BroadcastError,
    CoreDimensionError,
    ShapeSyntaxError,
    SignatureError,
    broadcast_signature,
    output_shapes,
    parse_signature,
)

try:  # NumPy's own test gufuncs: fixed-size and optional core dimensions
    from numpy._core import _umath_tests as umath_tests
except ImportError:  # NumPy 1.x
    from numpy.core import _umath_tests as umath_tests  # type: ignore[no-redef]

GUFUNCS = [
    np.matmul,  # (n?,k),(k,m?)->(n?,m?)
    np.vecdot,  # (n),(n)->()
    np.matvec,  # (m,n),(n)->(m)
    np.vecmat,  # (n),(n,m)->(m)
    umath_tests.cross1d,  # (3),(3)->(3)
    umath_tests.matmul,  # (m?,n),(n,p?)->(m?,p?)
    umath_tests.innerwt,  # (i),(i),(i)->()
    umath_tests.cumsum,  # (i)->(i)
]


def numpy_gufunc(ufunc: np.ufunc, shapes: tuple[tuple[int, ...], ...]) -> object:
    try:
        out = ufunc(*(np.zeros(s) for s in shapes))
    except ValueError:
        return ValueError
    return (out.shape,)


def bcast_gufunc(signature: str, shapes: tuple[tuple[int, ...], ...]) -> object:
    try:
        return output_shapes(signature, *shapes)
    except ValueError:
        return ValueError


@pytest.mark.parametrize("ufunc", GUFUNCS, ids=lambda u: u.__name__)
@given(data=st.data())
def test_compatible_shapes_give_numpys_outputs(ufunc, data):
    case = data.draw(
        mutually_broadcastable_shapes(signature=ufunc.signature, max_side=3)
    )
    expected = numpy_gufunc(ufunc, case.input_shapes)
    assert expected == (case.result_shape,)
    assert bcast_gufunc(ufunc.signature, case.input_shapes) == expected


@pytest.mark.parametrize("ufunc", GUFUNCS, ids=lambda u: u.__name__)
@given(
    data=st.data(),
    shapes=st.lists(
        st.lists(st.sampled_from([0, 1, 2, 3, 3]), max_size=4).map(tuple),
        min_size=1,
        max_size=3,
    ),
)
def test_random_shapes_fail_exactly_when_numpy_fails(ufunc, data, shapes):
    shapes = tuple((shapes * 3)[: ufunc.nin])
    assert bcast_gufunc(ufunc.signature, shapes) == numpy_gufunc(ufunc, shapes)


VECTORIZE_SIGNATURES = ["(i),(i)->()", "(m,n),(n,p)->(m,p)", "(n)->(n)", "(a,b)->(b)"]


def vectorized(signature: str):
    sig = parse_signature(signature)

    def core(*args: np.ndarray) -> np.ndarray:
        bound: dict[str, int] = {}
        for arg, dims in zip(args, sig.inputs):
            for d, n in zip(dims, arg.shape[arg.ndim - len(dims) :]):
                bound[d.name] = n
        return np.zeros([bound[d.name] for d in sig.outputs[0]])

    return np.vectorize(core, signature=signature, otypes=[float])


@pytest.mark.parametrize("signature", VECTORIZE_SIGNATURES)
@given(data=st.data())
def test_vectorize_compatible(signature, data):
    case = data.draw(mutually_broadcastable_shapes(signature=signature, max_side=3))
    out = vectorized(signature)(*(np.zeros(s) for s in case.input_shapes))
    assert output_shapes(signature, *case.input_shapes) == (out.shape,)


@pytest.mark.parametrize("signature", VECTORIZE_SIGNATURES)
@given(
    shapes=st.lists(
        st.lists(st.sampled_from([1, 2, 3]), max_size=4).map(tuple),
        min_size=2,
        max_size=2,
    )
)
@example(shapes=[(2, 3), (4, 5)])
def test_vectorize_fails_exactly_when_numpy_fails(signature, shapes):
    nin = parse_signature(signature).nin
    shapes = tuple(shapes[:nin])
    try:
        expected: object = (
            vectorized(signature)(*(np.zeros(s) for s in shapes)).shape,
        )
    except ValueError:
        expected = ValueError
    assert bcast_gufunc(signature, shapes) == expected


# numpy/lib/tests/test_function_base.py, TestVectorize: test_signature_invalid_inputs, test_signature_mean_last, test_signature_center,
# test_signature_outer, test_signature_simple: (signature, input shapes)
VECTORIZE_CALLS = [
    ("(n),(n)->(n)", [(2,)]),  # wrong number of positional arguments
    ("(n),(n)->(n)", [(), ()]),  # does not have enough dimensions
    ("(n),(n)->(n)", [(2,), (3,)]),  # inconsistent size for core dimension
    ("()->()", [(), ()]),  # wrong number of positional arguments
    ("(),()->()", [(4,), (4,)]),
    ("(n)->()", [(2, 2)]),
    ("(n)->(n)", [(2, 2)]),
    ("(a),(b)->(a,b)", [(2,), (3,)]),
    ("(a),(b)->(a,b)", [(1, 1, 2), (3,)]),
    ("(a),(b)->(a,b)", [(2, 2), (3,)]),
    ("(a),(b)->(a,b)", [(2,), (2, 3)]),
]


@pytest.mark.parametrize(("signature", "shapes"), VECTORIZE_CALLS)
def test_vectorize_calls(signature, shapes):
    arrays = [np.zeros(s) for s in shapes]
    try:
        expected: object = (vectorized(signature)(*arrays).shape,)
    except TypeError:
        expected = TypeError
    except ValueError:
        expected = ValueError
    assert bcast_call(signature, shapes) == expected


def test_matmul_examples():
    sig = np.matmul.signature
    g = broadcast_signature(sig, (2, 3, 4), (4, 5))
    assert g.ok
    assert g.loop.shape == (2,)
    assert g.core == ((3, 4), (4, 5))
    assert dict(g.bindings) == {"n": 3, "k": 4, "m": 5}
    assert g.outputs == ((2, 3, 5),)
    one_d = broadcast_signature(sig, (4,), (4,))
    assert one_d.missing == ("n", "m")
    assert one_d.outputs == ((),)


def test_core_conflict_names_the_dimension_and_operands():
    g = broadcast_signature(np.matmul.signature, (2, 3), (4, 5))
    assert not g.ok
    assert g.failure.kind == "core"
    assert g.failure.dimension == "k"
    assert g.failure.operands == (0, 1)
    assert g.failure.sizes == (3, 4)
    err = g.error()
    assert isinstance(err, CoreDimensionError)
    assert isinstance(err, ValueError)
    assert (
        "core dimension 'k' is 3 in operand 0 (2, 3) but 4 in operand 1 (4, 5)"
        in str(err)
    )


def test_fixed_size_conflict():
    with pytest.raises(CoreDimensionError, match="fixed size 3 is 4 in operand 1"):
        output_shapes("(3),(3)->(3)", (3,), (4,))


def test_too_few_axes_and_wrong_arity():
    with pytest.raises(SignatureError, match="has 0 axes"):
        output_shapes(np.matmul.signature, (), (3,))
    with pytest.raises(TypeError, match="takes 2 inputs, got 3") as info:
        output_shapes(np.matmul.signature, (3,), (3,), (3,))
    assert isinstance(info.value, SignatureError)
    with pytest.raises(TypeError):  # NumPy raises TypeError for the wrong count too
        np.matmul(np.ones(3), np.ones(3), np.ones(3), np.ones(3))


def test_loop_conflict_is_a_broadcast_error():
    with pytest.raises(BroadcastError) as info:
        output_shapes(np.matmul.signature, (2, 3, 4), (5, 4, 6))
    assert info.value.shapes == ((2,), (5,))


def test_symbolic_core_binding_is_a_condition():
    g = broadcast_signature("(n),(n)->()", ("m",), (3,))
    assert g.ok
    assert str(g.conditions[0]) == "n: m = 3"


def test_unbound_output_dimension_stays_symbolic():
    assert output_shapes("(n,d)->(p)", (4, 2)) == (("p",),)


def test_several_outputs():
    sig = parse_signature("(m,m)->(m),(m,m)")  # np.linalg.eig
    assert output_shapes(sig, (5, 3, 3)) == ((5, 3), (5, 3, 3))


@pytest.mark.parametrize(
    "text",
    [
        "(n?,k),(k,m?)->(n?,m?)",
        "(m, m)->(m, m)",
        "(),()->()",
        "(i)->()",
        "(3),(3)->(3)",
        "(m,n),(n)->(m),(n)",
    ],
)
def test_parse_signature_canonical(text):
    assert str(parse_signature(text)) == text.replace(" ", "")


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("(m,n)->", 7),
        ("(m,n)(n)->()", 5),
        ("m,n->()", 0),
        ("(m,,n)->()", 3),
        ("(m,n->()", 4),
        ("(m)->(n)x", 8),
        ("(-1)->()", 1),
    ],
)
def test_bad_signatures(text, position):
    with pytest.raises(ShapeSyntaxError) as info:
        parse_signature(text)
    assert info.value.position == position
    assert info.value.what == "signature"


# -- the options: axes=, axis=, keepdims=, out=, each against NumPy ---------------


def numpy_call(ufunc: np.ufunc, shapes, **options) -> object:
    try:
        return (ufunc(*(np.zeros(s) for s in shapes), **options).shape,)
    except np.exceptions.AxisError:
        return "AxisError"
    except TypeError:
        return TypeError
    except ValueError:
        return ValueError


def bcast_call(signature: str, shapes, **options) -> object:
    from bcast import BcastError

    try:
        return output_shapes(signature, *shapes, **options)
    except BcastError as e:
        if isinstance(e, IndexError):
            return "AxisError"
        return TypeError if isinstance(e, TypeError) else ValueError


def _scatter(data, shape, ncore):
    """Move a shape's core axes (its last ``ncore``) to random places: the
    shape an array has when ``axes=`` must name where they are."""
    ndim = len(shape)
    where = data.draw(st.permutations(range(ndim)))[:ncore]
    rest = iter(shape[: ndim - ncore])
    moved = [None] * ndim
    for k, a in enumerate(where):
        moved[a] = shape[ndim - ncore + k]
    return tuple(next(rest) if d is None else d for d in moved), tuple(where)


OPTION_GUFUNCS = [
    np.matmul,
    np.vecdot,
    np.matvec,
    umath_tests.matrix_multiply,
    umath_tests.innerwt,
    umath_tests.cumsum,
    umath_tests.cross1d,
]


@pytest.mark.parametrize("ufunc", OPTION_GUFUNCS, ids=lambda u: u.__name__)
@given(data=st.data())
def test_axes_as_numpy(ufunc, data):
    sig = parse_signature(ufunc.signature)
    case = data.draw(
        mutually_broadcastable_shapes(signature=ufunc.signature, max_side=3)
    )
    g = broadcast_signature(sig, *case.input_shapes)
    shapes, axes = [], []
    for shape, core in zip(case.input_shapes, g.core):
        moved, where = _scatter(data, shape, len(core))
        shapes.append(moved)
        axes.append(where)
    out_core = len(case.result_shape) - len(g.loop.shape)
    if any(sig.outputs) or data.draw(st.booleans()):  # else it may be left off
        ndim = len(case.result_shape)
        axes.append(tuple(data.draw(st.permutations(range(ndim)))[:out_core]))
    expected = numpy_call(ufunc, shapes, axes=axes)
    assert isinstance(expected, tuple)  # the axes were chosen to fit
    assert bcast_call(ufunc.signature, shapes, axes=axes) == expected


@pytest.mark.parametrize(
    "ufunc",
    [np.vecdot, umath_tests.innerwt, umath_tests.cumsum],
    ids=lambda u: u.__name__,
)
@given(data=st.data(), keepdims=st.sampled_from([None, False, True]))
def test_axis_and_keepdims_as_numpy(ufunc, data, keepdims):
    case = data.draw(
        mutually_broadcastable_shapes(signature=ufunc.signature, max_side=3)
    )
    low = min(len(s) for s in case.input_shapes)
    axis = data.draw(st.integers(-low - 1, low))
    options: dict[str, object] = {"axis": axis}
    if keepdims is not None:
        options["keepdims"] = keepdims
    expected = numpy_call(ufunc, case.input_shapes, **options)
    assert bcast_call(ufunc.signature, case.input_shapes, **options) == expected


@pytest.mark.parametrize("ufunc", OPTION_GUFUNCS, ids=lambda u: u.__name__)
@given(data=st.data())
def test_out_as_numpy(ufunc, data):
    case = data.draw(
        mutually_broadcastable_shapes(signature=ufunc.signature, max_side=3)
    )
    result = case.result_shape
    out = data.draw(
        st.one_of(
            st.just(result),
            st.lists(st.integers(1, 3), max_size=2).map(lambda lead: (*lead, *result)),
            st.lists(st.integers(0, 3), max_size=len(result) + 1).map(tuple),
        )
    )
    expected = numpy_call(ufunc, case.input_shapes, out=np.zeros(out))
    assert bcast_call(ufunc.signature, case.input_shapes, out=[out]) == expected


def test_options_refused_with_numpys_classes():
    from bcast.errors import AxisError, OptionError, OptionTypeError

    with pytest.raises(OptionTypeError, match="axes takes a list"):
        output_shapes("(n),(n)->()", (3,), (3,), axes=-1)
    with pytest.raises(AxisError, match="out of range for operand 0"):
        output_shapes("(n),(n)->()", (3,), (3,), axes=[1, 0])
    with pytest.raises(OptionError, match="has an axis given twice"):
        output_shapes(
            "(m,n),(n,p)->(m,p)", (3, 3), (3, 3), axes=[(0, 0), (0, 1), (0, 1)]
        )
    with pytest.raises(OptionTypeError, match="single core dimension"):
        output_shapes("(m,n),(n,p)->(m,p)", (3, 3), (3, 3), axis=0)
    with pytest.raises(OptionTypeError, match="keepdims needs"):
        output_shapes("(m,n),(n,p)->(m,p)", (3, 3), (3, 3), keepdims=True)
    with pytest.raises(OptionError, match=r"one shape \(or None\) per output"):
        output_shapes("(n),(n)->()", (3,), (3,), out=[(), ()])
    with pytest.raises(SignatureError, match="does not broadcast to its loop axes"):
        output_shapes("(n),(n)->()", (2, 3), (3,), out=[(3,)])
