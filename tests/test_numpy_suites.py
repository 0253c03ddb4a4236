"""NumPy's own test cases, as data: bcast gives NumPy's answer or its exception class.

Each table is transcribed from the test file of the NumPy wheel in the venv
(NumPy 2.x, ``numpy/lib/tests/...`` and ``numpy/_core/tests/...``), with the
test's name beside it.  Every case is also run through NumPy here, so a case
that NumPy answers differently fails loudly instead of testing nothing.
"""

from __future__ import annotations

import numpy as np
import pytest

from bcast import (
    BcastError,
    ShapeSyntaxError,
    broadcast_shapes,
    can_broadcast_to,
    output_shapes,
    parse_signature,
    stretched_axes,
)

try:
    from numpy._core import _umath_tests as umt
except ImportError:  # NumPy 1.x
    from numpy.core import _umath_tests as umt  # type: ignore[no-redef]


def outcome(f, *args, **kwargs):
    """The result of ``f``, or the exception class it raised (TypeError first:
    bcast's SizeTypeError is both a TypeError and a ValueError)."""
    try:
        return f(*args, **kwargs)
    except TypeError:
        return TypeError
    except ValueError:
        return ValueError


# -- numpy/lib/tests/test_stride_tricks.py -------------------------------------

# Size-0 cases that NumPy's tests below all list, word for word
SIZE_ZERO = [
    ([(1, 0), (0, 0)], (0, 0)),
    ([(0, 1), (0, 0)], (0, 0)),
    ([(1, 0), (0, 1)], (0, 0)),
    ([(1, 1), (0, 0)], (0, 0)),
    ([(1, 1), (1, 0)], (1, 0)),
    ([(1, 1), (0, 1)], (0, 1)),
    ([(), (0,)], (0,)),
    ([(0,), (0, 0)], (0, 0)),
    ([(0,), (0, 1)], (0, 0)),
    ([(1,), (0, 0)], (0, 0)),
    ([(), (0, 0)], (0, 0)),
    ([(1, 1), (0,)], (1, 0)),
    ([(1,), (0, 1)], (0, 1)),
    ([(1,), (1, 0)], (1, 0)),
    ([(), (1, 0)], (1, 0)),
    ([(), (0, 1)], (0, 1)),
]

# test_broadcast_shapes_succeeds
BROADCAST_SHAPES_SUCCEEDS = [
    ([], ()),
    ([()], ()),
    ([(7,)], (7,)),
    ([(1, 2), (2,)], (1, 2)),
    ([(1, 1)], (1, 1)),
    ([(1, 1), (3, 4)], (3, 4)),
    ([(6, 7), (5, 6, 1), (7,), (5, 1, 7)], (5, 6, 7)),
    ([(5, 6, 1)], (5, 6, 1)),
    ([(1, 3), (3, 1)], (3, 3)),
    *SIZE_ZERO,
    ([(1,), (3,)], (3,)),
    ([2, (3, 2)], (3, 2)),
    ([(1, 2)] * 32, (1, 2)),
    ([(1, 2)] * 100, (1, 2)),
    ([(2,)] * 32, (2,)),  # gh-5862
]

# test_broadcast_shapes_raises, test_incompatible_shapes_raise_valueerror
BROADCAST_SHAPES_RAISES = [
    [(3,), (4,)],
    [(2, 3), (2,)],
    [(3,), (3,), (4,)],
    [(1, 3, 4), (2, 3, 3)],
    [(1, 2), (3, 1), (3, 2), (10, 5)],
    [2, (2, 3)],
    [(2,)] * 32 + [(3,)] * 32,
]

# test_two_compatible_by_ones_input_shapes,
# test_two_compatible_by_prepending_ones_input_shapes, test_same_as_ufunc
# (each also reversed there: "broadcasting should be symmetric")
TWO_COMPATIBLE = [
    ([(1,), (3,)], (3,)),
    ([(1, 3), (3, 3)], (3, 3)),
    ([(3, 1), (3, 3)], (3, 3)),
    ([(1, 3), (3, 1)], (3, 3)),
    ([(1, 1), (3, 3)], (3, 3)),
    ([(1, 1), (1, 3)], (1, 3)),
    ([(1, 1), (3, 1)], (3, 1)),
    *SIZE_ZERO[:6],
    ([(), (3,)], (3,)),
    ([(3,), (3, 3)], (3, 3)),
    ([(3,), (3, 1)], (3, 3)),
    ([(1,), (3, 3)], (3, 3)),
    ([(), (3, 3)], (3, 3)),
    ([(1, 1), (3,)], (1, 3)),
    ([(1,), (3, 1)], (3, 1)),
    ([(1,), (1, 3)], (1, 3)),
    ([(), (1, 3)], (1, 3)),
    ([(), (3, 1)], (3, 1)),
    *SIZE_ZERO[6:],
]

