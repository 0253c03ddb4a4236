"""bcast.explainer.messages as a table: every row reads its own real example.

The examples are the rows' own (``Form.example``, with the URL or the library
call that produced it in ``Form.source``); these tests hold the rows to them,
the package docstring to the rows, the notes to the catalog in both
languages, and the package directory to the registry of libraries.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

import bcast.explainer.messages as messages
from bcast.explainer.messages import LIBRARIES, Form, forms, read_message, table
from bcast.explainer.words import catalog

ROWS = [f for f in forms() if f.phrase]


def row_id(f: Form) -> str:
    return f"{f.library}-{f.name}"


@pytest.mark.parametrize("form", ROWS, ids=row_id)
def test_every_row_reads_its_example(form: Form) -> None:
    r = read_message(form.example)
    assert r is not None, form.example
    assert (r.library, r.form, r.kind) == (form.library, form.name, r.kind)
    assert r.shapes == form.expect
    assert r.target == form.expect_target
    # the message is quoted whole, and nothing else
    assert r.message == form.example.strip()
    # a traceback line around it changes nothing but the exception's name
    framed = read_message(
        f"Traceback (most recent call last):\nValueError: {form.example}\n"
    )
    assert framed == r._replace(exception="ValueError")


@pytest.mark.parametrize("form", ROWS, ids=row_id)
def test_every_row_names_where_its_example_comes_from(form: Form) -> None:
    assert form.source
    live = re.match(r"(NumPy|PyTorch|JAX|Dask|TensorFlow|Keras|bcast)\b", form.source)
    assert live or "https://" in form.source, form.source
    assert form.phrase in form.example


@pytest.mark.parametrize("form", ROWS, ids=row_id)
def test_every_note_in_both_languages(form: Form) -> None:
    r = read_message(form.example)
    assert r is not None
    assert r.notes, "every row explains its message"
    for key in r.notes:
        assert key.startswith("messages.")
        assert catalog.known(key)
    en, zh = r.note_in("en"), r.note_in("zh")
    assert en == r.note
    assert "{" not in en
    assert "{" not in zh
    assert en
    assert zh
    assert en != zh
    # the Chinese note is Chinese
    assert any("\u4e00" <= c <= "\u9fff" for c in zh)


def test_the_docstring_table_is_the_rows() -> None:
    doc = messages.__doc__
    assert doc is not None
    start = doc.index(".. table-of-forms\n") + len(".. table-of-forms\n")
    end = doc.index(".. end-of-forms")
    # after adding a row, paste bcast.explainer.messages.table() there
    assert doc[start:end].strip() == table().strip()
    # one line per row starts with its library and name
    heads = [line.split()[:2] for line in table().splitlines() if line[:1].isalpha()]
    assert [["library", "form"]] + [[f.library, f.name] for f in ROWS] == heads


def test_a_library_is_one_file_in_the_registry() -> None:
    folder = Path(messages.__file__).parent
    files = {p.stem for p in folder.glob("*.py") if not p.stem.startswith("_")}
    assert files == set(LIBRARIES)
    assert len(set(LIBRARIES)) == len(LIBRARIES)
    for f in forms():
        assert f.library in LIBRARIES
    names = [(f.library, f.name) for f in forms()]
    assert len(set(names)) == len(names)


def test_every_library_has_a_display_name() -> None:
    for name in LIBRARIES:
        assert catalog.library(name) != name or name == "bcast"


COUNTS = {
    "bcast": 5,
    "numpy": 19,
    "torch": 14,
    "jax": 10,
    "tensorflow": 7,
    "keras": 3,
    "tfjs": 1,
    "paddle": 2,
    "mxnet": 2,
    "dask": 2,
    "cupy": 1,
}


def test_forms_per_library() -> None:
    counted: dict[str, int] = {}
    for f in ROWS:
        counted[f.library] = counted.get(f.library, 0) + 1
    assert counted == COUNTS


# -- contractions are their own kind -----------------------------------------------


CONTRACTIONS = [f for f in ROWS if f.kind == "contraction"] + [
    f for f in ROWS if f.name in ("core_dimension", "dimensions_equal")
]


@pytest.mark.parametrize("form", CONTRACTIONS, ids=row_id)
def test_contraction_rows_say_which_axes_are_summed(form: Form) -> None:
    text = {
        "core_dimension": form.example,
        "dimensions_equal": (
            "Dimensions must be equal, but are 60 and 40 for 'rnn/while/rnn/"
            "multi_rnn_cell/cell_0/basic_lstm_cell/MatMul_1' (op: 'MatMul') with "
            "input shapes: [?,60], [40,120]."
        ),  # https://github.com/xiaoyesoso/TensorFlowinAction/issues/1
    }.get(form.name, form.example)
    r = read_message(text)
    assert r is not None
    assert r.kind == "contraction"
    assert r.contracted is not None
    assert len(r.contracted) == len(r.shapes)
    for shape, axes in zip(r.shapes, r.contracted):
        assert all(-len(shape) <= a < 0 for a in axes)
    if r.form in ("batch", "dot_general") and not any(r.contracted):
        return
    # the summed sizes are what the message complains about: they differ
    sizes = [{shape[a] for a in axes} for shape, axes in zip(r.shapes, r.contracted)]
    if all(None not in s and s for s in sizes) and r.form != "matmul":
        assert sizes[0] != sizes[1], (r.shapes, r.contracted)


@pytest.mark.parametrize(
    ("text", "shapes", "contracted"),
    [
        (
            "shapes (11,3) and (11,1) not aligned: 3 (dim 1) != 11 (dim 0)",
            ((11, 3), (11, 1)),
            ((-1,), (-2,)),
        ),
        (
            "RuntimeError: mat1 and mat2 shapes cannot be multiplied (1x784 and 10x784)",
            ((1, 784), (10, 784)),
            ((-1,), (-2,)),
        ),
        (
            "RuntimeError: size mismatch, m1: [1 x 784], m2: [10 x 784]",
            ((1, 784), (10, 784)),
            ((-1,), (-2,)),
        ),
        (
            # issue 10's graph-mode form, with the node and an unknown batch size
            "Dimensions must be equal, but are 784 and 10 for '{{node MatMul}} = "
            "MatMul[T=DT_FLOAT, transpose_a=false, transpose_b=false](x, w)' with "
            "input shapes: [?,784], [10,5].",
            ((None, 784), (10, 5)),
            ((-1,), (-2,)),
        ),
        (
            "mat1 and mat2 shapes cannot be multiplied (2×1568 and 784×10)",
            ((2, 1568), (784, 10)),
            ((-1,), (-2,)),
        ),
    ],
)
def test_the_issues_contraction_messages(
    text: str,
    shapes: tuple[tuple[int, ...], ...],
    contracted: tuple[tuple[int, ...], ...],
) -> None:
    r = read_message(text)
    assert r is not None
    assert (r.kind, r.shapes, r.contracted) == ("contraction", shapes, contracted)


def test_np_dot_contracted_axes_are_those_numpy_names() -> None:
    # np.dot of N-D arrays: a's last axis with b's second-to-last
    for a, b in [((2, 3), (4, 5)), ((2, 3), (4,)), ((5, 2, 3), (6, 4, 7))]:
        try:
            np.dot(np.ones(a), np.ones(b))
        except ValueError as e:
            r = read_message(str(e))
        else:
            pytest.fail("np.dot succeeded")
        assert r is not None
        assert r.contracted == ((-1,), (-2 if len(b) > 1 else -1,))
        (ca,), (cb,) = r.contracted
        assert r.shapes[0][ca] != r.shapes[1][cb]


def test_matmul_core_mismatch_is_a_contraction_of_k() -> None:
    try:
        np.ones((5, 3)) @ np.ones((4, 2))
    except ValueError as e:
        r = read_message(str(e))
    assert r is not None
    assert (r.kind, r.dimension, r.shapes) == (
        "contraction",
        "k",
        ((None, 3), (4, None)),
    )
    assert r.contracted == ((-1,), (-2,))
    # the other gufuncs keep their own kind
    from numpy._core import _umath_tests

    try:
        _umath_tests.cross1d(np.ones(4), np.ones(3))
    except ValueError as e:
        r = read_message(str(e))
    assert r is not None
    assert (r.kind, r.contracted) == ("gufunc", None)


# -- the examples said to be produced live are what the library says today ----------


def _guarded() -> None:
    import bcast

    @bcast.shaped(w="n_x, 1", X="n_x, m")
    def forward(X: np.ndarray, w: np.ndarray) -> np.ndarray:
        return w.T @ X

    forward(np.zeros((3, 5)), np.zeros((4, 1)))


def _assign(dest: tuple[int, ...], index: object, value: np.ndarray) -> None:
    x = np.zeros(dest)
    x[index] = value  # type: ignore[index]


def _iadd() -> None:
    x = np.ones((3, 1))
    x += np.ones((1, 4))


def _live_calls() -> dict[tuple[str, str], object]:
    import bcast

    mask = np.array([True, False, True, True])
    return {
        ("numpy", "ufunc"): lambda: np.ones((3, 4)) + np.ones(3),
        ("numpy", "indexing"): lambda: np.ones((5, 5))[[0, 1], [0, 1, 2]],
        ("numpy", "broadcast_to"): lambda: np.broadcast_to(np.ones(3), (4,)),
        ("numpy", "remapped"): lambda: np.ones((2, 3, 4)) @ np.ones((3, 4, 5)),
        ("numpy", "broadcast_shapes"): lambda: np.broadcast_shapes((3, 4), (3,)),
        ("numpy", "inplace_output"): _iadd,
        ("numpy", "assignment"): lambda: _assign((4,), ..., np.ones(3)),
        ("numpy", "value_array"): lambda: _assign((4, 2), [0, 1], np.ones((3, 2))),
        ("numpy", "mask_assignment"): lambda: _assign((4,), mask, np.ones(2)),
        ("numpy", "mask_ndim"): lambda: _assign((4,), mask, np.ones((3, 2))),
        ("numpy", "ufunc_at"): lambda: np.add.at(np.ones(5), [0, 1], np.ones(3)),
        ("numpy", "to_scalar"): lambda: np.broadcast_to(np.ones(3), ()),
        ("numpy", "axis_remapping"): lambda: np.broadcast_to(np.ones((2, 3)), (3,)),
        ("numpy", "core_dimension"): lambda: np.ones((2, 3)) @ np.ones((4, 5)),
        ("numpy", "core_ndim"): lambda: np.matmul(np.ones(()), np.ones((2, 2))),
        ("numpy", "vectorize_ndim"): lambda: np.vectorize(
            lambda x: x, signature="(n,m)->(n,m)"
        )(np.ones(3)),
        ("numpy", "vectorize"): lambda: np.vectorize(
            lambda x, y: 0.0, signature="(n),(n)->()"
        )(np.ones(3), np.ones(4)),
        ("numpy", "dot"): lambda: np.dot(np.ones((11, 3)), np.ones((11, 1))),
        ("bcast", "broadcast"): lambda: bcast.broadcast_shapes((3, 4), (3,)),
        ("bcast", "broadcast_to"): lambda: bcast.stretched_axes((3,), (4,)),
        ("bcast", "gufunc"): lambda: bcast.output_shapes(
            "(m,n),(n,p)->(m,p)", (2, 3), (4, 5)
        ),
        ("bcast", "core_ndim"): lambda: bcast.output_shapes(
            np.matmul.signature, (), (3,)
        ),
        ("bcast", "shape_guard"): _guarded,
    }


LIVE = [
    f for f in ROWS if f.library in ("numpy", "bcast") and "https://" not in f.source
]


@pytest.mark.parametrize("form", LIVE, ids=row_id)
def test_live_examples_are_what_the_library_says(form: Form) -> None:
    call = _live_calls()[form.library, form.name]
    try:
        call()  # type: ignore[operator]
    except Exception as e:
        said = str(e).strip()
    else:
        pytest.fail("no error")
    assert said == form.example.strip()
