"""bcast.explainer.messages: reading broadcasting errors that NumPy, PyTorch and JAX raise.

Every message read here is produced live, by running the library with the
shapes the test chose, and the reading is compared with those shapes.  The
only literal messages are those of library versions that cannot be installed
next to the current ones (Python 3.11 has no wheels for them); each is quoted
from a public issue thread named beside it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import traceback
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from message_helpers import (
    nonempty_shape_st,
    numpy_fails,
    raised,
    read_live,
    shape_st,
    zeros,
)

import bcast
from bcast.explainer.messages import read_message

# -- NumPy: ufuncs and the broadcasting functions ------------------------------


@given(shape_st, shape_st)
def test_ufunc_reads_exactly_the_shapes_numpy_was_given(
    a: tuple[int, ...], b: tuple[int, ...]
) -> None:
    assume(numpy_fails(a, b))
    r, _ = read_live(lambda: np.add(zeros(a), zeros(b)))
    assert (r.library, r.form) == ("numpy", "ufunc")
    assert r.shapes == (a, b)
    assert r.complete
    assert (r.function, r.names, r.target, r.axis) == (None, None, None, None)
    # the shapes read are the ones the rule rejects
    assert not bcast.broadcast(*r.shapes).ok


@given(shape_st, shape_st, shape_st)
def test_three_operands_of_where(
    c: tuple[int, ...], x: tuple[int, ...], y: tuple[int, ...]
) -> None:
    assume(numpy_fails(c, x, y))
    r, _ = read_live(lambda: np.where(zeros(c).astype(bool), zeros(x), zeros(y)))
    assert r.form == "ufunc"
    assert r.shapes == (c, x, y)


def test_out_operand_is_listed_after_the_inputs() -> None:
    r, _ = read_live(lambda: np.add(np.ones((3, 4)), 1, out=np.ones(5)))
    assert r.shapes == ((3, 4), (), (5,))


@given(st.lists(shape_st, min_size=2, max_size=5))
def test_broadcast_shapes_names_the_two_arguments(
    shapes: list[tuple[int, ...]],
) -> None:
    assume(numpy_fails(*shapes))
    calls = (
        np.broadcast_shapes,
        lambda *s: np.broadcast_arrays(*map(zeros, s)),
        lambda *s: np.broadcast(*map(zeros, s)),
    )
    for f in calls:
        r, _ = read_live(lambda f=f: f(*shapes))
        assert (r.library, r.form) == ("numpy", "broadcast_shapes")
        assert r.names is not None
        i, j = (int(name.removeprefix("arg ")) for name in r.names)
        assert i < j
        assert r.shapes == (shapes[i], shapes[j])
        assert not bcast.broadcast(*r.shapes).ok
        assert r.complete


@given(nonempty_shape_st, shape_st)
def test_broadcast_to(source: tuple[int, ...], target: tuple[int, ...]) -> None:
    assume(len(source) <= len(target))
    assume(not bcast.can_broadcast_to(source, target))
    r, _ = read_live(lambda: np.broadcast_to(np.zeros(source), target))
    assert (r.library, r.form) == ("numpy", "broadcast_to")
    assert r.shapes == (source,)
    assert r.target == target
    assert r.complete


def test_broadcast_to_with_too_many_axes_gives_no_shapes() -> None:
    r, _ = read_live(lambda: np.broadcast_to(np.ones((2, 3)), (3,)))
    assert (r.library, r.form, r.kind, r.shapes, r.complete) == (
        "numpy",
        "axis_remapping",
        "broadcast_to",
        (),
        False,
    )
    assert "no shapes" in r.note


def test_broadcast_to_a_scalar() -> None:
    r, _ = read_live(lambda: np.broadcast_to(np.ones(3), ()))
    assert (r.form, r.shapes, r.target, r.complete) == ("to_scalar", (), (), False)


# -- NumPy: remapped shapes (gufunc loop axes, einsum, nditer) -------------------


@given(
    st.integers(2, 4),
    st.integers(2, 4),
    st.integers(1, 3),
    st.integers(1, 3),
    st.integers(1, 3),
)
def test_matmul_loop_axes_are_read_from_the_remapped_shapes(
    p: int, q: int, n: int, k: int, m: int
) -> None:
    assume(p != q)
    a, b = (p, n, k), (q, k, m)
    r, _ = read_live(lambda: np.matmul(zeros(a), zeros(b)))
    assert (r.library, r.form) == ("numpy", "remapped")
    assert r.originals == (a, b)
    # the core axes are newaxis in the iterator: read as 1
    assert r.shapes == ((p, 1, 1), (q, 1, 1))
    assert r.target == (None, n, m)
    assert r.complete
    conflict = bcast.broadcast(*r.shapes).conflict
    assert conflict is not None
    assert conflict.axis == -3


def test_remapped_with_an_out_operand() -> None:
    r, _ = read_live(
        lambda: np.matmul(np.ones((5, 2, 3)), np.ones((3, 4)), out=np.ones((6, 2, 4)))
    )
    assert r.form == "remapped"
    assert r.originals == ((5, 2, 3), (3, 4), (6, 2, 4))
    # an operand without loop axes prints as () once its newaxes are dropped
    assert r.shapes == ((5, 1, 1), (), (6, 2, 4))
    assert r.target == (None, 2, 4)


def test_einsum_remapped() -> None:
    r, _ = read_live(lambda: np.einsum("ij,jk->ik", np.ones((2, 3)), np.ones((4, 5))))
    assert r.form == "remapped"
    assert r.originals == ((2, 3), (4, 5))
    assert not bcast.broadcast(*r.shapes).ok


def test_nditer_op_axes_remapped() -> None:
    r, _ = read_live(
        lambda: np.nditer([np.ones((3, 4)), np.ones(5)], op_axes=[[0, 1], [-1, 0]])
    )
    assert r.form == "remapped"
    assert r.originals == ((3, 4), (5,))
    assert r.shapes == ((3, 4), (5,))


# -- NumPy: generalized ufuncs ---------------------------------------------------

MATMUL = np.matmul.signature


@given(st.integers(1, 6), st.integers(1, 6), st.integers(1, 6), st.integers(1, 6))
def test_matmul_core_mismatch_gives_only_the_sizes(
    n: int, k1: int, k2: int, m: int
) -> None:
    assume(k1 != k2)
    for a, b in (((n, k1), (k2, m)), ((k1,), (k2, m)), ((n, k1), (k2,))):
        r, _ = read_live(lambda a=a, b=b: np.matmul(zeros(a), zeros(b)))
        assert (r.library, r.form, r.function) == ("numpy", "core_dimension", "matmul")
        assert r.kind == "contraction"
        assert r.contracted == ((-1,), (-2,))
        assert r.signature == MATMUL
        assert r.dimension == "k"
        assert r.names == ("input operand 0", "input operand 1")
        assert r.shapes == ((None, k1), (k2, None))
        assert not r.complete
        # the partial shapes reproduce NumPy's conflict under the signature
        failure = bcast.broadcast_signature(r.signature, *r.shapes).failure
        assert failure is not None
        assert (failure.dimension, failure.sizes) == ("k", (k1, k2))


def test_matmul_output_operand_mismatch() -> None:
    r, _ = read_live(
        lambda: np.matmul(np.ones((2, 3)), np.ones((3, 4)), out=np.ones((2, 5)))
    )
    assert (r.form, r.kind) == ("core_dimension", "contraction")
    assert r.dimension == "m"
    assert r.shapes == ((None, None), (None, 4))
    assert r.target == (None, 5)
    assert r.names == ("input operand 0", "input operand 1")
    assert "output operand 0" in r.note


@pytest.mark.parametrize(
    ("call", "ufunc", "shapes", "dimension"),
    [
        (lambda: np.vecdot(np.ones(3), np.ones(4)), np.vecdot, ((3,), (4,)), "n"),
        (
            lambda: np.matvec(np.ones((2, 3)), np.ones(4)),
            np.matvec,
            ((None, 3), (4,)),
            "n",
        ),
        (
            lambda: np.vecmat(np.ones(3), np.ones((4, 5))),
            np.vecmat,
            ((3,), (4, None)),
            "n",
        ),
    ],
)
def test_other_gufuncs(
    call: Callable[[], object],
    ufunc: np.ufunc,
    shapes: tuple[tuple[int | None, ...], ...],
    dimension: str,
) -> None:
    r, _ = read_live(call)
    assert (r.library, r.form, r.kind) == ("numpy", "core_dimension", "contraction")
    assert r.function == ufunc.__name__
    assert r.signature == ufunc.signature
    assert r.shapes == shapes
    assert r.dimension == dimension


def test_linalg_solve() -> None:
    from numpy.linalg import _umath_linalg

    r, _ = read_live(lambda: np.linalg.solve(np.ones((3, 3)), np.ones(4)))
    assert r.function == "solve1"
    assert r.signature == _umath_linalg.solve1.signature
    # m was bound to 3 by both core axes of operand 0
    assert r.shapes == ((3, 3), (4,))


@pytest.mark.parametrize(
    ("a", "b", "shapes"),
    [((4,), (3,), ((4,), (None,))), ((3,), (4,), ((3,), (4,)))],
)
def test_cross1d_fixed_core_dimension(
    a: tuple[int, ...], b: tuple[int, ...], shapes: tuple[object, ...]
) -> None:
    from numpy._core import _umath_tests

    cross1d = _umath_tests.cross1d
    r, _ = read_live(lambda: cross1d(np.ones(a), np.ones(b)))
    assert (r.form, r.kind, r.function, r.signature) == (
        "core_dimension",
        "gufunc",
        "cross1d",
        "(3),(3)->(3)",
    )
    assert r.dimension == "3"
    # an operand checked before the failing one has the fixed size; one after
    # it was never checked
    assert r.shapes == shapes
    failure = bcast.broadcast_signature(r.signature, *r.shapes).failure
    assert failure is not None
    assert failure.sizes == (4,)


@pytest.mark.parametrize("operand", [0, 1])
def test_not_enough_dimensions(operand: int) -> None:
    args = [np.ones((2, 2)), np.ones((2, 2))]
    args[operand] = np.ones(())
    r, _ = read_live(lambda: np.matmul(*args))
    assert (r.form, r.function, r.signature) == ("core_ndim", "matmul", MATMUL)
    assert r.shapes[operand] == ()
    assert r.shapes[1 - operand] == (None, None)
    assert not r.complete


def test_vectorize_core_size() -> None:
    f = np.vectorize(lambda x, y: 0.0, signature="(n),(n)->()")
    r, _ = read_live(lambda: f(np.ones(3), np.ones(4)))
    assert (r.library, r.form, r.dimension) == ("numpy", "vectorize", "n")
    assert r.shapes == ((3,), (4,))
    assert not r.complete


def test_vectorize_not_enough_dimensions() -> None:
    f = np.vectorize(lambda x: x, signature="(n,m)->(n,m)")
    r, _ = read_live(lambda: f(np.ones(3)))
    assert (r.form, r.shapes, r.complete) == ("vectorize_ndim", ((None,),), False)
    assert "n, m" in r.note


# -- NumPy: outputs, assignment, indexing ------------------------------------------


@given(shape_st, shape_st)
def test_inplace_output(out: tuple[int, ...], other: tuple[int, ...]) -> None:
    assume(not numpy_fails(out, other))
    result = np.broadcast_shapes(out, other)
    assume(result != out)

    def iadd() -> None:
        x = np.zeros(out)
        x += zeros(other)

    r, _ = read_live(iadd)
    assert (r.library, r.form) == ("numpy", "inplace_output")
    assert r.shapes == (result,)
    assert r.target == out
    assert not bcast.can_broadcast_to(r.shapes[0], r.target)


@given(shape_st, shape_st)
def test_assignment(value: tuple[int, ...], dest: tuple[int, ...]) -> None:
    assume(not bcast.can_broadcast_to(value, dest))
    # NumPy drops leading 1s of a value with more axes than the destination
    assume(len(value) <= len(dest) or value[0] != 1)

    def assign() -> None:
        x = np.zeros(dest)
        x[...] = zeros(value)

    r, _ = read_live(assign)
    assert (r.library, r.form) == ("numpy", "assignment")
    assert r.shapes == (value,)
    assert r.target == dest
    assert r.names == ("input array",)


def test_fancy_index_assignment() -> None:
    def assign() -> None:
        x = np.zeros((4, 2))
        x[[0, 1]] = np.ones((3, 2))

    r, _ = read_live(assign)
    assert (r.form, r.kind, r.shapes, r.target) == (
        "value_array",
        "assignment",
        ((3, 2),),
        (2, 2),
    )
    assert r.names == ("value array",)


def test_boolean_mask_assignment() -> None:
    def assign() -> None:
        x = np.zeros(4)
        x[np.array([True, False, True, True])] = np.ones(2)

    r, _ = read_live(assign)
    assert (r.form, r.shapes, r.target) == ("mask_assignment", ((2,),), (3,))

    def assign_2d() -> None:
        x = np.zeros(4)
        x[np.array([True, False, True, True])] = np.ones((3, 2))

    r, _ = read_live(assign_2d)
    assert (r.form, r.shapes, r.complete) == ("mask_ndim", ((None, None),), False)


# a 0-d index array counts as an integer, not as an index array
@given(st.lists(nonempty_shape_st, min_size=2, max_size=4))
def test_fancy_indexing(shapes: list[tuple[int, ...]]) -> None:
    assume(numpy_fails(*shapes))
    x = np.zeros((5,) * len(shapes))
    r, e = read_live(lambda: x[tuple(np.zeros(s, dtype=int) for s in shapes)])
    assert isinstance(e, IndexError)
    assert (r.library, r.form) == ("numpy", "indexing")
    assert r.shapes == tuple(shapes)


@given(
    st.lists(st.integers(1, 4), min_size=1, max_size=3),
    st.lists(st.integers(1, 4), min_size=1, max_size=3),
)
def test_dot(a: list[int], b: list[int]) -> None:
    inner = b[0] if len(b) == 1 else b[-2]
    assume(a[-1] != inner)
    r, _ = read_live(lambda: np.dot(np.ones(a), np.ones(b)))
    assert (r.library, r.form, r.kind) == ("numpy", "dot", "contraction")
    assert r.shapes == (tuple(a), tuple(b))
    # the contracted axes are those np.dot sums over: a's last, b's second-to-last
    assert r.contracted == ((-1,), (-2 if len(b) > 1 else -1,))
    ra, rb = r.contracted
    assert r.shapes[0][ra[0]] != r.shapes[1][rb[0]]


def test_ufunc_at() -> None:
    r, _ = read_live(lambda: np.add.at(np.ones(5), [0, 1], np.ones(3)))
    assert (r.form, r.kind, r.shapes, r.complete) == (
        "ufunc_at",
        "broadcast_to",
        (),
        False,
    )


# -- bcast's own errors -------------------------------------------------------------


@given(shape_st, shape_st)
def test_bcast_broadcast_error(a: tuple[int, ...], b: tuple[int, ...]) -> None:
    assume(numpy_fails(a, b))
    r, e = read_live(lambda: bcast.broadcast_shapes(a, b))
    assert (r.library, r.form) == ("bcast", "broadcast")
    assert r.shapes == (a, b)
    assert r.axis == e.axis  # type: ignore[attr-defined]
    assert r.names is None


def test_bcast_broadcast_error_with_names_and_symbols() -> None:
    def fail() -> None:
        error = bcast.broadcast("m,4", (3,), names=["x", "w"]).error()
        assert error is not None
        raise error

    r, _ = read_live(fail)
    assert r.names == ("x", "w")
    assert r.shapes == (("m", 4), (3,))
    assert r.exception == "bcast.errors.BroadcastError"


def test_bcast_broadcast_to_error() -> None:
    r, _ = read_live(lambda: bcast.stretched_axes((3,), (4,)))
    assert (r.library, r.form, r.shapes, r.target, r.axis) == (
        "bcast",
        "broadcast_to",
        ((3,),),
        (4,),
        -1,
    )
    r, _ = read_live(lambda: bcast.stretched_axes((2, 3), (3,)))
    assert (r.shapes, r.target, r.axis) == (((2, 3),), (3,), None)


def test_bcast_core_dimension_error() -> None:
    r, _ = read_live(lambda: bcast.output_shapes("(m,n),(n,p)->(m,p)", (2, 3), (4, 5)))
    assert (r.library, r.form, r.dimension) == ("bcast", "gufunc", "n")
    assert r.shapes == ((2, 3), (4, 5))
    assert r.complete
    r, _ = read_live(lambda: bcast.output_shapes("(3),(3)->(3)", (4,), (3,)))
    assert (r.dimension, r.shapes, r.complete) == ("3", ((4,), (None,)), False)


def test_bcast_signature_error() -> None:
    r, _ = read_live(lambda: bcast.output_shapes(MATMUL, (), (3,)))
    assert (r.library, r.form) == ("bcast", "core_ndim")
    assert r.shapes == ((), (None, None))


def test_bcast_shape_guard() -> None:
    @bcast.shaped(w="n_x, 1", X="n_x, m")
    def forward(w: np.ndarray, X: np.ndarray) -> np.ndarray:
        return w.T @ X

    r, _ = read_live(lambda: forward(np.zeros((4, 1)), np.zeros((3, 5))))
    assert (r.library, r.form, r.function) == ("bcast", "shape_guard", "forward")
    assert r.shapes == ((3, 5), (4, 1))
    assert r.names == ("X", "w")
    assert (r.axis, r.dimension) == (-2, "n_x")
    assert r.exception == "bcast.errors.ShapeError"

    r, _ = read_live(lambda: bcast.expect(np.zeros((3, 4)), "n, 3"))
    assert (r.function, r.shapes, r.axis) == (None, ((3, 4),), -1)
    assert r.names == ("the array given to expect()",)


# -- where the message sits: tracebacks, logs, IPython, pytest -------------------------


def run_python(code: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    return proc.stdout + proc.stderr


def test_traceback_from_a_subprocess() -> None:
    out = run_python(
        """
        import numpy as np
        def layer(x, w):
            return x @ w.T + np.ones(7)
        layer(np.ones((5, 3)), np.ones((4, 3)))
        """
    )
    assert "Traceback (most recent call last)" in out
    r = read_message(out)
    assert r is not None
    assert r.shapes == ((5, 4), (7,))
    assert r.exception == "ValueError"
    assert read_message(out.replace("\n", "\r\n")) == r


def test_last_broadcasting_error_wins_in_a_chain() -> None:
    out = run_python(
        """
        import numpy as np
        try:
            np.ones((3, 4)) + np.ones(3)
        except ValueError:
            np.ones((2, 5)) * np.ones((7,))
        """
    )
    assert "During handling of the above exception" in out
    r = read_message(out)
    assert r is not None
    assert r.shapes == ((2, 5), (7,))


def test_a_later_unrelated_error_is_skipped() -> None:
    out = run_python(
        """
        import numpy as np
        try:
            np.ones((3, 4)) + np.ones(3)
        except ValueError as e:
            raise KeyError("column") from e
        """
    )
    assert out.rstrip().endswith("KeyError: 'column'")
    r = read_message(out)
    assert r is not None
    assert r.shapes == ((3, 4), (3,))


def test_ipython_coloured_traceback() -> None:
    out = run_python(
        """
        from IPython.core.interactiveshell import InteractiveShell
        shell = InteractiveShell.instance()
        shell.run_cell("import numpy as np\\na = np.ones((3, 4))\\na - a.sum(axis=1)")
        """
    )
    assert "\x1b[" in out
    assert "---->" in out
    r = read_message(out)
    assert r is not None
    assert (r.form, r.shapes, r.exception) == ("ufunc", ((3, 4), (3,)), "ValueError")
    assert "\x1b" not in r.message


def test_ultratb_context_mode() -> None:
    from IPython.core import ultratb

    e = raised(lambda: np.ones((2, 3)) @ np.ones((2, 3)))
    text = ultratb.AutoFormattedTB(mode="Context").text(type(e), e, e.__traceback__)
    assert "\x1b[" in text
    r = read_message(text)
    assert r is not None
    assert (r.form, r.kind, r.shapes) == (
        "core_dimension",
        "contraction",
        ((None, 3), (2, None)),
    )


def run_pytest(folder: os.PathLike[str], body: str, columns: int = 80) -> str:
    """pytest's report on a test file whose test function runs ``body``."""
    test_file = os.path.join(folder, "test_shapes.py")
    with open(test_file, "w") as f:
        f.write("import numpy as np\ndef test_x():\n    " + body + "\n")
    # pytest never cuts its summary lines on CI (it looks for CI and
    # BUILD_NUMBER); the report read here is the one a person sees locally.
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "BUILD_NUMBER")}
    env["COLUMNS"] = str(columns)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "--color=no",
            test_file,
        ],
        capture_output=True,
        text=True,
        cwd=folder,
        timeout=120,
        env=env,
    )
    return proc.stdout


