"""The shape guard: state the shapes a function expects, checked at every call.

Specs use the grammar of :mod:`bcast.core.syntax` — ``3``, ``n_x`` (a name, bound
to a size by its first use), ``_`` (any size), ``...`` (any number of axes),
``*batch`` (any number of axes, bound like a name), ``#n`` (``n`` or 1) and
``()`` (a 0-d array or a Python number) — plus a dtype before a colon and
arithmetic over names (:mod:`bcast.guard.spec`)::

    @bcast.shaped(w="n_x, 1", b="()", X="float: n_x, m", returns="1, m")
    def propagate(w, b, X): ...

    @bcast.shaped(a="n", returns="n+1")       # arithmetic
    def pad(a, width: int): ...              # ... and int arguments: "n+2*width"

    @bcast.shaped(xs=["n, m"], returns="n, m")  # containers: list, tuple, dict
    def mean(xs): ...

    X = bcast.expect(X, "n_x, m")          # inline: returns X itself

    with bcast.dims(n_x=20, m=1000) as d:  # sizes held across calls
        propagate(w, b, X)

Each guarded call binds its names afresh (one set of bindings for its
arguments, its result and every :func:`expect` inside it); a :func:`dims`
scope adds sizes that every call inside it is held to.  Bindings live in
:mod:`contextvars`, so threads and recursive calls never see each other's.

Every spec is parsed once, when decorating, into generated code
(:mod:`bcast.guard.codegen`); a guarded call costs a few attribute reads and
comparisons per argument.  The guard never copies, converts or mutates an
argument.  ``BCAST_GUARD=0`` in the environment when bcast.guard is imported
makes :func:`shaped` return the function itself and :func:`expect` return at
once; :func:`disable` and :func:`enable` switch the guard at run time.
"""

from __future__ import annotations

import sys

from bcast.errors import ShapeError, ShapeSyntaxError
from bcast.explainer.words.catalog import resolve, say
from bcast.guard import state
from bcast.guard.codegen import compile_check
from bcast.guard.report import EXPECT, Replay, _fmt
from bcast.guard.spec import Each, Shape, Spec, from_annotation, from_value, nodes_specs
from bcast.guard.wrap import (
    STEPS,
    Guarded,
    dataclass_init,
    function_wrapper,
    result_node,
)

TYPE_CHECKING = False  # see bcast.core.rule: typing stays out of start-up
if TYPE_CHECKING:
    import inspect
    from collections.abc import Callable, Iterator, Mapping
    from typing import Any, TypeVar, overload

    from bcast.core.shapes import Dim, Dims
    from bcast.guard.spec import Node
    from bcast.guard.state import Bindings, Frame

    T = TypeVar("T")
    X = TypeVar("X")


__all__ = [
    "DimScope",
    "Shape",
    "dims",
    "disable",
    "enable",
    "enabled",
    "expect",
    "shaped",
]

# -- the switch ----------------------------------------------------------------


def enable() -> None:
    """Switch the guard on (the default).

    Functions decorated while ``BCAST_GUARD=0`` was in force at import stay
    unguarded: :func:`shaped` returned them untouched.  Functions decorated
    from now on are guarded.

    Examples
    --------
    >>> disable(); enabled()
    False
    >>> enable(); enabled()
    True
    """
    state.switch[0] = state.switch[1] = True


def disable() -> None:
    """Switch the guard off: guarded calls and :func:`expect` check nothing.

    Examples
    --------
    >>> import numpy as np
    >>> disable()
    >>> expect(np.zeros(3), "4").shape   # not checked
    (3,)
    >>> enable()
    """
    state.switch[0] = False


def enabled() -> bool:
    """True when the guard checks shapes.

    Examples
    --------
    >>> enabled()
    True
    """
    return bool(state.switch[0])


# -- sizes given by name: dims() and expect(**sizes) -------------------------------------


def _valid_size(value: object, name: str, where: str) -> int:
    from operator import index

    if not isinstance(value, bool):
        try:
            size = index(value)  # type: ignore[arg-type]
        except TypeError:
            pass
        else:
            if size < 0:
                raise ValueError(
                    say(
                        "guard.size_negative",
                        resolve(),
                        where=where,
                        name=name,
                        value=repr(value),
                    )
                )
            return size
    raise TypeError(
        say("guard.size_type", resolve(), where=where, name=name, value=repr(value))
    )


