"""Calls that failed by a rule other than elementwise broadcasting, explained
by that rule — and never called compatible.

The messages are real ones from ``tests/corpus/messages.jsonl`` (each
record names the public thread it was posted in):

- ``same_shape``: TensorFlow/Keras losses and metrics need *identical*
  shapes (``Shapes (8, 100) and (8, 1) are incompatible``): nothing is
  broadcast, a 1 does not stretch, the ranks must be equal;
- ``rank_promotion``: JAX with ``jax_numpy_rank_promotion='raise'``
  broadcasts only operands of equal rank;
- Dask's ``(nan,)``: sizes not known until computed, so the shapes go
  together only under conditions — for a call that failed, "holds only if",
  never "compatible";
- ``torch.bmm``: the batch sizes must be equal (bmm does not broadcast).

Every fix is run through NumPy: for the identical-shapes rule the fixed
shapes are equal, for rank promotion the fixed operands have equal ranks and
``np.broadcast_shapes`` gives the stated result.  Dask's advice (find the
sizes first) is run through Dask itself.
"""

from __future__ import annotations

import importlib.util
import io
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

import bcast
from bcast.cli import main
from bcast.core.products import bmm
from bcast.core.strict import insertions, same_steps
from bcast.explainer.advice import promotion_fixes, same_shape_fixes
from bcast.explainer.products import Product
from bcast.explainer.render import products as product_pictures
from bcast.explainer.render.terminal import renderable

CORPUS = Path(__file__).parent / "corpus" / "messages.jsonl"
RECORDS = {
    r["id"]: r for r in map(json.loads, CORPUS.read_text(encoding="utf-8").splitlines())
}
SAME = [i for i, r in RECORDS.items() if r["expected"].get("kind") == "same_shape"]
RANK = [i for i, r in RECORDS.items() if r["expected"].get("kind") == "rank_promotion"]
DASK = [
    i for i, r in RECORDS.items() if r["library"] == "dask" and r["expected"]["read"]
]
BMM = [i for i, r in RECORDS.items() if r["form"].startswith("bmm")]
OTHER_RULES = SAME + RANK + DASK + BMM
LANGS = ("en", "zh")
UNKNOWN = 5
"""An unknown size (None) made concrete, the same on every axis that has one."""


def why(record_id, lang="en"):
    e = bcast.why(RECORDS[record_id]["text"], lang=lang)
    assert e is not None
    return e


def recorded(e, *, brief=False):
    console = Console(record=True, width=80, color_system=None, file=io.StringIO())
    if isinstance(e, Product):  # a matrix product: its own picture
        console.print(product_pictures.renderable(e, brief=brief))
    else:
        console.print(renderable(e, brief=brief))
    return console.export_text()


def concrete(shape):
    return tuple(UNKNOWN if d is None else d for d in shape)


def run_fix(fix, names, shapes):
    """The fix's code run on NumPy arrays of the operands' shapes: the new
    shape of the edited operand."""
    arrays = {name: np.zeros(concrete(s)) for name, s in zip(names, shapes)}
    value = eval(fix.code, {"np": np, "jnp": np}, arrays)  # the fix's own code
    return value.shape


def test_the_four_kinds_are_in_the_corpus():
    assert len(SAME) >= 10
    assert len(RANK) >= 2
    assert len(DASK) >= 3
    assert len(BMM) >= 5


# -- never compatible ---------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("record_id", OTHER_RULES)
def test_a_failed_call_is_never_called_compatible(record_id, lang):
    e = why(record_id, lang)
    assert not e.compatible
    assert e.result is None
    assert e.to_dict()["compatible"] is False
    text = str(e)
    brief = e.to_text(brief=True)
    for picture in (text, brief):
        assert "✓" not in picture
        assert "Compatible" not in picture
        assert "✓ 可以" not in picture
        assert "✗" in picture


@pytest.mark.parametrize("record_id", OTHER_RULES)
def test_cli_explains_with_status_0(record_id, capsys):
    """``bcast why`` exits 0 for a message it explains (bcast/cli.py)."""
    assert main(["why", "--no-color", RECORDS[record_id]["text"]]) == 0
    out, err = capsys.readouterr()
    assert "✗" in out
    assert err == ""


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("record_id", OTHER_RULES)
def test_brief_holds_twelve_lines(record_id, lang):
    lines = why(record_id, lang).to_text(brief=True).splitlines()
    assert len(lines) <= 12
    assert all(len(line) <= 80 for line in lines)


