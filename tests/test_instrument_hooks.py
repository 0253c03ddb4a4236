"""Where instrumentation is switched on: the import hook and the pytest plugin."""

from __future__ import annotations

import importlib.metadata
import os
import pathlib
import subprocess
import sys
import textwrap
import warnings

import pytest

import bcast
from bcast.runtime import checks

ROOT = str(pathlib.Path(__file__).resolve().parent.parent)

PACKAGE = {
    "mypkg/__init__.py": "from mypkg.model import residual\n",
    "mypkg/model.py": textwrap.dedent(
        """\
        import numpy as np


        def residual(y_hat, y):
            return y_hat - y
        """
    ),
    "otherpkg/__init__.py": "def residual(a, b):\n    return a - b\n",
}


@pytest.fixture
def packages(tmp_path, monkeypatch):
    for name, text in PACKAGE.items():
        path = tmp_path / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(text)
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in ("mypkg", "mypkg.model", "otherpkg"):
        sys.modules.pop(name, None)
    checks.reset()


def _warned(call):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = call()
    return result, [
        (pathlib.Path(w.filename).name, w.lineno)
        for w in caught
        if issubclass(w.category, bcast.BroadcastWarning)
    ]


def test_the_import_hook_instruments_the_named_package_only(packages):
    import numpy as np

    with bcast.install_import_hook("mypkg") as hook:
        import mypkg
        import otherpkg
    assert hook not in sys.meta_path
    y_hat, y = np.ones(3), np.ones((3, 1))
    result, found = _warned(lambda: mypkg.residual(y_hat, y))
    assert result.shape == (3, 3)
    assert found == [("model.py", 5)]
    assert _warned(lambda: otherpkg.residual(y_hat, y))[1] == []
    # nothing instrumented is cached: a plain import later is plain
    assert not list(packages.rglob("__pycache__/model*.pyc"))


def test_the_import_hook_refuses_what_is_not_a_package_name():
    with pytest.raises(ValueError, match="not a package name"):
        bcast.install_import_hook("my package")


def test_the_standard_library_is_never_instrumented():
    from bcast.runtime.hook import ImportHook

    hook = ImportHook(directories=[os.path.dirname(os.__file__)])
    assert hook.find_spec("json") is None  # under the directory, but a library


def _pytest(tmp_path, *args):
    entry = any(
        e.name == "bcast" for e in importlib.metadata.entry_points(group="pytest11")
    ) and "bcast.runtime.pytest_plugin" in {
        e.value for e in importlib.metadata.entry_points(group="pytest11")
    }
    plugin = [] if entry else ["-p", "bcast.runtime.pytest_plugin"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([ROOT, str(tmp_path)])}
    env.pop("BCAST_LANG", None)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            *plugin,
            *args,
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


TESTS = textwrap.dedent(
    """\
    import numpy as np
    import mypkg

    def test_in_the_package():
        assert mypkg.residual(np.ones(4), np.ones((4, 1))).shape == (4, 4)

    def test_in_the_test():
        a, b = np.ones(3), np.ones((3, 1))
        assert (a - b).shape == (3, 3)

    def test_fine():
        assert (np.ones((2, 3)) + np.ones(3)).shape == (2, 3)
    """
)


def test_pytest_plugin_warns_and_lists_the_sites(packages):
    (packages / "test_it.py").write_text(TESTS)
    done = _pytest(
        packages, "--bcast-watch", "--bcast-watch-package", "mypkg", "test_it.py"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    summary = done.stdout[done.stdout.index("= bcast =") :]
    lines = summary.splitlines()
    assert lines[1] == "bcast: 2 silent broadcasting site(s) found"
    assert lines[2].startswith(f"{os.path.join('mypkg', 'model.py')}:5: y_hat - y: ")
    assert lines[3].startswith("test_it.py:9: a - b: a (3,), b (3, 1) -> (3, 3)")
    assert "3 passed" in done.stdout


def test_pytest_plugin_raise_fails_the_test_at_the_line(packages):
    (packages / "test_it.py").write_text(TESTS)
    done = _pytest(
        packages, "--bcast-watch=raise", "--bcast-watch-package=mypkg", "test_it.py"
    )
    assert done.returncode == 1
    assert "2 failed, 1 passed" in done.stdout
    assert "SilentBroadcastError" in done.stdout
    assert "checks.py" not in done.stdout  # __tracebackhide__: the user's line last
    assert ">       return y_hat - y" in done.stdout


def test_pytest_plugin_does_nothing_unless_asked(packages):
    (packages / "test_it.py").write_text(TESTS)
    done = _pytest(packages, "test_it.py", "-W", "error::bcast.BroadcastWarning")
    assert done.returncode == 0, done.stdout
    assert "= bcast =" not in done.stdout
    bad = _pytest(packages, "--bcast-watch=loud", "test_it.py")
    assert bad.returncode == 4  # a usage error
    assert "--bcast-watch=loud: the mode must be warn or raise" in bad.stderr


def test_the_plugin_costs_nothing_at_start_up():
    code = (
        "import sys, bcast.runtime.pytest_plugin; "
        "print(sorted(m for m in ('numpy', 'rich', 'ast', 'bcast.runtime.checks', "
        "'bcast.runtime.instrument', 'bcast.explainer.words.runtime') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": ROOT},
        check=True,
    )
    assert done.stdout.strip() == "[]"