def _valid_sizes(sizes: Mapping[str, object], where: str) -> dict[str, Dim | Dims]:
    """Check ``name=size`` pairs: a size is an int >= 0, a ``*name`` a tuple."""
    out: dict[str, Dim | Dims] = {}
    for name, value in sizes.items():
        if not name.isidentifier():
            raise TypeError(
                say("guard.size_name", resolve(), where=where, name=repr(name))
            )
        if isinstance(value, (tuple, list)):
            out[name] = tuple(_valid_size(v, name, where) for v in value)
        else:
            out[name] = _valid_size(value, name, where)
    return out


class DimScope:
    """The sizes of a :func:`dims` scope: a read-only mapping name -> size.

    Inside its ``with`` block it holds every size in force: its own and those
    of the scopes around it.

    Examples
    --------
    >>> with dims(n_x=20) as outer:
    ...     with dims(m=1000) as inner:
    ...         print(dict(inner))
    {'n_x': 20, 'm': 1000}
    """

    __slots__ = ("_current", "_entered", "_sizes")

    def __init__(self, sizes: dict[str, Dim | Dims]) -> None:
        self._sizes = sizes
        self._current = sizes
        self._entered: list[tuple[object, dict[str, Dim | Dims]]] = []

    def __enter__(self) -> DimScope:
        outer = state.scope.get()
        merged = {} if outer is None else dict(outer)
        for name, value in self._sizes.items():
            have = merged.get(name)
            if have is not None and have != value:
                raise ShapeError(
                    None,
                    f"dims({name}={_fmt(value)})",
                    None,
                    None,
                    actual=value,
                    symbol=name,
                    expected=have,
                    bound_by=f"dims({name}={_fmt(have)})",
                )
            merged[name] = value
        state.switch[2] += 1
        self._entered.append((state.scope.set(merged), self._current))
        self._current = merged
        return self

    def __exit__(self, *exc: object) -> None:
        token, self._current = self._entered.pop()
        state.scope.reset(token)  # type: ignore[arg-type]
        state.switch[2] -= 1

    def __getitem__(self, name: str) -> Dim | Dims:
        return self._current[name]

    def __contains__(self, name: object) -> bool:
        return name in self._current

    def __iter__(self) -> Iterator[str]:
        return iter(self._current)

    def __len__(self) -> int:
        return len(self._current)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, DimScope):
            other = other._current
        return self._current == other

    __hash__ = None  # type: ignore[assignment]

    def get(self, name: str, default: object = None) -> object:
        """The size bound to ``name``, or ``default``."""
        return self._current.get(name, default)

    def keys(self) -> Iterator[str]:
        """The bound names."""
        return iter(self._current)

    def items(self) -> Iterator[tuple[str, Dim | Dims]]:
        """(name, size) pairs."""
        return iter(self._current.items())

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={_fmt(v)}" for k, v in self._current.items())
        return f"dims({inner})"


def dims(**sizes: int | tuple[int, ...]) -> DimScope:
    """Bind sizes for a ``with`` block: every guarded call inside is held to them.

    A guarded call binds its names afresh; inside ``with dims(n_x=4):`` each
    call starts with ``n_x = 4`` already bound, so a function that receives
    ``n_x = 5`` fails even if it is consistent by itself.  Scopes nest (an
    inner scope adds sizes; binding a name again to another size is an
    error), and the object ``as`` gives is a read-only mapping of every size
    in force.  Bindings live in a :class:`contextvars.ContextVar`: a thread
    started inside the block does not see them.

    Parameters
    ----------
    **sizes : int or tuple of int
        ``name=size``; a tuple binds a ``*name`` spec item.

    Returns
    -------
    DimScope
        A context manager and a mapping of the sizes in force.

    Raises
    ------
    ShapeError
        On entering, if a size contradicts the enclosing scope's.

    Examples
    --------
    >>> import numpy as np
    >>> with dims(n_x=4) as d:
    ...     with dims(m=8) as inner:
    ...         print(d, inner, inner["m"])
    dims(n_x=4) dims(n_x=4, m=8) 8
    >>> with dims(n_x=4):
    ...     expect(np.zeros((5, 8)), "n_x, m")
    Traceback (most recent call last):
    ...
    bcast.errors.ShapeError: the array given to expect() has shape (5, 8), expected (n_x, m): axis 0 (-2) is 5 but n_x = 4, bound by dims(n_x=4)
    """
    return DimScope(_valid_sizes(sizes, "dims"))


