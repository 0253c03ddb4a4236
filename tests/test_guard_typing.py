"""@shaped keeps the decorated function's type: mypy --strict (and pyright, when
installed) run on a small module in a temporary directory."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

MODULE = """
from __future__ import annotations

import dataclasses
from typing import Annotated

import numpy as np
import numpy.typing as npt

from bcast import Shape, expect, shaped

Arr = npt.NDArray[np.float64]


@shaped(X="float: n, m", returns="n")
def total(X: Arr, scale: float = 1.0) -> Arr:
    out: Arr = X.sum(axis=1) * scale
    return out


@shaped
def bare(X: Annotated[Arr, Shape("n, m")]) -> Annotated[Arr, Shape("n")]:
    out: Arr = X.sum(axis=1)
    return out


class Model:
    @shaped(X="n, m")
    def method(self, X: Arr) -> int:
        return 0

    @staticmethod
    @shaped(X="n")
    def static(X: Arr) -> str:
        return ""

    @classmethod
    @shaped(X="n")
    def klass(cls, X: Arr) -> bytes:
        return b""


@shaped
@dataclasses.dataclass
class Point:
    xy: Annotated[Arr, Shape("n, 2")]


reveal_type(total)
reveal_type(bare)
reveal_type(Model().method)
reveal_type(Model.static)
reveal_type(Model.klass)
reveal_type(Point)
reveal_type(expect(np.zeros(3), "n"))
total(1)
bare("x")
Model().method(X=np.zeros(2), extra=1)
Point(3)
"""

# (line of the call, what the checker must say about it)
WRONG_CALLS = {
    "total(1)": "total",
    'bare("x")': "bare",
    "Model().method(X=np.zeros(2), extra=1)": "extra",
    "Point(3)": "Point",
}


def _write(tmp_path: Path) -> Path:
    path = tmp_path / "typed_module.py"
    path.write_text(MODULE)
    return path


def _line(text: str) -> int:
    lines = MODULE.splitlines()
    return next(i for i, line in enumerate(lines, 1) if line == text)


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "MYPYPATH": str(ROOT)}


def test_mypy_strict_sees_the_signatures_and_the_wrong_calls(tmp_path):
    pytest.importorskip("mypy", reason="mypy is not installed")
    path = _write(tmp_path)
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path / ".mypy_cache"),
            str(path),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_env(),
        check=False,
    )
    text = out.stdout
    assert "Untyped decorator" not in text, text
    reveals = [line for line in text.splitlines() if "Revealed type" in line]
    assert len(reveals) == 7, text
    total, bare, method, static, klass, point, expected = reveals
    assert "def (X: numpy.ndarray[" in total, total
    assert "scale: float =" in total, total
    assert total.endswith('numpy.dtype[numpy.float64]]"')
    assert "def (X: numpy.ndarray[" in bare
    assert method.endswith('-> int"')
    assert "self" not in method
    assert static.endswith('-> str"')
    assert klass.endswith('-> bytes"')
    assert "cls" not in klass
    assert "def (xy: numpy.ndarray[" in point
    assert point.endswith('-> typed_module.Point"')
    assert "numpy.ndarray[" in expected  # expect() returns its argument's type
    errors = [line for line in text.splitlines() if ": error:" in line]
    for call, word in WRONG_CALLS.items():
        at = f"typed_module.py:{_line(call)}:"
        found = [e for e in errors if e.startswith(at)]
        assert found, (call, text)
        assert word in found[0], (call, text)
    # nothing else is wrong: the guarded module itself type-checks
    assert len(errors) == len(WRONG_CALLS), text


def test_pyright_sees_the_signatures_and_the_wrong_calls(tmp_path):
    pyright = shutil.which("pyright")
    if pyright is None:
        pytest.skip(
            "pyright is not installed (it needs Node.js; pip's pyright downloads it)"
        )
    path = _write(tmp_path)
    out = subprocess.run(
        [pyright, str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=_env(),
        check=False,
    )
    text = out.stdout
    assert (
        'Type of "total" is "(X: NDArray[float64], scale: float = 1.0) -> NDArray[float64]"'
        in text
    ), text
    for call in WRONG_CALLS:
        assert f"typed_module.py:{_line(call)}:" in text, (call, text)
