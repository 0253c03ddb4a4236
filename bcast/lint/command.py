"""``bcast lint PATH...``: the command, called from :mod:`bcast.cli`.

Exit status: 0 no findings, 1 findings, 2 bad input (a file that cannot be
checked — each one line, the other files still checked — or a bad option or
configuration).  Many files are checked in parallel processes (``-j N``; all
cores by default).
"""

from __future__ import annotations

import os
import sys

from bcast.explainer.words import catalog
from bcast.lint import check_file
from bcast.lint.config import ConfigError, Options, check_codes, find_pyproject, load
from bcast.lint.report import FORMATS, render
from bcast.lint.source import SourceError, discover

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

    from bcast.lint.rules import Diagnostic

__all__ = ["main"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2
_PARALLEL_FROM = 8  # fewer files are checked in this process


def _parser() -> argparse.ArgumentParser:
    import argparse

    p = argparse.ArgumentParser(
        prog="bcast lint",
        description="Find broadcasting bugs in Python files and notebooks before they run.",
        allow_abbrev=False,
    )
    p.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help=".py files, .ipynb notebooks, directories",
    )
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="concise",
        help="output format (default concise)",
    )
    p.add_argument(
        "--explain",
        action="store_true",
        help="add the full broadcasting table to each finding",
    )
    p.add_argument(
        "--lang", default=None, help="en or zh (default: $BCAST_LANG, else en)"
    )
    p.add_argument(
        "--select",
        default=None,
        metavar="CODES",
        help="report only these codes or prefixes, e.g. BC1,BC201",
    )
    p.add_argument(
        "--ignore",
        default=None,
        metavar="CODES",
        help="do not report these codes or prefixes",
    )
    p.add_argument(
        "--rank-promotion", action="store_true", default=None, help="also report BC204"
    )
    p.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=0,
        metavar="N",
        help="parallel processes (default: all cores)",
    )
    p.add_argument(
        "--no-config",
        action="store_true",
        help="ignore [tool.bcast.lint] in pyproject.toml",
    )
    return p


def _one(
    job: tuple[str, Options],
) -> tuple[str, list[Diagnostic], tuple[str, dict[str, object]] | None]:
    path, options = job
    try:
        return path, check_file(path, options), None
    except SourceError as e:
        return path, [], (e.key, e.fields)
    except (RecursionError, MemoryError):
        return path, [], ("lint.too_deep", {})


def _run(
    jobs: list[tuple[str, Options]], workers: int
) -> list[tuple[str, list[Diagnostic], tuple[str, dict[str, object]] | None]]:
    if workers <= 1 or len(jobs) < _PARALLEL_FROM:
        return [_one(j) for j in jobs]
    from concurrent.futures import ProcessPoolExecutor

    try:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            return list(
                pool.map(_one, jobs, chunksize=max(1, len(jobs) // (workers * 4)))
            )
    except (OSError, RuntimeError):  # no processes to be had: do it here
        return [_one(j) for j in jobs]


def _explained(d: Diagnostic, lang: str) -> str:
    from bcast.explainer.api import explain

    try:
        if d.code in ("BC102", "BC302"):
            e = explain(
                *d.shapes,
                names=list(d.names),
                signature="(n?,k),(k,m?)->(n?,m?)",
                lang=lang,
            )
        else:
            e = explain(*d.shapes, names=list(d.names), lang=lang)
        return e.to_text()
    except Exception:  # an explanation is extra; the finding stands without it
        return ""


def _codes(text: str | None) -> tuple[str, ...]:
    return check_codes(text.split(",")) if text else ()


def main(argv: Sequence[str]) -> int:
    """Run ``bcast lint`` with ``argv`` (after ``lint``); the exit status."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `bcast lint . | head`: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def _main(argv: Sequence[str]) -> int:
    try:
        args = _parser().parse_intermixed_args(list(argv))
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else EXIT_BAD_INPUT
    try:
        lang = catalog.resolve(args.lang)
    except ValueError as e:
        print(f"bcast lint: error: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        options = Options() if args.no_config else load(find_pyproject(args.paths[0]))
        if args.select is not None:
            options = options._replace(select=_codes(args.select))
        if args.ignore is not None:
            options = options._replace(ignore=options.ignore + _codes(args.ignore))
        if args.rank_promotion:
            options = options._replace(rank_promotion=True)
    except ConfigError as e:
        print(
            f"bcast lint: error: {catalog.say(e.key, lang, **e.fields)}",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    if args.jobs < 0:
        print(
            f"bcast lint: error: {catalog.say('lint.bad_jobs', lang)}", file=sys.stderr
        )
        return EXIT_BAD_INPUT
    workers = args.jobs or os.cpu_count() or 1
    files = list(discover(args.paths, options.exclude))
    results = _run([(f, options) for f in files], workers)
    found: list[Diagnostic] = []
    bad = 0
    for path, diagnostics, error in results:
        if error is not None:
            bad += 1
            reason = catalog.say(error[0], lang, **error[1])
            print(
                f"bcast lint: {catalog.say('lint.bad_file', lang, path=path, reason=reason)}",
                file=sys.stderr,
            )
        found.extend(diagnostics)
    checked = len(files) - bad
    text = render(found, args.format, lang)
    if args.explain and args.format == "concise":
        blocks = []
        for line, d in zip(text.splitlines(), found):
            table = _explained(d, lang)
            blocks.append(line + "\n" + table if table else line)
        text = "\n".join(blocks)
    if text:
        print(text)
    if args.format == "concise" and found:
        print(
            catalog.say("lint.summary", lang, n=len(found), files=checked),
            file=sys.stderr,
        )
    if checked == 0 and files:
        print(f"bcast lint: {catalog.say('lint.nothing', lang)}", file=sys.stderr)
    if bad:
        return EXIT_BAD_INPUT
    return EXIT_FINDINGS if found else EXIT_OK
