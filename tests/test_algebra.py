"""The broadcasting rule, checked against NumPy itself."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import mutually_broadcastable_shapes

import bcast
from bcast import (
    BcastError,
    BroadcastError,
    BroadcastToError,
    InvalidShapeError,
    SizeTypeError,
    broadcast,
    broadcast_shapes,
    can_broadcast_to,
    stretched_axes,
)

# Small sizes with many 1s and 0s: where broadcasting is interesting.
sizes = st.sampled_from([0, 1, 1, 1, 2, 3, 4])
shapes = st.lists(sizes, max_size=5).map(tuple)
shape_lists = st.lists(shapes, min_size=0, max_size=6)


def numpy_or_error(*args: object) -> object:
    """NumPy's answer: the shape, or the class of exception it raises."""
    try:
        return np.broadcast_shapes(*args)
    except ValueError:
        return ValueError
    except TypeError:
        return TypeError


def bcast_or_error(*args: object) -> object:
    try:
        return broadcast_shapes(*args)
    except TypeError:  # checked first: SizeTypeError is both
        return TypeError
    except ValueError:
        return ValueError


@given(
    st.integers(2, 6).flatmap(
        lambda n: mutually_broadcastable_shapes(num_shapes=n, min_side=0)
    )
)
def test_compatible_shapes_give_numpys_result(case):
    expected = np.broadcast_shapes(*case.input_shapes)
    assert expected == case.result_shape
    assert broadcast_shapes(*case.input_shapes) == expected
    b = broadcast(*case.input_shapes)
    assert b.ok
    assert b.shape == expected
    assert b.error() is None


@given(shape_lists)
@example([(3, 4), (3,)])
@example([(0,), (3,)])
@example([(0,), (1,)])
@example([])
def test_random_shapes_fail_exactly_when_numpy_fails(case):
    expected = numpy_or_error(*case)
    assert bcast_or_error(*case) == expected
    b = broadcast(*case)
    assert b.ok == (expected is not ValueError)
    if b.ok:
        assert b.shape == expected
    else:
        err = b.error()
        assert isinstance(err, BroadcastError)
        step = b.conflict
        # NumPy agrees that the operands named in conflict cannot be broadcast
        # together on their own, and that the axis named is where they differ.
        pair = [case[i] for i in err.operands]
        assert numpy_or_error(*pair) is ValueError
        for i, size in zip(err.operands, err.sizes):
            assert case[i][err.axis] == size
            assert size != 1
        assert len(set(err.sizes)) > 1
        # Every axis to the right of the reported one is fine.
        for later in b.steps:
            if later.axis > step.axis:
                assert later.verdict != "conflict"


@given(
    st.integers(1, 5).flatmap(
        lambda n: mutually_broadcastable_shapes(num_shapes=n, min_side=0)
    )
)
def test_steps_match_numpys_zero_strides(case):
    """An operand is stretched on an axis exactly where NumPy gives it stride 0."""
    b = broadcast(*case.input_shapes)
    result = case.result_shape
    assert [s.axis for s in b.steps] == list(range(-1, -len(result) - 1, -1))
    for step in b.steps:
        assert step.position == len(result) + step.axis
        assert step.size == result[step.position]
    for i, shape in enumerate(case.input_shapes):
        padded = sorted(s.position for s in b.steps if i in s.padded)
        assert padded == list(range(len(result) - len(shape)))
        assert stretched_axes(shape, result) == b.stretched(i)
        if 0 in result:
            continue  # NumPy's strides of an empty array carry no meaning
        view = np.broadcast_to(np.empty(shape, dtype=np.int8), result)
        numpy_stretched = tuple(
            ax for ax in range(len(result)) if result[ax] > 1 and view.strides[ax] == 0
        )
        assert tuple(ax for ax in b.stretched(i) if result[ax] > 1) == numpy_stretched


@given(shape_lists)
@example([(3, 4), (3,)])
@example([(4, 3), (5, 3), (1, 2)])
@example([(2, 1), (3, 1), (2, 4)])
@example([(0,), (1,), (0, 1)])
def test_the_fast_path_is_the_reference(case):
    """The one fast path gives the per-axis reference's answer, shape or
    error, and both give NumPy's."""
    from bcast.core.rule import _fast, _reference

    fast = _fast(tuple(case))
    reference = _reference(tuple(case), None)
    expected = numpy_or_error(*case)
    if isinstance(fast, BroadcastError):
        assert expected is ValueError
        assert fast.args == reference.error().args
    else:
        assert fast == reference.shape == expected


