"""The docs show real output: run every console block of the explain guide and
the command-line reference again and compare."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BCAST = shutil.which("bcast") or str(Path(sys.executable).with_name("bcast"))


EXPLAIN = ROOT / "docs" / "guide" / "explain.md"
PAGES = [EXPLAIN, ROOT / "docs" / "reference" / "cli.md"]


def section(page: Path = EXPLAIN) -> str:
    text = page.read_text(encoding="utf-8")
    start = text.find("<!-- section: explain (issue 3) -->")
    end = text.find("<!-- section:", start + 1)
    return text[max(start, 0) : end if end > 0 else len(text)]


def blocks(kind: str, page: Path = EXPLAIN) -> list[str]:
    return re.findall(rf"```{kind}\n(.*?)```", section(page), re.S)


def sessions():
    """(command, expected output) for every ``$`` line of the pages' console blocks."""
    for block in (b for page in PAGES for b in blocks("console", page)):
        parts = re.split(r"^\$ (.*)\n", block, flags=re.M)
        yield from zip(parts[1::2], parts[2::2])


def env():
    return {
        k: v
        for k, v in os.environ.items()
        if k not in ("BCAST_LANG", "COLUMNS", "NO_COLOR")
    }


@pytest.mark.parametrize(("command", "expected"), list(sessions()))
def test_console_blocks_are_real_output(command, expected, tmp_path):
    if command.startswith("python train.py"):
        (train,) = [b for b in blocks("python") if b.startswith("# train.py")]
        (tmp_path / "train.py").write_text(train)
        assert command == "python train.py 2>&1 | bcast why"
        python, bcast = shlex.quote(sys.executable), shlex.quote(BCAST)
        command = f"{python} train.py 2>&1 | {bcast} why"
        done = subprocess.run(
            command, shell=True, cwd=tmp_path, capture_output=True, text=True, env=env()
        )
    else:
        merged = command.endswith(" 2>&1")  # the warning on stderr, shown too
        argv = shlex.split(command.removesuffix(" 2>&1"))
        assert argv[0] == "bcast"
        done = subprocess.run(
            [BCAST, *argv[1:]],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT if merged else subprocess.PIPE,
            text=True,
            env=env(),
        )
    got = "\n".join(line.rstrip() for line in done.stdout.splitlines())
    assert got == expected.rstrip("\n"), command


def test_pictures_exist_and_are_svg():
    names = re.findall(r"\]\(([\w./-]+\.svg)\)", section())
    assert len(names) >= 3
    for name in names:
        path = EXPLAIN.parent / name
        assert path.read_text(encoding="utf-8").startswith("<svg"), name
    (front,) = re.findall(r"\]\((docs/[\w-]+\.svg)\)", (ROOT / "README.md").read_text())
    assert (ROOT / front).read_text(encoding="utf-8").startswith("<svg"), front