def test_pytest_failure_report(tmp_path: os.PathLike[str]) -> None:
    out = run_pytest(
        tmp_path, "assert (np.ones(4) - np.ones((4, 1)).T[0][:3]).sum() == 0"
    )
    assert "E       ValueError" in out
    r = read_message(out)
    assert r is not None
    assert r.shapes == ((4,), (3,))


@pytest.mark.parametrize("columns", [104, 110, 114])
def test_pytest_summary_cut_inside_the_shapes(
    tmp_path: os.PathLike[str], columns: int
) -> None:
    out = run_pytest(
        tmp_path, "np.ones((4, 5, 6, 7)) - np.ones((3, 5, 6, 7, 8))[0]", columns
    )
    summary = out.splitlines()[-2]
    assert summary.startswith("FAILED")
    assert summary.endswith("...")
    assert "with shapes (" in summary
    r = read_message(out)
    assert r is not None
    assert r.shapes == ((4, 5, 6, 7), (5, 6, 7, 8))


WRAPPED = [
    lambda: np.ones((2, 3)) @ np.ones((2, 3)),
    lambda: np.add(np.ones((3, 4, 5, 6)), np.ones((2, 1, 5, 6)), out=np.ones((7,) * 4)),
    lambda: np.broadcast_shapes((3, 4), (5, 6), (7,)),
    lambda: np.broadcast_to(np.ones((3, 1, 4)), (2, 5, 6)),
    lambda: np.ones((5, 5))[np.zeros((2, 3), int), np.zeros(4, int)],
]