# -- expect ------------------------------------------------------------------------------

# spec -> (parsed, compiled checker), for expect()
_expected: dict[object, tuple[Spec, Callable[[Dims, Bindings], bool]]] = {}


def expect(x: X, spec: str | Shape, /, **sizes: int | tuple[int, ...]) -> X:
    """Check ``x``'s shape (and dtype) against ``spec`` now and return ``x`` itself.

    Inside a function decorated with :func:`shaped` (a generator or a
    coroutine too) it shares that call's bindings (names bound by the
    arguments hold here, and names bound here hold for the result); elsewhere
    it starts from the sizes of the current :func:`dims` scope.

    Parameters
    ----------
    x : array or number
        Anything with ``.shape`` (NumPy, PyTorch, JAX, CuPy, Dask); a Python
        number has shape ``()``.  Never copied or converted.
    spec : str or Shape
        ``"n_x, m"``, ``"*batch, 3"``, ``"#n, 1"``, ``"()"``, ``"float32: n"``,
        ``"n, 2*n"`` ...
    **sizes : int or tuple of int
        Sizes for names in the spec, bound before ``x`` is checked.

    Returns
    -------
    object
        ``x``, the same object.

    Raises
    ------
    ShapeError
        If the shape does not fit (a ``ValueError``).
    ShapeSyntaxError
        If ``spec`` is not a valid spec.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.zeros((4, 8))
    >>> expect(X, "n_x, m") is X
    True
    >>> expect(3.5, "float: ()")
    3.5
    >>> expect(X, "n_x, m", n_x=5)
    Traceback (most recent call last):
    ...
    bcast.errors.ShapeError: the array given to expect() has shape (4, 8), expected (n_x, m): axis 0 (-2) is 4 but n_x = 5, bound by expect(n_x=5)
    >>> expect(np.zeros(8), "1, m")
    Traceback (most recent call last):
    ...
    bcast.errors.ShapeError: the array given to expect() has shape (8,), expected (1, m): 1 axis, expected 2; a rank-1 array (8,) where (1, 8) was meant: use its .reshape(1, -1), or keepdims=True where it was computed
    >>> expect(np.zeros((4, 3), dtype=np.int64), "float: n, m")
    Traceback (most recent call last):
    ...
    bcast.errors.ShapeError: the array given to expect() has dtype int64, expected float (spec float: (n, m))
    """
    __tracebackhide__ = True
    if not state.switch[0]:
        return x
    try:
        known = _expected.get(spec)
    except TypeError:  # unhashable: not a spec
        known = None
    if known is None:
        node = from_value(spec) if isinstance(spec, (str, Shape)) else None
        if not isinstance(node, Spec):
            raise TypeError(
                say(
                    "guard.spec_type",
                    resolve(),
                    type=type(spec).__name__,
                    spec=repr(spec),
                )
            )
        known = (node, compile_check(node))
        if len(_expected) >= 1024:
            _expected.clear()
        _expected[spec] = known
    compiled, check = known
    frame = _find_call(sys._getframe(1))
    if frame is None:
        scope = state.scope.get()
        b: Bindings = {} if scope is None else scope.copy()
        trail: list[tuple[Any, Any]] | None = None
    else:
        b = frame[0]
        trail = b.get(state.TRAIL)  # type: ignore[call-overload]
        if trail is None:
            trail = []
            b[state.TRAIL] = trail  # type: ignore[index, assignment]
    given = _valid_sizes(sizes, "expect") if sizes else None
    failed = False
    if given:
        for name, value in given.items():
            have = b.get(name)
            if have is None:  # (a name only NaN sizes met is None: unbound)
                b[name] = value
            elif have != value:
                failed = True
        if trail is not None and not failed:
            trail.append((None, given))
    if not failed:
        shape = getattr(x, "shape", None)
        if type(shape) is not tuple:
            from bcast.guard.codegen import shape_of

            shape = shape_of(x)
        failed = shape is None or not check(shape, b)
        if not failed and compiled.dtype is not None:
            failed = not Replay._dtype_fits(compiled, x)
    if failed:
        error = _explain_expect(frame, compiled, x, given)
        try:
            raise error
        except ShapeError as e:  # the traceback ends in the caller's line
            e.__traceback__ = e.__traceback__.tb_next  # type: ignore[union-attr]
            raise
    if trail is not None:
        trail.append((compiled, x))
    return x


