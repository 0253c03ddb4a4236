"""Instrumented code behaves exactly as the code it was made from.

Each test runs the same source plainly and instrumented
(:func:`bcast.runtime.instrument.compile_watched`) and compares what Python
itself says: results, the order operands are evaluated in, which special
method ran, exceptions, traceback lines and carets, scopes.
"""

from __future__ import annotations

import ast
import sys
import textwrap
import traceback
import warnings

import numpy as np
import pytest

import bcast
from bcast.runtime import checks
from bcast.runtime.instrument import compile_watched, instrument


@pytest.fixture(autouse=True)
def _fresh():
    checks.reset()
    checks.configure("warn", rank_promotion=False)
    yield
    checks.reset()
    checks.configure("warn", rank_promotion=False)


def both(source: str, filename: str = "<user>", **namespace):
    """Run ``source`` plainly and instrumented; the two namespaces."""
    source = textwrap.dedent(source)
    plain = dict(namespace, __name__="user")
    exec(compile(source, filename, "exec"), plain)
    watched = dict(namespace, __name__="user")
    exec(compile_watched(source, filename), watched)
    return plain, watched


def _user(ns):
    return {
        k: v for k, v in ns.items() if not k.startswith(("@", "__")) and not callable(v)
    }


def test_the_rewrite_is_what_the_docs_say():
    tree = instrument(ast.parse("y = a - b"), "y = a - b")
    text = ast.unparse(tree)
    assert "@bc_op_sub(*@bc_check(" in text
    # literals cannot broadcast badly: left alone, as are chained comparisons
    for code in ("y = x - 1", "y = A[0, i] > 0.5", "y = 0 < x < 1", "y = f'{a + b}'"):
        assert "@bc_check" not in ast.unparse(instrument(ast.parse(code), code)), code


def test_results_and_evaluation_order_are_the_same():
    source = """
        log = []
        def v(name, value):
            log.append(name)
            return value
        r1 = v("a", 2) + v("b", 3) * v("c", 4) ** v("d", 2)
        r2 = v("a", 7) // v("b", 2) - v("c", 7) % v("d", 3)
        r3 = v("a", 1.5) / v("b", 3) @ 1 if False else v("e", 9) != v("f", 8)
        r4 = "%s-%s" % (v("g", 1), v("h", 2))
        r5 = [v("i", 1)] * v("j", 3) + [0]
        r6 = v("k", "ab") < v("l", "b")
    """
    plain, watched = both(source)
    assert _user(plain) == _user(watched)
    assert plain["log"] == watched["log"] == list("abcdabcdefghijkl")


def test_operator_overloading_is_python_own():
    source = """
        calls = []
        class Left:
            def __add__(self, other):
                calls.append("Left.__add__")
                return NotImplemented
        class Right:
            def __radd__(self, other):
                calls.append("Right.__radd__")
                return "radd"
            def __rsub__(self, other):
                calls.append("Right.__rsub__")
                return "rsub"
        class Sub(Left):
            def __radd__(self, other):
                calls.append("Sub.__radd__")
                return "sub first"
        r1 = Left() + Right()
        r2 = Left() + Sub()
        r3 = 1 - Right()
    """
    plain, watched = both(source)
    assert plain["calls"] == watched["calls"]
    assert (watched["r1"], watched["r2"], watched["r3"]) == (
        "radd",
        "sub first",
        "rsub",
    )


