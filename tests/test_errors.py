"""bcast's exceptions: all in bcast/errors.py, fields stored one way, and each
one saying what the explainer should explain."""

from __future__ import annotations

import ast
import pickle
from pathlib import Path

import numpy as np
import pytest

import bcast
from bcast import errors
from bcast.errors import BcastError, ExplainRequest

PACKAGE = Path(bcast.__file__).parent

# The one exception defined elsewhere, and why: it must also be hypothesis'
# InvalidArgument, and errors.py (on the start-up path) cannot import hypothesis.
# StrategyArgumentError must subclass hypothesis' InvalidArgument; _Budget is a
# control-flow signal caught in the module that raises it, never seen by a user.
ELSEWHERE = {
    ("bcast/testing.py", "StrategyArgumentError"),
    ("bcast/lint/infer.py", "_Budget"),
}


def _exception_classes(path: Path) -> list[str]:
    """Classes in ``path`` whose bases name an Error, Exception or Warning."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ClassDef):
            bases = [ast.unparse(b) for b in node.bases]
            if any(b.endswith(("Error", "Exception", "Warning")) for b in bases):
                found.append(node.name)
    return found


def test_every_exception_class_lives_in_errors_py():
    elsewhere = {
        (p.relative_to(PACKAGE.parent).as_posix(), name)
        for p in PACKAGE.rglob("*.py")
        if p.name != "errors.py"
        for name in _exception_classes(p)
    }
    assert elsewhere == ELSEWHERE
    assert "SilentBroadcastError" in _exception_classes(PACKAGE / "errors.py")


def _errors() -> list[type[BaseException]]:
    return [
        v
        for v in vars(errors).values()
        if isinstance(v, type)
        and issubclass(v, BaseException)
        and v.__module__ == errors.__name__
    ]


@pytest.mark.parametrize("cls", _errors(), ids=lambda c: c.__name__)
def test_fields_are_the_args_in_order(cls):
    """One mechanism: a class annotates its fields; the values are ``args``."""
    fields = cls._fields
    assert fields or cls is BcastError
    values = tuple((f"value of {f}",) for f in fields)
    e = cls(*values)
    assert e.args == values
    assert tuple(getattr(e, f) for f in fields) == values
    again = pickle.loads(pickle.dumps(e))
    assert type(again) is cls
    assert again.args == e.args


def test_fields_with_defaults_may_be_left_off():
    e = errors.BroadcastError(((3,), (4,)), -1, (0, 1), (3, 4))
    assert e.names is None
    e = errors.InvalidShapeError((3, -1), "negative size -1")
    assert (e.operand, e.axis) == (None, None)
    e = errors.ShapeError("f", "x", [3], "(n,)", axis=0, actual=3, expected=4)
    assert e.shape == (3,)
    assert e.expected == 4
    assert pickle.loads(pickle.dumps(e)).expected == 4


def test_the_cached_error_path_uses_the_builtin_constructor():
    # BroadcastError is raised again from bcast's memo: no Python __init__
    for cls in errors.BroadcastError.__mro__:
        assert "__init__" not in vars(cls) or cls.__module__ == "builtins"


def raised(f) -> BcastError:
    with pytest.raises(BcastError) as info:
        f()
    return info.value


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (
            lambda: bcast.broadcast_shapes((3, 4), (3,)),
            ExplainRequest("broadcast", ((3, 4), (3,))),
        ),
        (
            lambda: bcast.stretched_axes((3,), (4,)),
            ExplainRequest("to", ((3,),), target=(4,)),
        ),
        (
            lambda: bcast.output_shapes("(m,n),(n,p)->(m,p)", (2, 3), (4, 5)),
            ExplainRequest(
                "signature", ((2, 3), (4, 5)), signature="(m,n),(n,p)->(m,p)"
            ),
        ),
        (
            lambda: bcast.output_shapes("(n?,k),(k,m?)->(n?,m?)", (), (3,)),
            ExplainRequest("signature", ((), (3,)), signature="(n?,k),(k,m?)->(n?,m?)"),
        ),
        (
            lambda: bcast.output_shapes("(n),(n)->()", (3,)),
            ExplainRequest("signature", ((3,),), signature="(n),(n)->()"),
        ),
        (lambda: bcast.output_shapes("(n),(n)->()", (2, 3), (3,), out=[(3,)]), None),
        (lambda: bcast.parse_shape("3,,1"), None),
        (lambda: bcast.broadcast_shapes((3, -1)), None),
    ],
)
def test_errors_say_what_to_explain(make, expected):
    assert raised(make).explain_request() == expected


def test_a_silent_broadcast_asks_for_its_operands():
    y, a = bcast.watch(np.zeros(4), np.zeros((4, 1)))
    with bcast.strict("raise"):
        e = raised(lambda: a - y)
    assert e.explain_request() == ExplainRequest(
        "broadcast", ((4, 1), (4,)), ("a", "y")
    )


def test_the_notebook_explains_what_the_error_asks_for():
    from bcast.runtime.notebook import explanation_of

    e = raised(lambda: bcast.stretched_axes((3,), (4,)))
    explained = explanation_of(e)
    assert explained is not None
    assert explained.target == (4,)
    assert explanation_of(raised(lambda: bcast.parse_shape("3,,1"))) is None


def test_the_operand_count_is_a_type_error_as_in_numpy():
    e = raised(lambda: bcast.output_shapes("(n),(n)->(n)", (2,)))
    assert isinstance(e, TypeError)
    assert isinstance(e, bcast.SignatureError)
    with pytest.raises(TypeError, match="wrong number of positional arguments"):
        np.vectorize(np.add, signature="(n),(n)->(n)")(np.zeros(2))


def test_messages_are_built_from_the_fields():
    e = errors.CoreDimensionError("(n),(n)->()", ((3,), (4,)), "n", (0, 1), (3, 4))
    assert str(e) == (
        "signature (n),(n)->(): core dimension 'n' is 3 in operand 0 (3,) "
        "but 4 in operand 1 (4,)"
    )
    e = errors.SignatureError("(n),(n)->()", ((2, 3), (3,)), "output", 2, (2,), ((3,),))
    assert str(e) == (
        "signature (n),(n)->(): output 0 (3,): the loop shape (2,) does not "
        "broadcast to its loop axes"
    )
