"""Where instrumentation is switched on: imports, ``bcast run``, IPython.

- :func:`install_import_hook` (jaxtyping's convention): modules of the named
  packages are instrumented as they are imported.
- :func:`watch_directory`: modules whose file lies under a directory (the
  script's, for ``bcast run --watch``), never the standard library's or an
  installed package's, even inside that directory (a virtual environment).
- :func:`ipython_watch`: every cell of an IPython shell, through its
  ``ast_transformers``; ``%bcast`` shows and sets the mode.

Instrumented modules are compiled from source on every import: their code is
never written to, nor read from, ``__pycache__``, so a cached plain module can
never hide the checks and instrumented code never outlives the watching.
"""

from __future__ import annotations

import sys
from importlib.abc import MetaPathFinder
from importlib.machinery import PathFinder, SourceFileLoader

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from importlib.machinery import ModuleSpec
    from types import CodeType, TracebackType
    from typing import Any

__all__ = [
    "ImportHook",
    "install_import_hook",
    "ipython_unwatch",
    "ipython_watch",
    "watch_directory",
]


class _Loader(SourceFileLoader):
    """A source loader that instruments what it compiles and caches nothing."""

    # Any name: runpy runs a module as "__main__" with this loader, and the
    # warnings machinery then asks it for the source of "__main__".
    def get_filename(self, name: str | None = None) -> str:
        return str(self.path)

    def get_code(self, fullname: str) -> CodeType:
        from bcast.runtime.instrument import compile_watched

        path = self.get_filename(fullname)
        return compile_watched(self.get_data(path), path)


def _library_dirs() -> tuple[str, ...]:
    import os
    import sysconfig

    paths = sysconfig.get_paths()
    dirs = {
        paths[k] for k in ("stdlib", "platstdlib", "purelib", "platlib") if k in paths
    }
    return tuple(os.path.join(os.path.realpath(d), "") for d in sorted(dirs))


class ImportHook(MetaPathFinder):
    """Instruments the modules it is given as they are imported.

    Made by :func:`install_import_hook` or :func:`watch_directory`; a context
    manager, and :meth:`uninstall` takes it out of :data:`sys.meta_path`.
    """

    def __init__(
        self, packages: Sequence[str] = (), directories: Sequence[str] = ()
    ) -> None:
        import os

        self.packages = tuple(packages)
        self.directories = tuple(
            os.path.join(os.path.realpath(d), "") for d in directories
        )
        self._libraries = _library_dirs()

    def __repr__(self) -> str:
        return (
            f"ImportHook(packages={self.packages!r}, directories={self.directories!r})"
        )

    def _wanted(self, name: str, origin: str | None) -> bool:
        import os

        if any(name == p or name.startswith(p + ".") for p in self.packages):
            return True
        if origin is None or not self.directories:
            return False
        real = os.path.realpath(origin)
        if real.startswith(self._libraries) or (
            os.sep + "site-packages" + os.sep in real
            or os.sep + "dist-packages" + os.sep in real
        ):
            return False
        return real.startswith(self.directories) and not real.startswith(_BCAST)

    def find_spec(
        self, fullname: str, path: Sequence[str] | None = None, target: object = None
    ) -> ModuleSpec | None:
        if not self.directories and not any(
            fullname == p or fullname.startswith(p + ".") for p in self.packages
        ):
            return None  # cheap: most imports are not ours
        spec = PathFinder.find_spec(fullname, path)
        if spec is None or type(spec.loader) is not SourceFileLoader:
            return None
        if not self._wanted(fullname, spec.origin):
            return None
        spec.loader = _Loader(spec.loader.name, spec.loader.path)
        return spec

    def install(self) -> ImportHook:
        if self not in sys.meta_path:
            sys.meta_path.insert(0, self)
        return self

    def uninstall(self) -> None:
        """Stop instrumenting imports (modules already imported stay as they are)."""
        while self in sys.meta_path:
            sys.meta_path.remove(self)

    def __enter__(self) -> ImportHook:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.uninstall()


_BCAST = __file__[: -len("runtime/hook.py")]


