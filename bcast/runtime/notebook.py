"""The explainer where errors happen: IPython, ``explain_errors()``, ``bcast run``.

Three ways to have a broadcasting error explained the moment it is raised —
a NumPy, PyTorch or JAX message, or one of bcast's own errors:

- ``%load_ext bcast`` in IPython or Jupyter: after the usual traceback comes
  the explanation (HTML in Jupyter, rich text in the terminal).
- ``with bcast.explain_errors():`` (or ``@bcast.explain_errors()``): the
  error gets the explanation as an exception note (on Python 3.10, as a
  chained exception) and keeps its type and traceback.
- ``bcast run script.py [args ...]`` / ``bcast run -m module [args ...]``:
  runs a program as ``python`` would, with errors explained.

Each names the source line that failed and, for ``a - b``, explains with
the operands' names (the fix reads ``b[:, None]``, not ``operand 1``).
Foreign messages are read by :mod:`bcast.explainer.messages` (:func:`bcast.why`);
bcast's own errors are explained from their fields.
"""

from __future__ import annotations

import sys
from os.path import dirname, join

from bcast.errors import BcastError, ShapeError
from bcast.errors import Explained as _Explained
from bcast.runtime.frames import operand_names, source

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from traceback import FrameSummary
    from types import TracebackType
    from typing import Any, TypeVar

    from bcast.explainer.api import Explanation
    from bcast.explainer.products import Product

    F = TypeVar("F", bound=Callable[..., Any])

__all__ = [
    "Watch",
    "explain_errors",
    "explanation_of",
    "load_ipython_extension",
    "run_main",
    "run_module",
    "run_path",
    "unload_ipython_extension",
]

_NOTES = hasattr(BaseException, "add_note")  # Python 3.11 and later
_MARK = "_bcast_note"  # set on an exception once it has been explained
_CHAIN = 8  # how far along __cause__ / __context__ to look
# bcast's own directory (the package, not just bcast/runtime/), with the separator
_OURS = join(dirname(dirname(__file__)), "")


# -- where it failed ------------------------------------------------------------


def _library_dirs() -> tuple[str, ...]:
    """Directories of code that is not the user's: the standard library,
    installed packages and bcast itself."""
    import os
    import sysconfig

    paths = sysconfig.get_paths()
    dirs = {
        paths[k] for k in ("stdlib", "platstdlib", "purelib", "platlib") if k in paths
    }
    return (*(os.path.join(d, "") for d in sorted(dirs)), _OURS)


def _site(tb: TracebackType | None) -> tuple[FrameSummary | None, bool]:
    """The innermost frame of ``tb`` in the user's code (not a library's), and
    whether the error came straight from the operation on that line (a ufunc,
    an operator, a watched array) rather than from Python code below it."""
    import traceback

    frames = traceback.extract_tb(tb)
    if not frames:
        return None, False
    # "<bcast.guard f 2>": code the guard compiled for a decorated function
    library = (*_library_dirs(), "<frozen ", "<bcast")
    for k in range(len(frames) - 1, -1, -1):
        if not frames[k].filename.startswith(library):
            below = frames[k + 1 :]
            return frames[k], all(f.filename.startswith(_OURS) for f in below)
    return frames[-1], True


def _where(frame: FrameSummary) -> str:
    """``train.py, line 12, in loss`` — or ``Cell In[3], line 2`` in IPython."""
    name = frame.filename
    shell = _shell()
    if shell is not None:
        try:
            cell = shell.compile.format_code_name(name)
        except Exception:  # an older IPython, or not a cell
            cell = None
        if cell is not None:
            return f"{cell[0]} {cell[1]}, line {frame.lineno}"
    place = f"{name}, line {frame.lineno}"
    if frame.name != "<module>":
        place += f", in {frame.name}"
    return place


def _shell() -> Any:
    """The running IPython shell, if IPython has been imported and started."""
    module = sys.modules.get("IPython")
    if module is None:
        return None
    try:
        return module.get_ipython()
    except Exception:
        return None


