"""Issue 11: a strict-mode error's plain Python traceback ends in the user's line.

Run in a subprocess with plain ``python`` (no IPython, no pytest, which both
honour ``__tracebackhide__`` on their own): the last frame printed must be the
user's line, and no frame of bcast's own code may show.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

WATCHED = """\
import numpy as np, bcast
y, y_hat = bcast.watch(np.ones(5), np.ones((5, 1)))
with bcast.strict("raise"):
    r = y - y_hat  # the user's line
"""

HOOKED_MAIN = """\
import bcast
bcast.install_import_hook("mypkg")
import mypkg
with bcast.strict("raise"):
    mypkg.step()
"""

HOOKED_PACKAGE = """\
import numpy as np

def step():
    w = np.zeros(5)
    dw = np.ones((5, 1))
    return w - 0.1 * dw  # the user's line
"""


def _traceback(cwd: Path, script: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, script],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": f"{ROOT}:{cwd}", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 1, done.stderr
    lines = done.stderr.splitlines()
    assert lines[-1].startswith("bcast.errors.SilentBroadcastError: ")
    return lines


@pytest.mark.parametrize("kind", ["watched arrays", "import hook"])
def test_the_last_frame_is_the_users_line(tmp_path, kind):
    if kind == "watched arrays":
        (tmp_path / "main.py").write_text(WATCHED)
        user_file = "main.py"
    else:
        (tmp_path / "main.py").write_text(HOOKED_MAIN)
        (tmp_path / "mypkg").mkdir()
        (tmp_path / "mypkg" / "__init__.py").write_text(HOOKED_PACKAGE)
        user_file = "__init__.py"
    lines = _traceback(tmp_path, "main.py")
    files = [line.strip() for line in lines if line.strip().startswith('File "')]
    assert files, textwrap.indent("\n".join(lines), "  ")
    assert user_file in files[-1]
    assert "# the user's line" in "\n".join(lines)
    package = str(ROOT / "bcast")
    assert not any(package in f or "<bcast" in f for f in files), files