def test_json_names_the_rule_and_the_readme_documents_it():
    readme = (Path(__file__).parent.parent / "docs" / "guide" / "explain.md").read_text(
        encoding="utf-8"
    )
    expected = {
        "tf-tensorflow-48680": "same_shape",
        "jax-equinox-311": "rank_promotion",
        "dask-dask-1839": "broadcast",
    }
    for record_id, rule in expected.items():
        d = json.loads(json.dumps(why(record_id).to_dict()))
        assert d["rule"] == rule
        assert d["failed"] is True
        assert d["compatible"] is False
    d = why("torch-sd-webui-controlnet-2624").to_dict()  # a product: its own keys
    assert (d["kind"], d["op"], d["verdict"]) == ("contraction", "bmm", "mismatch")
    assert (d["failure"]["kind"], d["failure"]["sizes"]) == ("batch", [16, 8])
    assert bcast.explain((3, 4), (4,)).to_dict()["failed"] is False
    for key in ("rule", "failed"):
        assert f"| `{key}` |" in readme


# -- identical shapes ---------------------------------------------------------------


@pytest.mark.parametrize("record_id", SAME)
def test_same_shape_messages_are_judged_by_equality(record_id):
    e = why(record_id)
    assert e.rule == "same_shape"
    a, b = e.shapes
    differs = len(a) != len(b) or any(
        x is not None and y is not None and x != y for x, y in zip(a, b)
    )
    assert differs  # the call failed, and by this rule the shapes differ
    assert e.conflicts


def test_same_shape_does_not_stretch_a_1():
    """``(8, 100)`` and ``(8, 1)`` broadcast, yet a loss refuses them."""
    e = why("tf-tensorflow-48680")
    assert np.broadcast_shapes((8, 100), (8, 1)) == (8, 100)  # NumPy would
    assert [s.axis for s in e.conflicts] == [-1]
    assert e.fixes == ()  # no edit of axes turns 100 into 1
    text = str(e)
    assert "✗ Not the same shape: on axis=1 (or -1) a has 100, b has 1" in text
    assert "sparse_categorical_crossentropy" in text


def test_same_shape_missing_axis_is_where_the_1_is():
    """``(None, 7)`` against ``(None, 1, 7)``: the missing axis is the middle."""
    e = why("tf-keras-16228")
    (conflict,) = e.conflicts
    assert conflict.position == 1
    assert conflict.padded == (0,)
    assert [f.code for f in e.fixes] == ["a[:, None]", "b.squeeze(axis=1)"]


@pytest.mark.parametrize("record_id", SAME)
def test_same_shape_fixes_make_the_shapes_identical(record_id):
    e = why(record_id)
    for fix in e.fixes:
        other = e.shapes[1 - fix.operand]
        assert run_fix(fix, e.names, e.shapes) == concrete(other)
        assert fix.shape == other
        assert fix.result == other


shape = st.lists(st.integers(1, 4), max_size=4).map(tuple)


@given(shape, st.lists(st.integers(0, 4), max_size=2))
def test_same_shape_fix_found_for_any_missing_1s(s, where):
    """Whenever one shape is the other with axes of size 1 put in, a fix is
    offered, and NumPy confirms both edits make the shapes identical."""
    t = list(s)
    for p in where:
        t.insert(min(p, len(t)), 1)
    t = tuple(t)
    if t == s:
        return
    found = same_shape_fixes([s, t], ["y", "p"])
    assert found
    for fix in found:
        assert run_fix(fix, ["y", "p"], [s, t]) == ((t, s)[fix.operand])


@given(shape, shape)
def test_every_same_shape_fix_is_checked_by_numpy(s, t):
    for fix in same_shape_fixes([s, t], ["y", "p"]):
        assert run_fix(fix, ["y", "p"], [s, t]) == (t, s)[fix.operand]