# -- the explanation ----------------------------------------------------------------


def _explain_bcast(exc: BcastError, lang: str | None) -> Explanation | None:
    """Explain one of bcast's own errors from its fields."""
    from bcast.explainer.api import explain

    r = exc.explain_request()
    if r is None:
        return None
    return explain(
        *r.shapes, names=r.names, to=r.target, signature=r.signature, lang=lang
    )


def _broadcasting(exc: BaseException) -> bool:
    """Is ``exc`` one that :func:`explanation_of` may explain?"""
    if isinstance(exc, BcastError):
        return isinstance(exc, ShapeError) or exc.explain_request() is not None
    return isinstance(exc, Exception)


def explanation_of(
    exc: BaseException, *, lang: str | None = None, names: Sequence[str] | None = None
) -> Explanation | Product | None:
    """The explanation of a broadcasting error, or None for any other error.

    Parameters
    ----------
    exc : BaseException
        A NumPy, PyTorch or JAX broadcasting error (read from its message by
        :func:`bcast.why`) or one of bcast's errors (explained from its
        fields).  A :class:`bcast.ShapeError` has no explanation beyond its
        own message: None.
    lang : str, optional
        ``"en"`` or ``"zh"`` (default: ``BCAST_LANG``, else English).
    names : sequence of two str, optional
        The operands' names, for an error between two operands: a matrix
        product's fixes are then written on them (``np.dot(X, (A - Y).T)``),
        and where they are variables of the frame that failed, the sizes
        its message leaves out are read from them.

    Examples
    --------
    >>> import numpy as np
    >>> try:
    ...     np.ones((3, 4)) - np.ones(3)
    ... except ValueError as e:
    ...     error = e
    >>> explanation_of(error, names=["X", "m"]).fixes[0].code
    'm[:, None]'
    >>> try:
    ...     np.dot(np.ones((4, 100)), np.ones((1, 100)))
    ... except ValueError as e:
    ...     error = e
    >>> explanation_of(error, names=["X", "A - Y"]).fixes[0].code
    'np.dot(X, (A - Y).T)'
    >>> explanation_of(KeyError("x")) is None
    True
    """
    from bcast.explainer.api import Explanation, explain, why

    if not _broadcasting(exc):
        return None
    e: Explanation | Product | None
    request = exc.explain_request() if isinstance(exc, BcastError) else None
    if isinstance(exc, BcastError):
        e = _explain_bcast(exc, lang)
        given_names = None if request is None else request.names
    else:
        e = why(str(exc), lang=lang)
        given_names = None
    if e is None or names is None or given_names is not None:
        return e
    if not isinstance(e, Explanation):  # a matrix product: the frame's names
        if len(names) != len(e.shapes):
            return e
        return e.with_names(names, _frame_shapes(exc, names) if e.unknown else None)
    if e.rule != "broadcast":  # judged by its own rule: keep it, with the names
        return e.renamed(names)
    if len(e.shapes) != 2 or e.target is not None or len(names) != 2:
        return e
    reading = e.reading
    signature = None if reading is None else reading.signature
    if request is not None and request.signature is not None:
        signature = request.signature
    try:
        named = explain(*e.shapes, names=names, signature=signature, lang=lang)
    except (BcastError, ValueError):  # shapes the reader could not complete
        return e
    return named._replace(reading=reading)


def _frame_shapes(
    exc: BaseException, names: Sequence[str]
) -> tuple[tuple[int, ...], ...] | None:
    """The shapes of the arrays ``names`` hold in the user's frame that
    failed, for names that are plain variables there; else None.  Nothing
    is evaluated: a name is looked up, its ``shape`` read."""
    site, _ = _site(exc.__traceback__)
    tb = exc.__traceback__
    frame = None
    while tb is not None:
        code = tb.tb_frame.f_code
        if site is not None and (code.co_filename, tb.tb_lineno) == (
            site.filename,
            site.lineno,
        ):
            frame = tb.tb_frame
        tb = tb.tb_next
    if frame is None:
        return None
    shapes = []
    for name in names:
        if not name.isidentifier():
            return None
        space = frame.f_locals if name in frame.f_locals else frame.f_globals
        shape = getattr(space.get(name), "shape", None)
        if not isinstance(shape, tuple) or not all(type(d) is int for d in shape):
            return None
        shapes.append(shape)
    return tuple(shapes)


