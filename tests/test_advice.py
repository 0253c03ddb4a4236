"""Fixes and warnings (bcast.explainer.advice), checked against NumPy itself.

Every fix is run as the Python it claims to be, on NumPy arrays, and NumPy
must then broadcast the operands to the result the fix promises.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bcast.core.rule import broadcast
from bcast.explainer.advice import Caution, Fix, cautions, fixes, itemsize

NAMES = ["a", "b", "c", "d"]


def zeros(shape):
    """An array of ``shape`` that costs no memory (zero strides)."""
    return np.broadcast_to(np.zeros(()), shape)


def apply(fix: Fix, shapes):
    """Run the fix's code on arrays of ``shapes``; return the edited operand.

    The code is bcast's own output (names are the test's), evaluated with
    nothing but the arrays and NumPy in scope.
    """
    scope = {"np": np, **{NAMES[i]: zeros(s) for i, s in enumerate(shapes)}}
    value = eval(fix.code, {"np": np}, scope)
    for alternative in fix.alternatives:
        assert eval(alternative, {"np": np}, scope).shape == value.shape
    return value


def numpy_result(shapes):
    try:
        return np.broadcast_shapes(*shapes)
    except ValueError:
        return None


small_shape = st.lists(st.integers(1, 5), min_size=0, max_size=4).map(tuple)


@given(st.lists(small_shape, min_size=2, max_size=3))
def test_every_fix_works_in_numpy(shapes):
    assume(numpy_result(shapes) is None)
    found = fixes(shapes, NAMES[: len(shapes)])
    for fix in found:
        value = apply(fix, shapes)
        assert value.shape == fix.shape
        edited = list(shapes)
        edited[fix.operand] = value.shape
        assert np.broadcast_shapes(*edited) == fix.result


@given(st.lists(small_shape, min_size=2, max_size=3))
def test_fixes_on_compatible_shapes_work_too(shapes):
    # fixes() is asked only about conflicts; on compatible shapes every
    # "fix" must still be a real, working edit.
    assume(numpy_result(shapes) is not None)
    for fix in fixes(shapes, NAMES[: len(shapes)]):
        edited = list(shapes)
        edited[fix.operand] = apply(fix, shapes).shape
        assert np.broadcast_shapes(*edited) == fix.result


def test_the_course_mistake_is_fixed_first_with_a_new_axis_or_keepdims():
    # a (3, 4) minus a row mean taken without keepdims=True: (3,).  The edit
    # of b itself comes first; keepdims (redo the reduction) second.
    found = fixes([(3, 4), (3,)], ["a", "b"])
    assert [f.kind for f in found[:2]] == ["new_axis", "keepdims"]
    assert found[0].code == "b[:, None]"
    assert found[1].code == "a.sum(axis=1, keepdims=True)"
    # the keepdims fix really reproduces a reduction over axis 1 of a
    reduced = zeros((3, 4)).sum(axis=1, keepdims=True)
    assert reduced.shape == found[1].shape == (3, 1)
    assert np.broadcast_shapes((3, 4), reduced.shape) == found[1].result == (3, 4)


def test_fixes_that_add_result_axes_are_dropped_when_better_ones_exist():
    found = fixes([(20, 1000), (1000, 1)], ["X", "dz"])
    assert found, "dz.T or dz.squeeze() fixes this"
    assert all(len(f.result) == 2 for f in found)
    assert {f.code for f in found} >= {"dz.T", "dz.squeeze()"}


def test_matmul_fixes_prefer_a_transpose():
    from bcast.core.gufunc import broadcast_signature

    def check(trial):
        outputs = broadcast_signature(np.matmul.signature, *trial).outputs
        return None if outputs is None else outputs[0]

    found = fixes([(2, 3), (2, 3)], ["a", "b"], check, core=True)
    assert found[0].code == "b.T"
    a, b = zeros((2, 3)), apply(found[0], [(2, 3), (2, 3)])
    assert np.matmul(a, b).shape == found[0].result == (2, 2)


def test_no_single_edit():
    assert fixes([(2, 3), (4, 5)], ["a", "b"]) == ()


def test_fixes_stay_within_64_axes():
    shapes = [(2,) * 64, (1,) * 63 + (3,)]
    for fix in fixes(shapes, ["a", "b"]):
        assert len(fix.shape) <= 64


@pytest.mark.parametrize(
    "name",
    [
        "float64",
        "f8",
        "float32",
        "float16",
        "int8",
        "uint8",
        "int16",
        "int32",
        "int64",
        "bool",
        "complex64",
        "complex128",
        "double",
        "single",
        "half",
        "np.float32",
    ],
)
def test_itemsize_agrees_with_numpy(name):
    assert itemsize(name) == np.dtype(name.removeprefix("np.")).itemsize


def test_itemsize_of_torch_names_and_unknown_names():
    assert itemsize("torch.bfloat16") == 2
    with pytest.raises(ValueError, match="unknown dtype 'float128x'"):
        itemsize("float128x")


def kinds(shapes, dtype="float64"):
    return [c.kind for c in cautions(broadcast(*shapes), NAMES, dtype)]


def test_rank1_meets_a_column_vector():
    (c,) = cautions(broadcast((5,), (5, 1)), ["a", "b"])
    assert c.kind == "rank1_column"
    assert c.operands == (0, 1)
    assert c.result == np.broadcast_shapes((5,), (5, 1)) == (5, 5)
    # the fix makes a a column, and NumPy then gives a column
    fixed = apply(c.fix, [(5,), (5, 1)])
    assert np.broadcast_shapes(fixed.shape, (5, 1)) == c.fix.result == (5, 1)


def test_rank1_meets_a_column_either_way_round():
    (c,) = cautions(broadcast((4, 1), (4,)), ["a", "b"])
    assert (c.kind, c.operands, c.result) == ("rank1_column", (1, 0), (4, 4))
    assert np.broadcast_shapes((4, 1), apply(c.fix, [(4, 1), (4,)]).shape) == (4, 1)


def test_no_warning_where_nothing_grows():
    # a rank-1 array meeting a row gives the row: nothing to warn about, and no
    # hint that proposes the (1, 5) it already has
    assert cautions(broadcast((5,), (1, 5)), ["a", "b"]) == ()
    assert np.broadcast_shapes((5,), (1, 5)) == (1, 5)


def test_outer_product_and_memory():
    # the textbook outer product, written with 1s in both operands: no warning
    assert kinds([(3, 1), (1, 4)]) == []
    assert kinds([((3, 1)), (1, 4)]) == kinds([("m", 1), (1, "n")]) == []
    # an outer product nobody wrote out: (4, 5) gains an axis it has no 1 for
    assert kinds([(3, 1, 5), (4, 5)]) == ["outer"]
    assert np.broadcast_shapes((3, 1, 5), (4, 5)) == (3, 4, 5)
    assert kinds([(3, 4), (4,)]) == []
    assert kinds([(1000, 1), (1, 1000)]) == ["memory"]
    (memory,) = (
        c
        for c in cautions(broadcast((1000, 1), (1, 1000)), NAMES)
        if c.kind == "memory"
    )
    result = np.empty((1000, 1000))
    assert memory.result_bytes == result.nbytes
    assert memory.input_bytes == np.empty((1000, 1)).nbytes * 2


def test_memory_depends_on_the_dtype():
    shapes = [(300, 1), (1, 400)]  # 120,000 elements
    assert "memory" not in kinds(shapes, "float64")  # 960,000 bytes: under 1 MiB
    assert "memory" in kinds(shapes, "complex128")  # 1,920,000 bytes
    (m,) = (
        c
        for c in cautions(broadcast(*shapes), NAMES, "complex128")
        if c.kind == "memory"
    )
    assert m.result_bytes == np.empty((300, 400), np.complex128).nbytes
    assert "memory" not in kinds([(400, 1), (1, 400)], "int8")  # 160 kB


def test_empty_result():
    (c,) = cautions(broadcast((0,), (1,)), ["a", "b"])
    assert c.kind == "empty"
    assert c.operands == (1,)
    assert np.broadcast_shapes((0,), (1,)) == c.result == (0,)


def test_no_caution_for_a_conflict():
    assert cautions(broadcast((3,), (4,)), NAMES) == ()


def test_records_are_immutable():
    c = cautions(broadcast((5,), (5, 1)), NAMES)[0]
    assert isinstance(c, Caution)
    with pytest.raises(AttributeError):
        c.kind = "x"  # type: ignore[misc]


# -- fixes that fix (issue 10, item 2) ---------------------------------------------


def elements(shape):
    return int(np.prod(shape, dtype=np.int64))


@given(st.lists(small_shape, min_size=2, max_size=2))
def test_every_fix_runs_in_numpy_never_grows_and_is_not_flagged(shapes):
    from bcast.explainer.api import explain
    from bcast.explainer.policy import suspicions

    assume(numpy_result(shapes) is None)  # a conflict: fixes are offered
    e = explain(*shapes)
    largest = max(elements(s) for s in shapes)
    for fix in e.fixes:
        edited = list(shapes)
        edited[fix.operand] = apply(fix, shapes).shape
        # NumPy agrees with the stated result ...
        result = np.broadcast_shapes(*edited)
        assert result == fix.result, fix
        # ... which is no larger than the largest operand ...
        assert elements(result) <= largest, fix
        # ... and is nothing the warnings would flag
        assert suspicions(broadcast(*edited)) == (), fix
    if e.fixes:  # the best fix gives the larger operand's shape when some fix does
        wanted = [f for f in e.fixes if f.result in shapes]
        assert not wanted or e.fixes[0].result in shapes


def test_the_step_py_case_has_no_fix_and_says_what_differs():
    # README's step.py: w.T @ X + b with b of shape (n_x,): (1, 5) + (3,).  Both
    # old fixes (b[:, None] -> (3, 5), (w.T @ X).T -> (5, 3)) were outer products.
    from bcast.explainer.api import explain

    e = explain((1, 5), (3,), names=["w.T @ X", "b"])
    assert e.fixes == ()
    text = str(e)
    assert "No single edit" in text
    assert "w.T @ X has 5, b has 3" in text
    assert "b[:, None]" not in text


def test_no_table_for_two_rank1_arrays():
    # (100,) + (99,) was "fixed" to a (99, 100) table
    assert fixes([(100,), (99,)], ["a", "b"]) == ()


def test_fixes_read_as_typed():
    # transposing w.T gives w, not w.T.T; an expression gets parentheses
    found = fixes([(3, 4), (4, 3)], ["w.T", "b"])
    assert "w" in [f.code for f in found]
    assert not any(".T.T" in f.code for f in found)
    found = fixes([(3, 5), (5, 3)], ["w.T @ X", "b"])
    assert "(w.T @ X).T" in [f.code for f in found]
    # squeezing dz.reshape(1000, 1) rewrites the reshape instead
    found = fixes([(20, 1000), (1000, 1)], ["X", "dz.reshape(1000, 1)"])
    codes = [f.code for f in found]
    assert "dz.reshape(-1)" in codes
    assert not any("squeeze" in c and "reshape" in c for c in codes)
    scope = {"np": np, "X": zeros((20, 1000)), "dz": zeros((1000, 1))}
    for f in found:
        edited = eval(f.code, {"np": np}, scope)
        other = scope["X"] if f.operand == 1 else zeros((1000, 1))
        assert np.broadcast_shapes(edited.shape, other.shape) == f.result


@pytest.mark.parametrize(
    ("shapes", "names", "code"),
    [
        # X / x_norm with x_norm = np.linalg.norm(X, axis=1): the course's row norm
        (
            [(20, 1000), (20,)],
            ["X", "np.linalg.norm(X, axis=1)"],
            "np.linalg.norm(X, axis=1, keepdims=True)",
        ),
        # dZ1 - np.sum(dZ1, axis=1): db without keepdims
        (
            [(5, 100), (5,)],
            ["dZ1", "np.sum(dZ1, axis=1)"],
            "np.sum(dZ1, axis=1, keepdims=True)",
        ),
        ([(5, 100), (100,)], ["dZ1", "dZ1.mean(axis=0)"], None),  # broadcasts already
    ],
)
def test_keepdims_is_written_on_the_reduction_that_made_the_operand(
    shapes, names, code
):
    from bcast.explainer.api import explain

    e = explain(*shapes, names=names)
    if code is None:
        assert e.compatible
        return
    best = e.fixes[0]
    assert best.code == code
    base = names[0]
    scope = {"np": np, base: np.ones(shapes[0])}
    fixed = eval(best.code, {"np": np}, scope)
    assert fixed.shape == best.shape
    assert (scope[base] / fixed).shape == best.result == shapes[0]
