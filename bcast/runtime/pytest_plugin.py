"""``pytest --bcast-watch``: catch silent broadcasting while the tests run.

Registered as a ``pytest11`` entry point (``bcast``); it does nothing unless
asked, and importing it costs nothing (no import at module level but pytest's
hook names):

- ``--bcast-watch`` (or ``--bcast-watch=warn``): test modules are
  instrumented along with pytest's assertion rewriting (their rewritten code
  is cached apart from pytest's own), and so are the packages named by
  ``--bcast-watch-package NAME`` (repeatable) as they are imported; each
  site found is a :class:`bcast.BroadcastWarning` (shown in pytest's
  warnings summary) and listed in the terminal summary;
- ``--bcast-watch=raise``: a :class:`bcast.SilentBroadcastError` instead, so
  the test fails at the line.

Test modules are instrumented only when pytest rewrites them (its default
``--assert=rewrite``); with ``--assert=plain`` name their package instead.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_STATE: dict[str, Any] = {}


def pytest_addoption(parser: Any) -> None:
    group = parser.getgroup("bcast", "silent broadcasting (bcast)")
    group.addoption(
        "--bcast-watch",
        nargs="?",
        const="warn",
        default=None,
        metavar="warn|raise",
        help="instrument the tests (and --bcast-watch-package) for silent "
        "broadcasting: warn (default) or raise",
    )
    group.addoption(
        "--bcast-watch-package",
        action="append",
        default=[],
        metavar="NAME",
        help="also instrument this package as it is imported (repeatable)",
    )


def pytest_configure(config: Any) -> None:
    mode = config.getoption("bcast_watch", None)
    if mode is None:
        return
    if mode not in ("warn", "raise"):
        import pytest

        from bcast.explainer.words.catalog import resolve, say

        raise pytest.UsageError(say("runtime.bad_mode", resolve(), mode=mode))
    from bcast.runtime import checks
    from bcast.runtime.hook import install_import_hook

    checks.configure(mode)
    checks.reset()
    packages = config.getoption("bcast_watch_package") or []
    _STATE["hook"] = install_import_hook(*packages) if packages else None
    _STATE["assertions"] = _rewrite_tests()


def _rewrite_tests() -> Any:
    """Have pytest's assertion rewriter instrument the test modules too.

    Returns what to put back.  Rewritten test code is cached under a name of
    its own, so a later run without ``--bcast-watch`` never loads it.
    """
    try:
        from _pytest.assertion import rewrite
    except ImportError:  # pragma: no cover - a pytest without the rewriter
        return None
    original = getattr(rewrite, "rewrite_asserts", None)
    tail = getattr(rewrite, "PYC_TAIL", None)
    if original is None or tail is None:  # pragma: no cover - pytest changed
        return None

    def rewrite_asserts(
        mod: Any, source: bytes, module_path: Any = None, config: Any = None
    ) -> None:
        original(mod, source, module_path, config)
        if module_path is None or not _users(str(module_path)):
            return  # a plugin's module (pytest rewrites those too): not the user's
        from bcast.runtime.instrument import instrument

        text = (
            source.decode("utf-8", "replace") if isinstance(source, bytes) else source
        )
        instrument(mod, text)

    rewrite.rewrite_asserts = rewrite_asserts
    rewrite.PYC_TAIL = ".bcast-watch" + tail
    return rewrite, original, tail


def _users(path: str) -> bool:
    from bcast.runtime.hook import ImportHook

    return ImportHook(directories=["/"])._wanted("", path)


def pytest_unconfigure(config: Any) -> None:
    hook = _STATE.pop("hook", None)
    if hook is not None:
        hook.uninstall()
    saved = _STATE.pop("assertions", None)
    if saved is not None:
        rewrite, original, tail = saved
        rewrite.rewrite_asserts = original
        rewrite.PYC_TAIL = tail


def pytest_terminal_summary(
    terminalreporter: Any, exitstatus: int, config: Any
) -> None:
    if config.getoption("bcast_watch", None) is None:
        return
    import os

    from bcast.explainer.words.catalog import resolve, say
    from bcast.runtime.checks import FINDINGS

    lang = resolve()
    seen: set[tuple[str, int, str]] = set()
    lines = []
    for f in FINDINGS:
        text = f.message(lang) if hasattr(f, "expression") else f.message()
        where = getattr(f, "filename", "?"), getattr(f, "lineno", 0)
        key = (*where, text)
        if key in seen:
            continue
        seen.add(key)
        try:
            name = os.path.relpath(where[0])
        except ValueError:
            name = where[0]
        lines.append(f"{name}:{where[1]}: {text}")
    terminalreporter.section("bcast", sep="=")
    if not lines:
        terminalreporter.write_line(say("runtime.summary_none", lang))
        return
    terminalreporter.write_line(say("runtime.summary", lang, count=len(lines)))
    for line in lines:
        terminalreporter.write_line(line)