@pytest.mark.parametrize(
    "case",
    [
        [(2**62, 2), (1,)],  # too many elements
        [(2**63,), (3,)],  # too large a size, hidden behind a conflict
        [(3, 4), (3,), (-1,)],  # a negative size after a conflict
        [(3.0,), (3,)],
        [(True, 1)],
        [[3, 1], (1, 4)],
        [(1,) * 65],
    ],
)
def test_the_fast_path_leaves_what_it_cannot_vouch_for(case):
    from bcast.core.rule import _fast

    assert _fast(tuple(case)) is None
    assert bcast_or_error(*case) == numpy_or_error(*case) or len(case[0]) == 65


@given(shape_lists)
def test_records_in_the_hot_loop_have_their_fields_in_order(case):
    """The rule builds AxisStep and Broadcast with tuple.__new__ (for speed):
    each must equal the record built by keyword from its own fields."""
    from bcast import AxisStep, Broadcast

    assert AxisStep._fields == (
        "axis",
        "position",
        "sizes",
        "size",
        "verdict",
        "stretched",
        "padded",
        "conflicting",
    )
    assert Broadcast._fields == ("shapes", "shape", "steps", "conditions", "names")
    try:
        b = broadcast(*case)
    except InvalidShapeError:
        return
    assert b == Broadcast(**b._asdict())
    for step in b.steps:
        assert step == AxisStep(**step._asdict())
        assert -step.axis - 1 + step.position == b.ndim - 1
        assert step.sizes == tuple(
            s[step.axis] if len(s) >= -step.axis else 1 for s in b.shapes
        )
        assert set(step.padded) == {
            i for i, s in enumerate(b.shapes) if len(s) < -step.axis
        }


def ufunc_oracle(*shapes: tuple[int, ...]) -> object:
    """Broadcast with a ufunc on zero-stride views: NumPy's rule up to 64 axes."""
    views = [
        np.lib.stride_tricks.as_strided(np.zeros(1), shape=s, strides=(0,) * len(s))
        for s in shapes
    ]
    try:
        out = views[0]
        for v in views[1:]:
            out = np.add(out, v)
    except ValueError:
        return ValueError
    return out.shape


@st.composite
def many_axes(draw: st.DrawFn, compatible: bool) -> list[tuple[int, ...]]:
    """2-4 shapes of 33 to 64 axes, mostly 1s (the result must fit in memory)."""
    ndim = draw(st.integers(33, 64))
    big = draw(st.sets(st.integers(0, ndim - 1), max_size=8))
    base = [draw(st.sampled_from([2, 3])) if ax in big else 1 for ax in range(ndim)]
    out = []
    for _ in range(draw(st.integers(2, 4))):
        lead = draw(st.integers(0, ndim - 33))
        shape = [s if draw(st.booleans()) else 1 for s in base[lead:]]
        if not compatible and shape and draw(st.booleans()):
            ax = draw(st.integers(0, len(shape) - 1))
            shape[ax] = draw(st.sampled_from([2, 3]))
        out.append(tuple(shape))
    return out


@given(st.booleans().flatmap(many_axes))
def test_33_to_64_axes_against_a_ufunc(case):
    with pytest.raises(RuntimeError, match="only supports up to 32 dimensions"):
        np.broadcast_shapes(*case)  # why the oracle is a ufunc
    assert bcast_or_error(*case) == ufunc_oracle(*case)


def test_64_axes_is_the_limit():
    assert broadcast_shapes((1,) * 64, (2,)) == (1,) * 63 + (2,)
    with pytest.raises(InvalidShapeError, match="65 axes; arrays have at most 64"):
        broadcast_shapes((1,) * 65)
    with pytest.raises(ValueError, match="maximum supported dimension"):
        np.empty((1,) * 65)


@pytest.mark.parametrize(
    "args",
    [
        ((-1,),),
        ((3, -2), (3, 1)),
        ((3.0,),),
        ((True,),),
        (True,),
        ((np.float64(2),),),
        ((np.bool_(True),),),
        ((2**63,),),
        ((2**63 - 1,),),
        ((2**62, 2),),
        ((2**62, 2, 0),),
        ((0, 2**62, 2),),
        ((2**40, 1), (1, 2**40)),
        ((0,), (2**62, 4, 1)),
        (3, (3,)),
        (np.int64(3), (np.int64(1), 3)),
        ([3, 1], [4]),
        ((3, 4), (3,), (-1,)),  # NumPy validates every shape before broadcasting
        ((3, 4), (3,), (2.0,)),
        ((-1, True),),  # within a shape NumPy reads every size before values
        ((-1, 2.0),),
        ((2**63, 2.0),),
        ((2.0, 2**63),),
        ((-1,), (2.0,)),  # and shape by shape
        ("3",),
        (None,),
        ([[3]],),
    ],
)
def test_bad_and_edge_sizes_as_numpy(args):
    expected = numpy_or_error(*args)
    if args in [("3",), (None,)]:
        # bcast reads a string as shape text and None as an unknown size:
        # deliberate extensions where NumPy raises TypeError.
        assert expected is TypeError
        return
    assert bcast_or_error(*args) == expected


