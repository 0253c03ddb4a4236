"""Regenerate the console blocks of docs/reference/cli.md from real output.

Every ``$ bcast ...`` line in a console block is run again and its output put
under it (tests/test_cli_readme.py checks they agree)::

    python scripts/render_cli_docs.py
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

PAGE = Path(__file__).resolve().parent.parent / "docs" / "reference" / "cli.md"
BCAST = shutil.which("bcast") or str(Path(sys.executable).with_name("bcast"))


def _run(command: str) -> str:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("BCAST_LANG", "COLUMNS", "NO_COLOR")
    }
    argv = shlex.split(command)
    done = subprocess.run(
        [BCAST, *argv[1:]], capture_output=True, text=True, env=env, check=False
    )
    return "\n".join(line.rstrip() for line in done.stdout.splitlines())


def _block(match: re.Match[str]) -> str:
    parts = re.split(r"^\$ (.*)\n", match.group(1), flags=re.M)
    out = [parts[0]]
    for command in parts[1::2]:
        out.append(f"$ {command}\n{_run(command)}\n")
    return "```console\n" + "".join(out) + "```"


def main() -> None:
    text = PAGE.read_text(encoding="utf-8")
    PAGE.write_text(re.sub(r"```console\n(.*?)```", _block, text, flags=re.S))
    print(f"wrote {PAGE}")


if __name__ == "__main__":
    main()
