"""Wrapping never breaks a shape, a number or a piece of code, in English or
Chinese (issue 11, item 4): a property over widths 30-120."""

from hypothesis import given
from hypothesis import strategies as st

import bcast
from bcast.explainer.render.text import cell_width, lines_text, wrap

WHOLE = [
    "(2, 3, 4)",
    "(5, 1)",
    "a[:, None]",
    "有 12 个元素",
    "np.broadcast_to(a, (3, 4))",
    "X.reshape(20, 1000)",
    "1000000",
    "3.25",
]
"""Pieces that must stay on one line: the issue's four, and more of each kind."""
PROSE = [
    "the",
    "operands",
    "could",
    "not",
    "be",
    "broadcast",
    "together",
    "with",
    "shapes",
    "形状",
    "不能",
    "广播",
    "拉伸到",
    "结果",
    "这个数组",
    "轴上",
    "，",
    "。",
]

pieces = st.lists(st.sampled_from(WHOLE + PROSE), min_size=1, max_size=30)
separators = st.sampled_from([" ", "", " ", "，"])


def _text(draw_pieces, seps):
    """Pieces joined as the sentences are: Chinese may run into Chinese, a
    piece of code or a shape has a space or a comma before it."""
    out = ""
    for k, p in enumerate(draw_pieces):
        sep = seps[k % len(seps)]
        if sep == "" and (p.isascii() or out[-1:].isascii()):
            sep = " "
        out += p if k == 0 else sep + p
    return out


@given(pieces, st.lists(separators, min_size=1, max_size=5), st.integers(30, 120))
def test_wrapping_keeps_shapes_numbers_and_code_whole(words, seps, width):
    text = _text(words, seps)
    lines = [lines_text([line]) for line in wrap([(text, "")], width)]
    assert all(cell_width(line) <= width for line in lines), lines
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost
    for piece in WHOLE:
        if piece in text:
            count = text.count(piece)
            assert sum(line.count(piece) for line in lines) == count, (piece, lines)


def test_the_issue_s_examples_stay_whole_in_real_explanations():
    """The sentences bcast writes, wrapped at every width from 30 to 120."""
    for lang in ("en", "zh"):
        e = bcast.explain((2, 3, 4), (5, 1), names=["a", "b"], lang=lang)
        for width in range(30, 121):
            text = e.to_text(width)
            for shape in ("(2, 3, 4)", "(5, 1)"):
                assert shape in text.replace("\n", "\0"), (lang, width)
            assert "(2,\n" not in text, (lang, width)
            assert "(5,\n" not in text, (lang, width)
        fix = bcast.explain((3, 4), (3,), lang=lang)
        for width in range(30, 121):
            assert "b[:, None]" in fix.to_text(width), (lang, width)