def _find(exc: BaseException) -> BaseException | None:
    """``exc`` or the first exception it was chained from that is a broadcasting
    error (bcast's own, or one :func:`bcast.why` can read)."""
    seen = 0
    current: BaseException | None = exc
    while current is not None and seen < _CHAIN:
        if isinstance(current, BcastError) and _broadcasting(current):
            return current
        if isinstance(current, Exception) and not isinstance(current, BcastError):
            from bcast.explainer.messages import read_message

            if read_message(str(current)) is not None:
                return current
        current = current.__cause__ or current.__context__
        seen += 1
    return None


# Where errors happen the explanation is compact (table, verdict, best fix);
# ``bcast run --full`` and ``explain_errors(full=True)`` show every step.  In
# a notebook the HTML keeps the full picture behind a <details>.
_FULL = [False]


class _Report:
    """What was found about one error: where it failed and the explanation."""

    def __init__(
        self, exc: BaseException, lang: str | None, full: bool | None = None
    ) -> None:
        self.exc = exc
        self.lang = lang
        self.brief = not (_FULL[0] if full is None else full)
        frame, direct = _site(exc.__traceback__)
        self.where = None if frame is None else _where(frame)
        line, segment = ("", None) if frame is None else source(frame)
        self.code = segment or line
        # Operands are named from the source only when the expression itself
        # raised: in ``fit(X, y)`` the shapes come from deeper down.
        names = operand_names(segment) if direct else None
        self.explanation = explanation_of(exc, lang=lang, names=names)

    def header(self) -> str:
        from bcast.explainer.words.catalog import resolve, say

        lang = resolve(self.lang)
        if self.where is None:
            return say("runtime.an_error", lang)
        if self.code:
            return say("runtime.failed", lang, code=self.code, where=self.where)
        return say("runtime.failed_at", lang, where=self.where)

    def text(self) -> str:
        if self.explanation is None:
            return self.header()
        return f"{self.header()}\n\n{self.explanation.to_text(brief=self.brief)}"

    def picture(self) -> object:
        """The explanation for rich, compact unless asked for in full."""
        from bcast.explainer.api import Explanation

        e = self.explanation
        if isinstance(e, Explanation):
            from bcast.explainer.render.terminal import renderable

            return renderable(e, self.lang, brief=self.brief)
        from bcast.explainer.render.products import renderable as product

        return product(e, self.lang, brief=self.brief)  # type: ignore[arg-type]

    def html(self) -> str:
        from html import escape

        # The header's words, escaped, with bcast in bold and the code as code.
        head = escape(self.header()).replace("bcast", "<b>bcast</b>", 1)
        if self.code:
            code = escape(f"`{self.code}`")
            head = head.replace(code, f"<code>{escape(self.code)}</code>", 1)
        head = f"<p>{head}</p>"
        if self.explanation is None:
            return head
        from bcast.explainer.api import Explanation

        e = self.explanation
        if isinstance(e, Explanation):
            from bcast.explainer.render.terminal import to_html
        else:
            from bcast.explainer.render.products import to_html  # type: ignore[assignment]
        return head + to_html(e, lang=self.lang, brief=self.brief)  # type: ignore[arg-type]


def _report(
    exc: BaseException, lang: str | None, full: bool | None = None
) -> _Report | None:
    """The report on ``exc``'s broadcasting error, or None (none, or done)."""
    if getattr(exc, _MARK, None) is not None:
        return None
    found = _find(exc)
    if found is None or getattr(found, _MARK, None) is not None:
        return None
    try:
        report = _Report(found, lang, full)
    except Exception:  # explaining must never replace the error being explained
        return None
    if report.explanation is None and not isinstance(found, ShapeError):
        return None
    return report