def _find_call(frame: Any) -> Frame | None:
    """The guarded call that ``frame`` runs in: the nearest wrapper's frame
    up the stack.

    A wrapper of a function that calls expect() by name, and every step of a
    guarded generator or coroutine, holds its call in a context variable; any
    other wrapper's call is read from its frame's locals (slower, but only
    for an expect() in a helper that such a function calls).
    """
    if not state.switch[3]:  # no other guarded call runs, in any thread
        return state.call.get()
    wrappers = state.wrappers
    while frame is not None:
        code = frame.f_code
        found = wrappers.get(id(code))
        if found is not None and found[3] is code:
            prefix, guarded, in_context, _, names_at = found
            if in_context:  # the innermost such call: the variable holds it
                return state.call.get()
            local = frame.f_locals
            b = local.get(prefix + "b")
            if b is None:  # made from the locals the names are bound in
                scope = local.get(prefix + "s")
                b = {} if scope is None else dict(scope)
                for name, var in names_at.items():
                    if local.get(var) is not None:
                        b[name] = local[var]
            names = [name for name, _, _ in guarded.arguments] + guarded.ints
            values = tuple(local[name] for name in names)
            return (b, values, local.get(prefix + "s"), guarded)
        if code is STEPS:
            return state.call.get()
        frame = frame.f_back
    return None


def _explain_expect(
    frame: Frame | None, spec: Spec, x: object, given: dict[str, Any] | None
) -> ShapeError:
    """The error of a failed expect(), replaying the call it is in."""
    if frame is None:
        r = Replay(None, state.scope.get())
    else:
        b, values, scope, guarded = frame
        r = Replay(guarded.name, scope)
        g: Guarded = guarded
        trail = b.get(state.TRAIL) or []  # type: ignore[call-overload]
        earlier = g.replay(r, values) or g.trail(r, trail)
        if earlier is not None:  # pragma: no cover - the call's checks passed
            return earlier
    if given:
        failed = r.sizes(given, "expect")
        if failed is not None:
            return failed
    return r.site(spec, x, EXPECT) or ShapeError(
        r.function, EXPECT, None, spec.shape_text, reason="?"
    )


# -- @shaped -----------------------------------------------------------------------------


def _annotations(fn: Any, name: str) -> dict[str, object]:
    """``fn``'s annotations, evaluated if they are strings.

    Annotations that cannot be evaluated are an error only if they mention
    Shape (``Vec = Annotated[..., Shape(...)]`` aliases are found as well,
    since everything that evaluates is read).
    """
    raw: dict[str, object] = dict(getattr(fn, "__annotations__", None) or {})
    if not any(isinstance(v, str) for v in raw.values()):
        return raw
    import inspect

    try:
        return inspect.get_annotations(fn, eval_str=True)
    except Exception as e:
        if not any(isinstance(v, str) and "Shape" in v for v in raw.values()):
            return {k: v for k, v in raw.items() if not isinstance(v, str)}
        raise TypeError(
            say(
                "guard.annotations",
                resolve(),
                name=name,
                error=f"{type(e).__name__}: {e}",
            )
        ) from None


def _display_name(fn: object) -> str:
    name = getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None)
    if not isinstance(name, str):
        return type(fn).__name__
    return name.rsplit("<locals>.", 1)[-1]


def _not_a_parameter(
    name: str, given: str, value: object, listed: list[str]
) -> ShapeSyntaxError:
    return ShapeSyntaxError(
        given,
        0,
        given,
        say(
            "guard.no_parameter",
            resolve(),
            name=name,
            given=repr(given),
            listed=", ".join(listed) or "-",
        ),
        f"spec name (={value!r})",
    )


