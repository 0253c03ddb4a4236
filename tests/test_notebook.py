"""The explainer where errors happen: %load_ext bcast and explain_errors()."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys
import textwrap
import traceback
import warnings

import numpy as np
import pytest

import bcast
import bcast.runtime.notebook

# -- explain_errors ---------------------------------------------------------------------


BROADCAST = "could not be broadcast"
# Python 3.11+ records code positions: the failing expression, not just its
# line, and so the operands' names (the fix reads m[:, None], not b[:, None]).
POSITIONS = sys.version_info >= (3, 11)
FIX = "m[:, None]" if POSITIONS else "b[:, None]"


def _notes(error: BaseException) -> list[str]:
    """The notes bcast added: ``__notes__``, or on Python 3.10 the chained cause."""
    if hasattr(BaseException, "add_note"):
        return list(getattr(error, "__notes__", []))
    cause = error.__cause__
    return [str(cause)] if isinstance(cause, bcast.runtime.notebook._Explained) else []


def _here() -> int:
    """The caller's line number."""
    return sys._getframe(1).f_lineno


def _numpy_error(X, m):
    try:
        X - m
    except ValueError as e:
        return e
    raise AssertionError("NumPy broadcast (3, 4) with (3,)")


def test_the_note_explains_the_error_and_names_the_line():
    X, m = np.ones((3, 4)), np.ones(3)
    line = _here() + 2
    with pytest.raises(ValueError, match=BROADCAST) as info, bcast.explain_errors():
        X - m
    error = info.value
    assert type(error) is ValueError  # the type is kept
    (note,) = _notes(error)
    head = note.splitlines()[0]
    assert (
        head
        == f"bcast: `X - m` failed ({__file__}, line {line}, in {sys._getframe().f_code.co_name})"
    )
    # the explanation is the explainer's, with the operands named from the source
    expected = bcast.explain((3, 4), (3,), names=["X", "m"])
    assert (
        bcast.runtime.notebook.explanation_of(error, names=["X", "m"]).fixes
        == expected.fixes
    )
    assert FIX in note
    assert expected.fixes[0].code == "m[:, None]"


def test_the_traceback_is_kept():
    X, m = np.ones((3, 4)), np.ones(3)
    plain = _numpy_error(X, m)
    with pytest.raises(ValueError, match=BROADCAST) as info, bcast.explain_errors():
        raise plain
    frames = traceback.extract_tb(info.value.__traceback__)
    # the same frames as without explain_errors: raised here, from _numpy_error
    assert [f.name for f in frames] == [
        sys._getframe().f_code.co_name,
        "_numpy_error",
    ]
    assert frames[-1].line == "X - m"


def test_nested_blocks_add_the_note_once():
    X, m = np.ones((3, 4)), np.ones(3)
    with (
        pytest.raises(ValueError, match=BROADCAST) as info,
        bcast.explain_errors(),
        bcast.explain_errors(),
    ):
        X - m
    assert len(_notes(info.value)) == 1


def test_as_a_decorator():
    @bcast.explain_errors()
    def center(X):
        return X - X.mean(axis=1)

    with pytest.raises(ValueError, match=BROADCAST) as info:
        center(np.ones((3, 4)))
    (note,) = _notes(info.value)
    code = "X - X.mean(axis=1)" if POSITIONS else "return X - X.mean(axis=1)"
    assert note.startswith(f"bcast: `{code}` failed (")
    assert "in center)" in note.splitlines()[0]
    assert center(np.ones((4, 4))).shape == (4, 4)  # and it still works


def test_other_errors_pass_untouched():
    with pytest.raises(KeyError) as info, bcast.explain_errors():
        {}["x"]
    assert _notes(info.value) == []
    with (
        pytest.raises(ValueError, match="invalid literal") as info,
        bcast.explain_errors(),
    ):
        int("x")
    assert _notes(info.value) == []


def test_bcast_errors_are_explained_from_their_fields():
    with pytest.raises(bcast.BroadcastError) as info, bcast.explain_errors():
        bcast.broadcast_shapes((2, 3), (4, 1, 2))
    (note,) = _notes(info.value)
    # names from the error's fields (none: a, b), not from the call's literals;
    # compact where errors happen (issue 10), every step with full=True
    assert bcast.explain((2, 3), (4, 1, 2)).to_text(brief=True) in note
    assert "Step by step" not in note
    with pytest.raises(bcast.BroadcastError) as info, bcast.explain_errors(full=True):
        bcast.broadcast_shapes((2, 3), (4, 1, 2))
    (full,) = _notes(info.value)
    assert str(bcast.explain((2, 3), (4, 1, 2))) in full


