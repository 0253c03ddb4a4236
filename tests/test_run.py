"""``bcast run``: a program run as python runs it, broadcasting errors explained.

Every test runs the installed ``bcast`` in a subprocess and compares with
``python`` running the same program directly.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import bcast

BCAST = shutil.which("bcast", path=str(Path(sys.executable).parent)) or shutil.which(
    "bcast"
)

pytestmark = pytest.mark.skipif(BCAST is None, reason="bcast is not installed")

# Python 3.11+ records code positions: the failing expression, not its line.
POSITIONS = sys.version_info >= (3, 11)

PROGRAM = textwrap.dedent(
    """\
    import sys

    import numpy as np

    from helper import center  # a module beside the script: sys.path[0]

    print(repr(sys.argv), __name__)
    if sys.argv[1:2] == ["fail"]:
        X = np.ones((3, 4))
        m = X.mean(axis=1)
        Z = X - m
    if sys.argv[1:2] == ["deep"]:
        center(np.ones((3, 4)))
    if sys.argv[1:2] == ["exit"]:
        sys.exit(int(sys.argv[2]))
    if sys.argv[1:2] == ["say"]:
        sys.exit("goodbye")
    """
)

HELPER = textwrap.dedent(
    """\
    def center(X):
        return X - X.mean(axis=1)
    """
)


@pytest.fixture
def program(tmp_path):
    (tmp_path / "prog.py").write_text(PROGRAM)
    (tmp_path / "helper.py").write_text(HELPER)
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "tool.py").write_text(PROGRAM.replace("from helper", "from pkg.helper"))
    (package / "helper.py").write_text(HELPER)
    return tmp_path


ROOT = str(Path(__file__).resolve().parent.parent)  # the bcast under test


def _run(args, cwd):
    env = {k: v for k, v in os.environ.items() if not k.startswith("BCAST_")}
    env["PYTHONPATH"] = ROOT
    return subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, timeout=120, env=env
    )


def _both(cwd, *args):
    """The program run by python and by bcast run, with the same arguments."""
    direct = _run([sys.executable, *args], cwd)
    ours = _run([BCAST, "run", *args], cwd)
    return direct, ours


@pytest.mark.parametrize(
    "args",
    [
        ["prog.py"],
        ["prog.py", "exit", "3"],
        ["prog.py", "exit", "0"],
        ["prog.py", "say"],
        ["prog.py", "-v", "--flag", "x y"],  # options belong to the program
    ],
)
def test_argv_output_and_exit_status_as_run_directly(program, args):
    direct, ours = _both(program, *args)
    assert ours.stdout == direct.stdout
    assert ours.stderr == direct.stderr
    assert ours.returncode == direct.returncode


def test_module_as_run_directly(program):
    direct, ours = _both(program, "-m", "pkg.tool", "exit", "4", "--x")
    assert ours.stdout == direct.stdout  # sys.argv[0] is the module's file
    assert str(program / "pkg" / "tool.py") in ours.stdout
    assert ours.returncode == direct.returncode == 4


def test_a_broadcasting_error_is_explained_after_the_same_traceback(program):
    direct, ours = _both(program, "prog.py", "fail")
    assert ours.returncode == direct.returncode == 1
    assert ours.stdout == direct.stdout
    # python's traceback, line for line, then the explanation
    assert ours.stderr.startswith(direct.stderr.rstrip("\n") + "\n")
    note = ours.stderr[len(direct.stderr.rstrip("\n")) :]
    code = "X - m" if POSITIONS else "Z = X - m"
    assert note.lstrip("\n").startswith(
        f"bcast: `{code}` failed ({program / 'prog.py'}, line 11)"
    )
    if POSITIONS:  # m[:, None]: named from the source
        expected = bcast.explain((3, 4), (3,), names=["X", "m"])
        assert expected.fixes[0].code in note


def _without_runpy(traceback: str) -> str:
    """``python -m`` shows runpy's frames; bcast run starts the traceback at
    the program's first frame.  A frame is its ``File`` line and the source
    lines under it."""
    kept: list[str] = []
    dropping = False
    for line in traceback.splitlines(True):
        if line.startswith('  File "'):
            dropping = "runpy" in line.split('"')[1]
        elif not line.startswith("    "):
            dropping = False
        if not dropping:
            kept.append(line)
    return "".join(kept)


def test_an_error_in_an_imported_module_names_that_line(program):
    direct, ours = _both(program, "-m", "pkg.tool", "deep")
    assert ours.returncode == direct.returncode == 1
    shown = _without_runpy(direct.stderr).rstrip("\n") + "\n"
    assert ours.stderr.startswith(shown)
    assert "runpy" not in ours.stderr
    where = f"({program / 'pkg' / 'helper.py'}, line 2, in center)"
    code = "X - X.mean(axis=1)" if POSITIONS else "return X - X.mean(axis=1)"
    assert f"bcast: `{code}` failed {where}" in ours.stderr


def test_without_bcast_run_nothing_is_explained(program):
    direct = _run([sys.executable, "prog.py", "fail"], program)
    assert "bcast:" not in direct.stderr  # the explanation is bcast run's doing


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "a script or -m MODULE is required"),
        (["-m"], "-m needs a module name"),
        (
            ["no_such_script.py"],
            "can't open file 'no_such_script.py': no such file or directory",
        ),
        (["-m", "no_such_module_here"], "no module named 'no_such_module_here'"),
        (["--frobnicate"], "unknown option '--frobnicate'"),
        (["--watch"], "a script or -m MODULE is required"),
        (["--strict", "prog.py"], "--strict needs --watch"),
        (
            ["--watch", "missing.py"],
            "can't open file 'missing.py': no such file or directory",
        ),
        (["--watch", "data.bin"], "'data.bin' is not Python source: a binary file"),
        (
            ["--watch", "latin.txt"],
            "'latin.txt' is not Python source: not text in its encoding",
        ),
    ],
)
def test_bad_command_lines_get_one_line_and_status_2(program, args, message):
    (program / "data.bin").write_bytes(b"\x89PNG\r\n\x1a\n\0\0")
    (program / "latin.txt").write_bytes("caf\u00e9 = 1\n".encode("latin-1"))
    done = _run([BCAST, "run", *args], program)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        f"bcast run: error: {message} (bcast run -h for help)"
    ]


def test_help(program):
    done = _run([BCAST, "run", "--help"], program)
    assert done.returncode == 0
    assert done.stdout.startswith(
        "usage: bcast run [--full] [--watch [--strict] [--rank-promotion]] SCRIPT [ARGS ...]"
    )


STEP = """\
import numpy as np

