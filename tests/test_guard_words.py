"""What a ShapeError says and where its traceback ends: English by default,
Chinese under BCAST_LANG=zh, the caller's line last, no generated frame."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import traceback
from pathlib import Path

import numpy as np
import pytest

import bcast
from bcast import ShapeError, dims, expect, shaped

ROOT = Path(__file__).resolve().parent.parent
HERE = str(Path(__file__).resolve())


def z(*shape: int) -> np.ndarray:
    return np.zeros(shape)


@shaped(w="n_x, 1", b="()", X="n_x, m", returns="1, m")
def propagate(w, b, X):
    return w.T @ X + b


@shaped(x="n", returns="n+1")
def grow(x):
    return np.zeros(len(x) + 2)


def raised(fn, *args) -> ShapeError:
    with pytest.raises(ShapeError) as info:
        fn(*args)
    return info.value


CASES = {
    "bound": (propagate, (z(4, 1), 0.0, z(3, 5))),
    "rank": (propagate, (z(4), 0.0, z(4, 5))),
    "transpose": (propagate, (z(4, 1), 0.0, z(8, 4))),
    "not an array": (propagate, (z(4, 1), None, z(4, 5))),
    "expression": (grow, (z(3),)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_chinese_under_bcast_lang_and_english_by_default(case, monkeypatch):
    fn, args = CASES[case]
    monkeypatch.delenv("BCAST_LANG", raising=False)
    e = raised(fn, *args)
    english = str(e)
    assert not any("\u4e00" <= c <= "\u9fff" for c in english)
    monkeypatch.setenv("BCAST_LANG", "zh")
    chinese = str(e)  # the same error, worded when shown
    assert any("\u4e00" <= c <= "\u9fff" for c in chinese)
    assert e.message("en") == english
    assert e.message("zh") == chinese
    again = raised(fn, *args)
    assert str(again) == chinese
    # the facts are the same in both languages
    fields = (
        "function",
        "argument",
        "shape",
        "spec",
        "axis",
        "actual",
        "symbol",
        "expected",
    )
    assert [getattr(e, f) for f in fields] == [getattr(again, f) for f in fields]
    assert fn.__name__ in chinese
    assert str(e.spec) in chinese


def test_chinese_sentences_read_as_written(monkeypatch):
    monkeypatch.setenv("BCAST_LANG", "zh")
    e = raised(propagate, z(4, 1), 0.0, z(3, 5))
    assert str(e) == (
        "在 propagate() 中：X 的形状是 (3, 5)，应为 (n_x, m)：轴 0（-2）为 3，"
        "但 n_x = 4，由形状为 (4, 1) 的 w 绑定"
    )
    assert e.bound_by == "形状为 (4, 1) 的 w"
    e = raised(grow, z(3))
    assert str(e) == (
        "在 grow() 中：返回值的形状是 (5,)，应为 (n+1,)：轴 0（-1）为 5，"
        "但 n+1 = 4（n = 3，由形状为 (3,) 的 x 绑定）"
    )
    with pytest.raises(ShapeError) as info:
        expect(z(8), "1, m")
    assert str(info.value) == (
        "传给 expect() 的数组的形状是 (8,)，应为 (1, m)：有 1 个轴，应为 2 个；"
        "提示：这是秩为 1 的数组 (8,)，本意应是 (1, 8)：请用它的 .reshape(1, -1)，"
        "或在计算它的地方加 keepdims=True"
    )
    monkeypatch.setenv("BCAST_LANG", "en")
    assert e.bound_by == "n = 3, bound by x with shape (3,)"


def test_an_error_pickles_with_its_phrases_and_speaks_either_language():
    e = raised(propagate, z(4, 1), 0.0, z(8, 4))
    copy = pickle.loads(pickle.dumps(e))
    assert str(copy) == str(e)
    assert copy.message("zh") == e.message("zh")
    assert copy.hint == e.hint
    assert "did you mean X.T?" in e.hint


def test_dims_conflicts_in_chinese(monkeypatch):
    monkeypatch.setenv("BCAST_LANG", "zh")
    with pytest.raises(ShapeError) as info, dims(n=3), dims(n=4):
        pass
    assert str(info.value) == "dims(n=4)：n = 4 与 n = 3 冲突，后者由 dims(n=3) 绑定"


# -- tracebacks --------------------------------------------------------------------------


def _frames(e: BaseException) -> list[traceback.FrameSummary]:
    return traceback.extract_tb(e.__traceback__)


PACKAGE = Path(bcast.__file__).resolve().parent


def _in_bcast(frame: traceback.FrameSummary) -> bool:
    """A frame of bcast's own code: a module of the package or generated code."""
    if frame.filename.startswith("<bcast"):
        return True
    return Path(frame.filename).resolve().is_relative_to(PACKAGE)