@pytest.mark.parametrize("width", [30, 40, 50, 60, 80])
@pytest.mark.parametrize("call", WRAPPED)
def test_rich_traceback_wraps_the_message(
    call: Callable[[], object], width: int
) -> None:
    import io

    from rich.console import Console
    from rich.traceback import Traceback

    e = raised(call)
    out = io.StringIO()
    # a colour terminal whatever TERM, NO_COLOR or FORCE_COLOR say where this runs
    console = Console(
        file=out,
        width=width,
        force_terminal=True,
        color_system="standard",
        no_color=False,
    )
    try:
        raise e
    except type(e):
        console.print(Traceback())
    text = out.getvalue()
    assert "\x1b[" in text
    assert str(e).strip() not in text  # wrapped: not on one line
    r = read_message(text)
    whole = read_message(f"{type(e).__name__}: {e}")
    assert r is not None
    assert whole is not None
    assert r._replace(message="", note="") == whole._replace(message="", note="")
    assert r.message.split() == str(e).split()


@pytest.mark.parametrize("width", [24, 40])
@pytest.mark.parametrize("call", WRAPPED)
def test_message_wrapped_without_spaces_at_the_breaks(
    call: Callable[[], object], width: int
) -> None:
    e = raised(call)
    text = textwrap.fill(f"{type(e).__name__}: {e}", width, break_long_words=False)
    r = read_message("Traceback (most recent call last):\n  ...\n" + text + "\n")
    whole = read_message(f"{type(e).__name__}: {e}")
    assert r is not None
    assert whole is not None
    assert r.shapes == whole.shapes
    assert r.message.split() == str(e).split()