X = np.ones((3, 5))
w = np.ones((3, 1))
b = np.zeros(3)
Z = w.T @ X + b
"""


def test_compact_where_errors_happen_full_on_request(tmp_path):
    """Issue 10: under bcast run a two-operand conflict is the compact picture
    (at most 12 lines after the header, at 80 columns); --full gives the steps."""
    (tmp_path / "step.py").write_text(STEP)
    compact = _run([BCAST, "run", "step.py"], tmp_path)
    full = _run([BCAST, "run", "--full", "step.py"], tmp_path)
    assert compact.returncode == full.returncode == 1
    for done in (compact, full):
        assert "operands could not be broadcast together" in done.stderr
    note = compact.stderr.split("bcast: `w.T @ X + b` failed", 1)[1]
    body = [line for line in note.splitlines()[1:] if line.strip()]
    assert 3 <= len(body) <= 12, note
    assert all(len(line) <= 80 for line in body)
    assert "Not compatible" in note
    longer = full.stderr.split("bcast: `w.T @ X + b` failed", 1)[1]
    assert len(longer.splitlines()) > len(note.splitlines())


# -- bcast run --watch ---------------------------------------------------------

SILENT = textwrap.dedent(
    """\
    import numpy as np

    from helper2 import residual

    y_hat = np.ones(4)
    y = np.ones((4, 1))
    for step in range(3):
        d = y_hat - y
    r = residual(y_hat, y)
    print(d.shape, r.shape)
    """
)


@pytest.fixture
def silent(tmp_path):
    (tmp_path / "silent.py").write_text(SILENT)
    (tmp_path / "helper2.py").write_text("def residual(a, b):\n    return a - b\n")
    return tmp_path


def test_watch_warns_at_the_users_lines_once_each(silent):
    direct = _run([sys.executable, "silent.py"], silent)
    ours = _run([BCAST, "run", "--watch", "silent.py"], silent)
    assert ours.stdout == direct.stdout == "(4, 4) (4, 4)\n"
    assert ours.returncode == direct.returncode == 0
    assert direct.stderr == ""
    heads = [line for line in ours.stderr.splitlines() if "BroadcastWarning" in line]
    assert [h.split(": BroadcastWarning")[0] for h in heads] == [
        f"{silent / 'silent.py'}:8",
        f"{silent / 'helper2.py'}:2",  # a module beside the script is the user's too
    ]
    assert "y_hat - y: y_hat (4,), y (4, 1) -> (4, 4)" in heads[0]


def test_watch_with_a_module(silent):
    ours = _run([BCAST, "run", "--watch", "-m", "silent"], silent)
    assert ours.returncode == 0
    assert ours.stderr.count("BroadcastWarning") == 2


def test_strict_stops_at_the_line_with_status_1_explained(silent):
    ours = _run([BCAST, "run", "--watch", "--strict", "silent.py"], silent)
    assert ours.returncode == 1
    assert ours.stdout == ""
    lines = ours.stderr.splitlines()
    tb = lines[: lines.index(next(x for x in lines if x.startswith("bcast.errors")))]
    # The traceback ends in the user's line, with its carets; no frame of bcast's.
    expected = [
        f'  File "{silent / "silent.py"}", line 8, in <module>',
        "    d = y_hat - y",
    ]
    if POSITIONS:
        expected.append("        ~~~~~~^~~")
    assert tb[-len(expected) :] == expected
    assert not any("bcast/runtime" in x for x in tb)
    assert "bcast: `y_hat - y` failed" in ours.stderr
    assert "y_hat[:, None]" in ours.stderr


def test_watch_leaves_a_syntax_error_as_python_reports_it(tmp_path):
    (tmp_path / "broken.py").write_text("x = 1\ny = (x +\n")
    direct = _run([sys.executable, "broken.py"], tmp_path)
    ours = _run([BCAST, "run", "--watch", "broken.py"], tmp_path)
    assert ours.returncode == direct.returncode == 1
    assert ours.stderr == direct.stderr
    assert "SyntaxError" in ours.stderr


def test_watch_changes_no_output_of_a_correct_program(program):
    for args in (["prog.py"], ["prog.py", "exit", "3"], ["prog.py", "fail"]):
        plain = _run([BCAST, "run", *args], program)
        watched = _run([BCAST, "run", "--watch", *args], program)
        assert (watched.stdout, watched.stderr, watched.returncode) == (
            plain.stdout,
            plain.stderr,
            plain.returncode,
        )


def test_zh_words(silent):
    env_run = subprocess.run(
        [BCAST, "run", "--strict", "silent.py"],
        cwd=silent,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": ROOT, "BCAST_LANG": "zh"},
        timeout=120,
    )
    assert env_run.returncode == 2
    assert env_run.stderr.strip() == (
        "bcast run：错误：--strict 需要与 --watch 一起使用（bcast run -h 查看帮助）"
    )