# -- explain_errors -------------------------------------------------------------------


def _attach(
    exc: BaseException,
    lang: str | None,
    chain: bool = True,
    full: bool | None = None,
) -> _Report | None:
    """Add the explanation to ``exc``'s broadcasting error as a note; without
    notes (Python 3.10), as its cause if ``chain``, else nowhere: the caller
    prints it.  Returns the report, None if there was nothing to add."""
    report = _report(exc, lang, full)
    if report is None:
        return None
    note = report.text()
    target = report.exc
    setattr(target, _MARK, note)
    if _NOTES:
        target.add_note(note)  # type: ignore[attr-defined]
    elif chain:
        chained = _Explained(note)
        chained.__cause__ = target.__cause__
        chained.__context__ = target.__context__
        target.__cause__ = chained
    return report


class explain_errors:
    """Attach the explanation to broadcasting errors raised inside.

    A context manager and a decorator.  A broadcasting error raised inside —
    NumPy's, PyTorch's, JAX's or bcast's own — gets the explanation, headed
    by the source line that failed, as an exception note (``add_note``; on
    Python 3.10 as a chained exception, the cause shown above it).  The error
    keeps its type and traceback, so ``except ValueError`` still catches it.
    Nested blocks add the note once.  Other errors pass untouched.

    Parameters
    ----------
    lang : str, optional
        ``"en"`` or ``"zh"`` (default: ``BCAST_LANG``, else English).
    full : bool
        Every step of the explanation; by default it is compact (the table,
        the verdict, the best fix).

    Examples
    --------
    >>> import numpy as np
    >>> X, m = np.ones((3, 4)), np.ones(3)
    >>> try:
    ...     with explain_errors():
    ...         X - m
    ... except ValueError as e:
    ...     print(e.__notes__[0].splitlines()[0])
    bcast: `X - m` failed (<doctest bcast.runtime.notebook.explain_errors[2]>, line 3)
    """

    def __init__(self, *, lang: str | None = None, full: bool = False) -> None:
        if lang is not None:
            from bcast.explainer.words.catalog import resolve

            resolve(lang)  # an unknown language fails now, not inside an error
        self.lang = lang
        self.full = full

    def __repr__(self) -> str:
        given = [f"lang={self.lang!r}"] if self.lang is not None else []
        given += ["full=True"] if self.full else []
        return f"explain_errors({', '.join(given)})"

    def __enter__(self) -> explain_errors:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if value is not None:
            _attach(value, self.lang, full=self.full)

    def __call__(self, function: F) -> F:
        from functools import wraps

        lang, full = self.lang, self.full

        @wraps(function)
        def explained(*args: Any, **kwargs: Any) -> Any:
            try:
                return function(*args, **kwargs)
            except BaseException as e:
                _attach(e, lang, full=full)
                raise

        return explained  # type: ignore[return-value]


# -- IPython ---------------------------------------------------------------------------

_HOOKS: dict[int, Callable[[Any], None]] = {}


def _show(shell: Any, report: _Report) -> None:
    """Show ``report`` after the traceback: HTML for a Jupyter front end (the
    ZMQ shell, with plain text beside it), rich text in a terminal."""
    if getattr(shell, "kernel", None) is not None:
        from IPython.display import display

        bundle = {"text/html": report.html(), "text/plain": report.text()}
        display(bundle, raw=True)  # type: ignore[no-untyped-call]
        return
    from bcast.explainer.render.terminal import console

    out = console(file=sys.stdout)
    out.print()
    out.print(report.header(), markup=False)
    if report.explanation is not None:
        out.print()
        out.print(report.picture())


