"""The ``bcast`` command line: parse arguments, call the library, print.

::

    bcast explain SHAPE...   the rule, axis by axis; fixes; warnings
    bcast check SHAPE...     the result shape, or one line saying why not
    bcast why [MESSAGE]      explain a NumPy / PyTorch / JAX error (or stdin)
    bcast run [--watch [--strict] [--rank-promotion]] SCRIPT|-m MODULE [ARGS...]
                             run a program, its errors explained (--watch: and
                             its silent broadcasting caught)

No rule logic lives here.  Exit status: 0 success (compatible; for ``why``, a
message explained), 1 the shapes do not broadcast, 2 bad input (usage, a
malformed shape, no broadcasting error found) — never a traceback.

argparse defines the command line and answers ``--help`` and every mistake.
Well-formed command lines take a fast path (:func:`_scan`) that reads the
same options from the same table without importing argparse: ``bcast check``
must start in a few milliseconds, and argparse with ``re`` would double that.
A test checks that both read every command line they both accept alike.
"""

from __future__ import annotations

import sys

from bcast.errors import BadOptionError, BcastError, UsageError

TYPE_CHECKING = False  # see bcast.core.rule: typing stays out of start-up
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence
    from typing import Any

    from bcast.core.rule import Broadcast
    from bcast.core.shapes import Dims
    from bcast.explainer.api import Explanation
    from bcast.explainer.products import Product

    Options = dict[str, Any]

EXIT_OK = 0
EXIT_INCOMPATIBLE = 1
EXIT_BAD_INPUT = 2

_SHAPES_HELP = (
    "shapes such as 3,1 (no quotes needed); also 3x1, and in quotes (3, 1) [3,1]; "
    "symbols m,1 and unknown sizes ?,4; optionally named: X=20,1000"
)


# A value an option does not take (the fast path leaves it to argparse), and
# bad input found by a command: printed as one line, exit status 2.
_BadOption = BadOptionError
_BadInput = UsageError


_HINT = ["en"]
"""The language for errors found while the options are read (set by :func:`main`)."""


def _say(key: str, /, **fields: object) -> str:
    from bcast.explainer.words.catalog import say

    return say(key, _HINT[0], **fields)


def _hint(argv: Sequence[str]) -> str:
    """The language asked for, read before the options are: ``--lang`` if it
    is valid, else ``BCAST_LANG`` if that is, else English."""
    from bcast.explainer.words.catalog import resolve

    asked: list[str | None] = [None]
    for k, token in enumerate(argv):
        if token == "--lang" and k + 1 < len(argv):
            asked.append(argv[k + 1])
        elif token.startswith("--lang="):
            asked.append(token.partition("=")[2])
    for lang in reversed(asked):
        try:
            return resolve(lang)
        except ValueError:
            continue
    return "en"