def test_insertions_and_steps():
    assert insertions((8,), (8, 1)) == (1,)
    assert insertions((8, 7), (8, 7)) is None
    assert [s.verdict for s in same_steps((3, 4), (3, 4))] == ["equal", "equal"]
    assert [s.verdict for s in same_steps((None, 4), (2, 4))] == ["equal", "equal"]


# -- rank promotion -----------------------------------------------------------------


@pytest.mark.parametrize("record_id", RANK)
def test_rank_promotion_names_the_missing_axes(record_id):
    e = why(record_id)
    assert e.rule == "rank_promotion"
    ndim = max(map(len, e.shapes))
    np.broadcast_shapes(*map(concrete, e.shapes))  # NumPy itself broadcasts them
    for step in e.conflicts:
        assert step.padded  # only the axes an operand lacks break the rule
        assert all(len(e.shapes[i]) < ndim for i in step.conflicting)


@pytest.mark.parametrize("record_id", RANK)
def test_rank_promotion_fixes_give_equal_ranks_that_broadcast(record_id):
    e = why(record_id)
    assert e.fixes
    for fix in e.fixes:
        new = run_fix(fix, e.names, e.shapes)
        shapes = [new if i == fix.operand else s for i, s in enumerate(e.shapes)]
        assert len({len(s) for s in shapes}) == 1
        assert np.broadcast_shapes(*shapes) == fix.result


def test_rank_promotion_first_fix_is_numpys_meaning():
    e = why("jax-equinox-311")  # (1, 4, 8) + (4, 1)
    assert e.fixes[0].code == "b[None]"
    assert e.fixes[0].result == np.broadcast_shapes((1, 4, 8), (4, 1))


def test_rank_promotion_of_the_rank1_pitfall_prefers_the_column():
    """``(5,)`` with ``(5, 1)``: NumPy's meaning is an outer product, the
    warning says so, and the fix that keeps the result small comes first."""
    found = promotion_fixes([(5,), (5, 1)], ["a", "b"])
    assert [f.code for f in found] == ["a[:, None]", "a[None, :]"]
    assert [f.result for f in found] == [(5, 1), (5, 5)]


@given(shape, shape)
def test_every_promotion_fix_is_checked_by_numpy(s, t):
    for fix in promotion_fixes([s, t], ["x", "y"]):
        new = run_fix(fix, ["x", "y"], [s, t])
        pair = (new, t) if fix.operand == 0 else (s, new)
        assert len(pair[0]) == len(pair[1])
        assert np.broadcast_shapes(*pair) == fix.result


@pytest.mark.parametrize("record_id", [*RANK, "tf-keras-16228"])
def test_where_the_frame_is_known_the_names_keep_the_rule(record_id):
    """``explain_errors``, ``%load_ext bcast`` and ``bcast run`` name the
    operands from the failing frame: the explanation stays by its rule."""
    from bcast.runtime.notebook import explanation_of

    message = RECORDS[record_id]["text"].rsplit("ValueError: ", 1)[-1].strip("`")
    e = explanation_of(ValueError(message), names=["x", "y"])
    assert e is not None
    assert e.names == ("x", "y")
    assert e.rule == why(record_id).rule
    assert not e.compatible
    assert e.fixes
    assert all(f.code.startswith(("x", "y")) for f in e.fixes)


# -- unknown sizes (Dask) -----------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("record_id", DASK)
def test_dask_says_which_sizes_are_unknown(record_id, lang):
    e = why(record_id, lang)
    assert e.failed
    assert e.conditional
    assert not e.conflicts
    verdict = e.to_text(brief=True)
    unknown = [
        (e.names[i], k)
        for i, s in enumerate(e.shapes)
        for k, d in enumerate(s)
        if d is None
    ]
    assert unknown
    flat = "".join(verdict.split())
    for name, k in unknown:
        said = (
            f"the size of {name} on axis={k}"
            if lang == "en"
            else f"{name} 在 axis={k} 上的大小"
        )
        assert "".join(said.split()) in flat
    assert "compute_chunk_sizes()" in verdict


def squashed(text):
    """``text`` without spaces or line breaks: sentences wrap differently."""
    return "".join(text.split())