def test_numpy_protocols_decide_as_before():
    source = """
        import numpy as np
        class Priority:
            __array_priority__ = 100
            shape = (3,)
            def __radd__(self, other):
                return "Priority.__radd__"
        class Ufunc:
            shape = (2, 1)
            def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
                return f"{ufunc.__name__} by Ufunc"
        a = np.ones(3)
        r1 = a + Priority()
        r2 = np.ones(3) - Ufunc()
        r3 = np.add(np.ones(3), Ufunc())
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (3,) with (2, 1): but they decide, not NumPy
        plain, watched = both(source)
    assert watched["r1"] == plain["r1"] == "Priority.__radd__"
    assert watched["r2"] == plain["r2"] == "subtract by Ufunc"
    assert watched["r3"] == plain["r3"] == "add by Ufunc"


def test_augmented_assignment_is_in_place():
    source = """
        import numpy as np
        w = np.zeros(3)
        alias = w
        w += np.ones(3)
        w *= 2
        lst = [1]
        other = lst
        lst += [2]
        class Box:
            pass
        box = Box()
        box.x = np.zeros(2)
        inner = box.x
        box.x -= np.ones(2)
        d = {"k": np.zeros(2)}
        dk = d["k"]
        d["k"] += np.ones(2)
        t = (1,)
        t += (2,)
        s = 0
        for i in range(5):
            s += i
    """
    plain, watched = both(source)
    assert watched["alias"] is watched["w"]
    assert watched["w"].tolist() == [2, 2, 2]
    assert watched["other"] is watched["lst"] == [1, 2]
    assert watched["inner"] is watched["box"].x
    assert watched["inner"].tolist() == [-1, -1]
    assert watched["dk"] is watched["d"]["k"]
    assert watched["t"] == plain["t"] == (1, 2)
    assert watched["s"] == plain["s"] == 10
    text = ast.unparse(instrument(ast.parse(textwrap.dedent(source))))
    assert "@bc_op_iadd(*@bc_update(" in text
    assert "@bc_op_isub(*@bc_update(" in text


def test_scopes_global_nonlocal_class_super_walrus_comprehensions():
    source = """
        counter = 0
        def bump():
            global counter
            counter = counter + 1
            counter += 1
        bump()
        def outer():
            n = 1
            def inner():
                nonlocal n
                n = n * 10
                n -= 1
            inner()
            return n
        r_nonlocal = outer()
        class Base:
            def f(self):
                return 1
        class Child(Base):
            k = 2
            k = k + 1
            doubled = [j * 2 for j in range(k)]
            def f(self):
                return super().f() + 1 + len(str(__class__))
        r_super = Child().f()
        r_class = (Child.k, Child.doubled)
        r_walrus = [(y := j * 2) + y for j in range(3)]
        r_last = y
        r_gen = sum(a * b for a, b in zip(range(4), range(4)))
        r_dict = {j: j ** 2 for j in range(3) if j % 2 == 0}
        r_lambda = (lambda p, q=2 * 3: p - q)(10)
    """
    plain, watched = both(source)
    assert _user(plain) == _user(watched)
    assert watched["counter"] == 2
    assert watched["r_nonlocal"] == 9


def test_annotations_stay_as_written():
    source = """
        from __future__ import annotations
        def f(x: a + b, y: int = 1 + 1) -> c * d:
            return x
        v: e - f = 3
    """
    plain, watched = both(source)
    assert plain["f"].__annotations__ == watched["f"].__annotations__
    assert watched["f"].__annotations__["return"] == "c * d"


def _traceback(source: str, compiler) -> list[str]:
    path = "/tmp/bcast_user_code.py"
    import linecache

    source = textwrap.dedent(source)
    linecache.cache[path] = (len(source), None, source.splitlines(True), path)
    try:
        exec(compiler(source, path, "exec"), {"__name__": "user"})
    except Exception as e:
        return traceback.format_exception(e)
    raise AssertionError("no exception")


@pytest.mark.parametrize(
    "source",
    [
        "import numpy as np\nX = np.ones((3, 4))\nm = np.ones(3)\nr = (X\n    - m)\n",
        "def f(a, b):\n    return a + b * 2\nf(1, 'x')\n",
        "x = {}\ny = x['a'] if 1 > 2 else len(x) / 0\n",
        "import numpy as np\nw = np.zeros(3)\nw += np.ones((3, 3))\n",
        "import numpy as np\nr = np.maximum(np.ones(2), np.ones(3))\n",
        "items = [1, 2]\nz = items < 3\n",
    ],
    ids=["multi-line", "call", "division", "augmented", "np.maximum", "compare"],
)
def test_tracebacks_are_the_same_line_for_line(source):
    plain = _traceback(source, compile)
    watched = _traceback(source, compile_watched)
    assert watched == plain
    if sys.version_info >= (3, 11) and ("f(1, 'x')" in source or "/ 0" in source):
        assert any("~^~" in line for line in plain)  # carets, and they match


def test_a_syntax_error_is_pythons_own():
    source = "x = (1 +\n"
    with pytest.raises(SyntaxError) as plain:
        compile(source, "prog.py", "exec")
    with pytest.raises(SyntaxError) as watched:
        compile_watched(source, "prog.py")
    assert (watched.value.msg, watched.value.lineno, watched.value.offset) == (
        plain.value.msg,
        plain.value.lineno,
        plain.value.offset,
    )
    with pytest.raises(SyntaxError, match="'return' outside function"):
        compile_watched("return 1\n", "prog.py")


def test_a_warning_at_the_users_line_once_per_site():
    source = """
        import numpy as np
        y = np.ones(5)
        a = np.ones((5, 1))
        for step in range(3):
            d = y - a
        e = np.maximum(a, y)
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        exec(compile_watched(textwrap.dedent(source), "/tmp/u.py"), {"__name__": "u"})
    found = [(w.filename, w.lineno, w.category) for w in caught]
    assert found == [
        ("/tmp/u.py", 6, bcast.BroadcastWarning),
        ("/tmp/u.py", 7, bcast.BroadcastWarning),
    ]
    first = caught[0].message.finding
    assert first.kind == "rank1"
    assert first.expression == "y - a"
    assert first.shapes == ((5,), (5, 1))
    assert first.result == (5, 5)
    assert str(caught[0].message) == (
        "y - a: y (5,), a (5, 1) -> (5, 5): y is rank-1 and a is a column, so the "
        "result is an outer product; element by element: y[:, None] - a (or give y "
        "that shape where it is made)"
    )
    assert caught[1].message.finding.names == ("a", "y")
    assert [f.lineno for f in checks.FINDINGS] == [6, 7]


