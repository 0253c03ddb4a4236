"""Start-up time of the ``bcast`` command line, measured side by side.

Runs, in interleaved rounds (one of each per round, so that a noisy moment
hits them all alike):

- ``python -c pass``                                  the floor
- ``python -c "import rich.console, rich.table"``     what any rich CLI pays
- ``bcast check 3,1 1,4``                             the installed console script
- ``bcast explain 3,1 1,4``

and prints the median wall time of each and the ratios, the headline last.
Targets (issue 3): ``check`` at most 2.0x ``python -c pass`` (it imports
neither rich nor NumPy); ``explain`` at most 1.15x the rich import.

This environment sets ``PYTHONDONTWRITEBYTECODE=1``, so nothing would be
cached and every run would compile bcast from source; a real install has
``.pyc`` files.  The benchmark therefore compiles bcast first with
``python -m compileall`` (rich's files are compiled at install time).

    python benchmarks/bench_cli.py [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import bcast


def _script() -> str:
    beside = Path(sys.executable).with_name("bcast")
    found = str(beside) if beside.exists() else shutil.which("bcast")
    if not found:
        sys.exit("bench_cli: the bcast console script is not installed")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    rounds = parser.parse_args().rounds

    package = Path(bcast.__file__).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
    print(f"compiled {package} with compileall (PYTHONDONTWRITEBYTECODE is set here)")

    script = _script()
    python = sys.executable
    commands = {
        "python -c pass": [python, "-c", "pass"],
        "import rich": [python, "-c", "import rich.console, rich.table"],
        "bcast check": [script, "check", "3,1", "1,4"],
        "bcast explain": [script, "explain", "3,1", "1,4"],
    }
    env = dict(os.environ)
    env.pop("BCAST_LANG", None)
    expected = {"bcast check": 0, "bcast explain": 0}
    for name, cmd in commands.items():  # warm the file cache, check they work
        done = subprocess.run(cmd, capture_output=True, env=env)
        if done.returncode != expected.get(name, 0):
            sys.exit(f"bench_cli: {name} failed: {done.stderr.decode()}")

    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, cmd in commands.items():
            start = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, env=env, check=True)
            times[name].append(time.perf_counter() - start)

    median = {name: statistics.median(t) for name, t in times.items()}
    print(f"\n{rounds} interleaved rounds, median wall time per run:")
    for name, m in median.items():
        print(f"  {name:<16} {m * 1000:7.1f} ms")
    check = median["bcast check"] / median["python -c pass"]
    explain = median["bcast explain"] / median["import rich"]
    print(
        f"\n  bcast explain / python -c pass:   "
        f"{median['bcast explain'] / median['python -c pass']:.2f}x"
    )
    print(
        f"headline: bcast check {check:.2f}x python -c pass (target <= 2.0x); "
        f"bcast explain {explain:.2f}x the rich import (target <= 1.15x)"
    )


if __name__ == "__main__":
    main()
