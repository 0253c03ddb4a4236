"""The package as a user meets it: imports, metadata, layering."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path

import pytest

import bcast


def test_import_bcast_loads_neither_rich_nor_numpy():
    code = (
        "import sys, bcast; bcast.broadcast((3, 1), (1, 4)); "
        "bcast.broadcast_signature('(n?,k),(k,m?)->(n?,m?)', (3,), (3, 4)); "
        "print(sorted(m for m in ('rich', 'numpy', 'typing', 'dataclasses', "
        "'inspect') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
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