HOLDS_ONLY_IF = {
    "en": (
        "✗ The call failed: the shapes go together only if",
        "the size of a on axis=0",
    ),
    "zh": ("✗ 调用失败了：只有当", "a 在 axis=0 上的大小"),
}


@pytest.mark.parametrize("lang", LANGS)
def test_unknown_sizes_of_another_library_hold_only_if(lang):
    """A message (written here in TensorFlow's eager form) whose known sizes
    agree: the call failed, so the unknown one did not meet the condition."""
    e = bcast.why("Incompatible shapes: [?,3] vs. [4,3]", lang=lang)
    assert not e.compatible
    brief = squashed(e.to_text(brief=True))
    for said in HOLDS_ONLY_IF[lang]:
        assert squashed(said) in brief


def test_html_shows_the_same_verdict():
    from bcast.explainer.render.terminal import to_html

    html = to_html(why("tf-tensorflow-48680"), brief=True)
    assert "Not the same shape" in html
    assert "<details>" in html
    assert "Compatible" not in html


def test_symbols_outside_a_failed_call_still_hold_under_conditions():
    """Only a call that failed turns "compatible if" into "not compatible"."""
    e = bcast.explain("m", "3")
    assert e.compatible
    assert "✓ Compatible if m is 1 or 3" in str(e)


@pytest.mark.skipif(
    importlib.util.find_spec("dask") is None, reason="dask is not installed"
)
def test_dask_live_message_and_its_advice():
    """Dask's own message is read, and the advice in the verdict — find the
    sizes first — is what makes Dask accept the call."""
    import dask.array as da

    x = da.from_array(np.arange(6.0), chunks=3)
    y = x[x > 3]  # two elements, but Dask does not know that yet
    with pytest.raises(ValueError, match="could not be broadcast") as caught:
        y + np.zeros(2)
    e = bcast.why(f"ValueError: {caught.value}")
    assert e is not None
    assert e.shapes == ((None,), (2,))
    assert not e.compatible
    y.compute_chunk_sizes()
    assert (y + np.zeros(2)).compute().shape == (2,)


# -- torch.bmm ----------------------------------------------------------------------


@pytest.mark.parametrize("record_id", BMM)
def test_bmm_is_judged_by_its_own_rule(record_id):
    e = why(record_id)
    assert isinstance(e, Product)
    assert e.op == "bmm"
    assert e.call.startswith("torch.bmm(")
    assert e.verdict == "mismatch"
    assert e.contraction.failure is not None


def test_bmm_batch_sizes_must_be_equal():
    e = why("torch-sd-webui-controlnet-2624")  # batch 16 against 8, k 40 and 40
    f = e.contraction.failure
    assert (f.kind, f.axes, f.sizes) == ("batch", (0, 0), (16, 8))
    summed = [m for m in e.contraction.matches if m.kind == "contracted"]
    assert [m.sizes for m in summed] == [(40, 40)]
    text = str(e)
    said = "Batch sizes differ: axis=0 of batch1 is 16, but axis=0 of batch2 is 8"
    assert said in " ".join(text.split())
    assert "16 ✗" in text
    assert "40 ✗" not in text  # the summed sizes agree


def test_bmm_shape_against_numpy_matmul_without_broadcasting():
    """bmm is matmul with one batch axis that must match exactly."""
    for a, b in [
        ((2, 3, 4), (2, 4, 5)),
        ((2, 3, 4), (1, 4, 5)),
        ((2, 3, 4), (2, 5, 6)),
    ]:
        c = bmm(a, b)
        same_batch = a[0] == b[0]
        try:
            expected = np.matmul(np.zeros(a), np.zeros(b)).shape
        except ValueError:
            expected = None
        assert c.shape == (expected if same_batch else None)


# -- recorded pictures, both languages ----------------------------------------------