# test_same_input_shapes: one, two and three copies of each
SAME_INPUT_SHAPES = [
    (),
    (1,),
    (3,),
    (0, 1),
    (0, 3),
    (1, 0),
    (3, 0),
    (1, 3),
    (3, 1),
    (3, 3),
]


@pytest.mark.parametrize(("shapes", "expected"), BROADCAST_SHAPES_SUCCEEDS)
def test_broadcast_shapes_succeeds(shapes, expected):
    assert np.broadcast_shapes(*shapes) == expected
    assert broadcast_shapes(*shapes) == expected


@pytest.mark.parametrize("shapes", BROADCAST_SHAPES_RAISES)
def test_broadcast_shapes_raises(shapes):
    assert outcome(np.broadcast_shapes, *shapes) is ValueError
    assert outcome(broadcast_shapes, *shapes) is ValueError


@pytest.mark.parametrize(("shapes", "expected"), TWO_COMPATIBLE)
def test_two_compatible_shapes_either_way(shapes, expected):
    for order in (shapes, shapes[::-1]):
        assert np.broadcast_shapes(*order) == expected
        assert broadcast_shapes(*order) == expected


@pytest.mark.parametrize("shape", SAME_INPUT_SHAPES)
def test_same_input_shapes(shape):
    for copies in (1, 2, 3):
        assert broadcast_shapes(*[shape] * copies) == shape


# test_broadcast_shape (the private _broadcast_shape, on arrays' shapes)
@pytest.mark.parametrize(
    ("shapes", "expected"),
    [
        ([], ()),
        ([(2,)], (2,)),  # _broadcast_shape([1, 2])
        ([(1, 1)], (1, 1)),
        ([(1, 1), (3, 4)], (3, 4)),
        ([(1, 2)] * 32, (1, 2)),
        ([(1, 2)] * 100, (1, 2)),
        ([(2,)] * 32 + [()], (2,)),  # gh-5862: [np.ones(2)] * 32 + [1]
        ([(2,)] * 32 + [(3,)] * 32, ValueError),
    ],
)
def test_private_broadcast_shape(shapes, expected):
    from numpy.lib._stride_tricks_impl import _broadcast_shape

    arrays = [np.ones(s) for s in shapes]
    assert outcome(lambda: _broadcast_shape(*arrays)) == expected
    assert outcome(broadcast_shapes, *shapes) == expected


# test_broadcast_to_succeeds: (array's shape, target) -> the result's shape
BROADCAST_TO_SUCCEEDS = [
    ((), (0,)),
    ((), (1,)),
    ((), (3,)),
    ((1,), (1,)),
    ((1,), (2,)),
    ((1,), (1, 2, 3)),
    ((3,), (3,)),
    ((3,), (1, 3)),
    ((3,), (2, 3)),
    ((0,), 0),  # a target that is not a tuple
    ((1,), 1),
    ((1,), 2),
    ((1,), (0,)),  # size 0: "strange, but they reproduce the behavior of ufuncs"
    ((1, 2), (0, 2)),
    ((2, 1), (2, 0)),
]

# test_broadcast_to_raises
BROADCAST_TO_RAISES = [
    ((0,), ()),
    ((1,), ()),
    ((3,), ()),
    ((3,), (1,)),
    ((3,), (2,)),
    ((3,), (4,)),
    ((1, 2), (2, 1)),
    ((1, 1), (1,)),
    ((1,), -1),
    ((1,), (-1,)),
    ((1, 2), (-1, 2)),
]


@pytest.mark.parametrize(("shape", "target"), BROADCAST_TO_SUCCEEDS)
def test_broadcast_to_succeeds(shape, target):
    np.broadcast_to(np.zeros(shape), target)
    assert can_broadcast_to(shape, target)
    stretched_axes(shape, target)