def test_a_following_line_is_not_part_of_the_message() -> None:
    e = raised(lambda: np.ones((3, 4)) + np.ones(3))
    r = read_message(f"ValueError: {e}\n(Pdb) p x.shape\n(3, 4)\n")
    assert r is not None
    assert r.shapes == ((3, 4), (3,))


def test_text_around_the_message() -> None:
    e = raised(lambda: np.ones((3, 4)) + np.ones(3))
    log = f"2024-05-01 12:00:03 ERROR train step 17 failed: {type(e).__name__}: {e}"
    r = read_message("epoch 1 loss 0.3\r" + log + "\nretrying with batch 2\n")
    assert r is not None
    assert r.shapes == ((3, 4), (3,))
    assert r.exception == "ValueError"
    assert r.message == str(e).strip()
    # the bare message, with nothing around it
    assert read_message(str(e)) == r._replace(exception=None)


# -- not broadcasting errors ----------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: np.ones(6).reshape(4, 2),
        lambda: np.concatenate([np.ones((2, 3)), np.ones((2, 4))]),
        lambda: np.linalg.inv(np.ones((2, 3))),
        lambda: {}["x"],
        lambda: np.stack([np.ones(3), np.ones(4)]),
    ],
)
def test_other_errors_are_not_read(call: Callable[[], object]) -> None:
    e = raised(call)
    assert read_message("".join(traceback.format_exception(e))) is None


