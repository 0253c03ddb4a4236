"""Lint every program of the corpus and every planted variant; print the table.

    python tests/lint_corpus/evaluate.py          # the table (markdown)
    python tests/lint_corpus/evaluate.py --run    # also run each variant: does NumPy raise?

tests/test_lint_corpus.py asserts the targets on the same data.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from variants import VARIANTS  # noqa: E402

from bcast.lint import check_source  # noqa: E402

PROGRAMS = ("logreg.py", "planar.py", "deep.py", "rows.py")


def variant_text(v: dict) -> str:
    base = (HERE / v["base"]).read_text()
    assert base.count(v["find"]) == 1, (v["name"], "find must occur once")
    return base.replace(v["find"], v["replace"])


def line_of(text: str, anchor: str) -> int:
    at = text.find(anchor)
    assert at >= 0, ("anchor not found", anchor)
    assert text.find(anchor, at + 1) < 0, ("anchor must occur once", anchor)
    return (
        text.count("\n", 0, at)
        + 1
        + anchor.count("\n", 0, len(anchor) - len(anchor.lstrip("\n")))
    )


def evaluate(v: dict) -> dict:
    text = variant_text(v)
    found = check_source(text, path=v["base"])
    expected = [(line_of(text, a), code) for a, code in v["expect"]]
    lines = {line for line, _ in expected}
    hits = [d for d in found if (d.line, d.code) in expected]
    near = [d for d in found if d.line in lines]
    return {
        "variant": v,
        "expected": expected,
        "found": found,
        "hit": bool(hits),
        "at_line": bool(near),
        "others": [d for d in found if d.line not in lines],
    }


def runs_clean(text: str) -> bool:
    """Run a variant (our own code) in a fresh namespace: True if NumPy raised nothing."""
    import contextlib
    import io

    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(text, "<variant>", "exec"), {"__name__": "__main__"})
    except (ValueError, TypeError, IndexError, AssertionError):
        return False
    return True


def main(argv: list[str]) -> int:
    run = "--run" in argv
    print("| variant | kind | expected (line: code) | finding | other findings |")
    print("|---|---|---|---|---|")
    for name in PROGRAMS:
        found = check_source((HERE / name).read_text(), path=name)
        print(f"| {name} (correct) | — | none | {len(found)} findings | |")
    for v in VARIANTS:
        r = evaluate(v)
        kind = v["kind"]
        if run:
            kind += (
                " (ran: "
                + ("no error" if runs_clean(variant_text(v)) else "raised")
                + ")"
            )
        exp = ", ".join(f"{line}: {code}" for line, code in r["expected"])
        got = "; ".join(
            f"{d.line}: {d.code}"
            for d in r["found"]
            if d.line in {x for x, _ in r["expected"]}
        )
        others = "; ".join(f"{d.line}: {d.code}" for d in r["others"])
        mark = "found" if r["hit"] else ("other code" if r["at_line"] else "MISSED")
        print(f"| {v['name']} | {kind} | {exp} | {mark}: {got} | {others} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