@pytest.mark.parametrize(("shape", "target"), BROADCAST_TO_RAISES)
def test_broadcast_to_raises(shape, target):
    assert outcome(np.broadcast_to, np.zeros(shape), target) is ValueError
    assert outcome(stretched_axes, shape, target) is ValueError
    if -1 not in np.atleast_1d(target):  # a negative size: refused, not False
        assert not can_broadcast_to(shape, target)


# -- numpy/_core/tests/test_ufunc.py: TestUfunc.test_signature* ----------------

# test_signature0 ... test_signature10: signatures the C parser accepts, with
# the core dimensions of every argument it reports (num_dims), and whether
# two spellings are one dimension ("(3),(03,3)": ixs (0, 0, 0, ...)).
SIGNATURES = [
    ("(i),(i)->()", 2, 1, "(i),(i)->()"),
    ("(),()->()", 2, 1, "(),()->()"),
    ("(i1,i2),(J_1)->(_kAB)", 2, 1, "(i1,i2),(J_1)->(_kAB)"),
    ("(i1, i12),   (J_1)->(i12, i2)", 2, 1, "(i1,i12),(J_1)->(i12,i2)"),
    ("(n,k),(k,m)->(n,m)", 2, 1, "(n,k),(k,m)->(n,m)"),
    ("(n?,k),(k,m?)->(n?,m?)", 2, 1, "(n?,k),(k,m?)->(n?,m?)"),
    ("(3)->()", 1, 1, "(3)->()"),
    ("(3),(03,3),(n)->(9)", 3, 1, "(3),(3,3),(n)->(9)"),
    ("(3?),(3?,3?),(n)->(9)", 3, 1, "(3?),(3?,3?),(n)->(9)"),
    ("(  3)  -> ( )", 1, 1, "(3)->()"),
    ("( 3? ) , (3? ,  3?) ,(n )-> ( 9)", 3, 1, "(3?),(3?,3?),(n)->(9)"),
]


@pytest.mark.parametrize(("text", "nin", "nout", "canonical"), SIGNATURES)
def test_signatures_numpy_parses(text, nin, nout, canonical):
    _, num_dims, ixs, _, _ = umt.test_signature(nin, nout, text)
    sig = parse_signature(text)
    assert (sig.nin, sig.nout) == (nin, nout)
    assert str(sig) == canonical
    assert tuple(len(a) for a in sig.inputs + sig.outputs) == tuple(num_dims)
    names = [d.name for a in sig.inputs + sig.outputs for d in a]
    # NumPy numbers the distinct dimensions in order: bcast names them alike
    assert [sig.dimensions.index(n) for n in names] == list(ixs)


# test_signature_failure_* and the parser's own refusals (ufunc_object.c
# _parse_signature: "non-zero frozen size", "name already seen without ?")
BAD_SIGNATURES = [
    ("((i)),(i)->()", 2, 1),  # test_signature_failure_extra_parenthesis
    ("(i),)i(->()", 2, 1),  # test_signature_failure_mismatching_parenthesis
    ("(i),->()", 2, 1),  # test_signature_failure_signature_missing_input_arg
    ("(m?,0),(0,p?)->(m?,p?)", 2, 1),  # frozen size 0
    ("(n),(n?)->()", 2, 1),  # ? after the name was seen without it
    ("(i)->(i?)", 1, 1),
    ("(n?),(n)->()", 2, 1),  # and the other way round
    ("(3),(3?)->()", 2, 1),
    ("(i,)->()", 1, 1),  # "',' must not be followed by ')'"
]


@pytest.mark.parametrize(("text", "nin", "nout"), BAD_SIGNATURES)
def test_signatures_numpy_refuses(text, nin, nout):
    with pytest.raises(ValueError, match="at position"):
        umt.test_signature(nin, nout, text)
    with pytest.raises(ShapeSyntaxError):
        parse_signature(text)


# -- numpy/lib/tests/test_function_base.py: TestVectorize ---------------------

# test_parse_gufunc_signature: what np.vectorize's parser reads, as
# (inputs, outputs) of dimension names
VECTORIZE_PARSES = [
    ("(x)->()", ([("x",)], [()])),
    ("(x,y)->()", ([("x", "y")], [()])),
    ("(x),(y)->()", ([("x",), ("y",)], [()])),
    ("(x)->(y)", ([("x",)], [("y",)])),
    ("(x)->(y),()", ([("x",)], [("y",), ()])),
    ("(),(a,b,c),(d)->(d,e)", ([(), ("a", "b", "c"), ("d",)], [("d", "e")])),
    ("(x )->()", ([("x",)], [()])),
    ("( x , y )->(  )", ([("x", "y")], [()])),
    ("(x),( y) ->()", ([("x",), ("y",)], [()])),
    ("(  x)-> (y )  ", ([("x",)], [("y",)])),
    (" (x)->( y),( )", ([("x",)], [("y",), ()])),
    (
        "(  ), ( a,  b,c )  ,(  d)   ->   (d  ,  e)",
        ([(), ("a", "b", "c"), ("d",)], [("d", "e")]),
    ),
]