def _width(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise _BadOption(_say("cli.bad_width_number", text=repr(text))) from None
    if not 20 <= value <= 10_000:
        raise _BadOption(_say("cli.bad_width_range", value=value))
    return value


def _lang(text: str) -> str:
    from bcast.explainer.words.catalog import resolve

    try:
        return resolve(text)
    except ValueError:
        raise _BadOption(_say("cli.bad_lang", lang=repr(text))) from None


def _dtype(text: str) -> str:
    from bcast.explainer.advice import DTYPES, itemsize

    try:
        itemsize(text)
    except ValueError:
        known = ", ".join(DTYPES)
        raise _BadOption(_say("cli.bad_dtype", dtype=repr(text), known=known)) from None
    return text


# The options, once for both readers: flag -> (dest, convert or None for a
# switch, metavar, help).
_COMMON: dict[str, tuple[str, Callable[[str], object] | None, str | None, str]] = {
    "--json": (
        "json",
        None,
        None,
        "print the explanation as JSON (keys: docs/guide/explain.md)",
    ),
    "--no-color": ("no_color", None, None, "no colour, no bold (NO_COLOR works too)"),
    "--width": ("width", _width, "COLS", "wrap and fold the picture to COLS columns"),
    "--lang": ("lang", _lang, "LANG", "en or zh (default: $BCAST_LANG, else en)"),
}
_BRIEF = {
    "--brief": (
        "brief",
        None,
        None,
        "the compact picture: table, verdict, best fix (as in tracebacks)",
    ),
}
_EXPLAIN = {
    "--dtype": (
        "dtype",
        _dtype,
        "DTYPE",
        "element type for the memory warning (default float64)",
    ),
    "--values": (
        "values",
        None,
        None,
        "show example arrays, stretched, and their sum (small shapes)",
    ),
    "--svg": ("svg", str, "FILE", "write the grid picture as SVG to FILE"),
    "--html": ("html", str, "FILE", "write the picture as an HTML page to FILE"),
    "--signature": (
        "signature",
        str,
        "SIG",
        'a gufunc signature, e.g. "(n?,k),(k,m?)->(n?,m?)"',
    ),
    "--matmul": (
        "matmul",
        None,
        None,
        "explain A @ B: its contraction (loop axes broadcast), not broadcasting",
    ),
    "--dot": (
        "dot",
        None,
        None,
        "explain np.dot(A, B): its contraction, not broadcasting",
    ),
    **_BRIEF,
}
_CHECK = {
    "--no-warn": (
        "no_warn",
        None,
        None,
        "no warning on stderr for a likely bug (a rank-1 array meeting a column)",
    ),
}
_COMMANDS: dict[str, tuple[str, str, dict[str, Any]]] = {
    # command -> (positional dest, help, extra options)
    "explain": ("shapes", "show the broadcasting rule applied axis by axis", _EXPLAIN),
    "check": (
        "shapes",
        "print the broadcast shape, or one line saying why not",
        _CHECK,
    ),
    "why": ("message", "explain a broadcasting error message (or read stdin)", _BRIEF),
}
_DEFAULTS = {
    "json": False,
    "no_color": False,
    "width": None,
    "lang": None,
    "dtype": "float64",
    "values": False,
    "svg": None,
    "html": None,
    "signature": None,
    "matmul": False,
    "dot": False,
    "no_warn": False,
    "brief": False,
}


def _options(command: str) -> dict[str, Any]:
    return {**_COMMON, **_COMMANDS[command][2]}


def _defaults(command: str) -> Options:
    out: Options = {"command": command, _COMMANDS[command][0]: []}
    for dest, *_ in _options(command).values():
        out[dest] = _DEFAULTS[dest]
    return out


def _scan(argv: Sequence[str]) -> Options | None:
    """Read a well-formed command line without argparse; None for anything
    else (help, a mistake), which argparse then reads and reports."""
    if not argv or argv[0] not in _COMMANDS:
        return None
    command = argv[0]
    options = _options(command)
    opts = _defaults(command)
    positional: list[str] = opts[_COMMANDS[command][0]]
    k = 1
    while k < len(argv):
        token = argv[k]
        k += 1
        if token == "--":
            return None  # argparse's reading of "--" (with intermixed options) rules
        if token[:1] != "-" or token == "-" or token[1:2].isdigit():
            positional.append(token)  # "-1,3": a (bad) shape, reported as one
            continue
        flag, eq, value = token.partition("=")
        option = options.get(flag)
        if option is None:
            return None
        dest, convert = option[0], option[1]
        if convert is None:
            if eq:
                return None
            opts[dest] = True
            continue
        if not eq:
            if k >= len(argv) or argv[k][:1] == "-":
                return None
            value = argv[k]
            k += 1
        try:
            opts[dest] = convert(value)
        except _BadOption:
            return None
    if command != "why" and not positional:
        return None
    products = [opts.get("signature") is not None, opts.get("matmul"), opts.get("dot")]
    if sum(map(bool, products)) > 1:
        return None
    return opts


def _parser(command: str | None) -> argparse.ArgumentParser:
    """The argparse parser for one command, or (None) for ``bcast`` itself."""
    import argparse

    def checked(convert: Callable[[str], object]) -> Callable[[str], object]:
        def run(text: str) -> object:
            try:
                return convert(text)
            except _BadOption as e:
                raise argparse.ArgumentTypeError(str(e)) from None

        return run

    if command is None:
        listed = "\n".join(f"  {c:<8} {h}" for c, (_, h, _) in _COMMANDS.items())
        listed += (
            "\n  run      run a Python program, its broadcasting errors explained"
            " (--watch: silent broadcasting caught too)"
        )
        listed += "\n  serve    a local page: type shapes, see them explained"
        listed += (
            "\n  lint     find broadcasting bugs in files and notebooks before they run"
        )
        parser = argparse.ArgumentParser(
            prog="bcast",
            usage="bcast [-h] [--version] COMMAND [OPTIONS] ...",
            description=f"Check and explain NumPy broadcasting.\n\ncommands:\n{listed}",
            epilog="examples:\n  bcast explain 3,1 1,4\n  bcast check X=20,1000 w=20,1\n"
            "  python train.py 2>&1 | bcast why\n\n"
            "bcast COMMAND -h shows the options of a command.",
            formatter_class=argparse.RawDescriptionHelpFormatter,
            allow_abbrev=False,
        )
        parser.add_argument("--version", action="store_true", help="print the version")
        parser.add_argument(
            "command", metavar="COMMAND", nargs="?", choices=list(_COMMANDS)
        )
        parser.add_argument("args", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
        return parser
    dest, text, _ = _COMMANDS[command]
    parser = argparse.ArgumentParser(
        prog=f"bcast {command}", description=text, allow_abbrev=False
    )
    if dest == "shapes":
        parser.add_argument("shapes", nargs="+", metavar="SHAPE", help=_SHAPES_HELP)
    else:
        parser.add_argument(
            "message",
            nargs="*",
            metavar="MESSAGE",
            help="the error message or traceback (default: read standard input)",
        )
    options = _options(command)
    group = parser.add_mutually_exclusive_group() if "--matmul" in options else parser
    for flag, (name, convert, metavar, help_text) in options.items():
        target = group if flag in ("--signature", "--matmul", "--dot") else parser
        if convert is None:
            target.add_argument(flag, dest=name, action="store_true", help=help_text)
        else:
            target.add_argument(
                flag,
                dest=name,
                type=checked(convert),
                metavar=metavar,
                default=_DEFAULTS[name],
                help=help_text,
            )
    return parser


def _parse(argv: Sequence[str]) -> Options | int:
    """argparse's reading of ``argv``, or the exit status it asks for."""
    try:
        top = _parser(None)
        if not argv or argv[0] not in _COMMANDS:
            args = top.parse_args(argv)
            if args.version:
                from bcast import __version__

                print(f"bcast {__version__}")
                return EXIT_OK
            if args.command is None:
                top.error(_say("cli.no_command"))
            top.error(_say("cli.options_first"))
        parsed = vars(_parser(argv[0]).parse_intermixed_args(argv[1:]))
    except SystemExit as e:  # --help, or a usage error already printed
        return e.code if isinstance(e.code, int) else EXIT_BAD_INPUT
    parsed["command"] = argv[0]
    return parsed


# -- the commands -----------------------------------------------------------------


def _language(opts: Options) -> str:
    from bcast.explainer.words.catalog import resolve

    try:
        return resolve(opts["lang"])  # $BCAST_LANG when --lang is absent
    except ValueError:
        from os import environ

        lang = environ.get("BCAST_LANG", "")
        raise _BadInput(_say("cli.bad_env_lang", lang=repr(lang))) from None


def _operands(texts: Sequence[str]) -> tuple[list[Dims], list[str | None]]:
    from bcast.core.syntax import parse_operand

    names: list[str | None] = []
    shapes: list[Dims] = []
    for text in texts:
        name, shape = parse_operand(text)
        names.append(name)
        shapes.append(shape)
    return shapes, names


def _json(value: object, indent: str = "") -> str:
    """JSON, indented, with lists of plain values (shapes) kept on one line."""
    import json

    inner = indent + "  "
    if isinstance(value, dict) and value:
        items = [f"{inner}{json.dumps(k)}: {_json(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        flat = json.dumps(value, ensure_ascii=False)
        if len(flat) <= 60 and not any(isinstance(v, dict) for v in value):
            return flat
        items = [inner + _json(v, inner) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + indent + "]"
    return json.dumps(value, ensure_ascii=False)


def _show(e: Explanation | Product, opts: Options) -> None:
    if opts["json"]:
        print(_json(e.to_dict()))
        return
    from bcast.explainer.api import Explanation
    from bcast.explainer.render.terminal import console

    if isinstance(e, Explanation):
        from bcast.explainer.render.terminal import renderable

        picture = renderable(e, brief=opts["brief"])
    else:  # a matrix product, by its own rule
        from bcast.explainer.render import products

        picture = products.renderable(e, brief=opts["brief"])
    console(width=opts["width"], color=not opts["no_color"]).print(picture)


def _check(opts: Options) -> int:
    from bcast.core.rule import broadcast
    from bcast.core.syntax import format_shape
    from bcast.explainer.words import catalog

    lang = _language(opts)
    shapes, given = _operands(opts["shapes"])
    if opts["json"]:
        from bcast.explainer.api import explain

        e = explain(*shapes, names=given, lang=lang)  # type: ignore[arg-type]
        _show(e, opts)
        return EXIT_OK if e.compatible else EXIT_INCOMPATIBLE
    names = catalog.labels(len(shapes), given)
    b = broadcast(*shapes, names=names)
    lines = []
    step = b.conflict
    if step is not None:
        operands = catalog.join(
            [f"{n} {format_shape(s)}" for n, s in zip(names, b.shapes)], lang
        )
        lines.append(
            catalog.say(
                "check_conflict",
                lang,
                operands=operands,
                axis=step.axis,
                position=step.position,
                has=catalog.has(step, names, lang),
            )
        )
    else:
        assert b.shape is not None
        lines.append(format_shape(b.shape))
        for c in b.conditions:
            text = catalog.condition(c, names, lang)
            lines.append("  " + catalog.say("check_if", lang, condition=text))
    warnings = [] if opts["no_warn"] else _check_warnings(b, names, lang)
    if opts["width"] is not None:
        from textwrap import fill

        lines = [fill(line, opts["width"], subsequent_indent="  ") for line in lines]
        warnings = [fill(w, opts["width"], subsequent_indent="  ") for w in warnings]
    print("\n".join(lines))
    if warnings:
        sys.stdout.flush()
        print("\n".join(warnings), file=sys.stderr)
    return EXIT_OK if step is None else EXIT_INCOMPATIBLE


def _check_warnings(b: Broadcast, names: Sequence[str], lang: str) -> list[str]:
    """The course's classic pitfall — a rank-1 array meeting a column or a
    row so that the result grows — as warning lines.  The other warnings of
    an explanation (outer products, memory) are for ``bcast explain``."""
    ranks = [len(s) for s in b.shapes]
    if b.shape is None or 1 not in ranks or max(ranks) < 2:
        return []  # no rank-1 array meets a column or a row here
    from bcast.explainer.policy import RANK1, suspicions

    if not any(s.kind == RANK1 for s in suspicions(b)):
        return []  # the common case: nothing more to import
    from bcast.explainer.advice import RANK1_COLUMN, RANK1_ROW, cautions
    from bcast.explainer.words import catalog, phrasing

    return [
        catalog.say(
            "cli.warning", lang, message=phrasing.caution(c, names, b.shapes, lang=lang)
        )
        for c in cautions(b, names)
        if c.kind in (RANK1_COLUMN, RANK1_ROW)
    ]


def _explain(opts: Options) -> int:
    from bcast.explainer.api import explain

    lang = _language(opts)
    shapes, given = _operands(opts["shapes"])
    op = "dot" if opts["dot"] else "matmul" if opts["matmul"] else "elementwise"
    if op != "elementwise" and len(shapes) != 2:
        raise _BadInput(_say("cli.dot_two", option=f"--{op}", n=len(shapes)))
    e = explain(
        *shapes,
        names=given,  # type: ignore[arg-type]
        signature=opts["signature"],
        dtype=opts["dtype"],
        values=opts["values"],
        lang=lang,
        op=op,
    )
    _write_pictures(e, opts)
    _show(e, opts)
    return EXIT_OK if e.compatible else EXIT_INCOMPATIBLE


def _write_pictures(e: Explanation | Product, opts: Options) -> None:
    """``--svg FILE`` and ``--html FILE``: the grid picture, written."""
    if opts["svg"] is None and opts["html"] is None:
        return
    from bcast.explainer.api import Explanation
    from bcast.explainer.render import svg

    if isinstance(e, Explanation):
        from bcast.explainer.render.terminal import to_html

        picture, page = svg.to_svg(e), to_html(e)
    else:  # a matrix product
        from bcast.explainer.render import products

        picture = svg.product_svg(e)
        page = products.to_html(e) + f"<div>{picture}</div>"
    for path, text in ((opts["svg"], picture), (opts["html"], svg.page(page, e.lang))):
        if path is None:
            continue
        try:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        except OSError as err:
            reason = err.strerror or type(err).__name__
            raise _BadInput(
                _say("cli.cannot_write", path=path, reason=reason)
            ) from None


MAX_INPUT = 16 << 20
"""``bcast why`` reads at most the last 16 MiB of standard input."""


def _read_stdin() -> str | None:
    """Standard input as text; None if it is binary data."""
    stream = sys.stdin
    if stream is None:
        return ""
    if stream.isatty():
        print(_say("cli.paste"), file=sys.stderr)
    raw = getattr(stream, "buffer", None)
    if raw is not None:
        data = raw.read()
        if len(data) > MAX_INPUT:
            data = data[-MAX_INPUT:]
        if b"\0" in data:
            return None
        text: str = data.decode("utf-8", errors="replace")
    else:
        text = str(stream.read())[-MAX_INPUT:]
    if "\0" in text or text.count("\ufffd") * 10 > len(text):
        return None
    return text


def _why(opts: Options) -> int:
    from bcast.explainer.api import why
    from bcast.explainer.words import catalog

    lang = _language(opts)
    if opts["message"]:
        text: str | None = " ".join(opts["message"])
    else:
        text = _read_stdin()
    if text is None:
        raise _BadInput(catalog.say("why_binary", lang))
    if not text.strip():
        raise _BadInput(catalog.say("why_empty", lang))
    e = why(text, lang=lang)
    if e is None:
        message = catalog.say("why_none", lang)
        print(catalog.say("cli.error", lang, message=message), file=sys.stderr)
        return EXIT_BAD_INPUT
    _show(e, opts)
    return EXIT_OK


_RUN = {"explain": _explain, "check": _check, "why": _why}


def _error_line(e: BaseException) -> str:
    """An error about bad input as one line in the language asked for."""
    from bcast.explainer.words.phrasing import unreadable

    return unreadable(e, _HINT[0])


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``).

    Returns the exit status instead of exiting, so tests and other programs
    can call it.

    Examples
    --------
    >>> main(["check", "3,1", "1,4"])
    (3, 4)
    0
    >>> main(["check", "3,4", "3"])
    cannot broadcast a (3, 4) and b (3,): on axis=1 (or -1) a has 4, b has 3; sizes on an axis must be equal, or 1
    1
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    _HINT[0] = _hint(argv)
    if argv[:1] == ["run"]:  # what follows is the program's own command line
        # (and --watch --strict --rank-promotion, read by run_main)
        from bcast.runtime.notebook import run_main

        return run_main(argv[1:])
    if argv[:1] == ["serve"]:  # bcast serve: the playground, in bcast.runtime.serve
        from bcast.runtime.serve import main as serve_main

        return serve_main(argv[1:])
    if argv[:1] == ["lint"]:  # bcast lint PATH...: options and logic in bcast.lint
        from bcast.lint.command import main as lint_main

        return lint_main(argv[1:])
    try:
        opts = _scan(argv)
        if opts is None:
            parsed = _parse(argv)
            if isinstance(parsed, int):
                return parsed
            opts = {**_DEFAULTS, **parsed}
        return _RUN[opts["command"]](opts)
    except (BcastError, _BadInput) as e:
        print(_say("cli.error", message=_error_line(e)), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `bcast explain ... | head`: stop quietly
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # as a shell reports SIGPIPE
