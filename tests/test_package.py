"""The package as a user meets it: imports, metadata, layering."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path

import pytest

import bcast

HEAVY = ("dataclasses", "inspect", "numpy", "rich", "typing")


@pytest.mark.parametrize(
    ("code", "heavy"),
    [
        pytest.param(
            "import bcast; bcast.broadcast((3, 1), (1, 4)); "
            "bcast.broadcast_signature('(n?,k),(k,m?)->(n?,m?)', (3,), (3, 4))",
            HEAVY,
            id="import bcast",
        ),
        pytest.param("import bcast.guard", HEAVY, id="the guard"),
        pytest.param(
            "from bcast import logreg; d = logreg.synthetic(3, 50); "
            "logreg.fit(d.X_train, d.Y_train, iterations=5, progress=False); "
            "logreg.fit(d.X_train, d.Y_train, solver='newton', progress=False)",
            ("rich",),
            id="fit(progress=False)",
        ),
    ],
)
def test_what_stays_unloaded(code, heavy):
    check = f"import sys; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", f"{code}; {check}"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "[]"


def test_every_public_name_imports():
    assert list(bcast.__all__) == sorted(bcast.__all__)
    for name in bcast.__all__:
        assert getattr(bcast, name) is not None, name
    assert set(bcast.__all__) <= set(dir(bcast))


def test_version_comes_from_metadata():
    assert bcast.__version__ == importlib.metadata.version("bcast")


def test_typed():
    assert (Path(bcast.__file__).parent / "py.typed").exists()


def test_unknown_attribute():
    with pytest.raises(AttributeError, match="no_such_thing"):
        bcast.no_such_thing  # noqa: B018