@pytest.mark.parametrize(("text", "expected"), VECTORIZE_PARSES)
def test_vectorize_parses(text, expected):
    from numpy.lib import _function_base_impl as nfb

    assert nfb._parse_gufunc_signature(text) == expected
    sig = parse_signature(text)
    names = (
        [tuple(d.name for d in a) for a in sig.inputs],
        [tuple(d.name for d in a) for a in sig.outputs],
    )
    assert names == expected


@pytest.mark.parametrize("text", ["(x)(y)->()", "(x),(y)->", "((x))->(x)"])
def test_vectorize_refuses(text):
    from numpy.lib import _function_base_impl as nfb

    with pytest.raises(ValueError, match="not a valid gufunc signature"):
        nfb._parse_gufunc_signature(text)
    with pytest.raises(ShapeSyntaxError):
        parse_signature(text)


# -- numpy/_core/tests/test_ufunc.py: TestUfunc gufunc calls --------------------

# (gufunc, input shapes) from test_broadcast, test_innerwt, test_cross1d,
# test_can_ignore_signature and test_matrix_multiply_umath_empty
GUFUNC_CALLS = [
    (np.vecdot, [(2, 1, 2), (1, 2, 2)]),  # test_broadcast: "broadcast"
    (np.vecdot, [(2, 1, 2), (2, 2)]),  # "extend & broadcast loop dimensions"
    (np.vecdot, [(4, 2), (4, 1)]),  # "Broadcast in core dimensions should fail"
    (np.vecdot, [(4, 2), ()]),  # "Extend core dimensions should fail"
    (np.vecdot, [(2, 1, 1), (3, 1, 1)]),  # "Broadcast should fail"
    (umt.innerwt, [(2, 3), (2, 3), (2, 3)]),  # test_innerwt
    (umt.innerwt, [(2, 3, 4), (2, 3, 4), (2, 3, 4)]),
    (umt.innerwt, [(0,), (0,), (0,)]),  # test_innerwt_empty
    (umt.cross1d, [(3, 3), (3, 3)]),  # test_cross1d
    (umt.cross1d, [(4, 4), (4, 4)]),
    (umt.cross1d, [(3, 3), (4,)]),
    (umt.matrix_multiply, [(2, 3, 2), (2, 1)]),  # test_can_ignore_signature
    (umt.matmul, [(2, 3, 2), (2, 1)]),
    (umt.matrix_multiply, [(2, 3, 2), (2,)]),
    (umt.matmul, [(2, 3, 2), (2,)]),
    (umt.matrix_multiply, [(2, 3, 2), (2, 2, 2, 1)]),
    (umt.matmul, [(2, 3, 2), (2, 2, 2, 1)]),
    (umt.matrix_multiply, [(1, 3), (2, 3, 2)]),
    (umt.matrix_multiply, [(3,), (2, 3, 2)]),
    (umt.matmul, [(3,), (2, 3, 2)]),
    (umt.matrix_multiply, [(4, 2, 1, 1, 3), (2, 3, 2)]),
    (umt.matrix_multiply, [(1, 3), (3, 1)]),
    (umt.matrix_multiply, [(3,), (3,)]),
    (umt.matmul, [(3,), (3,)]),
    (umt.matrix_multiply, [(4, 2, 1, 1, 3), (4, 2, 1, 3, 1)]),
    (umt.matrix_multiply, [(0, 10), (10, 0)]),  # test_matrix_multiply_umath_empty
    (umt.matrix_multiply, [(10, 0), (0, 10)]),
]


@pytest.mark.parametrize(
    ("gufunc", "shapes"), GUFUNC_CALLS, ids=lambda x: getattr(x, "__name__", None)
)
def test_gufunc_calls(gufunc, shapes):
    arrays = [np.zeros(s) for s in shapes]
    expected = outcome(lambda: (gufunc(*arrays).shape,))
    assert outcome(output_shapes, gufunc.signature, *shapes) == expected


