"""bcast.explain, bcast.why and the Explanation record, checked against NumPy.

The messages ``why`` reads are produced here, live, by NumPy (and by PyTorch
and JAX when they are installed) — never typed from memory.
"""

from __future__ import annotations

import json
import os
import string
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import mutually_broadcastable_shapes

import bcast
from bcast.explainer.api import Explanation
from bcast.explainer.products import Product

shape = st.lists(st.integers(0, 5), min_size=0, max_size=5).map(tuple)


def numpy_result(*shapes):
    try:
        return np.broadcast_shapes(*shapes)
    except ValueError:
        return None


def numpy_broadcasts_to(source, target):
    try:
        np.broadcast_to(np.zeros(source), target)
    except ValueError:
        return False
    return True


def raised(f):
    try:
        f()
    except Exception as e:
        return str(e)
    raise AssertionError("expected an error")


# -- explain ------------------------------------------------------------------------


@given(
    st.integers(1, 4).flatmap(
        lambda n: mutually_broadcastable_shapes(num_shapes=n, min_side=0)
    )
)
def test_compatible_shapes_explained_as_numpy_broadcasts_them(shapes):
    e = bcast.explain(*shapes.input_shapes)
    assert e.compatible
    assert e.result == np.broadcast_shapes(*shapes.input_shapes)
    assert e.conflicts == ()
    assert e.fixes == ()


@given(st.lists(shape, min_size=2, max_size=4))
def test_every_axis_verdict_agrees_with_numpy(shapes):
    e = bcast.explain(*shapes)
    assert e.compatible == (numpy_result(*shapes) is not None)
    ndim = max(map(len, shapes))
    assert [s.axis for s in e.axes] == list(range(-1, -ndim - 1, -1))
    for step in e.axes:
        column = [s[step.axis] if len(s) >= -step.axis else 1 for s in shapes]
        # this axis alone broadcasts exactly when NumPy broadcasts the column
        alone = numpy_result(*[(d,) for d in column])
        assert (step.verdict == "conflict") == (alone is None)
        if alone is not None:
            assert (step.size,) == alone
            stretched = [i for i, d in enumerate(column) if d == 1 and alone != (1,)]
            assert list(step.stretched) == stretched


@given(st.lists(shape, min_size=2, max_size=3))
def test_fixes_offered_for_every_conflict_work_in_numpy(shapes):
    assume(numpy_result(*shapes) is None)
    e = bcast.explain(*shapes, names=["a", "b", "c"][: len(shapes)])
    assert not e.compatible
    assert e.conflicts
    for fix in e.fixes:
        scope = {n: np.zeros(s) for n, s in zip(e.names, shapes)}
        value = eval(fix.code, {"np": np}, scope)
        edited = list(shapes)
        edited[fix.operand] = value.shape
        assert np.broadcast_shapes(*edited) == fix.result


def test_names_from_the_command_line_style():
    e = bcast.explain("20,1000", "20,1", names=["X", "w"])
    assert e.names == ("X", "w")
    assert e.result == (20, 1000)
    partly = bcast.explain((3,), (3,), (3,), names=[None, "a", None])
    assert partly.names == ("b", "a", "c")


def test_symbolic_shapes():
    e = bcast.explain(("m", 1), (1, "n"))
    assert e.result == ("m", "n")
    assert [s.verdict for s in e.axes] == ["stretch", "stretch"]
    cond = bcast.explain(("m",), (4,))
    assert cond.result == (4,)
    assert cond.to_dict()["conditions"] == ["m is 1 or 4"]


def test_one_way_broadcast_agrees_with_np_broadcast_to():
    for source, target in [
        ((3, 1), (2, 3, 4)),
        ((3, 4), (3, 1)),
        ((2, 3, 4), (3, 4)),
        ((1,), (0,)),
    ]:
        e = bcast.explain(source, to=target)
        works = numpy_broadcasts_to(source, target)
        assert e.compatible == works, (source, target)
        assert e.result == (target if works else None)


@given(st.data())
def test_one_way_random(data):
    source = data.draw(shape)
    target = data.draw(shape)
    e = bcast.explain(source, to=target)
    assert e.compatible == numpy_broadcasts_to(source, target)
    for fix in e.fixes:
        value = eval(fix.code, {"np": np}, {"a": np.zeros(source)})
        assert np.broadcast_to(value, target).shape == target


@given(mutually_broadcastable_shapes(signature=np.matmul.signature, max_side=4))
def test_signature_agrees_with_matmul(shapes):
    e = bcast.explain(*shapes.input_shapes, signature=np.matmul.signature)
    a, b = (np.zeros(s) for s in shapes.input_shapes)
    assert e.compatible
    assert e.result == np.matmul(a, b).shape