def load_ipython_extension(shell: Any) -> None:
    """``%load_ext bcast``: explain broadcasting errors, catch silent ones.

    The explanation follows the traceback of a cell that raised a
    broadcasting error: HTML (with plain text beside it) in a Jupyter kernel,
    rich text in a terminal.  And every cell is watched for silent
    broadcasting (a :class:`bcast.BroadcastWarning` at the cell's line, once
    per site and cell); ``%bcast watch off|warn|raise`` changes that and
    ``%bcast`` shows it.  Loading twice does not explain twice.

    Parameters
    ----------
    shell : IPython.core.interactiveshell.InteractiveShell
        The running shell; IPython passes it.

    Examples
    --------
    In IPython or a Jupyter notebook::

        %load_ext bcast
        X - X.mean(axis=1)       # the traceback, then the explanation
        %unload_ext bcast
    """
    if id(shell) in _HOOKS:
        return

    def explain_error(result: Any) -> None:
        exc = getattr(result, "error_in_exec", None)
        if exc is None:
            return
        report = _report(exc, None)
        if report is None:
            return
        setattr(report.exc, _MARK, report.text())
        _show(shell, report)

    shell.events.register("post_run_cell", explain_error)
    _HOOKS[id(shell)] = explain_error
    from bcast.runtime.hook import ipython_watch

    ipython_watch(shell)  # and catch silent broadcasting in every cell


def unload_ipython_extension(shell: Any) -> None:
    """``%unload_ext bcast``: stop explaining.

    Parameters
    ----------
    shell : IPython.core.interactiveshell.InteractiveShell
        The shell :func:`load_ipython_extension` was given.

    Examples
    --------
    In IPython::

        %unload_ext bcast
    """
    hook = _HOOKS.pop(id(shell), None)
    if hook is not None:
        shell.events.unregister("post_run_cell", hook)
        from bcast.runtime.hook import ipython_unwatch

        ipython_unwatch(shell)


# -- bcast run --------------------------------------------------------------------------


