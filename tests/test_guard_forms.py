"""The guard's newer spec forms: dtypes, arithmetic, containers, dataclasses,
generators and coroutines, fast paths for numbers and tuple subclasses."""

from __future__ import annotations

import asyncio
import dataclasses
import linecache
import re
import sys
from typing import Annotated, Optional

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bcast import Shape, ShapeError, ShapeSyntaxError, dims, expect, shaped
from bcast.guard.dtypes import EXACT, KINDS, DType, dtype_name


def frag(*parts: str) -> str:
    return ".*".join(re.escape(p) for p in parts)


def z(*shape: int, dtype: object = float) -> np.ndarray:
    return np.zeros(shape, dtype=dtype)


# -- dtypes ---------------------------------------------------------------------------

NUMPY_DTYPES = [
    np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16,
    np.uint32, np.uint64, np.float16, np.float32, np.float64, np.complex64,
    np.complex128,
]  # fmt: skip

# Each kind, and NumPy's own answer to "is this dtype of that kind".
NUMPY_KINDS = {
    "bool": lambda t: t == np.bool_,
    "int": lambda t: np.issubdtype(t, np.signedinteger),
    "uint": lambda t: np.issubdtype(t, np.unsignedinteger),
    "integer": lambda t: np.issubdtype(t, np.integer),
    "float": lambda t: np.issubdtype(t, np.floating),
    "complex": lambda t: np.issubdtype(t, np.complexfloating),
    "inexact": lambda t: np.issubdtype(t, np.inexact),
    "number": lambda t: np.issubdtype(t, np.number),
}


def test_every_kind_is_covered_by_numpy_s_own_hierarchy():
    assert set(NUMPY_KINDS) == set(KINDS)


@pytest.mark.parametrize("kind", sorted(NUMPY_KINDS))
@pytest.mark.parametrize("dtype", NUMPY_DTYPES, ids=lambda t: np.dtype(t).name)
def test_dtype_kinds_agree_with_numpy(kind, dtype):
    a = z(2, 3, dtype=dtype)
    fits = NUMPY_KINDS[kind](dtype)

    @shaped(a=f"{kind}: n, m")
    def f(a):
        return a

    if fits:
        assert f(a) is a
        assert expect(a, f"{kind}: n, m") is a
    else:
        with pytest.raises(ShapeError) as info:
            f(a)
        e = info.value
        assert (e.dtype, e.dtype_spec, e.axis) == (np.dtype(dtype).name, kind, None)
        assert str(e) == (
            f"f(): a has dtype {np.dtype(dtype).name}, expected {kind} (spec {kind}: (n, m))"
        )


@pytest.mark.parametrize("name", sorted(EXACT))
def test_exact_dtypes(name):
    if name == "bfloat16":
        pytest.skip("NumPy has no bfloat16 (ml_dtypes does; checked by name below)")
    dtype = np.dtype("bool" if name == "bool_" else name)
    for other in NUMPY_DTYPES:
        a = z(2, dtype=other)
        if np.dtype(other) == dtype:
            assert expect(a, f"{name}: n") is a
        else:
            with pytest.raises(ShapeError, match="has dtype"):
                expect(a, f"{name}: n")


def test_dtype_alternatives_and_names_from_other_libraries():
    spec = DType.parse("float32 | int")
    assert spec.accepts(np.dtype("float32"))
    assert spec.accepts(np.dtype("int16"))
    assert not spec.accepts(np.dtype("float64"))

    class TorchLikeDtype:  # what torch.float32 prints as; it has no .name
        def __str__(self) -> str:
            return "torch.float32"

    assert dtype_name(TorchLikeDtype()) == "float32"
    assert DType.parse("float").accepts(TorchLikeDtype())
    assert DType.parse("float").accepts_name("bfloat16")
    assert not DType.parse("int").accepts_name("uint8")