# test_out_broadcasts, test_out_broadcast_errors, test_broadcast ("Output
# reduction should not be allowed"), test_cross1d ("Wrong output core/broadcast
# dimension"), test_can_ignore_signature ("one cannot put missing dimensions
# back ... But fine for matmul"): (gufunc, input shapes, output shape)
GUFUNC_OUT = [
    (np.vecdot, [(1, 3), (1, 3)], (5, 4, 3)),
    (np.vecdot, [(3, 2), (2,)], ()),
    (np.vecdot, [(3, 2), (2,)], (3,)),
    (np.vecdot, [(2, 3, 2), (2, 1, 2)], (2, 3)),  # test_output_argument
    (umt.cross1d, [(3,), (3, 3)], (3, 3)),
    (umt.cross1d, [(3, 3), (3,)], (3, 4)),
    (umt.cross1d, [(3, 3), (3,)], (3,)),
    (umt.matrix_multiply, [(4, 2, 1, 1, 3), (4, 2, 1, 3, 1)], (4, 2, 1, 1, 1)),
    (umt.matmul, [(4, 2, 1, 1, 3), (4, 2, 1, 3, 1)], (4, 2, 1, 1, 1)),
    (umt.matrix_multiply, [(3,), (3,)], (1, 1)),
    (umt.matmul, [(3,), (3,)], (1, 1)),
    (umt.matrix_multiply, [(2, 2), (2, 2)], (2,)),  # test_axes_argument
]


@pytest.mark.parametrize(
    ("gufunc", "shapes", "out"), GUFUNC_OUT, ids=lambda x: getattr(x, "__name__", None)
)
def test_gufunc_out(gufunc, shapes, out):
    arrays = [np.zeros(s) for s in shapes]
    expected = outcome(lambda: (gufunc(*arrays, out=np.zeros(out)).shape,))
    assert outcome(output_shapes, gufunc.signature, *shapes, out=[out]) == expected