def _exit_status(code: object) -> int:
    """What ``python`` exits with for ``SystemExit(code)``."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code  # the system keeps the low 8 bits, as for python itself
    print(code, file=sys.stderr)
    return 1


def _run(start: Callable[[], object], path0: str, argv: list[str]) -> int:
    saved = sys.argv[:], sys.path[:], sys.modules.get("__main__")
    sys.argv[:] = argv
    sys.path[0:1] = [path0]
    try:
        start()
    except SystemExit as e:
        return _exit_status(e.code)
    except BaseException as e:
        # A note is shown after the traceback; without notes (3.10) the
        # explanation is printed there instead of chained before it.
        report = _attach(e, None, chain=False)
        tb = _trim(e.__traceback__)
        sys.excepthook(type(e), e.with_traceback(tb), tb)
        if report is not None and not _NOTES:
            print(report.text(), file=sys.stderr)
        return 130 if isinstance(e, KeyboardInterrupt) else 1
    finally:
        sys.argv[:], sys.path[:] = saved[0], saved[1]
        if saved[2] is not None:
            sys.modules["__main__"] = saved[2]
    return 0


def _trim(tb: TracebackType | None) -> TracebackType | None:
    """The traceback without bcast's frames: from the program's first frame
    (not bcast's, not runpy's) to its last, as ``python`` would show it."""
    while tb is not None and (
        tb.tb_frame.f_code.co_filename.startswith(_OURS)
        or "runpy" in tb.tb_frame.f_code.co_filename
    ):
        tb = tb.tb_next
    # The checks and the import hook below the user's line, and the import
    # machinery that called the hook, as Python hides its own.
    from bcast.runtime.frames import hide

    def hidden(entry: TracebackType) -> bool:
        name = entry.tb_frame.f_code.co_filename
        return name.startswith(_OURS) or (
            name.startswith("<frozen importlib") and _reaches_ours(entry.tb_next)
        )

    return hide(tb, hidden)


def _reaches_ours(tb: TracebackType | None) -> bool:
    while tb is not None and tb.tb_frame.f_code.co_filename.startswith("<frozen"):
        tb = tb.tb_next
    return tb is not None and tb.tb_frame.f_code.co_filename.startswith(_OURS)


def _exec_file(path: str, watch: bool = False) -> None:
    """Run a source file as ``__main__``, as python does: ``__file__`` is the
    absolute path (tracebacks name it so), ``sys.argv[0]`` the path as given."""
    import builtins
    import os
    import types

    filename = os.path.abspath(path)
    with open(filename, "rb") as f:
        source = f.read()
    if watch:
        from bcast.runtime.instrument import compile_watched

        code = compile_watched(source, filename)
    else:
        code = compile(source, filename, "exec", dont_inherit=True)
    main = types.ModuleType("__main__")
    main.__file__ = filename
    main.__dict__.update(__builtins__=builtins, __cached__=None)
    sys.modules["__main__"] = main
    exec(code, main.__dict__)


def run_path(path: str, argv: Sequence[str] = (), *, watch: Watch | None = None) -> int:
    """Run a Python program as ``python path argv...`` would, errors explained.

    ``sys.argv`` is ``[path, *argv]``, ``sys.path[0]`` the file's directory,
    ``__name__`` is ``"__main__"`` and ``__file__`` the absolute path.  A
    directory or zip file with a ``__main__.py`` runs through
    :func:`runpy.run_path`.  A broadcasting error is printed with its
    traceback and the explanation.  With ``watch`` (a :class:`Watch`), the
    program's own code — the file, and modules imported from its directory —
    is instrumented for silent broadcasting (``bcast run --watch``).

    Returns
    -------
    int
        The exit status ``python`` would give: 0, ``SystemExit``'s code, or 1
        for an uncaught exception.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> script = pathlib.Path(tempfile.mkdtemp()) / "hello.py"
    >>> _ = script.write_text("import sys; print(sys.argv[1:], __name__); sys.exit(3)")
    >>> run_path(str(script), ["a", "--b"])
    ['a', '--b'] __main__
    3
    """
    import os
    import runpy

    watched = watch is not None
    if os.path.isfile(path) and not path.endswith((".zip", ".pyz", ".pyzw")):
        start: Callable[[], object] = lambda: _exec_file(path, watched)  # noqa: E731
        path0 = os.path.dirname(os.path.realpath(path))
    else:
        start = lambda: runpy.run_path(path, run_name="__main__")  # noqa: E731
        path0 = path
    return _run(_watching(start, watch, path0), path0, [path, *argv])


def run_module(
    name: str, argv: Sequence[str] = (), *, watch: Watch | None = None
) -> int:
    """Run a module as ``python -m name argv...`` would, errors explained.

    Through :func:`runpy.run_module`: ``sys.argv[0]`` is the module's file
    (as ``-m`` sets it) and ``sys.path[0]`` the current directory.  Returns
    the exit status, as :func:`run_path`.  With ``watch``, modules under the
    current directory (the module itself among them) are instrumented.

    Examples
    --------
    >>> run_module("calendar", ["2024", "2"])
       February 2024
    Mo Tu We Th Fr Sa Su
    ...
    0
    """
    import os
    import runpy

    here = os.getcwd()
    return _run(
        _watching(
            lambda: runpy.run_module(name, run_name="__main__", alter_sys=True),
            watch,
            here,
        ),
        here,
        [name, *argv],
    )


class Watch:
    """How ``bcast run --watch`` watches: raise or warn, rank promotion or not."""

    def __init__(self, strict: bool = False, rank_promotion: bool = False) -> None:
        self.strict = strict
        self.rank_promotion = rank_promotion

    def __repr__(self) -> str:
        return f"Watch(strict={self.strict}, rank_promotion={self.rank_promotion})"


def _watching(
    start: Callable[[], object], watch: Watch | None, directory: str
) -> Callable[[], object]:
    """``start`` with the program's code instrumented while it runs."""
    if watch is None:
        return start

    def watched() -> object:
        from bcast.runtime import checks
        from bcast.runtime.hook import watch_directory

        saved = checks.mode(), checks.rank_promotion()
        checks.configure(
            "raise" if watch.strict else "warn", rank_promotion=watch.rank_promotion
        )
        checks.reset()
        hook = watch_directory(directory)
        try:
            return start()
        finally:
            hook.uninstall()
            checks.configure(saved[0], rank_promotion=saved[1])

    return watched