def test_errors_are_bcast_errors_and_the_builtin():
    with pytest.raises(BroadcastError) as info:
        broadcast_shapes((3, 4), (3,))
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, BcastError)
    e = info.value
    assert (e.shapes, e.axis, e.operands, e.sizes) == (
        ((3, 4), (3,)),
        -1,
        (0, 1),
        (4, 3),
    )
    assert "axis -1 (axis 1 of the result)" in str(e)
    with pytest.raises(SizeTypeError) as t:
        broadcast_shapes((3.5,))
    assert isinstance(t.value, TypeError)
    assert isinstance(t.value, ValueError)


def test_cached_results_raise_fresh_equal_errors():
    raised = []
    for _ in range(3):
        with pytest.raises(BroadcastError) as info:
            broadcast_shapes((2, 5), (5, 2))
        raised.append(info.value)
    assert raised[0] is not raised[1]
    assert len({str(e) for e in raised}) == 1
    # Equal by value but not by type: the cache must not confuse them.
    assert broadcast_shapes((3, 1), (1, 4)) == (3, 4)
    with pytest.raises(TypeError):
        broadcast_shapes((3.0, 1), (1, 4))
    with pytest.raises(TypeError):
        broadcast_shapes((True, 1), (1, 4))


def test_errors_pickle():
    with pytest.raises(BroadcastError) as info:
        broadcast_shapes((3, 4), (3,))
    again = pickle.loads(pickle.dumps(info.value))
    assert str(again) == str(info.value)
    assert again.operands == (0, 1)


def test_names_appear_in_the_error():
    err = broadcast((20, 1000), (20,), names=["X", "w"]).error()
    assert err is not None
    assert "X=(20, 1000)" in str(err)
    assert "1000 in X, 20 in w" in str(err)


def test_verdicts():
    b = broadcast((3, 1), (1, 4), (4,))
    v = {s.axis: (s.verdict, s.stretched, s.padded) for s in b.steps}
    assert v[-1] == ("stretch", (0,), ())
    assert v[-2] == ("stretch", (1, 2), (2,))
    assert broadcast((2, 3), (2, 3)).steps[0].verdict == "equal"
    assert broadcast((1,), (1,)).steps[0].verdict == "equal"
    c = broadcast((4, 3), (5, 3), (1, 2)).conflicts
    assert [(s.axis, s.conflicting) for s in c] == [(-1, (0, 1, 2)), (-2, (0, 1))]


# -- symbols and unknown sizes -----------------------------------------------

symbol_sizes = st.sampled_from([1, 1, 2, 3, "m", "n", None])
symbolic_shapes = st.lists(
    st.lists(symbol_sizes, max_size=4).map(tuple), min_size=1, max_size=4
)


def holds(condition: bcast.Condition, value: dict[object, int]) -> bool:
    sizes = [value[(i, condition.axis)] for i in condition.operands]
    if condition.kind == "one_of":
        return all(s in (1, condition.size) for s in sizes)
    assert condition.kind == "agree"
    return len({s for s in sizes if s != 1}) <= 1


@given(symbolic_shapes, st.data())
def test_symbolic_results_hold_exactly_under_their_conditions(case, data):
    """Substitute values for symbols and unknowns; NumPy agrees with the
    symbolic result exactly when the stated conditions hold."""
    b = broadcast(*case)
    symbols = {d for s in case for d in s if isinstance(d, str)}
    value: dict[object, int] = {
        m: data.draw(st.sampled_from([1, 2, 3])) for m in symbols
    }
    concrete = []
    for shape in case:
        row = []
        for d in shape:
            if d is None:
                d = data.draw(st.sampled_from([1, 2, 3]))
            row.append(value.get(d, d))
        concrete.append(tuple(row))
    for c in b.conditions:
        for i in c.operands:
            value[(i, c.axis)] = concrete[i][c.axis]
    expected = numpy_or_error(*concrete)
    if not b.ok:
        assert expected is ValueError  # a conflict among known sizes
        return
    if all(holds(c, value) for c in b.conditions):
        assert expected == tuple(
            _evaluate(d, step, concrete) for d, step in zip(b.shape, reversed(b.steps))
        )
    else:
        assert expected is ValueError