@pytest.mark.parametrize(
    "code",
    [
        "d = y[:, None] - a2",
        "d = y[np.newaxis, :] - a",
        "d = a - y.reshape(1, -1)",
        "d = np.expand_dims(y, 1) - a2",
        "d = np.outer(y, y) - y[:, None] * y",
        "d = a - np.sum(a, axis=1, keepdims=True)",
        "col = y[:, None]\nd = col - y",
        "d = y - y2",
        "d = a - a",
        "d = X - y",  # rank promotion: idiomatic, not flagged by default
        "d = np.where(y > 0, X, 0.0)",
    ],
)
def test_no_warning_where_the_code_spells_it_or_it_is_fine(code):
    namespace = {
        "np": np,
        "y": np.ones(5),
        "y2": np.ones(5),
        "a": np.ones((5, 1)),
        "a2": np.ones((1, 7)),
        "X": np.ones((3, 5)),
    }
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        exec(compile_watched(code, "<u>"), namespace)


def test_predictions_row_against_labels_column_is_an_outer_product():
    ns = {"A": np.ones((1, 4)), "Y": np.ones((4, 1))}
    with pytest.warns(bcast.BroadcastWarning, match=r"an outer product") as w:
        exec(compile_watched("dZ = A - Y", "<u>"), ns)
    assert "if they should match: A - Y.T" in str(w[0].message)


def test_drift_of_a_number_into_an_array():
    ns = {"np": np, "db": np.ones((1, 7)), "b": 0.0, "lr": 0.1}
    with pytest.warns(
        bcast.BroadcastWarning, match=r"b changes shape in its own update"
    ):
        exec(compile_watched("b = b - lr * db", "<u>"), ns)
    ns["b"] = 0.0
    with pytest.warns(bcast.BroadcastWarning, match=r"from \(\) to \(1, 7\)"):
        exec(compile_watched("b -= lr * db", "<u>"), ns)
    # An accumulator starting at 0 is not an update that drifts.
    ns["total"] = 0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        exec(compile_watched("total = total + db", "<u>"), ns)


