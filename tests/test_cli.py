"""The command line, through ``main(argv)`` and through the installed ``bcast``.

Exit status: 0 compatible (``why``: explained), 1 incompatible, 2 bad input.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from bcast import cli
from bcast.cli import main

BCAST = shutil.which("bcast") or str(Path(sys.executable).with_name("bcast"))


def run(*argv, stdin=b""):
    """The installed console script: (exit status, stdout, stderr)."""
    env = {k: v for k, v in os.environ.items() if k not in ("BCAST_LANG", "COLUMNS")}
    done = subprocess.run(
        [BCAST, *argv], input=stdin, capture_output=True, env=env, timeout=120
    )
    return done.returncode, done.stdout.decode(), done.stderr.decode()


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    monkeypatch.delenv("BCAST_LANG", raising=False)
    monkeypatch.delenv("COLUMNS", raising=False)


def call(capsys, *argv, stdin=None):
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    try:
        code = main(list(argv))
    finally:
        sys.stdin = sys.__stdin__
    out, err = capsys.readouterr()
    return code, out, err


# -- check --------------------------------------------------------------------------


def test_check_prints_numpys_result(capsys):
    code, out, err = call(capsys, "check", "3,1", "1,4", "2,1,1")
    assert code == 0
    assert out == f"{np.broadcast_shapes((3, 1), (1, 4), (2, 1, 1))}\n"
    assert err == ""


def test_check_conflict_is_one_line(capsys):
    code, out, _err = call(capsys, "check", "3,4", "3")
    assert code == 1
    assert out.count("\n") == 1
    assert "axis=1 (or -1) a has 4, b has 3" in out


def test_check_named_symbolic_and_chinese(capsys):
    code, out, _ = call(capsys, "check", "X=20,1000", "w=20,1")
    assert (code, out) == (0, "(20, 1000)\n")
    code, out, _ = call(capsys, "check", "m,1", "4")
    assert (code, out) == (0, "(m, 4)\n")
    code, out, _ = call(capsys, "check", "m", "4", "--lang", "zh")
    assert out.splitlines() == ["(4,)", "  前提：m 为 1 或 4"]
    code, out, _ = call(capsys, "check", "3,4", "3", "--lang=zh")
    assert code == 1
    assert out.startswith("不能广播")


def test_check_json_matches_explain_json(capsys):
    _, check, _ = call(capsys, "check", "3,4", "4", "--json")
    _, explain, _ = call(capsys, "explain", "3,4", "4", "--json")
    assert json.loads(check) == json.loads(explain)
    assert json.loads(check)["result"] == list(np.broadcast_shapes((3, 4), (4,)))


def test_check_width_wraps_the_line(capsys):
    code, out, _ = call(capsys, "check", "3,4", "3", "--width", "40")
    assert code == 1
    assert len(out.splitlines()) > 1
    assert all(len(line) <= 40 for line in out.splitlines())


@pytest.mark.parametrize(
    ("argv", "token"),
    [
        (["check", "3,,1"], "','"),
        (["check", "3,x"], "'x'"),
        (["explain", "3,1", "(3"], "'('"),
        (["explain", "-1,3"], "'-1'"),
        (["check", "1e3"], "'1e3'"),
        (["check", "X=", "3"], "X="),
    ],
)
def test_malformed_shape_is_one_line_naming_the_token(capsys, argv, token):
    code, out, err = call(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("bcast: error: bad ")
    assert token in err


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frob", "3"],
        ["check"],
        ["explain", "3", "--bogus"],
        ["--json", "check", "3"],
        ["check", "3", "--width", "abc"],
        ["check", "3", "--width", "5"],
        ["check", "3", "--lang", "fr"],
        ["explain", "3", "--dtype", "float77"],
        ["explain", "3", "--matmul", "--signature", "(n)->()"],
        ["check", "3", "--json=yes"],
        ["explain", "3", "--sig", "(n)->()"],
    ],
)
def test_usage_errors(capsys, argv):
    code, out, err = call(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.startswith("usage: bcast")
    assert "Traceback" not in err


def test_help_and_version(capsys):
    code, out, _ = call(capsys, "--help")
    assert code == 0
    assert "explain" in out
    assert "bcast explain 3,1 1,4" in out
    code, out, _ = call(capsys, "explain", "-h")
    assert code == 0
    assert "--signature" in out
    assert "3,1 (no quotes needed)" in out
    from importlib.metadata import version

    code, out, _ = call(capsys, "--version")
    assert (code, out) == (0, f"bcast {version('bcast')}\n")


def test_bad_bcast_lang(capsys, monkeypatch):
    monkeypatch.setenv("BCAST_LANG", "klingon")
    code, _out, err = call(capsys, "check", "3")
    assert code == 2
    assert err == "bcast: error: BCAST_LANG: unknown language 'klingon': use en or zh\n"


# -- explain ------------------------------------------------------------------------


def test_explain_compatible_and_conflict(capsys):
    code, out, _ = call(capsys, "explain", "3,1", "1,4")
    assert code == 0
    assert "✓ Compatible: the result has shape (3, 4)." in out
    code, out, _ = call(capsys, "explain", "3,4", "3")
    assert code == 1
    assert "✗ Not compatible" in out
    assert "b[:, None]" in out


def test_explain_json(capsys):
    code, out, _ = call(capsys, "explain", "X=3,4", "m=3", "--json")
    assert code == 1
    d = json.loads(out)
    assert d["names"] == ["X", "m"]
    assert d["compatible"] is False
    assert [c["axis"] for c in d["conflicts"]] == [-1]
    for s in d["suggestions"]:
        shapes = [tuple(x) for x in d["shapes"]]
        shapes[s["operand"]] = tuple(s["shape"])
        assert list(np.broadcast_shapes(*shapes)) == s["result"]


def test_explain_width_and_chinese(capsys, monkeypatch):
    code, out, _ = call(capsys, "explain", "7,3,4,5", "4,1", "--width", "50")
    assert code == 0
    assert all(cell_len(line) <= 50 for line in out.splitlines())
    monkeypatch.setenv("BCAST_LANG", "zh")
    code, out, _ = call(capsys, "explain", "3,4", "3")
    assert code == 1
    assert "不能广播" in out
    code, out, _ = call(capsys, "explain", "3,4", "3", "--lang", "en")
    assert "Not compatible" in out


def test_explain_values(capsys):
    code, out, _ = call(capsys, "explain", "2,1", "1,3", "--values")
    assert code == 0
    total = np.arange(1, 3).reshape(2, 1) + np.arange(1, 4).reshape(1, 3) * 10
    rows = [" ".join(line.split()) for line in out.splitlines()]
    assert "│ " + " ".join(map(str, total[0])) + " │" in rows  # a grid (issue 11)


def test_explain_signature_and_matmul(capsys):
    a, b = (2, 3, 4), (4, 5)
    expected = list(np.matmul(np.zeros(a), np.zeros(b)).shape)
    code, out, _ = call(
        capsys,
        "explain",
        "--signature",
        "(n?,k),(k,m?)->(n?,m?)",
        "2,3,4",
        "4,5",
        "--json",
    )
    assert code == 0
    assert json.loads(out)["result"] == expected
    code, out, _ = call(capsys, "explain", "--matmul", "2,3", "2,3", "--json")
    d = json.loads(out)
    assert code == 1
    assert (d["kind"], d["op"], d["compatible"]) == ("contraction", "matmul", False)
    best = d["suggestions"][0]
    assert best["code"] == "a @ b.T"
    a_, b_ = np.zeros((2, 3)), np.zeros((2, 3))
    assert list((a_ @ b_.T).shape) == best["result"] == [2, 2]
    a, b = (2, 1, 3, 4), (5, 4, 6)  # the loop axes broadcast, the core contracts
    code, out, _ = call(capsys, "explain", "--matmul", "2,1,3,4", "5,4,6", "--json")
    assert code == 0
    assert json.loads(out)["result"] == list(np.matmul(np.zeros(a), np.zeros(b)).shape)
    code, _, err = call(capsys, "explain", "--signature", "(n", "3")
    assert code == 2
    assert err.startswith("bcast: error: bad signature")


def test_explain_memory_warning_depends_on_dtype(capsys):
    _, out, _ = call(capsys, "explain", "1000,1", "1,1000", "--json")
    (m,) = [w for w in json.loads(out)["warnings"] if w["kind"] == "memory"]
    assert m["result_bytes"] == np.empty((1000, 1000)).nbytes
    _, out, _ = call(
        capsys, "explain", "1000,1", "1,1000", "--json", "--dtype", "float32"
    )
    (m,) = [w for w in json.loads(out)["warnings"] if w["kind"] == "memory"]
    assert m["result_bytes"] == np.empty((1000, 1000), np.float32).nbytes


# -- why ----------------------------------------------------------------------------


def numpy_message():
    try:
        np.ones((3, 4)) + np.ones(3)
    except ValueError as e:
        return str(e)
    raise AssertionError


def test_why_argument_and_stdin(capsys):
    message = numpy_message()
    code, out, _ = call(capsys, "why", message)
    assert code == 0
    assert "From a NumPy error message" in out
    code, out2, _ = call(
        capsys, "why", stdin=("Traceback ...\nValueError: " + message + "\n").encode()
    )
    assert code == 0
    assert out2 == out
    code, out, _ = call(capsys, "why", "--json", stdin=message.encode())
    d = json.loads(out)
    assert d["message"]["library"] == "numpy"
    assert d["shapes"] == [[3, 4], [3]]


def test_why_words_without_quotes(capsys):
    code, out, _ = call(capsys, "why", *numpy_message().split())
    assert code == 0
    assert "(3, 4)" in out


@pytest.mark.parametrize(
    ("stdin", "expected"),
    [
        (b"", "bcast: error: no message given"),
        (b"everything is fine\n", "bcast: error: no broadcasting error found"),
        (b"\x00\x01\x02\xff\xfe" * 20, "bcast: error: the input is binary"),
        (bytes(range(256)) * 4, "bcast: error: the input is binary"),
    ],
)
def test_why_bad_input(capsys, stdin, expected):
    code, out, err = call(capsys, "why", stdin=stdin)
    assert code == 2
    assert out == ""
    assert err.startswith(expected)
    assert err.count("\n") == 1


def test_why_undecodable_bytes_in_a_real_traceback(capsys):
    data = b"caf\xe9 log line\nValueError: " + numpy_message().encode() + b"\n"
    code, out, _ = call(capsys, "why", stdin=data)
    assert code == 0
    assert "(3, 4)" in out


# -- the command line as data: the fast path agrees with argparse -----------------------

TOKENS = st.sampled_from(
    [
        "explain", "check", "why", "3,1", "1,4", "X=2,3", "m,1", "--json", "--no-color",
        "--width", "40", "--width=60", "--lang", "zh", "--lang=en", "--dtype", "float32",
        "--values", "--signature", "(n),(n)->()", "--matmul", "--", "-h", "--bogus", "fr",
        "--width=9", "-", "-x", "7",
    ]
)  # fmt: skip


@given(st.lists(TOKENS, max_size=8))
def test_fast_path_reads_what_argparse_reads(argv):
    fast = cli._scan(argv)
    if fast is None:
        return  # argparse decides (and reports)
    slow = cli._parse(argv)
    assert slow == fast


@given(st.lists(TOKENS, max_size=8))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_fast_path_accepts_only_what_argparse_accepts(argv):
    if any(t[:1] == "-" and t[1:2].isdigit() for t in argv):
        return  # "-1,3" is read as a (bad) shape, which argparse would not
    if cli._scan(argv) is not None:
        assert isinstance(cli._parse(argv), dict)


# -- fuzz: nothing ever shows a traceback ----------------------------------------------


@given(
    st.lists(st.one_of(TOKENS, st.text(max_size=12)), max_size=6),
    st.binary(max_size=200),
)
@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_fuzz_main(argv, data):
    assume(argv[:1] != ["run"])  # bcast run would run a program
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdin, sys.stdout, sys.stderr
    sys.stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    sys.stdout, sys.stderr = out, err
    try:
        code = main(argv)
    finally:
        sys.stdin, sys.stdout, sys.stderr = old
    assert code in (0, 1, 2)
    if code == 2 and not err.getvalue().startswith("usage:"):
        assert err.getvalue().count("\n") == 1  # one line
    assert "Traceback" not in err.getvalue()


@given(
    st.lists(
        st.one_of(
            TOKENS,
            st.text(
                alphabet=st.characters(
                    blacklist_categories=("Cs",), blacklist_characters="\x00"
                ),
                max_size=10,
            ),
        ),
        max_size=5,
    ),
    st.binary(max_size=100),
)
@settings(max_examples=8, deadline=None)
def test_fuzz_installed_script(argv, data):
    assume(argv[:1] != ["run"])
    code, _, err = run(*argv, stdin=data)
    assert code in (0, 1, 2), err
    assert "Traceback" not in err


# -- the installed console script ----------------------------------------------------


def test_installed_exit_codes():
    assert run("check", "3,1", "1,4")[:2] == (0, "(3, 4)\n")
    code, out, _ = run("check", "3,4", "3")
    assert code == 1
    assert "axis=1 (or -1)" in out
    code, out, err = run("check", "3,,1")
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    code, _, err = run("explain", "3", "--nope")
    assert code == 2
    assert err.startswith("usage:")
    code, out, _ = run("explain", "3,1", "1,4")
    assert code == 0
    assert "(3, 4)" in out
    code, _, _ = run("explain", "3,4", "3")
    assert code == 1


def test_installed_why_reads_a_pipe(tmp_path):
    script = tmp_path / "train.py"
    script.write_text(
        "import numpy as np\nX = np.ones((20, 1000))\ndz = np.ones(1000)\n"
        "grad = X * dz.reshape(1000, 1)\n"
    )
    pipeline = f"{sys.executable} {script} 2>&1 | {BCAST} why"
    done = subprocess.run(
        pipeline, shell=True, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert (
        "operands could not be broadcast together with shapes (20,1000) (1000,1)"
        in done.stdout
    )
    assert "b.T" in done.stdout


def test_colour_only_when_wanted():
    env = {k: v for k, v in os.environ.items() if k not in ("BCAST_LANG", "NO_COLOR")}
    coloured = subprocess.run(
        [BCAST, "explain", "3,4", "3"],
        capture_output=True,
        text=True,
        env={**env, "FORCE_COLOR": "1", "TERM": "xterm-256color"},
    )
    assert "\x1b[" in coloured.stdout  # red conflict, yellow stretch ...
    plain = subprocess.run(
        [BCAST, "explain", "3,4", "3", "--no-color"],
        capture_output=True,
        text=True,
        env={**env, "FORCE_COLOR": "1", "TERM": "xterm-256color"},
    )
    assert "\x1b[" not in plain.stdout
    assert "4 ✗" in plain.stdout  # the mark survives without colour
    assert plain.stdout == re.sub(r"\x1b\[[0-9;]*m", "", coloured.stdout)


def test_python_dash_m_bcast():
    done = subprocess.run(
        [sys.executable, "-m", "bcast", "check", "3,1", "1,4"],
        capture_output=True,
        text=True,
    )
    assert (done.returncode, done.stdout) == (0, "(3, 4)\n")


def modules_after(argv):
    code = (
        "import sys, io, contextlib\n"
        "from bcast.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()): main(" + repr(argv) + ")\n"
        "print(sorted(m for m in ('rich', 'numpy', 'typing', 'dataclasses', 'inspect', 'argparse') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_check_imports_neither_rich_nor_numpy():
    assert modules_after(["check", "3,1", "1,4"]) == "[]"
    assert modules_after(["check", "3,4", "3"]) == "[]"


@pytest.mark.parametrize(
    "argv",
    [
        ["explain", "5", "5,1", "--json"],  # a warning, whose words --json carries
        ["explain", "3,4", "3", "--json", "--lang", "zh"],  # a conflict and fixes
        [
            "why",
            "operands could not be broadcast together with shapes (3,4) (3,)",
            "--json",
        ],
        ["check", "5", "5,1"],
        ["check", "X=3,4", "3", "--lang", "zh"],
        ["explain", "--dot", "X=11,3", "dz=11,1", "--json"],  # a product, fixes
        ["explain", "--matmul", "2,3", "2,3", "--json", "--lang", "zh"],
        [
            "why",
            "shapes (11,3) and (11,1) not aligned: 3 (dim 1) != 11 (dim 0)",
            "--json",
        ],
    ],
)
def test_json_and_check_never_load_rich(argv):
    assert "rich" not in modules_after(argv)


def test_the_picture_does_load_rich():  # the control: the probe above can see rich
    assert "rich" in modules_after(["explain", "5", "5,1"])
    assert "rich" in modules_after(["explain", "--dot", "11,3", "11,1"])


def test_explain_imports_numpy_only_for_values():
    assert "numpy" not in modules_after(["explain", "3,1", "1,4"])
    assert "numpy" not in modules_after(["explain", "3,4", "3", "--json"])
    assert "numpy" not in modules_after(["explain", "3,1", "1,4", "--values"])


# -- warnings on check, and errors in the language asked for -------------------------


HANZI = re.compile("[\u4e00-\u9fff]")


def test_check_warns_about_the_rank1_pitfall_on_stderr(capsys):
    code, out, err = call(capsys, "check", "5", "5,1")
    assert code == 0
    assert out == f"{np.broadcast_shapes((5,), (5, 1))}\n"  # (5, 5), as NumPy says
    (line,) = err.splitlines()
    assert line.startswith("bcast: warning: a (5,) is a rank-1 array")
    assert "a[:, None]" in line
    assert np.broadcast_shapes(np.zeros(5)[:, None].shape, (5, 1)) == (5, 1)
    code, out, err = call(capsys, "check", "5", "5,1", "--no-warn")
    assert (code, out, err) == (0, "(5, 5)\n", "")
    code, out, err = call(capsys, "check", "y=4,1", "p=4", "--lang", "zh")
    assert code == 0
    assert err.startswith("bcast：警告：p (4,) 是秩为 1 的数组")


@pytest.mark.parametrize(
    ("shapes", "expected"),
    [
        (["3,1", "1,4"], np.broadcast_shapes((3, 1), (1, 4))),
        (["m,1", "1,n"], "(m, n)"),
        (["5", "1,5"], np.broadcast_shapes((5,), (1, 5))),
        (["3,4", "4"], np.broadcast_shapes((3, 4), (4,))),
        (["5", "5"], np.broadcast_shapes((5,), (5,))),
    ],
)
def test_check_says_nothing_about_correct_code(capsys, shapes, expected):
    code, out, err = call(capsys, "check", *shapes)
    assert (code, out, err) == (0, f"{expected}\n", "")


@pytest.mark.parametrize(
    ("argv", "english"),
    [
        (
            ["check", "3,,1", "4"],
            "bad shape '3,,1': ',' at position 2: empty size before ','",
        ),
        (
            ["check", "1e3", "3"],
            "bad shape '1e3': '1e3' at position 0: not a whole number",
        ),
        (["check", "3;1"], "bad shape '3;1': ';' at position 1: unexpected character"),
        (["explain", "3", "--signature", "(n)->"], None),
        (
            ["explain", "3", "--width", "abc"],
            "--width takes a number of columns, not 'abc'",
        ),
        (
            ["explain", "3", "--width", "5"],
            "--width must be between 20 and 10000, not 5",
        ),
        (["explain", "3", "--dtype", "f99"], "unknown dtype 'f99': use one of bool"),
        (["explain", "3", "--lang", "fr"], "unknown language 'fr': use en or zh"),
        ([], "a command is required: explain, check or why"),
        (["why", "everything is fine"], "no broadcasting error found in the input"),
    ],
)
def test_bad_input_is_one_line_in_either_language(capsys, monkeypatch, argv, english):
    monkeypatch.setenv("BCAST_LANG", "en")
    code, out, err = call(capsys, *argv)
    assert (code, out) == (2, "")
    last = err.strip().splitlines()[-1]
    if english is not None:
        assert english in last
    assert not HANZI.search(err)
    monkeypatch.setenv("BCAST_LANG", "zh")
    code, out, err = call(capsys, *argv)
    assert (code, out) == (2, "")
    assert HANZI.search(err.strip().splitlines()[-1]), err
    assert "Traceback" not in err


def test_bcast_lang_gives_chinese_errors(capsys, monkeypatch):
    monkeypatch.setenv("BCAST_LANG", "zh")
    code, _, err = call(capsys, "check", "3,,1")
    assert code == 2
    assert err == "bcast：错误：形状 '3,,1' 有误：位置 2 的 ','：',' 前面缺少大小\n"
    code, _, err = call(capsys, "explain", "3", "--width", "abc")
    assert code == 2
    assert err.strip().splitlines()[-1].endswith("--width 需要一个列数，而不是 'abc'")