def _guard(
    fn: Callable[..., Any], returns: object, specs: Mapping[str, object]
) -> Callable[..., Any]:
    import inspect
    from functools import wraps

    name = _display_name(fn)
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError) as e:
        raise TypeError(
            say("guard.signature", resolve(), name=name, error=str(e))
        ) from None
    for given, value in specs.items():
        if given not in params:
            raise _not_a_parameter(name, given, value, list(params))
    annotations = _annotations(fn, name)
    arguments: list[tuple[str, bool, Node]] = []
    for p in params.values():
        optional = p.default is None
        if p.name in specs:
            node: Node = from_value(specs[p.name], f"spec for {p.name}")
        else:
            found, allow_none = from_annotation(annotations.get(p.name))
            if found is None:
                continue
            node, optional = found, optional or allow_none
        if p.kind == p.VAR_POSITIONAL:
            node = Each(node, "args")
        elif p.kind == p.VAR_KEYWORD:
            node = Each(node, "kwargs")
        arguments.append((p.name, optional, node))
    what = f"spec for the result of {name}()"
    annotated, _ = from_annotation(annotations.get("return"))
    results = result_node(returns, annotated, what)
    kind = "function"
    if inspect.isgeneratorfunction(fn):
        kind = "generator"
    elif inspect.iscoroutinefunction(fn):
        kind = "coroutine"
    elif inspect.isasyncgenfunction(fn):
        kind = "asyncgen"
    if results is not None and kind in ("generator", "asyncgen"):
        raise TypeError(say("guard.generator_returns", resolve(), name=name))
    ints = _int_parameters(params, arguments, results)
    guarded = Guarded(name, arguments, ints, results)
    wrapper = wraps(fn)(function_wrapper(fn, guarded, params, kind, _calls_expect(fn)))
    wrapper.__bcast_guard__ = guarded  # type: ignore[attr-defined]  # for bcast.testing
    return wrapper


def _calls_expect(fn: Callable[..., Any]) -> bool:
    """True if ``fn``'s code (nested functions included) names expect():
    ``expect(...)``, ``bcast.expect(...)``, or any global bound to it."""
    code = getattr(fn, "__code__", None)
    scope = getattr(fn, "__globals__", {})
    todo = [code] if code is not None else []
    while todo:
        code = todo.pop()
        for name in code.co_names:
            if name == "expect" or scope.get(name) is expect:
                return True
        todo += [c for c in code.co_consts if hasattr(c, "co_names")]
    return False


def _int_parameters(
    params: Mapping[str, inspect.Parameter],
    arguments: list[tuple[str, bool, Node]],
    results: Node | None,
) -> list[str]:
    """Parameters without a spec whose names a spec uses: their int values bind."""
    used: set[str] = set()
    for _, _, node in arguments:
        for spec in nodes_specs(node):
            used |= spec.names()
    for spec in nodes_specs(results):
        used |= spec.names()
    checked = {name for name, _, _ in arguments}
    return [
        p.name
        for p in params.values()
        if p.name in used
        and p.name not in checked
        and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]


def _guard_class(cls: type, returns: object, specs: Mapping[str, object]) -> type:
    """``@shaped`` on a dataclass (or any class): check its fields after ``__init__``."""
    name = _display_name(cls)
    if returns is not None:
        raise TypeError(say("guard.class_returns", resolve(), name=name))
    fields: list[str] = list(getattr(cls, "__dataclass_fields__", {}) or {})
    annotations: dict[str, object] = {}
    for klass in reversed(cls.__mro__):
        annotations.update(
            _annotations(klass, name) if "__annotations__" in vars(klass) else {}
        )
    fields = fields or list(annotations)
    for given, value in specs.items():
        if given not in fields:
            raise _not_a_parameter(name, given, value, fields)
    arguments: list[tuple[str, bool, Node]] = []
    for field in fields:
        found: Node | None
        if field in specs:
            found, optional = from_value(specs[field], f"spec for {field}"), False
        else:
            found, optional = from_annotation(annotations.get(field))
        if found is not None and field.isidentifier():
            arguments.append((field, optional, found))
    guarded = Guarded(name, arguments, [], None)
    init = vars(cls).get("__init__") or cls.__init__  # type: ignore[misc]
    wrapper = dataclass_init(init, guarded)
    from functools import wraps

    wrapper = wraps(init)(wrapper)
    wrapper.__bcast_guard__ = guarded  # type: ignore[attr-defined]  # for bcast.testing
    cls.__init__ = wrapper  # type: ignore[misc]
    return cls


if TYPE_CHECKING:

    @overload
    def shaped(fn: T, /) -> T: ...

    @overload
    def shaped(*, returns: object = None, **specs: object) -> Callable[[T], T]: ...