def test_an_error_raised_inside_bcast_is_placed_at_the_users_line():
    """The header names the user's line, never a frame of bcast's own code
    (bcast.core.rule raised it: the whole package is bcast's, not only
    bcast/runtime/)."""
    with pytest.raises(bcast.BroadcastError) as info, bcast.explain_errors():
        bcast.broadcast_shapes((2, 3), (4, 1, 2))  # the user's line
    (note,) = _notes(info.value)
    head = note.splitlines()[0]
    assert head.startswith(
        "bcast: `bcast.broadcast_shapes((2, 3), (4, 1, 2))` failed ("
    )
    assert "test_notebook.py" in head
    assert "rule.py" not in head


def test_a_shape_error_gets_the_line_that_failed():
    @bcast.shaped(w="n_x, 1", X="n_x, m")
    def forward(w, X):
        return w.T @ X

    w, X = np.ones(4), np.ones((4, 3))
    with pytest.raises(bcast.ShapeError) as info, bcast.explain_errors():
        forward(w, X)
    (note,) = _notes(info.value)
    assert note.startswith("bcast: `forward(w, X)` failed (")


def test_a_strict_watch_error_is_explained_with_its_warning():
    y, y_hat = bcast.watch(np.ones(5), np.ones((5, 1)))
    with (
        pytest.raises(ValueError, match="an outer product") as info,
        bcast.strict("raise"),
        bcast.explain_errors(),
    ):
        y - y_hat
    (note,) = _notes(info.value)
    assert note.startswith("bcast: `y - y_hat` failed (")
    kinds = [w.kind for w in bcast.explain((5,), (5, 1)).warnings]
    assert kinds == ["rank1_column"]
    # the explainer's checked fix, named from the source
    assert ("y[:, None]" if POSITIONS else "x1[:, None]") in note


def test_the_note_is_attached_to_the_broadcasting_error_in_a_chain():
    X, m = np.ones((3, 4)), np.ones(3)

    def step():
        try:
            X - m
        except ValueError as e:
            raise RuntimeError("training step failed") from e

    with pytest.raises(RuntimeError) as info, bcast.explain_errors():
        step()
    assert _notes(info.value) == []
    (note,) = _notes(info.value.__cause__)
    assert note.startswith("bcast: `X - m` failed (")


def test_without_notes_the_explanation_is_chained(monkeypatch):
    # Python 3.10 has no add_note: the explanation becomes the cause.
    monkeypatch.setattr(bcast.runtime.notebook, "_NOTES", False)
    X, m = np.ones((3, 4)), np.ones(3)
    with pytest.raises(ValueError, match=BROADCAST) as info, bcast.explain_errors():
        X - m
    error = info.value
    assert type(error) is ValueError
    cause = error.__cause__
    assert isinstance(cause, bcast.BcastError)
    assert str(cause).startswith("bcast: `X - m` failed (")
    shown = "".join(traceback.format_exception(error))
    assert (
        shown.index(FIX)
        < shown.index("direct cause")
        < shown.index("ValueError: operands could not be broadcast")
    )


def test_a_bad_language_is_refused_at_once():
    with pytest.raises(ValueError, match="fr"):
        bcast.explain_errors(lang="fr")


# -- IPython ----------------------------------------------------------------------------


@pytest.fixture
def shell():
    from IPython.core.interactiveshell import InteractiveShell

    ip = InteractiveShell.instance()
    ip.run_cell("import numpy as np\nX = np.ones((3, 4))\nm = X.mean(axis=1)")
    yield ip
    ip.run_line_magic("unload_ext", "bcast")


def _run(ip, code: str, capsys) -> str:
    capsys.readouterr()
    ip.run_cell(code)
    out, err = capsys.readouterr()
    return out + err


def test_load_ext_explains_after_the_traceback(shell, capsys):
    assert "bcast:" not in _run(shell, "X - m", capsys)  # not loaded yet
    shell.run_line_magic("load_ext", "bcast")
    out = _run(shell, "X - m", capsys)
    error = out.index("operands could not be broadcast together")
    head = out.index("bcast: `X - m` failed (Cell In[")
    assert error < head  # the usual traceback, then the explanation
    assert FIX in out[head:]
    assert out.count("bcast: `X - m`") == 1