SAME_EN = """\
From a TensorFlow error message:
Shapes (None, 7) and (None, 1, 7) are incompatible
The message gives only some of the sizes.
Sizes shown as ? are not in the message.
TensorFlow needs (?, 7) and (?, 1, 7) to be the same shape (None is a size not
yet known): usually a loss's labels and predictions, such as one-hot labels with
a different number of classes than the last layer's units.

The same shape required: a (?, 7) and b (?, 1, 7)
┏━━━━━━━━━━━━━┳━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━┓
┃             ┃ axis=0 ┃     axis=1 ┃ axis=2 ┃
┃ or          ┃     -3 ┃         -2 ┃     -1 ┃
┡━━━━━━━━━━━━━╇━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━┩
│ a (?, 7)    │      ? │        – ✗ │      7 │
│ b (?, 1, 7) │      ? │        1 ✗ │      7 │
├─────────────┼────────┼────────────┼────────┤
│ result      │      ? │          ✗ │      7 │
│ verdict     │  equal │ ✗ conflict │  equal │
└─────────────┴────────┴────────────┴────────┘
– no such axis   ✗ conflict   ? unknown size

Step by step:
1. A loss or metric needs its two shapes to be identical: the same number of
   axes and the same size on each (an unknown size, ?, matches any). Nothing is
   broadcast: a 1 does not stretch.
2. a (?, 7) has 2 axes and b (?, 1, 7) has 3 axes ✗.

✗ Not the same shape: a (?, 7) has 2 axes and b (?, 1, 7) has 3 axes; the shapes
must be identical (nothing is broadcast).

Fixes, best first (each checked: the two shapes become identical):
1. a[:, None]  new axis: a becomes (?, 1, 7), the shape of b
   also: np.expand_dims(a, 1)
2. b.squeeze(axis=1)  squeeze: b becomes (?, 7), the shape of a
"""

SAME_ZH_BRIEF = """\
┏━━━━━━━━━━━━┳━━━━━━━━┳━━━━━━━━┓
┃            ┃ axis=0 ┃ axis=1 ┃
┃ 即         ┃     -2 ┃     -1 ┃
┡━━━━━━━━━━━━╇━━━━━━━━╇━━━━━━━━┩
│ a (8, 100) │      8 │  100 ✗ │
│ b (8, 1)   │      8 │    1 ✗ │
├────────────┼────────┼────────┤
│ 结果       │      8 │      ✗ │
└────────────┴────────┴────────┘
✗ 形状不同：在 axis=1（即 -1）上，a 为 100、b 为 1。
是类别标签对 100 个类别的得分吗？请把标签转成 one-hot（tf.one_hot），或改用
sparse_categorical_crossentropy。
"""

SAME_EN_BRIEF = """\
┏━━━━━━━━━━━━┳━━━━━━━━┳━━━━━━━━┓
┃            ┃ axis=0 ┃ axis=1 ┃
┃ or         ┃     -2 ┃     -1 ┃
┡━━━━━━━━━━━━╇━━━━━━━━╇━━━━━━━━┩
│ a (8, 100) │      8 │  100 ✗ │
│ b (8, 1)   │      8 │    1 ✗ │
├────────────┼────────┼────────┤
│ result     │      8 │      ✗ │
└────────────┴────────┴────────┘
✗ Not the same shape: on axis=1 (or -1) a has 100, b has 1.
Class labels against scores for 100 classes? One-hot encode the labels
(tf.one_hot) or use sparse_categorical_crossentropy.
"""

RANK_EN_BRIEF = """\
┏━━━━━━━━━━━━━┳━━━━━━━━┳━━━━━━━━┳━━━━━━━━┓
┃             ┃ axis=0 ┃ axis=1 ┃ axis=2 ┃
┃ or          ┃     -3 ┃     -2 ┃     -1 ┃
┡━━━━━━━━━━━━━╇━━━━━━━━╇━━━━━━━━╇━━━━━━━━┩
│ a (1, 4, 8) │      1 │      4 │      8 │
│ b (4, 1)    │    – ✗ │      4 │    1→8 │
├─────────────┼────────┼────────┼────────┤
│ result      │      ✗ │      4 │      8 │
└─────────────┴────────┴────────┴────────┘
– no such axis   1→n stretched from 1 to n   ✗ conflict
✗ Rank promotion refused: b (4, 1) has 2 axes, a (1, 4, 8) has 3 axes.
Best fix: b[None]  new axis: b becomes (1, 4, 1); result (1, 4, 8)
"""