def _evaluate(d: object, step: bcast.AxisStep, concrete: list[tuple[int, ...]]) -> int:
    """The concrete size of one symbolic result size."""
    column = [s[step.axis] if len(s) >= -step.axis else 1 for s in concrete]
    if isinstance(d, int):
        return d
    # A symbol, max(m, n) or unknown: the largest size on the axis.
    return max(column) if 0 not in column else 0


def test_symbolic_examples():
    assert broadcast(("m", 1), (1, "n")).shape == ("m", "n")
    assert broadcast(("m", 1), (1, "n")).conditions == ()
    b = broadcast(("m",), (4,))
    assert b.shape == (4,)
    assert [str(c) for c in b.conditions] == ["axis -1: m ∈ {1, 4}"]
    b = broadcast(("m",), ("n",))
    assert b.shape == ("max(m, n)",)
    assert str(b.conditions[0]) == "axis -1: m, n ∈ {1, max(m, n)}"
    b = broadcast((None, 3), (5, 1))
    assert b.shape == (None, 3)  # the Array API: unknown sizes propagate
    assert str(b.conditions[0]) == "axis -2: ?0 ∈ {1, 5}"
    assert (
        str(broadcast((None,), (None,)).conditions[0])
        == "axis -1: ?0, ?1 ∈ {1, max(?0, ?1)}"
    )
    assert str(broadcast(("m", 1), ("n", 4), (1, "k")).conditions[1]) == (
        "axis -2: m, n ∈ {1, max(m, n)}"
    )
    assert broadcast_shapes((None,), (1,)) == (None,)
    assert broadcast(("m",), (0,)).conditions[0].size == 0
    assert str(broadcast(("m",), (0,)).conditions[0]) == "axis -1: m = 1"
    assert str(broadcast(("m",), ("n",), (0,)).conditions[0]) == "axis -1: m = n = 1"
    with pytest.raises(BroadcastError):
        broadcast_shapes(("m", 3), (4,))


def test_nan_reads_as_unknown_like_dask():
    assert broadcast_shapes((float("nan"), 3), (1, 3)) == (None, 3)


def test_shape_text_is_accepted():
    assert broadcast_shapes("3,1", "1,4") == (3, 4)
    assert broadcast("m,1", "1,n").shape == ("m", "n")


# -- one-directional ---------------------------------------------------------


def numpy_broadcast_to(shape: tuple[int, ...], target: tuple[int, ...]) -> bool:
    try:
        np.broadcast_to(np.empty(shape, dtype=np.int8), target)
    except ValueError:
        return False
    return True


@given(shapes, shapes)
@example((3, 4), (3, 1))
@example((1,), (0,))
@example((0,), (1,))
def test_can_broadcast_to_as_numpy(shape, target):
    assert can_broadcast_to(shape, target) == numpy_broadcast_to(shape, target)
    if not numpy_broadcast_to(shape, target):
        with pytest.raises(BroadcastToError):
            stretched_axes(shape, target)


def test_stretched_axes_errors_say_why():
    with pytest.raises(BroadcastToError, match="it has 2 axes and the target only 1"):
        stretched_axes((2, 3), (3,))
    with pytest.raises(
        BroadcastToError, match="axis -1 has size 4, which cannot become 3"
    ):
        stretched_axes((4,), (2, 3))


# -- scale ---------------------------------------------------------------------


def test_many_operands():
    rng = np.random.default_rng(0)
    wide = rng.choice(64, size=10, replace=False)  # axes that may be 2
    many = [
        tuple(2 if ax in wide and rng.random() < 0.3 else 1 for ax in range(64))
        for _ in range(200)
    ]
    assert broadcast_shapes(*many) == ufunc_oracle(*many)
    assert broadcast(*many).shape == ufunc_oracle(*many)


def test_huge_result_is_refused_as_numpy_refuses():
    with pytest.raises(
        InvalidShapeError, match="more than 9223372036854775807 elements"
    ):
        broadcast((2**40, 1), (1, 2**40))
    assert numpy_or_error((2**40, 1), (1, 2**40)) is ValueError


@given(shape_lists)
def test_broadcast_is_deterministic_and_shared(case):
    assume(numpy_or_error(*case) is not TypeError)
    assert broadcast(*case) == broadcast(*[list(s) for s in case])


def test_remembered_errors_hold_no_traceback():
    from bcast.core.rule import _SHAPES, forget

    forget()
    for _ in range(2):
        with pytest.raises(BroadcastError):
            broadcast_shapes((2, 7), (7, 2))
    (kept,) = _SHAPES.values()
    assert isinstance(kept, BroadcastError)
    assert kept.__traceback__ is None