def test_loading_twice_explains_once_and_unload_stops(shell, capsys):
    shell.run_line_magic("load_ext", "bcast")
    shell.run_line_magic("load_ext", "bcast")
    bcast.load_ipython_extension(shell)  # even bypassing %load_ext's own check
    assert _run(shell, "X - m", capsys).count("bcast: `X - m` failed") == 1
    shell.run_line_magic("unload_ext", "bcast")
    assert "bcast:" not in _run(shell, "X - m", capsys)


def test_other_errors_are_left_alone(shell, capsys):
    shell.run_line_magic("load_ext", "bcast")
    out = _run(shell, "{}['x']", capsys)
    assert "KeyError" in out
    assert "bcast:" not in out


def test_a_note_already_shown_is_not_shown_again(shell, capsys):
    shell.run_line_magic("load_ext", "bcast")
    capsys.readouterr()
    result = shell.run_cell("import bcast\nwith bcast.explain_errors():\n    X - m")
    out = "".join(capsys.readouterr())
    notes = result.error_in_exec.__notes__
    assert len(notes) == 1
    assert notes[0].startswith("bcast: `X - m` failed (Cell In[")
    # The note is the explanation: the extension adds none of its own after
    # the traceback (IPython 9 does not print notes, older versions do: once).
    assert out.count("bcast: `X - m` failed") == (1 if notes[0] in out else 0)


def test_torch_errors_are_explained(shell, capsys):
    pytest.importorskip("torch")
    shell.run_line_magic("load_ext", "bcast")
    code = "import torch\na = torch.ones(3, 4)\nb = torch.ones(3)\na + b"
    out = _run(shell, code, capsys)
    assert out.index("RuntimeError") < out.index("bcast: `a + b` failed")
    assert "b[:, None]" in out


_JUPYTER = textwrap.dedent(
    """
    import json
    from ipykernel.inprocess.manager import InProcessKernelManager

    km = InProcessKernelManager()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    print(type(km.kernel.shell).__mro__[1].__name__)

    def run(code):
        kc.execute(code)
        out = []
        while True:
            m = kc.get_iopub_msg(timeout=30)
            out.append([m["msg_type"], m["content"]])
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                return out

    run("%load_ext bcast")
    run("%load_ext bcast")
    run("import numpy as np\\nX = np.ones((3, 4))\\nm = X.mean(axis=1)")
    print(json.dumps(run("X - m")))
    kc.stop_channels()
    km.shutdown_kernel()
    """
)


def test_jupyter_shows_html_after_the_error():
    pytest.importorskip("ipykernel")
    env = {"PYDEVD_DISABLE_FILE_VALIDATION": "1", "PATH": ""}
    done = subprocess.run(
        [sys.executable, "-Xfrozen_modules=off", "-c", _JUPYTER],
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, **env},
        check=True,
    )
    shell_class, messages = done.stdout.splitlines()[-2:]
    assert shell_class == "ZMQInteractiveShell"  # a real Jupyter kernel's shell
    kinds = [kind for kind, _ in json.loads(messages)]
    assert kinds == ["status", "execute_input", "error", "display_data", "status"]
    data = json.loads(messages)[3][1]["data"]
    assert data["text/html"].startswith(
        "<p><b>bcast</b>: <code>X - m</code> failed (Cell In["
    )
    assert "<pre" in data["text/html"]
    assert FIX in data["text/html"]
    assert data["text/plain"].startswith("bcast: `X - m` failed (Cell In[")


def test_jax_errors_are_explained():
    jnp = pytest.importorskip("jax.numpy")
    a, b = jnp.ones((3, 4)), jnp.ones(3)
    with (
        pytest.raises(ValueError, match="Incompatible shapes") as info,
        bcast.explain_errors(),
    ):
        a + b
    note = _notes(info.value)[-1]  # JAX adds a note of its own first
    assert note.startswith("bcast: `a + b` failed (")
    named = bcast.runtime.notebook.explanation_of(info.value, names=["a", "b"])
    assert named.fixes == bcast.explain((3, 4), (3,), names=["a", "b"]).fixes


# -- %load_ext bcast watches every cell ----------------------------------------------


@pytest.fixture
def fresh_watch():
    from bcast.runtime import checks

    checks.configure("warn", rank_promotion=False)
    yield
    checks.configure("warn", rank_promotion=False)


