"""The watcher on course-style programs with planted bugs (tests/watch_corpus/).

Every program runs plainly and under ``bcast run --watch`` (in this process,
through :func:`bcast.runtime.notebook.run_path`): a correct program draws no
warning and prints the same; each planted silent bug is flagged at the line
where the wrong broadcast happens; a planted bug that NumPy raises for draws
no warning before NumPy's error.  The project's own examples draw none either.
"""

from __future__ import annotations

import pathlib
import runpy
import warnings

import pytest

from bcast.errors import BroadcastWarning
from bcast.runtime import checks
from bcast.runtime.notebook import Watch, run_path

CORPUS = pathlib.Path(__file__).parent / "watch_corpus"
EXAMPLES = pathlib.Path(__file__).parent.parent / "examples"
PROGRAMS = sorted(p.name for p in CORPUS.glob("week*.py"))
VARIANTS = runpy.run_path(str(CORPUS / "watch_variants.py"))["VARIANTS"]


def _run(path: pathlib.Path, capsys, watch: Watch | None):
    """(exit status, output, [(line, finding)]) of one run."""
    capsys.readouterr()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        status = run_path(str(path), [], watch=watch)
    out, err = capsys.readouterr()
    found = [
        (w.lineno, w.message.finding)
        for w in caught
        if issubclass(w.category, BroadcastWarning)
    ]
    return status, out, err, found


def _plant(variant: dict, tmp_path: pathlib.Path) -> tuple[pathlib.Path, int | None]:
    source = (CORPUS / variant["program"]).read_text()
    lines = source.splitlines()
    edits = [(variant["find"], variant["replace"])]
    if "also" in variant:
        edits.append(variant["also"])
    for find, replace in edits:
        hits = [k for k, line in enumerate(lines) if line.strip() == find]
        assert len(hits) == 1, (variant["name"], find)
        k = hits[0]
        indent = lines[k][: len(lines[k]) - len(lines[k].lstrip())]
        lines[k] = indent + replace
    flag = None
    if variant["flag"] is not None:
        at = [k + 1 for k, line in enumerate(lines) if line.strip() == variant["flag"]]
        assert len(at) == 1, (variant["name"], variant["flag"])
        flag = at[0]
    path = tmp_path / variant["program"]
    path.write_text("\n".join(lines) + "\n")
    return path, flag


@pytest.mark.parametrize("program", PROGRAMS)
def test_a_correct_program_draws_no_warning_and_prints_the_same(program, capsys):
    path = CORPUS / program
    plain = _run(path, capsys, None)
    watched = _run(path, capsys, Watch())
    assert plain[0] == watched[0] == 0
    assert watched[1] == plain[1]
    assert plain[1]
    assert watched[3] == []


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.py")))
def test_the_projects_examples_draw_no_warning(example, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    status, out, err, found = _run(EXAMPLES / example, capsys, Watch())
    assert status == 0, err
    assert out  # it ran and printed
    assert found == []


def test_there_are_enough_planted_bugs():
    silent = [v for v in VARIANTS if v["kind"] == "silent"]
    raising = [v for v in VARIANTS if v["kind"] == "raises"]
    assert len(VARIANTS) >= 12
    assert len(silent) >= 8
    assert len(raising) >= 4


@pytest.mark.parametrize("variant", VARIANTS, ids=[v["name"] for v in VARIANTS])
def test_a_planted_bug(variant, tmp_path, capsys):
    path, flag = _plant(variant, tmp_path)
    promote = variant.get("needs") == "rank_promotion"
    plain = _run(path, capsys, None)
    watched = _run(path, capsys, Watch(rank_promotion=promote))
    # Watching changes nothing about what the program does.
    assert watched[0] == plain[0]
    assert watched[1] == plain[1]
    lines = [line for line, _ in watched[3]]
    if variant["kind"] == "raises":
        assert plain[0] == 1
        assert "Error" in plain[2]
        assert lines == []  # NumPy's error is the news: no warning before it
        return
    assert flag in lines, (lines, [f.message("en") for _, f in watched[3]])
    assert lines[0] == flag  # the first warning is at the bug
    first = watched[3][0][1]
    assert first.filename == str(path.resolve())
    if promote:  # caught only on request
        default = _run(path, capsys, Watch())
        assert flag not in [line for line, _ in default[3]]
    # Strict mode stops the program at that line, before the operation.
    capsys.readouterr()
    status = run_path(str(path), [], watch=Watch(strict=True, rank_promotion=promote))
    err = capsys.readouterr().err
    assert status == 1
    assert "SilentBroadcastError" in err
    assert f"line {flag}" in err


@pytest.fixture(autouse=True)
def _fresh():
    checks.reset()
    yield
    checks.reset()
