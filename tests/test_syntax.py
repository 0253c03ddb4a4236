"""Shape text: every accepted form, every refusal, and the round trip."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bcast import BcastError, ShapeSyntaxError, format_shape, parse_shape, parse_spec
from bcast.core.syntax import MAX_SIZE, parse_operand


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("3,1", (3, 1)),
        ("(3,1)", (3, 1)),
        ("(3, 1)", (3, 1)),
        ("[3,1]", (3, 1)),
        ("3x1", (3, 1)),
        ("3 1", (3, 1)),
        ("3 x 1", (3, 1)),
        ("3×4×5", (3, 4, 5)),
        ("()", ()),
        ("[]", ()),
        ("(5,)", (5,)),
        ("5,", (5,)),
        ("5", (5,)),
        ("0", (0,)),
        ("  ( 2 , 3 )  ", (2, 3)),
        ("m,1", ("m", 1)),
        ("n_x m", ("n_x", "m")),
        ("n x m", ("n", "m")),
        ("?,4", (None, 4)),
        ("2x?x4", (2, None, 4)),
        ("None, 4", (None, 4)),
        ("３，１", (3, 1)),  # full-width, as a Chinese input method types them
        ("（３，１）", (3, 1)),
        (",".join(["1"] * 64), (1,) * 64),
        (str(MAX_SIZE), (MAX_SIZE,)),
    ],
)
def test_accepted_forms(text, shape):
    assert parse_shape(text) == shape


@pytest.mark.parametrize(
    ("text", "token", "position", "reason"),
    [
        ("", "", 0, "empty shape"),
        ("   ", "", 3, "empty shape"),
        ("3,,1", ",", 2, "empty size"),
        (",3", ",", 0, "empty size"),
        ("(,)", ",", 1, "empty size"),
        ("-1", "-1", 0, "negative size"),
        ("3,-2", "-2", 2, "negative size"),
        ("1e3", "1e3", 0, "not a whole number"),
        ("3.5", "3.5", 0, "not a whole number"),
        (".5", ".5", 0, "not a whole number"),
        ("3m", "3m", 0, "missing separator"),
        ("٣,1", "٣", 0, "not an ASCII digit (write 3 instead)"),
        ("3,١", "١", 2, "not an ASCII digit (write 1 instead)"),
        ("(3,1", "(", 0, "never closed"),
        ("(3,1]", "(", 0, "closed by ']'"),
        ("3,(1)", "(", 2, "brackets may only enclose the whole shape"),
        ("3,1)", ")", 3, "brackets may only enclose"),
        ("3@1", "@", 1, "unexpected character"),
        ("3\x00", "\x00", 1, "unexpected character"),
        ("🙂", "🙂", 0, "unexpected character"),
        ("3 x", "x", 2, "a size must follow 'x'"),
        ("x,3", "x", 0, "empty size before 'x'"),
        ("_,3", "_", 0, "write ? for an unknown size"),
        ("...,3", "...", 0, "a pattern, not a size"),
        ("*batch,3", "*batch", 0, "a pattern, not a size"),
        ("#3", "#3", 0, "a pattern, not a size"),
        ("9" * 20, "9" * 20, 0, "size too large"),
        (",".join(["1"] * 65), "1", 128, "more than 64 axes"),
    ],
)
def test_refusals_name_the_token_and_position(text, token, position, reason):
    with pytest.raises(ShapeSyntaxError) as info:
        parse_shape(text)
    e = info.value
    assert isinstance(e, ValueError)
    assert isinstance(e, BcastError)
    assert e.token == token
    assert e.position == position
    assert reason in e.reason
    assert "\n" not in str(e)
    if text.strip():
        assert text[e.position :].startswith(token.rstrip("…"))


def test_long_input_is_refused_quickly_with_a_short_message():
    for text in ["1" * 10_000, "1," * 5_000, "a" * 10_000 + "@", "(" * 10_000]:
        start = time.perf_counter()
        with pytest.raises(ShapeSyntaxError) as info:
            parse_shape(text)
        assert time.perf_counter() - start < 1.0
        assert len(str(info.value)) < 250


sizes = st.one_of(
    st.integers(0, MAX_SIZE),
    st.sampled_from(["m", "n_x", "batch", "N2"]),
    st.none(),
)


@given(st.lists(sizes, max_size=64).map(tuple))
def test_round_trip(shape):
    assert parse_shape(format_shape(shape)) == shape


@given(st.text(max_size=40))
def test_any_text_either_parses_or_raises_shape_syntax_error(text):
    try:
        shape = parse_shape(text)
    except ShapeSyntaxError as e:
        position = e.position
        assert 0 <= position <= len(text)
    else:
        assert parse_shape(format_shape(shape)) == shape


@given(st.binary(max_size=60))
def test_binary_junk_is_a_syntax_error(data):
    text = data.decode("utf-8", errors="replace")
    try:
        parse_shape(text)
    except ShapeSyntaxError:
        pass


def test_format_shape():
    assert format_shape(()) == "()"
    assert format_shape((5,)) == "(5,)"
    assert format_shape((3, 1)) == "(3, 1)"
    assert format_shape(("m", None)) == "(m, ?)"
    assert format_shape((3, 1)) == repr((3, 1))  # as NumPy prints shapes


def test_operands():
    assert parse_operand("X=20,1000") == ("X", (20, 1000))
    assert parse_operand(" w = (20, 1)") == ("w", (20, 1))
    assert parse_operand("(3, 1)") == (None, (3, 1))
    with pytest.raises(ShapeSyntaxError, match="identifier"):
        parse_operand("2x=3")
    with pytest.raises(ShapeSyntaxError) as info:
        parse_operand("X=3,,1")
    assert info.value.position == 4  # counted in the whole argument


def test_specs():
    spec = parse_spec("*batch, n_x, #m, 3, _, ?, #4")
    assert [(d.kind, d.value, d.broadcastable) for d in spec] == [
        ("variadic", "batch", False),
        ("name", "n_x", False),
        ("name", "m", True),
        ("size", 3, False),
        ("any", None, False),
        ("any", None, False),
        ("size", 4, True),
    ]
    assert parse_spec("()") == ()
    assert [d.kind for d in parse_spec("..., n")] == ["ellipsis", "name"]
    assert len(parse_spec("..., " + ", ".join(["1"] * 64))) == 65
    with pytest.raises(ShapeSyntaxError, match="only one variadic"):
        parse_spec("*a, *b")
    with pytest.raises(ShapeSyntaxError, match="'#' needs a size or a name"):
        parse_spec("#_")
    with pytest.raises(ShapeSyntaxError, match="bad spec"):
        parse_spec("n,,m")
    with pytest.raises(TypeError):
        parse_spec(3)  # type: ignore[arg-type]