@given(
    st.lists(st.integers(1, 4), min_size=1, max_size=3),
    st.lists(st.integers(1, 4), min_size=1, max_size=3),
)
def test_matmul_conflicts_and_their_fixes(a, b):
    a, b = tuple(a), tuple(b)
    try:
        expected = np.matmul(np.zeros(a), np.zeros(b)).shape
    except ValueError:
        expected = None
    e = bcast.explain(a, b, signature=np.matmul.signature)
    assert e.result == expected
    for fix in e.fixes:
        scope = {"a": np.zeros(a), "b": np.zeros(b)}
        value = eval(fix.code, {"np": np}, scope)
        scope[e.names[fix.operand]] = value
        assert np.matmul(scope["a"], scope["b"]).shape == fix.result


def test_values_are_numpy_arrays_stretched_and_summed():
    e = bcast.explain((3, 1), (1, 4), values=True)
    a = np.arange(1, 4).reshape(3, 1)
    b = np.arange(1, 5).reshape(1, 4) * 10
    assert e.values.fits
    assert e.values.arrays == (a.tolist(), b.tolist())
    assert e.values.stretched == (
        np.broadcast_to(a, (3, 4)).tolist(),
        np.broadcast_to(b, (3, 4)).tolist(),
    )
    assert e.values.total == (a + b).tolist()
    assert bcast.explain((7,), (7, 1), values=True).values.arrays[0] == [
        1,
        2,
        3,
        "…",
        6,
        7,
    ]  # long axes elided (issue 11)
    assert not bcast.explain((2,) * 4, values=True).values.fits
    assert bcast.explain((3,), (4,), values=True).values.total is None


def test_to_dict_is_the_json_schema():
    e = bcast.explain((3, 4), (3,))
    d = json.loads(json.dumps(e.to_dict()))
    for key in (
        "shapes",
        "names",
        "compatible",
        "result",
        "axes",
        "conflicts",
        "suggestions",
        "warnings",
    ):
        assert key in d
    assert d["shapes"] == [[3, 4], [3]]
    assert d["compatible"] is False
    assert d["conflicts"] == [
        {"axis": -1, "position": 1, "operands": [0, 1], "sizes": [4, 3]}
    ]
    for s in d["suggestions"]:
        edited = [tuple(x) for x in d["shapes"]]
        edited[s["operand"]] = tuple(s["shape"])
        assert list(np.broadcast_shapes(*edited)) == s["result"]
    w = bcast.explain((5,), (5, 1)).to_dict()["warnings"][0]
    assert w["kind"] == "rank1_column"
    assert w["fix"] == "a[:, None]"
    assert "outer product" in w["message"]


def test_record_behaviour():
    e = bcast.explain((3, 1), (1, 4))
    assert isinstance(e, Explanation)
    assert repr(e) == "<Explanation (3, 1) (1, 4) -> (3, 4)>"
    assert repr(bcast.explain((3,), (4,))) == "<Explanation (3,) (4,) -> incompatible>"
    with pytest.raises(AttributeError):
        e.lang = "zh"  # type: ignore[misc]
    html = e._repr_html_()
    assert html.startswith("<pre")
    assert "1→4" in html
    assert "(3, 4)" in html


def test_bad_input_raises_bcast_errors():
    with pytest.raises(bcast.ShapeSyntaxError):
        bcast.explain("3,,1")
    with pytest.raises(bcast.InvalidShapeError):
        bcast.explain((-1,))
    with pytest.raises(ValueError, match="unknown dtype"):
        bcast.explain((3,), dtype="float77")
    with pytest.raises(ValueError, match="unknown language"):
        bcast.explain((3,), lang="fr")
    with pytest.raises(ValueError, match="2 names for 1 shapes"):
        bcast.explain((3,), names=["a", "b"])


def test_bcast_lang_chooses_the_language(monkeypatch):
    monkeypatch.setenv("BCAST_LANG", "zh_CN.UTF-8")
    assert bcast.explain((3,), (4,)).lang == "zh"
    assert "冲突" in str(bcast.explain((3,), (4,)))
    monkeypatch.setenv("BCAST_LANG", "en")
    assert bcast.explain((3,), (4,), lang="zh").lang == "zh"


def test_importing_the_module_does_not_hide_the_function():
    code = "import bcast.explainer.api, bcast; print(callable(bcast.explain), bcast.explain((3,), (3,)).result)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["True", "(3,)"]


