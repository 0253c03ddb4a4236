"""The ``bcast`` command line: parse arguments, call the library, print.

No rule logic lives here.  Exit status: 0 success (compatible), 1 the shapes
do not broadcast, 2 bad input (usage, malformed shape) — never a traceback.
"""

from __future__ import annotations

import sys

from bcast.errors import BcastError

TYPE_CHECKING = False  # see bcast.algebra: typing stays out of start-up
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from typing import TextIO

EXIT_OK = 0
EXIT_INCOMPATIBLE = 1
EXIT_BAD_INPUT = 2

_SHAPES_HELP = (
    "shapes such as 3,1 (no quotes needed), also (3, 1) [3,1] 3x1 m,1 ?,4; "
    "optionally named: X=20,1000"
)


class _UsageError(Exception):
    """Bad command-line input: printed as one line, exit status 2."""


def _parser() -> argparse.ArgumentParser:
    import argparse

    from bcast import __version__

    parser = argparse.ArgumentParser(
        prog="bcast",
        description="Check and explain NumPy broadcasting.",
        epilog="Example: bcast explain 3,1 1,4",
    )
    parser.add_argument("--version", action="version", version=f"bcast {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    explain = sub.add_parser(
        "explain", help="show the broadcasting rule applied axis by axis"
    )
    explain.add_argument("shapes", nargs="+", metavar="SHAPE", help=_SHAPES_HELP)

    check = sub.add_parser(
        "check",
        help="print the broadcast shape, or one error line (exit 1)",
    )
    check.add_argument("shapes", nargs="+", metavar="SHAPE", help=_SHAPES_HELP)
    return parser


def _operands(texts: Sequence[str]) -> tuple[list[object], list[str] | None]:
    from bcast.syntax import parse_operand

    shapes: list[object] = []
    names: list[str] = []
    named = False
    for i, text in enumerate(texts):
        name, shape = parse_operand(text)
        named = named or name is not None
        names.append(name if name is not None else f"operand {i}")
        shapes.append(shape)
    return shapes, (names if named else None)


def _check(args: argparse.Namespace, out: TextIO) -> int:
    from bcast.algebra import broadcast
    from bcast.syntax import format_shape

    shapes, names = _operands(args.shapes)
    result = broadcast(*shapes, names=names)  # type: ignore[arg-type]
    if result.shape is None:
        print(f"bcast: {result.error()}", file=out)
        return EXIT_INCOMPATIBLE
    print(format_shape(result.shape), file=out)
    for condition in result.conditions:
        print(f"  if {condition}", file=out)
    return EXIT_OK


def _explain(args: argparse.Namespace, out: TextIO) -> int:
    from bcast.algebra import broadcast
    from bcast.syntax import format_shape

    shapes, names = _operands(args.shapes)
    result = broadcast(*shapes, names=names)  # type: ignore[arg-type]
    labels = names or [f"operand {i}" for i in range(len(shapes))]
    for label, shape in zip(labels, result.shapes):
        print(f"{label}: {format_shape(shape)}", file=out)
    for step in result.steps:
        sizes = " ".join(
            "-" if i in step.padded else ("?" if d is None else str(d))
            for i, d in enumerate(step.sizes)
        )
        line = f"axis {step.axis} ({step.index}): {sizes} -> {step.verdict}"
        if step.size is not None:
            line += f" {step.size}"
        if step.stretched:
            line += " (stretched: " + ", ".join(labels[i] for i in step.stretched) + ")"
        print(line, file=out)
    if result.shape is None:
        print(f"conflict: {result.error()}", file=out)
        return EXIT_INCOMPATIBLE
    print(f"result: {format_shape(result.shape)}", file=out)
    for condition in result.conditions:
        print(f"  if {condition}", file=out)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``).

    Returns the exit status instead of exiting, so tests and other programs
    can call it.
    """
    out = sys.stdout
    try:
        try:
            args = _parser().parse_args(argv)
        except SystemExit as e:  # argparse: --help, --version, or a usage error
            return e.code if isinstance(e.code, int) else EXIT_BAD_INPUT
        command = {"check": _check, "explain": _explain}[args.command]
        return command(args, out)
    except BcastError as e:
        print(f"bcast: error: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