def test_python_numbers_fit_by_kind_and_numpy_scalars_by_dtype():
    assert expect(0.5, "float: ()") == 0.5
    assert expect(0.5, "float32: ()") == 0.5  # a weak scalar, as in NumPy 2
    assert expect(3, "int: ()") == 3
    assert expect(True, "bool: ()") is True
    assert expect(1j, "complex: ()") == 1j
    for value, spec in [(3, "float: ()"), (True, "int: ()"), (0.5, "int: ()")]:
        with pytest.raises(ShapeError, match=f"has dtype {type(value).__name__}"):
            expect(value, spec)
    assert expect(np.float32(1), "float32: ()") == 1
    with pytest.raises(ShapeError, match="has dtype float64"):
        expect(np.float64(1), "float32: ()")


def test_dtype_of_something_without_one():
    class Shaped:
        shape = (3,)

    with pytest.raises(ShapeError, match=frag("has dtype Shaped, expected float")):
        expect(Shaped(), "float: n")
    assert expect(Shaped(), "n").shape == (3,)


@pytest.mark.parametrize(
    "word", sorted({*EXACT, "bool", "int", "uint", "float", "complex"})
)
def test_a_dtype_word_in_an_axis_position_is_refused(word):
    with pytest.raises(ShapeSyntaxError) as info:
        Shape(f"{word}, n")
    assert info.value.position == 0
    assert info.value.reason == (
        f"{word} is a dtype, not an axis: write it before a colon, '{word}: n'"
    )
    with pytest.raises(ShapeSyntaxError, match="is a dtype, not an axis"):
        Shape(f"n, 2*{word}")


def test_generic_words_stay_axis_names_and_bad_dtypes_are_named():
    assert [d.value for d in Shape("number, integer").items] == ["number", "integer"]
    with pytest.raises(ShapeSyntaxError) as info:
        Shape("flaot32: n")
    assert (info.value.token, info.value.position) == ("flaot32", 0)
    assert "unknown dtype 'flaot32'" in info.value.reason


def test_dtype_spec_text_and_equality():
    assert Shape("float32 : n, m").text == "float32: (n, m)"
    assert Shape("float: ()") == Shape(" float :()")
    assert Shape("float: n") != Shape("n")


def test_torch_dtypes_and_sizes():
    torch = pytest.importorskip("torch", reason="PyTorch is not installed")
    t = torch.zeros(2, 3)
    assert expect(t, "float32: n, m") is t
    with pytest.raises(ShapeError, match="has dtype float32, expected int"):
        expect(t, "int: n, m")
    assert expect(torch.zeros(2, dtype=torch.int64), "int64: n") is not None


# -- arithmetic -------------------------------------------------------------------------


@given(st.integers(0, 12), st.integers(0, 12))
def test_concatenation_against_numpy(n, m):
    @shaped(a="n", b="m", returns="n+m")
    def cat(a, b):
        return np.concatenate([a, b])

    @shaped(a="n", b="m", returns="n+m+1")
    def cat_wrong(a, b):
        return np.concatenate([a, b])

    assert cat(z(n), z(m)).shape == (n + m,)
    with pytest.raises(ShapeError) as info:
        cat_wrong(z(n), z(m))
    e = info.value
    assert (e.symbol, e.expected, e.actual) == ("n+m+1", n + m + 1, n + m)
    assert f"n+m+1 = {n + m + 1} (n = {n}, bound by a" in str(e)