def test_the_traceback_ends_in_the_caller_s_line():
    try:
        propagate(z(4, 1), 0.0, z(3, 5))  # the last frame
    except ShapeError as e:
        frames = _frames(e)
    last = frames[-1]
    assert (last.filename, last.line) == (
        HERE,
        "propagate(z(4, 1), 0.0, z(3, 5))  # the last frame",
    )
    assert not any(f.filename.startswith("<bcast.guard") for f in frames)


def test_expect_and_the_result_end_in_the_line_that_called_them():
    @shaped(x="n")
    def body(x):
        return expect(z(len(x) + 1), "n")  # expect's line

    try:
        body(z(2))
    except ShapeError as e:
        frames = _frames(e)
    assert frames[-1].line == 'return expect(z(len(x) + 1), "n")  # expect\'s line'
    assert frames[-2].line == "body(z(2))"
    assert not any(_in_bcast(f) for f in frames)
    try:
        grow(z(3))  # result
    except ShapeError as e:
        frames = _frames(e)
    assert frames[-1].line == "grow(z(3))  # result"


def test_an_error_of_the_function_itself_shows_no_wrapper_frame():
    @shaped(x="n")
    def broken(x):
        return x.no_such_attribute  # the user's bug

    try:
        broken(z(2))
    except AttributeError as e:
        frames = _frames(e)
    assert [f.line for f in frames[-2:]] == [
        "broken(z(2))",
        "return x.no_such_attribute  # the user's bug",
    ]
    assert not any(f.filename.startswith("<bcast.guard") for f in frames)


def test_tracebackhide_for_pytest_and_ipython():
    code = propagate.__code__
    assert "__tracebackhide__" in code.co_varnames
    assert propagate.__globals__["__tracebackhide__"] is True
    assert "__tracebackhide__" in expect.__code__.co_varnames


def test_a_plain_python_traceback_shows_no_bcast_frame(tmp_path):
    script = tmp_path / "user.py"
    script.write_text(
        "import numpy as np\n"
        "import bcast\n"
        "@bcast.shaped(X='n, m', w='n')\n"
        "def fit(X, w):\n"
        "    return X\n"
        "fit(np.zeros((3, 2)), np.zeros(4))\n"
    )
    out = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "BCAST_LANG": "en"},
        check=False,
    )
    lines = out.stderr.strip().splitlines()
    assert lines[-1].startswith("bcast.errors.ShapeError: fit(): w has shape (4,)")
    assert "<bcast.guard" not in out.stderr
    assert "bcast/" not in out.stderr
    assert lines[:-1] == [
        "Traceback (most recent call last):",
        f'  File "{script}", line 6, in <module>',
        "    fit(np.zeros((3, 2)), np.zeros(4))",
    ]


def test_no_other_exception_shows_in_a_rank_error():
    try:
        propagate(z(4), 0.0, z(4, 5))  # a rank-1 w: the rank fails first
    except ShapeError as e:
        text = "".join(traceback.format_exception(e))
    assert "During handling" not in text
    assert "ValueError: not enough values" not in text
    assert text.rstrip().endswith("keepdims=True where it was computed")