# test_axes_argument, test_axis_argument, test_keepdims_argument: the options
# on a (3, 3, 3) and a (3, 1, 3) array (vecdot), or on (2, 3, 2) and
# (2, 2, 2, 1) (matrix_multiply), with NumPy's exception classes
A, B = (3, 3, 3), (3, 1, 3)
MA, MB = (2, 3, 2), (2, 2, 2, 1)
GUFUNC_OPTIONS = [
    (np.vecdot, [A, B], {"axes": [(-1,), (-1,), ()]}),
    (np.vecdot, [A, B], {"axes": [-1, -1, ()]}),
    (np.vecdot, [A, B], {"axes": [(-1,), -1, ()]}),
    (np.vecdot, [A, B], {"axes": [-1, -1]}),
    (np.vecdot, [A, B], {"axes": [np.int8(-1), np.array(-1, dtype=np.int32)]}),
    (np.vecdot, [A, B], {"axes": [0, 0]}),
    (np.vecdot, [A, B], {"axes": [0, 2]}),
    (np.vecdot, [A, B], {"axes": -1}),
    (np.vecdot, [A, B], {"axes": [-1]}),
    (np.vecdot, [A, B], {"axes": [-1.0, -1.0]}),
    (np.vecdot, [A, B], {"axes": [(-1.0,), -1]}),
    (np.vecdot, [A, B], {"axes": [None, 1]}),
    (np.vecdot, [A, B], {"axes": [-1, -1, -1]}),
    (np.vecdot, [A, B], {"axes": [-1, -1, (-1,)]}),
    (np.vecdot, [A, B], {"axes": [-1, (-2, -1), ()]}),
    (np.vecdot, [A, B], {"axes": [0, 1]}),
    (umt.matrix_multiply, [MA, MB], {"axes": [(-2, -1), (-2, -1), (-2, -1)]}),
    (umt.matrix_multiply, [MA, MB], {"axes": [(1, 2), (2, 3), (2, 3)]}),
    (umt.matrix_multiply, [MA, MB], {"axes": [(0, -1), (1, 2), (-2, -1)]}),
    (umt.matrix_multiply, [MA, MB], {"axes": [(-2, -1), (-2, -1), (3, 0)]}),
    (umt.matrix_multiply, [MA, MB], {"axis": 1}),
    (umt.matrix_multiply, [MA, MB], {"axes": 1}),
    (umt.matrix_multiply, [MA, MB], {"axes": ((-2, -1), (-2, -1), (-2, -1))}),
    (umt.matrix_multiply, [MA, MB], {"axes": []}),
    (umt.matrix_multiply, [MA, MB], {"axes": [(-2, -1)]}),
    (umt.matrix_multiply, [MA, MB], {"axes": [None, None, None]}),
    (umt.matrix_multiply, [MA, MB], {"axes": [[-2, -1], [-2, -1], [-2, -1]]}),
    (umt.matrix_multiply, [MA, MB], {"axes": [(-2, -1), (-2, -1), [-2, -1]]}),
    (umt.matrix_multiply, [MA, MB], {"axes": [(-2, -1), (-2, -1), None]}),
    (umt.matrix_multiply, [MA, MB], {"axes": [-1, -1, -1]}),
    (umt.matrix_multiply, [MA, MB], {"axes": [(-2, -1), (-2, -1), -1]}),
    (umt.matrix_multiply, [MA, MB], {"axes": [(-2, -1), (-2, -1), (-2, -2)]}),
    (umt.matrix_multiply, [(2,), (2, 2)], {"axes": [0, 1]}),
    (np.vecdot, [A, B], {"axis": -1}),
    (np.vecdot, [A, B], {"axis": 0}),
    (umt.innerwt, [(2, 3), (2, 3), (2, 3)], {"axis": 0}),
    (umt.cumsum, [(2, 3)], {"axis": 0}),
    (umt.cumsum, [(2, 3)], {"axis": -1}),
    (np.vecdot, [(2, 3), (2, 3)], {"axis": 0, "axes": [0, 0]}),
    (np.vecdot, [(2, 3), (2, 3)], {"axis": [0]}),
    (umt.matrix_multiply, [(2, 3), (2, 3)], {"axis": 1}),
    (np.vecdot, [A, B], {"keepdims": False}),
    (np.vecdot, [A, B], {"keepdims": True}),
    (np.vecdot, [A, B], {"axis": -1, "keepdims": True}),
    (np.vecdot, [A, B], {"axis": 0, "keepdims": False}),
    (np.vecdot, [A, B], {"axis": 0, "keepdims": True}),
    (np.vecdot, [A, B], {"axes": [(-1,), (-1,), ()], "keepdims": False}),
    (np.vecdot, [A, B], {"axes": [(-1,), (-1,), (-1,)], "keepdims": True}),
    (np.vecdot, [A, B], {"axes": [0, 0], "keepdims": False}),
    (np.vecdot, [A, B], {"axes": [0, 0, 0], "keepdims": True}),
    (np.vecdot, [A, B], {"axes": [0, 2], "keepdims": True}),
    (np.vecdot, [A, B], {"axes": [0, 2, 2], "keepdims": True}),
    (np.vecdot, [A, B], {"axes": [0, 2, 0], "keepdims": True}),
    (np.vecdot, [A, B], {"axes": [0, 2, 1], "keepdims": True}),
    (umt.innerwt, [(2, 3), (2, 3), (2, 3)], {"keepdims": True}),
    (umt.innerwt, [(2, 3), (2, 3), (2, 3)], {"axis": 0, "keepdims": True}),
    (np.vecdot, [(2, 3), (2, 3)], {"keepdims": "true"}),
    (umt.matrix_multiply, [(2, 3), (2, 3)], {"keepdims": True}),
    (umt.matrix_multiply, [(2, 3), (2, 3)], {"keepdims": False}),
]


def numpy_outcome(gufunc, shapes, options):
    arrays = [np.zeros(s) for s in shapes]
    try:
        return (gufunc(*arrays, **options).shape,)
    except np.exceptions.AxisError:
        return np.exceptions.AxisError
    except TypeError:
        return TypeError
    except ValueError:
        return ValueError


def bcast_outcome(signature, shapes, options):
    try:
        return output_shapes(signature, *shapes, **options)
    except BcastError as e:
        if isinstance(e, IndexError) and isinstance(e, ValueError):
            return np.exceptions.AxisError  # bcast's AxisError is both, as NumPy's
        return TypeError if isinstance(e, TypeError) else ValueError


@pytest.mark.parametrize(
    ("gufunc", "shapes", "options"),
    GUFUNC_OPTIONS,
    ids=lambda x: getattr(x, "__name__", None),
)
def test_gufunc_options(gufunc, shapes, options):
    expected = numpy_outcome(gufunc, shapes, options)
    assert bcast_outcome(gufunc.signature, shapes, options) == expected