# -- the catalog --------------------------------------------------------------------


def fields(template):
    return sorted(f for _, f, _, _ in string.Formatter().parse(template) if f)


# -- why: messages made live ----------------------------------------------------------


def test_why_numpy_ufunc():
    message = raised(lambda: np.ones((3, 4)) + np.ones(3))
    e = bcast.why(message)
    assert e is not None
    assert e.shapes == ((3, 4), (3,))
    assert not e.compatible
    assert e.conflicts[0].axis == -1
    assert e.reading.library == "numpy"
    # the first fix works
    fix = e.fixes[0]
    scope = {n: np.zeros(s) for n, s in zip(e.names, e.shapes)}
    scope[e.names[fix.operand]] = eval(fix.code, {"np": np}, scope)
    assert (scope["a"] + scope["b"]).shape == fix.result


def test_why_finds_the_error_in_a_whole_traceback():
    script = "import numpy as np\nx = np.ones((20, 1000))\ny = x * np.ones((1000, 1))\n"
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert "Traceback" in run.stderr
    e = bcast.why(run.stderr)
    assert e is not None
    assert e.shapes == ((20, 1000), (1000, 1))
    assert [s.axis for s in e.conflicts] == [-2]


def test_why_broadcast_to_is_one_way():
    message = raised(lambda: np.broadcast_to(np.ones((3, 4)), (3, 1)))
    e = bcast.why(message)
    assert e.target == (3, 1)
    assert e.shapes == ((3, 4), (3, 1))
    assert not e.compatible
    assert [s.axis for s in e.conflicts] == [-1]


def test_why_inplace_output():
    def f():
        a = np.ones((3, 4))
        a += np.ones((2, 3, 4))

    e = bcast.why(raised(f))
    assert e is not None
    assert not e.compatible
    assert e.target == (3, 4)
    assert "axes" in str(e) or "axis" in str(e)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_why_matmul_gives_only_sizes_and_says_which_are_unknown(lang):
    # NumPy's matmul message names the two core sizes that differ, nothing else
    e = bcast.why(raised(lambda: np.ones((2, 3)) @ np.ones((2, 3))), lang=lang)
    assert isinstance(e, Product)
    assert (e.op, e.verdict, e.compatible) == ("matmul", "mismatch", False)
    assert e.shapes == ((None, 3), (2, None))
    assert e.unknown == ((0, 0), (1, 1))
    assert e.fixes == ()  # no fix is offered against guessed sizes
    text = str(e)
    assert "✓" not in text
    unknown = "not in the message" if lang == "en" else "不在错误信息中"
    assert unknown in text
    assert unknown in e.to_text(brief=True)


def test_why_broadcast_shapes_names_args():
    e = bcast.why(raised(lambda: np.broadcast_shapes((3, 4), (5,))))
    assert e.shapes == ((3, 4), (5,))
    assert not e.compatible


def test_why_assignment_and_indexing():
    def assign():
        a = np.zeros((3, 4))
        a[:] = np.ones((3, 5))

    def index():
        np.zeros((5, 5))[np.arange(3), np.arange(4)]

    for f in (assign, index):
        e = bcast.why(raised(f))
        assert e is not None, f
        assert not e.compatible


def test_why_not_a_broadcasting_message():
    assert bcast.why("KeyError: 'x'") is None
    assert bcast.why("") is None


def test_why_in_chinese():
    e = bcast.why(raised(lambda: np.ones((3, 4)) + np.ones(3)), lang="zh")
    text = str(e)
    assert "来自 NumPy 的错误信息" in text
    assert "不能广播" in text


def test_why_torch():
    torch = pytest.importorskip("torch")
    e = bcast.why(raised(lambda: torch.ones(3, 4) + torch.ones(3)))
    assert e is not None
    assert e.reading.library == "torch"
    assert not e.compatible
    sizes = {d for s in e.conflicts for d in (s.sizes[i] for i in s.conflicting)}
    assert sizes == {4, 3}


def test_why_jax():
    jnp = pytest.importorskip("jax.numpy")
    e = bcast.why(raised(lambda: jnp.ones((3, 4)) + jnp.ones(3)))
    assert e is not None
    assert e.reading.library == "jax"
    assert e.shapes == ((3, 4), (3,))
    assert not e.compatible


# -- matrix products by their own rule (issue 10, item 1) ------------------------------

import contextlib  # noqa: E402

product_shape = st.lists(st.integers(1, 4), min_size=0, max_size=3).map(tuple)