def _cell(shell, code):
    """Run a cell; the BroadcastWarnings it gave, as (line, message)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        shell.run_cell(code)
    return [
        (w.lineno, str(w.message))
        for w in caught
        if issubclass(w.category, bcast.BroadcastWarning)
    ]


def test_load_ext_watches_each_cell_once_per_site(shell, capsys, fresh_watch):
    code = "y = np.ones(4)\na = np.ones((4, 1))\nfor i in range(3):\n    d = y - a\n"
    assert _cell(shell, code) == []  # not loaded yet
    shell.run_line_magic("load_ext", "bcast")
    first = _cell(shell, code)
    again = _cell(shell, code)
    assert len(first) == 1
    assert len(again) == 1  # once per site, per cell
    assert first[0][0] == 4
    assert first[0][1].startswith("y - a: y (4,), a (4, 1) -> (4, 4)")
    assert shell.user_ns["d"].shape == (4, 4)  # the cell ran as written
    assert not any(k.startswith("@") for k in shell.run_line_magic("who_ls", ""))
    # a function defined in one cell reports again in the next cell that runs it
    _cell(shell, "def f(p, q):\n    return p - q")
    assert [w[0] for w in _cell(shell, "f(y, a)")] == [2]
    assert [w[0] for w in _cell(shell, "f(y, a)")] == [2]


def test_bcast_magic_shows_and_sets_the_mode(shell, capsys, fresh_watch):
    shell.run_line_magic("load_ext", "bcast")
    capsys.readouterr()
    shell.run_line_magic("bcast", "")
    assert capsys.readouterr().out.startswith(
        "bcast: watching warn, rank promotion off"
    )
    shell.run_line_magic("bcast", "watch raise")
    out = _run(shell, "y = np.ones(4)\nd = y - np.ones((4, 1))", capsys)
    assert "SilentBroadcastError" in out
    assert "bcast/runtime/checks.py" not in out  # bcast's frames are hidden
    assert "bcast: `y - np.ones((4, 1))` failed" in out
    shell.run_line_magic("bcast", "watch off")
    assert _cell(shell, "d = y - np.ones((4, 1))") == []
    assert shell.user_ns["d"].shape == (4, 4)
    shell.run_line_magic("bcast", "watch nonsense")
    assert "usage: %bcast" in capsys.readouterr().err


def test_unload_stops_watching(shell, capsys, fresh_watch):
    shell.run_line_magic("load_ext", "bcast")
    shell.run_line_magic("unload_ext", "bcast")
    assert _cell(shell, "d = np.ones(4) - np.ones((4, 1))") == []
    shell.run_line_magic("load_ext", "bcast")  # the fixture unloads it


_KERNEL = textwrap.dedent(
    """
    import json, sys
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name="python3")

    def run(code):
        reply = kc.execute_interactive(code, output_hook=out.append, timeout=60)
        return reply["content"]["status"]

    out = []
    statuses = [
        run("%load_ext bcast"),
        run("import numpy as np\\nw = np.zeros(5)\\ndw = np.ones((5, 1))"),
        run("for i in range(3):\\n    w = w - 0.1 * dw\\nprint(w.shape)"),
        run("%bcast watch raise"),
        run("v = np.zeros(5)\\nv = v - 0.1 * dw"),
        run("print(v.shape)"),
    ]
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    messages = [[m["msg_type"], m["content"]] for m in out]
    print(json.dumps([statuses, messages]))
    """
)


def test_a_real_jupyter_kernel_watches_cells():
    pytest.importorskip("ipykernel", reason="ipykernel is not installed")
    pytest.importorskip("jupyter_client", reason="jupyter_client is not installed")
    import os

    root = str(pathlib.Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": root, "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    done = subprocess.run(
        [sys.executable, "-c", _KERNEL],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        check=True,
    )
    statuses, messages = json.loads(done.stdout.splitlines()[-1])
    assert statuses == ["ok", "ok", "ok", "ok", "error", "ok"]
    streams = [(c["name"], c["text"]) for kind, c in messages if kind == "stream"]
    warned = [t for name, t in streams if "BroadcastWarning" in t]
    assert len(warned) == 1  # once for the site, though the loop ran it 3 times
    assert "w - 0.1 * dw: w (5,), 0.1 * dw (5, 1) -> (5, 5)" in warned[0]
    assert ("stdout", "(5, 5)\n") in streams  # the cell ran as written
    errors = [c for kind, c in messages if kind == "error"]
    assert [e["ename"] for e in errors] == ["SilentBroadcastError"]
    tb = "\n".join(errors[0]["traceback"])
    assert "checks.py" not in tb  # __tracebackhide__: the user's line is last
    assert ("stdout", "(5,)\n") in streams  # raised before v was assigned again
