"""Helpers shared by the tests of bcast.explainer.messages (tests/test_messages*.py)."""

from __future__ import annotations

import traceback
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import strategies as st

from bcast.explainer.messages import Reading, read_message


def raised(f: Callable[[], object]) -> BaseException:
    """The exception ``f()`` raises (the test fails if it raises none)."""
    try:
        f()
    except Exception as e:
        return e
    pytest.fail("expected an exception")


def read_live(f: Callable[[], object]) -> tuple[Reading, BaseException]:
    """Raise inside ``f``, read the formatted traceback, check the message."""
    e = raised(f)
    text = "".join(traceback.format_exception(e))
    r = read_message(text)
    assert r is not None, text
    assert r.message == str(e).strip()
    # traceback writes a class outside builtins with its module
    assert r.exception in (
        type(e).__qualname__,
        f"{type(e).__module__}.{type(e).__qualname__}",
    )
    return r, e


def zeros(shape: tuple[int, ...]) -> np.ndarray:
    """A read-only array of ``shape`` that takes no memory."""
    return np.broadcast_to(np.zeros(()), shape)


def numpy_fails(*shapes: tuple[int, ...]) -> bool:
    try:
        np.broadcast_shapes(*shapes)
    except ValueError:
        return True
    return False


shape_st = st.lists(st.integers(0, 5), max_size=4).map(tuple)
nonempty_shape_st = st.lists(st.integers(0, 5), min_size=1, max_size=4).map(tuple)