def test_empty_and_blank() -> None:
    assert read_message("") is None
    assert read_message("\n\r\n  \t") is None


def test_not_text() -> None:
    with pytest.raises(TypeError, match="bytes"):
        read_message(b"operands could not be broadcast")  # type: ignore[arg-type]


@given(st.binary(max_size=2000))
def test_binary_junk(data: bytes) -> None:
    assert read_message(data.decode("utf-8", errors="replace")) is None


PHRASES = [
    "could not be broadcast together with shapes (",
    "operands could not be broadcast together with remapped shapes "
    "[original->remapped]: (",
    "shape mismatch: objects cannot be broadcast to a single shape.  Mismatch "
    "is between arg ",
    "has a mismatch in its core dimension ",
    "The size of tensor a (",
    "Incompatible shapes for broadcasting: shapes=[(",
    "cannot be broadcast: axis -",
    "Incompatible shapes: [",
    "Dimensions must be equal, but are 3 and 4 for '",
    "' (op: 'Add') with input shapes: [?,3], [",
    "Operands could not be broadcast together with shapes 3 and ",
    "Broadcast dimension mismatch. Operands could not be broadcast together "
    "with the shape of X = [",
    "mat1 and mat2 shapes cannot be multiplied (",
    "\x1b[",
    "(3,4)",
    "newaxis",
    "->",
    "\n",
]