def install_import_hook(*packages: str) -> ImportHook:
    """Instrument the named packages as they are imported.

    Every ``a - b``, comparison, update and elementwise call in their code is
    checked for silent broadcasting (see :mod:`bcast.runtime.instrument`): a
    :class:`bcast.BroadcastWarning` at the line, once per site.  Call it
    before the package is imported (as with jaxtyping's hook of this name).

    Parameters
    ----------
    *packages : str
        Top-level package or module names (``"mypackage"``), or dotted
        sub-packages.

    Returns
    -------
    ImportHook
        Installed; ``with`` it, or call ``.uninstall()``, to stop.

    Examples
    --------
    >>> import bcast
    >>> hook = bcast.install_import_hook("mypackage")
    >>> hook.packages
    ('mypackage',)
    >>> hook.uninstall()
    """
    for p in packages:
        if (
            not isinstance(p, str)
            or not p
            or not all(part.isidentifier() for part in p.split("."))
        ):
            raise ValueError(f"install_import_hook({p!r}): not a package name")
    return ImportHook(packages=packages).install()


def watch_directory(directory: str) -> ImportHook:
    """Instrument modules imported from under ``directory`` (not libraries)."""
    return ImportHook(directories=[directory]).install()


# -- IPython ---------------------------------------------------------------------


class _CellRewriter:
    """An IPython ``ast_transformer``: instruments each cell while watching."""

    def visit(self, node: Any) -> Any:
        from bcast.runtime.checks import mode
        from bcast.runtime.instrument import instrument

        if mode() == "off":
            return node
        return instrument(node)


_TRANSFORMERS: dict[int, _CellRewriter] = {}


def ipython_watch(shell: Any) -> None:
    """Watch every cell of ``shell`` and register ``%bcast``."""
    if id(shell) in _TRANSFORMERS:
        return
    rewriter = _CellRewriter()
    shell.ast_transformers.append(rewriter)
    _TRANSFORMERS[id(shell)] = rewriter
    shell.register_magic_function(_magic(shell), "line", "bcast")

    def new_cell(*args: Any) -> None:
        from bcast.runtime.checks import reset

        reset(findings=False)  # each cell reports its own sites

    shell.events.register("pre_run_cell", new_cell)
    rewriter.new_cell = new_cell  # type: ignore[attr-defined]
    from bcast.runtime.instrument import helpers

    shell.user_ns_hidden.update(helpers())  # %who and friends do not list them
    if not shell.custom_exceptions:  # strict mode's error: the cell's line last
        from bcast.errors import SilentBroadcastError

        shell.set_custom_exc((SilentBroadcastError,), _show_strict_error)
        rewriter.custom = True  # type: ignore[attr-defined]


def ipython_unwatch(shell: Any) -> None:
    """Stop watching ``shell``'s cells."""
    rewriter = _TRANSFORMERS.pop(id(shell), None)
    if rewriter is None:
        return
    if rewriter in shell.ast_transformers:
        shell.ast_transformers.remove(rewriter)
    try:
        shell.events.unregister("pre_run_cell", rewriter.new_cell)  # type: ignore[attr-defined]
    except ValueError:
        pass
    if getattr(rewriter, "custom", False):
        shell.set_custom_exc((), None)


def _show_strict_error(
    shell: Any,
    kind: type[BaseException],
    value: BaseException,
    tb: Any,
    tb_offset: Any = None,
) -> Any:
    """Show a strict-mode error with bcast's frames taken out (IPython keeps
    the last frame even when it says ``__tracebackhide__``)."""
    from bcast.runtime.frames import hide

    shell.showtraceback((kind, value, hide(tb)), tb_offset=tb_offset)


def _magic(shell: Any) -> Any:
    def bcast(line: str) -> None:
        """%bcast [watch off|warn|raise] [--rank-promotion|--no-rank-promotion]"""
        from bcast.explainer.words.catalog import resolve, say
        from bcast.runtime.checks import MODES, configure, mode, rank_promotion

        lang = resolve()
        words = line.split()
        promote = None
        for flag, value in (("--rank-promotion", True), ("--no-rank-promotion", False)):
            if flag in words:
                words.remove(flag)
                promote = value
        if words and not (
            words[0] == "watch" and len(words) == 2 and words[1] in MODES
        ):
            print(say("runtime.magic_usage", lang), file=sys.stderr)
            return
        configure(words[1] if words else None, rank_promotion=promote)
        on = say("runtime.on" if rank_promotion() else "runtime.off", lang)
        print(say("runtime.magic_state", lang, mode=mode(), promotion=on))

    return bcast