RANK_ZH_BRIEF = """\
┏━━━━━━━━━━━━━┳━━━━━━━━┳━━━━━━━━┳━━━━━━━━┓
┃             ┃ axis=0 ┃ axis=1 ┃ axis=2 ┃
┃ 即          ┃     -3 ┃     -2 ┃     -1 ┃
┡━━━━━━━━━━━━━╇━━━━━━━━╇━━━━━━━━╇━━━━━━━━┩
│ a (1, 4, 8) │      1 │      4 │      8 │
│ b (4, 1)    │    – ✗ │      4 │    1→8 │
├─────────────┼────────┼────────┼────────┤
│ 结果        │      ✗ │      4 │      8 │
└─────────────┴────────┴────────┴────────┘
– 没有这个轴   1→n 从 1 拉伸到 n   ✗ 冲突
✗ 拒绝提升秩：b (4, 1) 有 2 个轴，a (1, 4, 8) 有 3 个轴。
最佳修正：b[None]  新增轴：b 变为 (1, 4, 1)；结果为 (1, 4, 8)
"""

DASK_EN_BRIEF = """\
┏━━━━━━━━┳━━━━━━━━┓
┃        ┃ axis=0 ┃
┃ or     ┃     -1 ┃
┡━━━━━━━━╇━━━━━━━━┩
│ a (?,) │      ? │
│ b (2,) │      2 │
├────────┼────────┤
│ result │      ? │
└────────┴────────┘
✗ Dask cannot check these shapes: it does not know the size of a on axis=0 until
the array is computed (nan). They go together only if the unknown size of a is 1
or 2; find the sizes first (x.compute_chunk_sizes()).
"""

DASK_ZH_BRIEF = """\
┏━━━━━━━━┳━━━━━━━━┓
┃        ┃ axis=0 ┃
┃ 即     ┃     -1 ┃
┡━━━━━━━━╇━━━━━━━━┩
│ a (?,) │      ? │
│ b (2,) │      2 │
├────────┼────────┤
│ 结果   │      ? │
└────────┴────────┘
✗ Dask 无法检查这些形状：要到数组计算后才知道 a 在 axis=0 上的大小（nan）。只有
当 a 的未知大小 为 1 或 2 时它们才能一起运算；请先求出大小
（x.compute_chunk_sizes()）。
"""

BMM_EN_BRIEF = """\
torch.bmm(batch1, batch2)
  batch1 (16, ?, 40) · batch2 (8, 40, ?)
                 ^^               ^^
                 40       =       40
✗ Batch sizes differ: axis=0 of batch1 is 16, but axis=0 of batch2 is 8; they
must be equal.
Sizes shown as ? are not in the message: axis=1 of batch1 and axis=2 of batch2.
"""

BMM_ZH_BRIEF = """\
torch.bmm(batch1, batch2)
  batch1 (16, ?, 40) · batch2 (8, 40, ?)
                 ^^               ^^
                 40       =       40
✗ 批次大小不同：batch1 的 axis=0 为 16，而 batch2 的 axis=0 为 8；它们必须相等。
显示为 ? 的大小不在错误信息中：batch1 的 axis=1 和 batch2 的 axis=2。
"""

RECORDED = [
    ("tf-keras-16228", "en", False, SAME_EN),
    ("tf-tensorflow-48680", "en", True, SAME_EN_BRIEF),
    ("tf-tensorflow-48680", "zh", True, SAME_ZH_BRIEF),
    ("jax-equinox-311", "en", True, RANK_EN_BRIEF),
    ("jax-equinox-311", "zh", True, RANK_ZH_BRIEF),
    ("dask-dask-1839", "en", True, DASK_EN_BRIEF),
    ("dask-dask-1839", "zh", True, DASK_ZH_BRIEF),
    ("torch-sd-webui-controlnet-2624", "en", True, BMM_EN_BRIEF),
    ("torch-sd-webui-controlnet-2624", "zh", True, BMM_ZH_BRIEF),
]


@pytest.mark.parametrize(("record_id", "lang", "brief", "expected"), RECORDED)
def test_recorded_picture(record_id, lang, brief, expected):
    e = why(record_id, lang)
    assert recorded(e, brief=brief) == expected
    assert e.to_text(brief=brief) + "\n" == expected  # plain text: the same picture