@given(st.lists(st.sampled_from(PHRASES) | st.text(max_size=8), max_size=30))
def test_fragments_of_messages(parts: list[str]) -> None:
    text = "".join(parts)
    r = read_message(text)
    if r is not None:
        # what was read is there to read, and its shapes are shapes
        if "\x1b" not in text:
            assert r.message in text
        for shape in r.shapes:
            assert all(d is None or isinstance(d, (int, str)) for d in shape)


def test_huge_and_binary_inputs_do_not_hang() -> None:
    # A guard against quadratic scanning, not a benchmark: each case is read
    # in a fresh process that must finish within a generous limit.
    code = """
        import os
        from bcast.explainer.messages import read_message
        e = "operands could not be broadcast together with shapes (3,4) (3,) "
        cases = [
            os.urandom(10_000_000).decode("utf-8", errors="replace"),
            "\\x1b[" + "1;" * 3_000_000,
            "\\x1b]" * 2_000_000,
            "operands could not be broadcast together with shapes " + "(" * 10_000_000,
            ("could not be broadcast together with shapes (" + "3," * 50) * 20_000,
            ("x" * 79 + "\\n") * 125_000,
            "x" * 10_000_000 + "\\n" + e,
            e + "\\n" + "x" * 10_000_000,
        ]
        print([None if r is None else r.shapes for r in map(read_message, cases)])
    """
    out = run_python(code)
    expected = [None] * 6 + [((3, 4), (3,))] * 2
    assert out.strip() == repr(expected)