def shaped(fn: Any = None, /, *, returns: object = None, **specs: object) -> Any:
    """Check a function's arguments and result against shape specs at every call.

    ``@shaped(w="n_x, 1", b="()", X="float: n_x, m", returns="1, m")``.  Each
    call binds its names afresh, once for all its arguments, its result and
    every :func:`expect` inside it; a :func:`dims` scope around the call binds
    some in advance.  Without keywords (``@shaped``), the specs come from
    ``Annotated[..., Shape("n_x, m")]`` annotations.  The decorated function
    keeps its type for mypy and pyright.

    Spec forms (see :mod:`bcast.guard.spec`): axes ``"n_x, m"``, ``"*batch,
    3"``, ``"#n"``, ``"()"``; a dtype before a colon, ``"float32: n, m"``,
    ``"int | bool: n"``; arithmetic over names, ``"n+1"``, ``"2*n"``,
    ``"n//2"``, where a name may also be an int parameter of the function;
    containers, ``["n, m"]`` (a list), ``("n", "m")`` (a tuple of two),
    ``("n", ...)``, ``{...: "n"}`` (a dict's values), and for ``*args`` /
    ``**kwargs`` the spec of each one.

    Arguments are found by position or keyword, defaults included; an argument
    whose default is None may be None (or left out).  Works on functions,
    methods, staticmethods, classmethods, generators and coroutines (checked
    at the call; :func:`expect` inside them shares the call's bindings), and
    on dataclasses (the fields are checked after ``__init__``; the class
    stays the class).  ``functools.wraps`` keeps the name, the docstring and
    ``inspect.signature``.  Specs are parsed here, once; a call only compares
    sizes.

    Parameters
    ----------
    fn : callable or class
        The function (when used as ``@shaped`` without parentheses).
    returns : spec, optional
        The result's spec; a tuple checks a tuple of results (None in it: do
        not check that one).
    **specs : spec
        A spec for each parameter (or field) to check, by name.

    Returns
    -------
    callable
        The guarded function; with ``BCAST_GUARD=0`` at import, ``fn`` itself.

    Raises
    ------
    ShapeSyntaxError
        Here, when decorating: a bad spec, or a name that is not a parameter.

    Examples
    --------
    >>> import numpy as np
    >>> @shaped(w="n_x, 1", b="1, 1", X="n_x, m", returns="1, m")
    ... def propagate(w, b, X):
    ...     return 1 / (1 + np.exp(-(w.T @ X + b)))
    >>> propagate(np.zeros((4, 1)), np.zeros((1, 1)), np.zeros((4, 8))).shape
    (1, 8)
    >>> propagate(np.zeros((4, 1)), np.zeros((1, 1)), np.zeros((3, 5)))
    Traceback (most recent call last):
    ...
    bcast.errors.ShapeError: propagate(): X has shape (3, 5), expected (n_x, m): axis 0 (-2) is 3 but n_x = 4, bound by w with shape (4, 1)
    >>> propagate(np.zeros((4, 1)), np.zeros((1, 1)), np.zeros((8, 4)))
    Traceback (most recent call last):
    ...
    bcast.errors.ShapeError: propagate(): X has shape (8, 4), expected (n_x, m): axis 0 (-2) is 8 but n_x = 4, bound by w with shape (4, 1); its transpose (4, 8) would fit (examples are columns here): did you mean X.T?
    >>> @shaped(a="float: n", returns="n+width")
    ... def pad(a, width):
    ...     return np.concatenate([a, np.zeros(width)])
    >>> pad(np.zeros(3), 2).shape
    (5,)
    >>> @shaped(a="float: n", returns="n+width")
    ... def bad_pad(a, width):
    ...     return np.concatenate([a, np.zeros(width + 1)])
    >>> bad_pad(np.zeros(3), 2)
    Traceback (most recent call last):
    ...
    bcast.errors.ShapeError: bad_pad(): the result has shape (6,), expected (n+width,): axis 0 (-1) is 6 but n+width = 5 (n = 3, bound by a with shape (3,); width = 2, bound by the argument width = 2)
    """
    if fn is None:

        def decorate(f: T) -> T:
            return _shaped(f, returns, specs)  # type: ignore[no-any-return]

        return decorate
    return _shaped(fn, returns, specs)


def _shaped(fn: Any, returns: object, specs: Mapping[str, object]) -> Any:
    if not state.switch[1]:
        return fn
    if isinstance(fn, (staticmethod, classmethod)):
        return type(fn)(_guard(fn.__func__, returns, specs))
    if isinstance(fn, type):
        return _guard_class(fn, returns, specs)
    if not callable(fn):
        raise TypeError(
            say("guard.not_callable", resolve(), type=type(fn).__name__, value=repr(fn))
        )
    return _guard(fn, returns, specs)
