"""bcast lint: the checker on small programs, compared with NumPy where it answers.

What the linter says of an expression is held against what NumPy does with
arrays of the same shapes: a certain failure (BC1xx) is reported exactly when
NumPy raises; a suspicion's result shape is the shape NumPy gives.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bcast.cli import main
from bcast.lint import check_file, check_source
from bcast.lint.config import Options
from bcast.lint.source import SourceError

BCAST = shutil.which("bcast") or str(Path(sys.executable).with_name("bcast"))
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    monkeypatch.delenv("BCAST_LANG", raising=False)


def lint(code: str, **options) -> list[tuple[int, str]]:
    return [(d.line, d.code) for d in check_source(textwrap.dedent(code), **options)]


def run(*argv, cwd=None):
    done = subprocess.run(
        [BCAST, "lint", *argv],
        capture_output=True,
        timeout=120,
        cwd=cwd,
        env={**os.environ},
    )
    return done.returncode, done.stdout.decode(), done.stderr.decode()


# -- against NumPy --------------------------------------------------------------------

shapes = st.lists(st.integers(1, 4), min_size=0, max_size=3).map(tuple)


@settings(max_examples=150, deadline=None)
@given(shapes, shapes)
def test_a_certain_failure_is_reported_exactly_when_numpy_raises(a, b):
    code = f"import numpy as np\nx = np.ones({a!r})\ny = np.ones({b!r})\nz = x + y\n"
    try:
        np.ones(a) + np.ones(b)
        raises = False
    except ValueError:
        raises = True
    assert ("BC101" in {c for _, c in lint(code)}) == raises


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.integers(1, 4), min_size=1, max_size=2).map(tuple),
    st.lists(st.integers(1, 4), min_size=1, max_size=2).map(tuple),
)
def test_a_contraction_is_reported_exactly_when_numpy_dot_raises(a, b):
    code = f"import numpy as np\nz = np.dot(np.ones({a!r}), np.ones({b!r}))\n"
    try:
        np.dot(np.ones(a), np.ones(b))
        raises = False
    except ValueError:
        raises = True
    assert ("BC102" in {c for _, c in lint(code)}) == raises


@pytest.mark.parametrize(
    ("a", "b", "code"),
    [((5,), (5, 1), "BC201"), ((1, 6), (6, 1), "BC202"), ((4, 1), (4,), "BC201")],
)
def test_a_suspicion_reports_the_shape_numpy_gives(a, b, code):
    found = check_source(f"import numpy as np\nz = np.zeros({a!r}) - np.zeros({b!r})\n")
    assert [d.code for d in found] == [code]
    result = dict(found[0].fields)["result"]
    assert result == str((np.zeros(a) - np.zeros(b)).shape)


def test_matmul_operator_and_method_follow_the_contraction_rule():
    assert lint("""
        import numpy as np
        W = np.random.randn(4, 3)
        X = np.random.randn(2, 5)
        Z = W @ X
        Y = W.dot(X)
    """) == [(5, "BC102"), (6, "BC102")]


def test_an_in_place_update_that_would_grow_is_a_certain_failure():
    found = lint("""
        import numpy as np
        w = np.zeros(3)
        dw = np.ones((3, 1))
        w -= 0.1 * dw
    """)
    assert found == [(5, "BC103")]
    w = np.zeros(3)
    with pytest.raises(ValueError, match="non-broadcastable output"):
        w -= 0.1 * np.ones((3, 1))


# -- the course's bugs, small ------------------------------------------------------------


def test_a_rank_1_bias_drifts_in_its_own_update():
    found = check_source(
        textwrap.dedent("""
        import numpy as np
        b = np.zeros(1)
        db = np.sum(np.ones((1, 7)), axis=1, keepdims=True)
        b = b - 0.1 * db
        """)
    )
    assert [(d.line, d.code) for d in found] == [(5, "BC203")]
    assert "(1,) becomes (1, 1)" in found[0].message()


def test_missing_keepdims_gets_a_fix_on_the_reduction():
    (d,) = check_source(
        "import numpy as np\nX = np.ones((4, 3))\nn = np.linalg.norm(X, axis=1)\nY = X / n\n"
    )
    assert d.code == "BC101"
    assert d.fix == "np.linalg.norm(X, axis=1, keepdims=True)"
    assert (
        np.ones((4, 3)) / np.linalg.norm(np.ones((4, 3)), axis=1, keepdims=True)
    ).shape == (4, 3)


def test_symbols_from_parameters_and_docstrings():
    assert lint('''
        import numpy as np
        def f(X, w):
            """
            X -- data of size (n_x, m)
            w -- weights of shape (n_x,)
            """
            Y = X.T @ w
            return Y - np.ones((1, 3))
    ''') == [(9, "BC301")]


def test_n_x_m_equals_x_shape_binds_symbols():
    found = check_source(
        textwrap.dedent("""
        import numpy as np
        def f(X):
            n_x, m = X.shape
            w = np.zeros(n_x)
            b = np.zeros((n_x, 1))
            return w + b
        """)
    )
    assert [(d.line, d.code) for d in found] == [(7, "BC201")]
    assert dict(found[0].fields)["result"] == "(n_x, n_x)"


def test_reshape_minus_one_is_solved():
    assert lint("""
        import numpy as np
        X = np.ones((209, 8, 8, 3))
        F = X.reshape(X.shape[0], -1).T
        w = np.zeros((192, 1))
        Z = np.dot(w.T, F) + np.ones((1, 200))
    """) == [(6, "BC101")]


def test_shaped_specs_and_annotations_are_boundaries():
    assert lint("""
        import numpy as np
        import bcast
        from typing import Annotated

        @bcast.shaped(X="n, 3")
        def f(X):
            return X @ np.ones((4, 1))

        def g(y: Annotated[np.ndarray, bcast.Shape("m")]):
            return y - np.ones(("m", 1))
    """) == [(8, "BC102")]


def test_asserts_refine_shapes():
    assert lint("""
        import numpy as np
        def f(A, n):
            assert A.shape == (n, 1)
            return A + np.zeros(n)
    """) == [(5, "BC201")]


def test_calls_are_followed_with_the_callers_shapes():
    assert lint("""
        import numpy as np
        def affine(W, X, b):
            return np.dot(W, X) + b
        W = np.random.randn(4, 2)
        X = np.random.randn(2, 10)
        Z = affine(W, X, np.zeros(4))
    """) == [(4, "BC101")]


def test_dictionaries_with_computed_keys_and_short_loops():
    assert lint("""
        import numpy as np
        dims = [5, 3, 2]
        p = {}
        for l in range(1, len(dims)):
            p["W" + str(l)] = np.random.randn(dims[l], dims[l - 1])
            p["b" + str(l)] = np.zeros(dims[l])
        A = np.ones((5, 8))
        for l in range(1, 3):
            A = np.dot(p[f"W{l}"], A) + p["b" + str(l)]
    """) == [(10, "BC101")]


# -- precision: nothing on correct or unknown code ------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        # written-out stretches
        "x = np.arange(5)\nd = x[:, None] - x[None, :]",
        "x = np.arange(5)\nd = x[:, np.newaxis] - x",
        "x = np.arange(5)\nd = x.reshape(-1, 1) * x",
        "x = np.arange(5)\nd = np.expand_dims(x, 1) * x",
        "x = np.arange(5)\nd = np.outer(x, x)",
        "X = np.ones((4, 3))\nY = X - X.mean(axis=1, keepdims=True)",
        "X = np.ones((4, 3))\nY = X - X.mean(axis=0)",
        # the textbook example, literals
        "c = np.array([[1], [2], [3]]) + np.array([[1, 2, 3, 4]])",
        "c = np.array([1, 2, 3]) + 3",
        # unknown things
        "import torch\nx = torch.zeros(3) + torch.zeros(3, 1)",
        "x = load()\ny = x + np.zeros((3, 1))",
        "def f(a, b):\n    return a + b\nf(np.zeros(3), 1)",
        "x = np.zeros((3, 1))\nfor k in range(100):\n    x = x + np.ones((3, 1))",
        "x = [np.zeros(3) for _ in range(3)]\ny = x[0] + np.zeros((3, 1))",
        "X = np.ones((4, 3))\nX[:, 0] = 5\nY = X @ np.ones((3, 2))",
        "if flag:\n    a = np.ones((3, 1))\nelse:\n    a = np.ones((4, 1))\nb = a + np.ones((5, 1))",
        "w = np.zeros((3, 1))\nw = w - 0.1 * np.ones((3, 1))",
        "b = 0.0\nb = b - 0.1 * np.sum(np.ones((1, 4)))",
    ],
)
def test_no_finding(code):
    assert lint("import numpy as np\n" + code) == []


def test_no_finding_on_the_projects_examples():
    for path in sorted((ROOT / "examples").glob("*.py")):
        assert check_file(str(path)) == [], path


def test_linting_never_runs_the_code(tmp_path):
    marker = tmp_path / "ran"
    program = tmp_path / "prog.py"
    program.write_text(
        f"import pathlib\npathlib.Path({str(marker)!r}).write_text('x')\n"
        "import numpy as np\nx = np.zeros(3) + np.zeros((3, 1))\n"
        f"if __name__ == '__main__':\n    pathlib.Path({str(marker)!r}).write_text('y')\n"
    )
    notebook = tmp_path / "nb.ipynb"
    notebook.write_text(
        json.dumps(
            {
                "cells": [
                    {
                        "cell_type": "code",
                        "source": [f"open({str(marker)!r}, 'w').write('z')"],
                    }
                ]
            }
        )
    )
    code, out, _ = run(str(program), str(notebook))
    assert code == 1
    assert "BC201" in out
    assert not marker.exists()


# -- ignores and configuration ---------------------------------------------------------------


def test_ignore_comments():
    code = (
        "import numpy as np\nx = np.zeros(3) + np.zeros((3, 1))  # bcast: ignore[{}]\n"
    )
    assert lint(code.format("BC201")) == []
    assert lint(code.format("BC202")) == [(2, "BC201")]
    assert lint(code.replace("[{}]", "")) == []


def test_select_and_ignore():
    code = "import numpy as np\na = np.zeros(3) + np.zeros((3, 1))\nb = np.ones(3) + np.ones(4)\n"
    assert lint(code, select=["BC1"]) == [(3, "BC101")]
    assert lint(code, ignore=["BC2"]) == [(3, "BC101")]
    assert lint(code, select=["BC2"], ignore=["BC201"]) == []
    assert Options(select=("BC2",), ignore=("BC201",)).wants("BC202")


def test_rank_promotion_on_request():
    code = "import numpy as np\nz = np.ones((3, 4)) + np.ones(4)\n"
    assert lint(code) == []
    assert lint(code, rank_promotion=True) == [(2, "BC204")]


def test_pyproject_configuration(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.bcast.lint]\nignore = ["BC201"]\nexclude = ["skip/"]\n'
    )
    (tmp_path / "a.py").write_text(
        "import numpy as np\nx = np.zeros(3) + np.zeros((3, 1))\n"
    )
    (tmp_path / "skip").mkdir()
    (tmp_path / "skip" / "b.py").write_text(
        "import numpy as np\nx = np.ones(3) + np.ones(4)\n"
    )
    assert run(str(tmp_path))[0] == 0
    code, out, _ = run(str(tmp_path), "--no-config")
    assert code == 1
    assert "a.py:2:5: BC201" in out
    assert "b.py:2:5: BC101" in out
    (tmp_path / "pyproject.toml").write_text('[tool.bcast.lint]\nselect = ["XX1"]\n')
    code, out, err = run(str(tmp_path))
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1


# -- output --------------------------------------------------------------------------------


@pytest.fixture
def buggy(tmp_path):
    path = tmp_path / "bug.py"
    path.write_text(
        "import numpy as np\nx = np.zeros(3) + np.zeros((3, 1))\ny = np.ones(3) + np.ones(4)\n"
    )
    return path


def test_concise_output_is_path_line_col_code(buggy, capsys):
    assert main(["lint", str(buggy)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{buggy}:2:5: BC201 np.zeros(3) + np.zeros((3, 1)): ")
    assert out[1].startswith(f"{buggy}:3:5: BC101 ")


def test_json_and_sarif_output(buggy, capsys):
    assert main(["lint", str(buggy), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [(d["line"], d["code"], d["severity"]) for d in data] == [
        (2, "BC201", "warning"),
        (3, "BC101", "error"),
    ]
    assert data[0]["shapes"] == [[3], [3, 1]]
    assert main(["lint", str(buggy), "--format", "sarif"]) == 1
    log = json.loads(capsys.readouterr().out)
    assert log["version"] == "2.1.0"
    results = log["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["BC201", "BC101"]
    assert results[1]["locations"][0]["physicalLocation"]["region"]["startLine"] == 3


def test_github_output(buggy, capsys):
    assert main(["lint", str(buggy), "--format", "github"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"::warning file={buggy},line=2,col=5,")
    assert out[1].startswith(f"::error file={buggy},line=3,col=5,")


def test_chinese_and_the_full_table(buggy, capsys):
    assert main(["lint", str(buggy), "--lang", "zh", "--explain"]) == 1
    out = capsys.readouterr().out
    assert "秩为 1 的数组" in out
    assert "一定会报错" in out
    assert "(1)→3" in out  # the table of the explanation, padded axis stretched


def test_clean_exit_zero(tmp_path, capsys):
    path = tmp_path / "ok.py"
    path.write_text("import numpy as np\nx = np.ones((3, 1)) * 2\n")
    assert main(["lint", str(path)]) == 0
    assert capsys.readouterr().out == ""


# -- notebooks -------------------------------------------------------------------------------


def test_notebook_cells_in_order_with_magics(tmp_path, capsys):
    nb = {
        "cells": [
            {"cell_type": "markdown", "source": ["# title"]},
            {
                "cell_type": "code",
                "source": [
                    "%matplotlib inline\n",
                    "import numpy as np\n",
                    "w = np.zeros(4)",
                ],
            },
            {"cell_type": "code", "source": "!pip install numpy\nthis is not python"},
            {"cell_type": "code", "source": ["dw = np.ones((4, 1))\n", "w = w - dw\n"]},
        ]
    }
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(nb))
    (d,) = check_file(str(path))
    assert (d.code, d.cell, d.cell_line) == ("BC201", 3, 2)
    assert "is from cell 1, line 3: np.zeros(4)" in d.message()
    assert main(["lint", str(path)]) == 1
    assert capsys.readouterr().out.startswith(f"{path}:cell 3:2:5: BC201 ")


# -- hostile input -----------------------------------------------------------------------------


def test_bad_files_one_line_each_others_still_checked(tmp_path):
    good = tmp_path / "good.py"
    good.write_text("import numpy as np\nx = np.ones(3) + np.ones(4)\n")
    files = {
        "big.py": b"x = 1\n" * (2 * 1024 * 1024),  # 12 MB
        "deep.py": ("x = " + "(" * 1000 + "1" + ")" * 1000 + "\n").encode(),
        "calls.py": ("x = " + "f(" * 1000 + "1" + ")" * 1000 + "\n").encode(),
        "sum.py": ("x = 1" + " + 1" * 100_000 + "\n").encode(),
        "nb.ipynb": b'{"cells": [ not json',
        "bin.py": bytes(range(256)) * 10,
        "latin.py": "x = 'caf\u00e9'\n".encode("latin-1"),
        "syntax.py": b"def f(:\n",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    paths = [str(tmp_path / n) for n in files]
    code, out, err = run(str(good), *paths, "-j", "2")
    assert code == 2
    assert "BC101" in out
    assert "Traceback" not in out + err
    lines = [x for x in err.splitlines() if x.startswith("bcast lint:")]
    named = {Path(x.split(":")[1].strip()).name for x in lines if "cannot check" in x}
    assert named >= {"big.py", "deep.py", "nb.ipynb", "bin.py", "latin.py", "syntax.py"}
    assert len(lines) == len(named)


def test_nothing_checked_is_exit_2(tmp_path):
    path = tmp_path / "bin.py"
    path.write_bytes(b"\x00\x01\x02")
    code, out, err = run(str(path), str(tmp_path / "missing.py"))
    assert code == 2
    assert out == ""
    assert "nothing could be checked" in err


def test_deep_nesting_inside_the_checker_is_one_line(tmp_path):
    # parses, but is deeper than the checker's own recursion: one line, no traceback
    with pytest.raises(SourceError):
        check_source("x = 1" + " + x" * 50_000)


def test_many_files_in_parallel_give_the_same_findings(tmp_path):
    for k in range(10):
        (tmp_path / f"m{k}.py").write_text(
            f"import numpy as np\nx = np.ones({k + 2}) + np.ones({k + 3})\n"
        )
    one = run(str(tmp_path), "-j", "1")
    two = run(str(tmp_path), "-j", "2")
    assert one[0] == two[0] == 1
    assert one[1] == two[1]
    assert one[1].count("BC101") == 10


# -- the README ------------------------------------------------------------------------------


def test_the_readme_shows_real_output(tmp_path):
    import re

    text = (ROOT / "docs" / "guide" / "lint.md").read_text(encoding="utf-8")
    section = text[text.index("<!-- section: lint (issue 13) -->") :]
    program = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    console = re.search(
        r"```console\n\$ bcast lint train.py\n(.*?)```", section, re.S
    ).group(1)
    (tmp_path / "train.py").write_text(program)
    code, out, err = run("train.py", cwd=tmp_path)
    assert code == 1
    assert out + err == console


def test_the_pre_commit_hook_runs_bcast_lint():
    hook = (ROOT / ".pre-commit-hooks.yaml").read_text()
    assert "- id: bcast-lint" in hook
    assert "entry: bcast lint" in hook


@pytest.mark.parametrize(
    "code",
    [
        "W = np.zeros(3)\ndef reset():\n    global W\n    W = np.zeros((3, 1))\nreset()\nZ = W + np.ones((3, 1))",
        "X = np.zeros(6)\nX.shape = (6, 1)\nZ = X + np.ones((6, 1))",
        "X = np.zeros(6)\nX.resize((6, 1))\nZ = X + np.ones((6, 1))",
    ],
)
def test_what_changes_out_of_sight_is_unknown(code):
    assert lint("import numpy as np\n" + code) == []


def test_a_failure_the_code_expects_is_not_reported():
    assert lint("""
        import numpy as np
        import pytest
        with pytest.raises(ValueError):
            np.ones(3) + np.ones(4)
        try:
            np.ones(3) + np.ones(4)
        except ValueError:
            pass
        try:
            np.ones(3) + np.ones(4)
        except KeyError:
            pass
        with pytest.raises(ValueError):
            z = np.ones(3) + np.ones((3, 1))
    """) == [(11, "BC101"), (15, "BC201")]


def test_notebook_findings_in_sarif_and_github_name_the_cell(tmp_path, capsys):
    nb = {
        "cells": [
            {
                "cell_type": "code",
                "source": ["import numpy as np\n", "w = np.zeros(4)"],
            },
            {"cell_type": "code", "source": ["w = w - np.ones((4, 1))\n"]},
        ]
    }
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(nb))
    assert main(["lint", str(path), "--format", "sarif"]) == 1
    (result,) = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    assert result["properties"] == {"cell": 2}
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
    assert main(["lint", str(path), "--format", "github"]) == 1
    assert "title=BC201 (cell 2%2C line 1)::" in capsys.readouterr().out


def test_a_closed_pipe_stops_quietly(tmp_path):
    path = tmp_path / "many.py"
    path.write_text("import numpy as np\n" + "x = np.ones(3) + np.ones(4)\n" * 3000)
    with subprocess.Popen(
        [BCAST, "lint", str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as p:
        p.stdout.read(100)
        p.stdout.close()
        err = p.stderr.read().decode()
        assert p.wait(timeout=120) == 141
    assert "Traceback" not in err


def test_a_size_made_up_for_an_unknown_claims_nothing():
    # X comes from somewhere unknown: `m, n = X.shape` names its sizes, but
    # "m is 1 or 500" would be a guess, not something the code says
    assert (
        lint("""
        import numpy as np
        def fit(X, y):
            m, n = X.shape
            w = np.zeros((n, 1))
            A = X @ w
            return np.mean(y.reshape(-1, 1) * np.log(A))
        fit(load(), np.zeros(500))
        def g(n):
            return np.zeros((n, 1)) + np.ones((3, 1))
    """)
        == []
    )
