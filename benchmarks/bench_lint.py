"""What ``bcast lint`` costs, side by side with ``ruff check`` and ``mypy`` on the same files.

Generated course-style code (the corpus's one-hidden-layer network, its
functions renamed per copy, with a top-level run that calls them) at about
300, 1,000, 10,000 and 100,000 lines.  In interleaved rounds (one of each
per round, so that a noisy moment hits them all alike) it measures:

- ``check_source`` in this process: time per file and per 1,000 lines (is it
  linear?), and peak memory (tracemalloc);
- the ``bcast lint`` command, ``ruff check --isolated --no-cache`` and
  ``mypy --no-incremental`` as processes on the same file: wall time and peak
  resident memory of each.

bcast is compiled first (``compileall``), as an install would have it.
Medians and ratios are printed, the headline last.  Target (issue 13): at most
50 ms per typical 300-line file.  mypy is slow: it runs on the smaller sizes
only unless ``--mypy-all``.

    python benchmarks/bench_lint.py [--rounds N] [--sizes 300,1000,10000,100000]
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import bcast
from bcast.lint import check_source

ROOT = Path(__file__).resolve().parent.parent
BASE = (ROOT / "tests" / "lint_corpus" / "planar.py").read_text()
_DEF = re.compile(r"^def (\w+)\(", re.MULTILINE)


def _block(k: int) -> str:
    """One copy of the corpus program, every function and global renamed with ``_k``."""
    names = _DEF.findall(BASE)
    names += [
        "X",
        "Y",
        "parameters",
        "predictions",
        "accuracy",
        "shape_X",
        "shape_Y",
        "m",
    ]
    text = BASE.split('"""', 2)[2]  # without the module docstring
    text = text.replace("import numpy as np\n", "")
    for name in sorted(set(names), key=len, reverse=True):
        text = re.sub(rf"(?<![\w.\"]){name}(?![\w\"])", f"{name}_{k}", text)
    return text


def generate(lines: int) -> str:
    """About ``lines`` lines: as many whole copies as come closest."""
    out = ["import numpy as np\n"]
    size = _block(0).count("\n")
    for k in range(max(1, round(lines / size))):
        out.append(_block(k))
    return "".join(out)


def _tool(name: str) -> str | None:
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.exists() else shutil.which(name)


_PEAK = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "t = time.perf_counter() - t\n"
    "print(t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def _process(cmd: list[str]) -> tuple[float, int]:
    """Wall time (s) and peak resident memory (KiB) of one run of ``cmd``."""
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, *cmd], capture_output=True, text=True, check=True
    )
    seconds, kib = done.stdout.split()
    return float(seconds), int(kib)


def _in_process(text: str) -> tuple[float, int, int]:
    """Seconds for check_source, its peak traced memory (bytes), and findings."""
    t = time.perf_counter()
    found = check_source(text)
    seconds = time.perf_counter() - t
    tracemalloc.start()
    check_source(text)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak, len(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--sizes", default="300,1000,10000,100000")
    parser.add_argument("--mypy-all", action="store_true")
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    # PYTHONDONTWRITEBYTECODE is set here: without this, every `bcast lint`
    # process would compile bcast from source (a real install has .pyc files).
    package = Path(bcast.__file__).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)

    tools: dict[str, list[str]] = {}
    bcast_script = _tool("bcast")
    if bcast_script:
        tools["bcast lint"] = [bcast_script, "lint", "--no-config", "-j", "1"]
    ruff = _tool("ruff")
    if ruff:
        tools["ruff check"] = [
            ruff,
            "check",
            "--isolated",
            "--no-cache",
            "--select",
            "E,F",
        ]
    mypy = _tool("mypy")
    if mypy:
        tools["mypy"] = [
            mypy,
            "--no-incremental",
            "--ignore-missing-imports",
            "--follow-imports=skip",
        ]

    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for n in sizes:
            text = generate(n)
            path = Path(tmp) / f"gen_{n}.py"
            path.write_text(text)
            files[n] = (path, text, text.count("\n"))
        inproc: dict[int, list[float]] = {n: [] for n in sizes}
        peaks: dict[int, int] = {}
        findings: dict[int, int] = {}
        procs: dict[tuple[str, int], list[tuple[float, int]]] = {}
        for _ in range(args.rounds):
            for n in sizes:
                path, text, _lines = files[n]
                seconds, peak, found = _in_process(text)
                inproc[n].append(seconds)
                peaks[n] = peak
                findings[n] = found
                for name, cmd in tools.items():
                    if name == "mypy" and n > 10_000 and not args.mypy_all:
                        continue
                    procs.setdefault((name, n), []).append(_process([*cmd, str(path)]))

    print(f"{args.rounds} interleaved rounds, medians\n")
    print("check_source in this process (generated course-style code):")
    print(
        f"{'lines':>8} {'ms':>10} {'ms / 1k lines':>14} {'peak MiB':>9} {'findings':>9}"
    )
    for n in sizes:
        lines = files[n][2]
        ms = statistics.median(inproc[n]) * 1000
        print(
            f"{lines:>8} {ms:>10.1f} {ms / lines * 1000:>14.2f} "
            f"{peaks[n] / 2**20:>9.1f} {findings[n]:>9}"
        )
    print("\nas processes on the same file (wall ms, peak RSS MiB):")
    header = "".join(f"{name:>22}" for name in tools)
    print(f"{'lines':>8}{header}")
    for n in sizes:
        row = []
        for name in tools:
            runs = procs.get((name, n))
            if not runs:
                row.append(f"{'—':>22}")
                continue
            ms = statistics.median(r[0] for r in runs) * 1000
            mib = max(r[1] for r in runs) / 1024
            row.append(f"{ms:>12.0f} ms {mib:>5.0f} MiB")
        print(f"{files[n][2]:>8}" + "".join(row))
    small = sizes[0]
    if ("ruff check", small) in procs and ("bcast lint", small) in procs:
        b = statistics.median(r[0] for r in procs[("bcast lint", small)])
        r = statistics.median(x[0] for x in procs[("ruff check", small)])
        ratio = f"; bcast lint / ruff check as processes: {b / r:.1f}x"
        if ("mypy", small) in procs:
            m = statistics.median(x[0] for x in procs[("mypy", small)])
            ratio += f", bcast lint / mypy: {b / m:.2f}x"
    else:
        ratio = ""
    lines = files[small][2]
    ms = statistics.median(inproc[small]) * 1000
    print(
        f"\nheadline: {ms:.1f} ms per {lines}-line file in process (target 50 ms){ratio}"
    )


if __name__ == "__main__":
    main()