def numpy_call(function, a, b):
    """The result's shape, or None if NumPy refuses the call."""
    with contextlib.suppress(ValueError):
        return function(np.ones(a), np.ones(b)).shape
    return None


def run_fix(fix, a, b):
    """A fix's code as printed (``np.dot(a.T, b)``, ``b @ a``), run in NumPy."""
    return eval(fix.code, {"np": np}, {"a": np.ones(a), "b": np.ones(b)})


@given(product_shape, product_shape)
def test_dot_agrees_with_np_dot_and_its_fixes_run(a, b):
    e = bcast.explain(a, b, op="dot")
    assert isinstance(e, Product)
    expected = numpy_call(np.dot, a, b)
    assert e.compatible == (expected is not None)
    assert (e.verdict == "mismatch") == (expected is None)
    assert e.result == expected
    assert e.to_dict()["compatible"] == e.compatible
    for fix in e.fixes:
        assert run_fix(fix, a, b).shape == fix.result, fix.code
    if not e.compatible:
        for lang in ("en", "zh"):
            text = e._replace(lang=lang).to_text()
            assert "✓" not in text
            assert "✗" in text


@given(product_shape.filter(len), product_shape.filter(len))
def test_matmul_agrees_with_np_matmul_and_its_fixes_run(a, b):
    e = bcast.explain(a, b, op="matmul")
    expected = numpy_call(np.matmul, a, b)
    assert e.compatible == (expected is not None)
    assert e.result == expected
    for fix in e.fixes:
        assert run_fix(fix, a, b).shape == fix.result, fix.code
    if not e.compatible:
        assert "✓" not in str(e)


def test_the_course_dot_bug_is_fixed_with_a_transpose():
    # dw = np.dot(X, dz) with X (n_x, m) = (2, 5) and dz (1, 5): forgot the .T
    e = bcast.explain((2, 5), (1, 5), names=["X", "dz"], op="dot")
    assert not e.compatible
    codes = [f.code for f in e.fixes]
    assert codes[0] == "np.dot(X, dz.T)"
    X, dz = np.ones((2, 5)), np.ones((1, 5))
    assert np.dot(X, dz.T).shape == e.fixes[0].result == (2, 1)
    assert "np.dot(X, dz.T)" in str(e)


def test_explain_checks_a_product_s_options():
    with pytest.raises(ValueError, match="unknown product"):
        bcast.explain((2, 3), (3, 4), op="cross")
    with pytest.raises(ValueError, match="matrix product"):
        bcast.explain((2, 3), (3, 4), op="matmul", signature="(n,k),(k,m)->(n,m)")
    with pytest.raises(ValueError, match="dtype"):
        bcast.explain((2, 3), (3, 4), op="dot", dtype="float7")
    with pytest.raises(TypeError, match="axes"):
        bcast.explain((2, 3), (3, 4), axes=1)
    e = bcast.explain((2, 3, 4), (3, 4, 5), op="tensordot", axes=2)
    expected = np.tensordot(np.ones((2, 3, 4)), np.ones((3, 4, 5)), axes=2).shape
    assert e.compatible
    assert e.result == expected == (2, 5)
    e = bcast.explain((2, 3), (4, 5), op="einsum", subscripts="ij,jk->ik")
    with pytest.raises(ValueError, match="could not be broadcast"):
        np.einsum("ij,jk->ik", np.ones((2, 3)), np.ones((4, 5)))
    assert e.verdict == "mismatch"


CONTRACTION_MESSAGES = [
    # NumPy, np.dot (the example; github.com/numpy/numpy issue threads)
    "ValueError: shapes (11,3) and (11,1) not aligned: 3 (dim 1) != 11 (dim 0)",
    # np.matmul's gufunc message
    "ValueError: matmul: Input operand 1 has a mismatch in its core dimension 0, "
    "with gufunc signature (n?,k),(k,m?)->(n?,m?) (size 5 is different from 4)",
    # PyTorch, torch.mm / nn.Linear
    "RuntimeError: mat1 and mat2 shapes cannot be multiplied (64x3 and 4x10)",
    # old PyTorch
    "RuntimeError: size mismatch, m1: [1 x 784], m2: [10 x 784]",
]


@pytest.mark.parametrize("message", CONTRACTION_MESSAGES)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_why_never_calls_a_failed_product_compatible(message, lang):
    e = bcast.why(message, lang=lang)
    assert isinstance(e, Product)
    assert not e.compatible
    assert e.verdict == "mismatch"
    assert e.to_dict()["compatible"] is False
    for text in (str(e), e.to_text(brief=True), e._repr_html_()):
        assert "✓" not in text
        assert "Compatible" not in text
        assert "可以广播" not in text
        assert "✗" in text