def run_main(argv: Sequence[str]) -> int:
    """``bcast run``: read ``[--full] [--watch [--strict] [--rank-promotion]] [-m MODULE |
    SCRIPT] [ARGS ...]`` as ``python`` does.

    Everything after the script or module belongs to the program.  A missing
    script or module, or a file that is not Python source, is one line on
    standard error and exit status 2; a syntax error in the program is
    reported as ``python`` reports it.

    Examples
    --------
    >>> run_main(["--help"])
    usage: bcast run [--full] [--watch [--strict] [--rank-promotion]] SCRIPT [ARGS ...]
    ...
    0
    """
    import os

    from bcast.explainer.words.catalog import resolve, say

    lang = resolve()
    args = list(argv)
    flags = {
        "--watch": False,
        "--strict": False,
        "--rank-promotion": False,
        "--full": False,
    }
    while args and args[0] in flags:
        flags[args.pop(0)] = True
    if args[:1] in (["-h"], ["--help"]):
        print(say("runtime.usage", lang), end="")
        return 0
    for flag in ("--strict", "--rank-promotion"):
        if flags[flag] and not flags["--watch"]:
            return _usage(say("runtime.needs_watch", lang, option=flag))
    _FULL[0] = flags["--full"]
    watch = (
        Watch(strict=flags["--strict"], rank_promotion=flags["--rank-promotion"])
        if flags["--watch"]
        else None
    )
    if args[:1] == ["-m"]:
        if len(args) < 2:
            return _usage(say("runtime.need_module", lang))
        import importlib.util

        saved = sys.path[:]
        sys.path[0:1] = [os.getcwd()]  # where python -m looks first
        try:
            found = importlib.util.find_spec(args[1]) is not None
        except (ImportError, ValueError):
            found = False
        finally:
            sys.path[:] = saved
        if not found:
            return _usage(say("runtime.no_module", lang, name=repr(args[1])))
        return run_module(args[1], args[2:], watch=watch)
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        return _usage(say("runtime.need_script", lang))
    if args[0].startswith("-"):
        return _usage(say("runtime.unknown_option", lang, option=repr(args[0])))
    if not os.path.exists(args[0]):
        return _usage(say("runtime.no_file", lang, path=repr(args[0])))
    reason = _not_python(args[0])
    if reason is not None:
        return _usage(
            say("runtime.not_python", lang, path=repr(args[0]), reason=reason)
        )
    return run_path(args[0], args[1:], watch=watch)


def _not_python(path: str) -> str | None:
    """Why ``path`` cannot be a Python program (binary, not text), or None.

    A text file with a syntax error is Python with a mistake in it: python
    reports that, and so does ``bcast run``.
    """
    import os

    if not os.path.isfile(path) or path.endswith((".zip", ".pyz", ".pyzw")):
        return None
    try:
        with open(path, "rb") as f:
            head = f.read(1 << 16)
    except OSError as e:
        return e.strerror or type(e).__name__
    if b"\0" in head:
        return "a binary file"
    from io import BytesIO
    from tokenize import detect_encoding

    try:
        encoding, _ = detect_encoding(BytesIO(head).readline)
        head.decode(encoding)
    except (SyntaxError, UnicodeDecodeError, LookupError) as e:
        if isinstance(e, UnicodeDecodeError) and e.start > len(head) - 4:
            return None  # a character cut in two by the 64 KiB read
        return "not text in its encoding"
    return None


def _usage(reason: str) -> int:
    from bcast.explainer.words.catalog import resolve, say

    print(say("runtime.usage_error", resolve(), reason=reason), file=sys.stderr)
    return 2