def test_rank_promotion_only_on_request():
    ns = {"X": np.ones((3, 4)), "mu": np.ones(4)}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        exec(compile_watched("Z = X - mu", "<u>"), ns)
    checks.configure(rank_promotion=True)
    with pytest.warns(bcast.BroadcastWarning, match=r"write X - mu\[None\] to say so"):
        exec(compile_watched("Z = X - mu", "<u>"), ns)


def test_strict_raises_before_the_operation():
    checks.configure("raise")
    ns = {"np": np, "y": np.ones(3), "a": np.ones((3, 1)), "log": []}
    source = "class T:\n    def __init__(s, v): s.v = v\nr = y - a\nlog.append(1)\n"
    with pytest.raises(bcast.SilentBroadcastError) as e:
        exec(compile_watched(source, "<u>"), ns)
    assert isinstance(e.value, ValueError)
    assert "r" not in ns
    assert ns["log"] == []
    assert e.value.finding.kind == "rank1"
    # the traceback ends in the user's line: check() leaves its own frame out
    frames = traceback.extract_tb(e.value.__traceback__)
    assert (frames[-1].filename, frames[-1].lineno, frames[-1].name) == (
        "<u>",
        3,
        "<module>",
    )
    assert not any(f.name == "check" for f in frames)


def test_strict_blocks_share_the_policy():
    ns = {"y": np.ones(3), "a": np.ones((3, 1))}
    with bcast.strict("raise"), pytest.raises(bcast.SilentBroadcastError):
        exec(compile_watched("r = y - a", "<u>"), ns)
    with bcast.strict("off"), warnings.catch_warnings():
        warnings.simplefilter("error")
        exec(compile_watched("r = y - a", "<u>"), ns)


def test_watched_arrays_report_into_the_same_findings():
    y, a = bcast.watch(np.ones(3), np.ones((3, 1)))
    with pytest.warns(bcast.BroadcastWarning):
        y - a
    assert checks.FINDINGS
    assert checks.FINDINGS[-1].kind == "outer"


def test_python_numbers_and_objects_without_shape_pass():
    source = """
        class Odd:
            shape = "not a shape"
            def __sub__(self, o): return 5
        r = Odd() - Odd()
        s = [1] + [2]
        t = None == None
    """
    plain, watched = both(source)
    assert _user(plain) == _user(watched)
    assert watched["r"] == 5
    assert watched["s"] == [1, 2]
    assert watched["t"] is True


def test_dask_unknown_sizes_bind_nothing():
    da = pytest.importorskip("dask.array", reason="dask is not installed")
    x = da.ones(6, chunks=3)
    unknown = x[x > 0]  # shape (nan,)
    col = da.ones((4, 1), chunks=2)
    assert np.isnan(unknown.shape[0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        exec(
            compile_watched("r = unknown - col", "<u>"),
            {"unknown": unknown, "col": col},
        )
    with pytest.warns(bcast.BroadcastWarning):
        exec(compile_watched("r = x - col", "<u>"), {"x": x, "col": col})


def test_torch_tensors():
    torch = pytest.importorskip("torch", reason="torch is not installed")
    ns = {"torch": torch, "y": torch.ones(3), "a": torch.ones(3, 1)}
    with pytest.warns(bcast.BroadcastWarning, match="y is rank-1"):
        exec(compile_watched("r = torch.sub(y, a)\nq = y - a", "<u>"), ns)
    assert tuple(ns["r"].shape) == (3, 3)


def test_jax_arrays():
    jnp = pytest.importorskip("jax.numpy", reason="jax is not installed")
    ns = {"jnp": jnp, "y": jnp.ones(3), "a": jnp.ones((3, 1))}
    with pytest.warns(bcast.BroadcastWarning, match="y is rank-1"):
        exec(compile_watched("r = jnp.maximum(y, a)", "<u>"), ns)