def test_why_dot_aligns_the_contracted_axes():
    e = bcast.why(CONTRACTION_MESSAGES[0])
    assert e.contraction.contracted == ((1,), (0,))
    assert e.contraction.failure.sizes == (3, 11)
    assert e.fixes[0].code == "np.dot(a.T, b)"
    assert np.dot(np.ones((11, 3)).T, np.ones((11, 1))).shape == e.fixes[0].result
    assert "3   ≠   11" in str(e)  # the summed sizes, one under the other


def test_the_record_level_why_never_explains_a_product_as_broadcasting():
    # bcast.why explains a product by its rule; below it, a product's message
    # is given its heading only, never an elementwise table
    from bcast.explainer.explanation import why_record

    for message in CONTRACTION_MESSAGES:
        e = why_record(message)
        assert e is not None, message
        assert e.shapes == (), message
        assert not e.compatible, message


def test_a_message_s_own_contracted_axes_are_used():
    # A reading that names its contracted axes but no product bcast knows by
    # name: summed over axis 0 of each, sizes 3 and 4 - as np.tensordot sums.
    from types import SimpleNamespace

    from bcast.explainer.products import from_reading

    def reading(shapes):
        return SimpleNamespace(
            library="numpy",
            kind="contraction",
            form="contraction",
            function=None,
            shapes=shapes,
            names=None,
            signature=None,
            contracted=((0,), (0,)),
            dimension=None,
            message="…",
        )

    e = from_reading(reading(((3, 5), (4, 5))))
    assert e.contraction.contracted == ((0,), (0,))
    assert e.contraction.failure.sizes == (3, 4)
    assert not e.compatible
    with pytest.raises(ValueError, match="shape-mismatch"):
        np.tensordot(np.ones((3, 5)), np.ones((4, 5)), axes=([0], [0]))
    fits = from_reading(reading(((3, 5), (3, 6))))
    expected = np.tensordot(np.ones((3, 5)), np.ones((3, 6)), axes=([0], [0])).shape
    assert fits.compatible
    assert fits.result == expected


# -- products where the code ran: the frame's names and shapes ---------------------


def test_where_the_frame_is_known_a_product_gets_its_names_and_real_shapes():
    from bcast.runtime.notebook import explanation_of

    def layer():
        W, x = np.ones((3, 5)), np.ones((3, 2))
        return W @ x  # NumPy's message gives only the core sizes 5 and 3

    try:
        layer()
    except ValueError as error:
        e = explanation_of(error, names=["W", "x"])
        alone = bcast.why(str(error))
    assert alone.unknown  # the message alone leaves sizes out
    assert (e.shapes, e.unknown, e.partial) == (((3, 5), (3, 2)), (), None)
    assert e.verdict == "mismatch"
    W, x = np.ones((3, 5)), np.ones((3, 2))
    best = e.fixes[0]
    assert (best.code, best.result) == ("W.T @ x", (W.T @ x).shape)
    assert "not in the message" not in str(e)


def test_frame_shapes_that_do_not_fit_the_message_are_not_used():
    from bcast.runtime.notebook import explanation_of

    def layer():
        W, x = np.ones((3, 5)), np.ones((3, 2))
        W @ x
        return W, x

    try:
        layer()
    except ValueError as error:
        wrong = explanation_of(error, names=["x", "W"])  # names the other way
    assert wrong.shapes == ((None, 5), (3, None))  # the message's, nothing guessed
    assert wrong.fixes == ()


def test_bcast_run_writes_the_course_s_fix_on_its_own_expression(tmp_path):
    # the course's bug: dw = np.dot(X, A - Y) with A - Y a row (forgot the .T)
    script = tmp_path / "step.py"
    script.write_text(
        "import numpy as np\n"
        "X, A, Y = np.ones((4, 100)), np.ones((1, 100)), np.zeros((1, 100))\n"
        "dw = np.dot(X, A - Y) / 100\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "bcast", "run", str(script)],
        capture_output=True,
        text=True,
        env={**os.environ, "BCAST_LANG": "en"},
    )
    assert done.returncode == 1
    assert (
        "Best fix: np.dot(X, (A - Y).T)  transpose A - Y: the result has shape (4, 1)"
        in (done.stderr)
    )
    X, A, Y = np.ones((4, 100)), np.ones((1, 100)), np.zeros((1, 100))
    assert np.dot(X, (A - Y).T).shape == (4, 1)
    assert "Compatible" not in done.stderr