def test_import_stays_light() -> None:
    out = run_python(
        """
        import sys
        import bcast.explainer.messages
        print(sorted(m for m in ("numpy", "rich", "torch", "jax") if m in sys.modules))
        """
    )
    assert out.strip() == "[]"


# -- versions that cannot be installed here --------------------------------------------
# Quoted from public issue threads; every other message in this file is live.


def test_older_wordings() -> None:
    # NumPy < 1.22 (numpy/numpy#20018 shows the old text)
    r = read_message(
        "ValueError: shape mismatch: objects cannot be broadcast to a single shape"
    )
    assert r is not None
    assert (r.form, r.shapes, r.complete) == ("broadcast_shapes_old", (), False)
    # PyTorch < 1.7 (moskomule/senet.pytorch#35)
    r = read_message(
        "RuntimeError: size mismatch, m1: [1 x 256], m2: [64 x 4] at "
        "/opt/conda/conda-bld/pytorch_1549627089062/work/aten/src/TH/generic/"
        "THTensorMath.cpp:940"
    )
    assert r is not None
    assert (r.library, r.form, r.shapes) == ("torch", "m1_m2", ((1, 256), (64, 4)))
    assert r.kind == "contraction"
    # JAX < 0.3.18 printed the shapes after rank promotion (jax-ml/jax#12305)
    r = read_message(
        "ValueError: Incompatible shapes for broadcasting: ((2, 4), (1, 2))"
    )
    assert r is not None
    assert (r.library, r.shapes) == ("jax", ((2, 4), (1, 2)))