@given(st.integers(0, 20), st.integers(0, 4))
def test_numpy_results_fit_their_arithmetic_specs(n, width):
    @shaped(a="n", returns="n + 2*width")
    def pad(a, width):
        return np.pad(a, width)

    @shaped(a="n", returns="(n+1)//2")
    def every_other(a):
        return a[::2]

    @shaped(a="n", returns="n//2")
    def first_half(a):
        return a[: len(a) // 2]

    @shaped(a="n, m", returns="n*m")
    def flat(a):
        return a.reshape(-1)

    assert pad(z(n), width).shape == np.pad(z(n), width).shape
    assert every_other(z(n)).shape == z(n)[::2].shape
    assert first_half(z(n)).shape == (n // 2,)
    assert flat(z(n, width)).shape == (n * width,)
    if n:

        @shaped(a="n", returns="n-1")
        def diff(a):
            return np.diff(a)

        assert diff(z(n)).shape == np.diff(z(n)).shape


def test_an_expression_before_the_axis_that_binds_its_names():
    @shaped(y="n+1", x="n")
    def f(y, x):
        return y

    assert f(z(4), z(3)).shape == (4,)
    with pytest.raises(ShapeError) as info:
        f(z(3), z(3))
    assert str(info.value) == (
        "f(): y has shape (3,), expected (n+1,): axis 0 (-1) is 3 but n+1 = 4 "
        "(n = 3, bound by x with shape (3,))"
    )


def test_an_unbound_name_in_an_expression_is_said_so():
    @shaped(y="k+1")
    def f(y):
        return y

    with pytest.raises(
        ShapeError, match=frag("k+1 cannot be evaluated: k is not bound")
    ):
        f(z(3))
    with dims(k=2):
        assert f(z(3)).shape == (3,)
    with (
        pytest.raises(
            ShapeError, match=frag("axis 0 (-1) is 3 but k+1 = 5", "dims(k=4)")
        ),
        dims(k=4),
    ):
        f(z(3))


def test_sizes_from_int_arguments():
    @shaped(a="n, d", returns="n, k")
    def project(a, k: int):
        return a[:, :k] if k <= a.shape[1] else np.zeros((a.shape[0], k + 1))

    assert project(z(5, 4), 2).shape == (5, 2)
    with pytest.raises(
        ShapeError, match=frag("is 7 but k = 6, bound by the argument k = 6")
    ):
        project(z(5, 4), 6)

    @shaped(a="n")
    def takes(a, n):
        return a

    assert takes(z(3), 3).shape == (3,)
    with pytest.raises(
        ShapeError, match=frag("a has shape (4,)", "n = 3, bound by the argument n = 3")
    ):
        takes(z(4), 3)
    assert takes(z(4), "not an int").shape == (4,)  # only an int binds


@pytest.mark.parametrize(
    ("text", "token", "why"),
    [
        ("n**2", "*", "the operator ** is not allowed"),
        ("n/2", "/", "the operator / is not allowed"),
        ("n//0", "", "division by zero"),
        ("(n+1", "", "'(' is never closed"),
        ("n+", "", "the expression ends here"),
        ("n+-1", "-", "not a name, a whole number or '('"),
        ("n+1.5", ".", "not a name, a whole number or '('"),
        ("n+x y", "", None),  # two items: n+x and y: fine
    ],
)
def test_bad_expressions_fail_when_decorating(text, token, why):
    if why is None:
        assert [str(d) for d in Shape(text).items] == ["n+x", "y"]
        return
    with pytest.raises(ShapeSyntaxError) as info:
        Shape(text)
    assert why in info.value.reason
    if token:
        assert info.value.token == token


def test_expressions_read_and_print_normalized():
    assert [str(d) for d in Shape("(n + 1, 2 * n, (n+1)*m, n - (m - 1), 3)").items] == [
        "n+1", "2*n", "(n+1)*m", "n-(m-1)", "3",
    ]  # fmt: skip
    assert Shape("n+1") == Shape("n + 1")


def test_generated_code_holds_no_spec_text():
    @shaped(a="secret_name, other_name", returns="secret_name + 7*other_name")
    def f(a):
        return np.zeros(a.shape[0] + 7 * a.shape[1])

    assert f(z(2, 3)).shape == (23,)
    source = "".join(linecache.getlines(f.__wrapped__.__code__.co_filename))
    code = "".join(linecache.getlines(f.__code__.co_filename))
    assert "secret_name" not in code
    assert "other_name" not in code
    assert "7" in code
    assert "a" in code
    assert source  # the user's own file


# -- containers ---------------------------------------------------------------------------


def test_a_list_of_arrays_shares_one_binding_set():
    @shaped(xs=["n, m"], returns="n, m")
    def mean(xs):
        return sum(xs) / len(xs)

    assert mean([z(2, 3)] * 3).shape == (2, 3)
    assert mean((z(2, 3), z(2, 3))).shape == (2, 3)
    with pytest.raises(ShapeError) as info:
        mean([z(2, 3), z(2, 3), z(2, 4)])
    e = info.value
    assert (e.argument, e.axis, e.symbol, e.expected) == ("xs[2]", 1, "m", 3)
    assert "bound by xs[0] with shape (2, 3)" in str(e)
    with pytest.raises(
        ShapeError, match=frag("xs is a ndarray, not a list; expected [(n, m), ...]")
    ):
        mean(z(2, 3))


def test_tuples_dicts_args_and_kwargs():
    @shaped(pair=("n", "n, m"), d={...: "m"}, keyed={"w": "n, 1"})
    def f(pair, d, keyed):
        return 0

    good = ((z(2), z(2, 3)), {"a": z(3), "b": z(3)}, {"w": z(2, 1)})
    assert f(*good) == 0
    with pytest.raises(
        ShapeError,
        match=frag(
            "d['b'] has shape (4,)", "m = 3, bound by pair[1] with shape (2, 3)"
        ),
    ):
        f(good[0], {"a": z(3), "b": z(4)}, good[2])
    with pytest.raises(
        ShapeError, match=frag("pair is a tuple of 3, not a tuple of 2")
    ):
        f((z(2), z(2, 3), z(1)), *good[1:])
    with pytest.raises(ShapeError, match=frag("keyed is a dict without the key 'w'")):
        f(*good[:2], {"v": z(2, 1)})

    @shaped(args="n", kwargs="n")
    def many(*args, **kwargs):
        return len(args) + len(kwargs)

    assert many(z(2), z(2), a=z(2)) == 3
    assert many() == 0
    with pytest.raises(
        ShapeError, match=frag("kwargs['w'] has shape (3,)", "bound by args[0]")
    ):
        many(z(2), w=z(3))


Vec = Annotated[np.ndarray, Shape("n")]


@shaped
def annotated_containers(
    xs: tuple[Vec, ...],
    ys: list[Vec],
    d: dict[str, Vec],
    maybe: Optional[Vec] = None,  # noqa: UP045
) -> tuple[Vec, ...]:
    return (*xs, *ys)


def test_annotated_containers_and_the_any_length_tuple():
    out = annotated_containers((z(2),) * 3, [z(2)], {"a": z(2)})
    assert len(out) == 4  # tuple[X, ...] is any length, not a 2-tuple
    assert annotated_containers((), [], {}) == ()
    with pytest.raises(
        ShapeError, match=frag("ys[0] has shape (3,)", "bound by xs[0]")
    ):
        annotated_containers((z(2),), [z(3)], {})
    with pytest.raises(ShapeError, match=frag("d['k'] has shape (3,)")):
        annotated_containers((z(2),), [], {"k": z(3)})
    with pytest.raises(ShapeError, match=frag("maybe has shape (3,)")):
        annotated_containers((z(2),), [], {}, z(3))


@shaped
@dataclasses.dataclass(frozen=True)
class Batch:
    X: Annotated[np.ndarray, Shape("float: n_x, m")]
    Y: Annotated[np.ndarray, Shape("1, m")]
    label: str = "train"


def test_a_dataclass_stays_a_class_and_checks_its_fields():
    assert isinstance(Batch, type)
    assert dataclasses.is_dataclass(Batch)
    b = Batch(z(3, 5), z(1, 5))
    assert isinstance(b, Batch)
    assert b.label == "train"
    assert [f.name for f in dataclasses.fields(Batch)] == ["X", "Y", "label"]
    with pytest.raises(ShapeError) as info:
        Batch(z(3, 5), z(1, 4))
    assert str(info.value) == (
        "Batch(): Y has shape (1, 4), expected (1, m): axis 1 (-1) is 4 but m = 5, "
        "bound by X with shape (3, 5)"
    )
    with pytest.raises(ShapeError, match="has dtype int64"):
        Batch(z(3, 5, dtype=np.int64), z(1, 5))

    @shaped(a="n", b="n")
    @dataclasses.dataclass
    class Pair:
        a: np.ndarray
        b: np.ndarray

    assert Pair(z(2), z(2)).a.shape == (2,)
    with pytest.raises(ShapeError, match=frag("Pair(): b has shape (3,)")):
        Pair(z(2), z(3))
    with pytest.raises(ShapeSyntaxError, match="has no parameter 'c'"):
        shaped(c="n")(Pair)


# -- generators and coroutines --------------------------------------------------------------


def test_a_generator_is_checked_at_the_call_and_binds_expect_per_call():
    @shaped(x="n")
    def gen(x, steps):
        for k in steps:
            yield expect(z(k), "n")

    with pytest.raises(ShapeError, match="x has shape"):
        gen(z(2, 2), [])  # at the call, before any next()
    a, b = gen(z(2), [2, 2, 3]), gen(z(3), [3, 2])
    assert next(a).shape == (2,)
    assert next(b).shape == (3,)  # b's n is 3, whatever a bound
    assert next(a).shape == (2,)
    with pytest.raises(
        ShapeError,
        match=frag("gen(): the array given to expect()", "n = 3, bound by x"),
    ):
        next(b)
    with pytest.raises(ShapeError, match="n = 2, bound by x"):
        next(a)
    assert expect(z(5), "n").shape == (5,)  # outside: nothing bound


def test_a_generator_passes_send_throw_close_and_its_return_value():
    log = []

    @shaped(x="n")
    def echo(x):
        try:
            got = yield 1
            while True:
                got = yield got
        except KeyError:
            yield "caught"
        finally:
            log.append("closed")
        return "done"

    g = echo(z(1))
    assert next(g) == 1
    assert g.send(5) == 5
    assert g.throw(KeyError()) == "caught"
    with pytest.raises(StopIteration) as stop:
        next(g)
    assert stop.value.value == "done"
    assert log == ["closed"]
    g = echo(z(1))
    next(g)
    g.close()
    assert log == ["closed", "closed"]


def test_coroutines_check_the_result_and_bind_expect_across_awaits():
    @shaped(x="n", returns="n")
    async def step(x, k):
        await asyncio.sleep(0)
        expect(z(len(x)), "n")
        await asyncio.sleep(0)
        return x[: len(x) - k]

    async def main():
        return await asyncio.gather(step(z(2), 0), step(z(5), 0))

    assert [a.shape for a in asyncio.run(main())] == [(2,), (5,)]
    with pytest.raises(
        ShapeError, match=frag("step(): the result has shape (4,)", "n = 5")
    ):
        asyncio.run(step(z(5), 1))
    with pytest.raises(ShapeError, match="x has shape"):
        step(z(2, 2), 0)  # at the call


# -- fast paths -------------------------------------------------------------------------------


def test_python_numbers_raise_nothing_inside_the_wrapper():
    @shaped(w="n, 1", b="()", X="n, m", returns="1, m")
    def f(w, b, X):
        return w.T @ X + b

    events = []

    def tracer(frame, event, arg):
        if event == "exception":
            events.append((frame.f_code.co_filename, arg[0].__name__))
        return tracer

    sys.settrace(tracer)
    try:
        for b in (0.5, 1, np.float64(0.5), z()):
            f(z(3, 1), b, z(3, 4))
    finally:
        sys.settrace(None)
    assert events == []


def test_tuple_subclass_shapes_are_read_as_they_are():
    class Size(tuple):  # torch.Size is a tuple subclass
        pass

    class Tensor:
        def __init__(self, *shape):
            self.shape = Size(shape)
            self.dtype = "torch.float32"

    @shaped(x="float32: n, m", returns="*batch")
    def f(x):
        return x

    t = Tensor(2, 3)
    assert f(t) is t
    with pytest.raises(
        ShapeError, match=frag("x has shape (2,)", "1 axis, expected 2")
    ):
        f(Tensor(2))


def test_unknown_sizes_bind_nothing_in_the_call_expect_or_result():
    class Unknown:  # a Dask array's unknown size is NaN
        shape = (float("nan"), 3)

    @shaped(x="n, m", y="n", returns="n")
    def f(x, y):
        expect(z(len(y)), "n")
        return z(5)

    assert f(Unknown(), z(5)).shape == (5,)
    with pytest.raises(
        ShapeError, match=frag("the result has shape (5,)", "n = 4, bound by y")
    ):
        f(Unknown(), z(4))

    @shaped(x="n, m", returns="n")
    def g(x, k):
        return expect(z(k), "n", n=k)

    assert g(Unknown(), 7).shape == (7,)  # n was never bound: expect binds it
    assert g(Unknown(), 2).shape == (2,)


POOL = [
    "n", "n, m", "#n, m", "*b, n", "n, n+1", "2*n", "m, #m", "_, n", "3, n",
    "..., m", "*b", "()", "float: n", "float: ()", "int: *b",
]  # fmt: skip


class Sized:
    def __init__(self, shape):
        self.shape = tuple(shape)


@settings(max_examples=300)
@given(st.lists(st.sampled_from(POOL), min_size=1, max_size=3), st.data())
def test_generated_wrappers_agree_with_the_slow_replay(specs, data):
    from bcast.guard.report import Replay

    names = ["a", "b", "c"][: len(specs)]
    scope: dict = {}
    exec(f"def f({', '.join(names)}):\n    return 0\n", scope)
    f = shaped(**dict(zip(names, specs)))(scope["f"])
    sizes = st.one_of(st.integers(0, 3), st.just(float("nan")))
    shapes = st.lists(sizes, max_size=3)
    value = st.one_of(
        shapes.map(Sized),  # no dtype
        st.lists(st.integers(0, 3), max_size=3).map(np.zeros),  # float64
        st.lists(st.integers(0, 3), max_size=3).map(lambda s: np.zeros(s, int)),
        st.sampled_from([0.5, 2, True, np.float32(1)]),
    )
    values = tuple(data.draw(value, label=name) for name in names)
    expected = f.__bcast_guard__.replay(Replay("f", None), values)
    if expected is None:
        assert f(*values) == 0
    else:
        with pytest.raises(ShapeError) as info:
            f(*values)
        assert str(info.value) == str(expected)


def _helper(a):
    return expect(a, "n")


@shaped(y="n")
def _inner(y, other):
    return _helper(other)  # no expect() in this body: found by its frame


@shaped(x="n")
def _outer(x, y, other):
    expect(x, "n")  # this body calls expect(): held in the context variable
    return _inner(y, other)


def test_expect_in_a_helper_shares_the_nearest_guarded_call():
    assert _inner(z(3), z(3)).shape == (3,)
    with pytest.raises(
        ShapeError,
        match=frag("_inner(): the array given to expect()", "n = 3, bound by y"),
    ):
        _inner(z(3), z(4))
    # inside _outer (n = 5) the nearest call is _inner's (n = 2), not _outer's
    assert _outer(z(5), z(2), z(2)).shape == (2,)
    with pytest.raises(ShapeError, match=frag("n = 2, bound by y")):
        _outer(z(5), z(2), z(5))
    assert expect(z(7), "n").shape == (7,)  # outside: nothing bound
