"""Hypothesis strategies for testing code that handles broadcasting errors.

Hypothesis generates shapes that broadcast
(``hypothesis.extra.numpy.mutually_broadcastable_shapes``) but none that do
not.  :func:`incompatible_shapes` fills that gap: lists of shapes NumPy
rejects, each with the first conflicting axis, for testing the error branch
of a function — its message, its exception type, its recovery::

    from hypothesis import given
    from bcast.testing import incompatible_shapes

    @given(incompatible_shapes(num_shapes=3, max_dims=4))
    def test_my_function_names_the_axis(case):
        arrays = [np.ones(s) for s in case.input_shapes]
        with pytest.raises(MyShapeError, match=f"axis {case.axis}"):
            my_function(*arrays)

This module imports hypothesis; ``import bcast`` never imports it.
"""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from bcast.core.records import Record
from bcast.core.rule import broadcast
from bcast.errors import BcastError
from bcast.guard.codegen import ops
from bcast.guard.report import elements
from bcast.guard.spec import Each, Expr, Fixed, Keys, Spec, nodes_specs

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from bcast.guard.spec import Node
    from bcast.guard.wrap import Guarded

__all__ = [
    "IncompatibleShapes",
    "ShapedInputs",
    "StrategyArgumentError",
    "ViolatingInputs",
    "incompatible_shapes",
    "shaped_inputs",
    "violating_inputs",
]

NDIM_MAX = 32
"""``np.broadcast_shapes`` handles at most 32 axes (hypothesis' limit too)."""


class IncompatibleShapes(Record):
    """Shapes that do not broadcast, and where they first conflict.

    Attributes
    ----------
    input_shapes : tuple of tuple of int
        The shapes, as hypothesis' ``BroadcastableShapes.input_shapes``.
    axis : int
        The first conflicting axis going right to left, as a negative index
        (``-1`` is the last axis): every axis to its right broadcasts.
    operands : tuple of int
        The shapes whose sizes on ``axis`` are not 1 (at least two of them
        differ there).
    """

    input_shapes: tuple[tuple[int, ...], ...]
    axis: int
    operands: tuple[int, ...]


class StrategyArgumentError(BcastError, InvalidArgument):
    """Options to a strategy that cannot work: hypothesis' ``InvalidArgument``.

    Attributes
    ----------
    arguments : tuple of (str, object)
        The offending options, by name, as given.
    reason : str
        Why they cannot work.
    """

    def __init__(self, arguments: tuple[tuple[str, object], ...], reason: str) -> None:
        super().__init__(arguments, reason)
        self.arguments = arguments
        self.reason = reason

    def _message(self) -> str:
        given = ", ".join(f"{name}={value!r}" for name, value in self.arguments)
        return f"{given}: {self.reason}"


def _check_int(name: str, value: object, least: int, why: str = "") -> None:
    if type(value) is not int:
        raise StrategyArgumentError(
            ((name, value),), f"must be an int, not {type(value).__name__}"
        )
    if value < least:
        raise StrategyArgumentError(((name, value),), f"must be at least {least}{why}")


def _not_one(index: int, low: int) -> int:
    """The ``index``-th size from ``low`` up, skipping 1."""
    size = low + index
    return size + 1 if low <= 1 <= size else size


@st.composite
def _incompatible(
    draw: st.DrawFn,
    num_shapes: int,
    min_dims: int,
    max_dims: int,
    min_side: int,
    max_side: int,
) -> IncompatibleShapes:
    sides = st.integers(min_side, max_side)
    one = min_side <= 1 <= max_side
    not_ones = max_side - min_side + 1 - one
    # The two shapes that conflict (the first two, once shrunk) ...
    first = draw(st.integers(0, num_shapes - 1))
    second = draw(st.integers(0, num_shapes - 2))
    second += second >= first
    ranks = [
        draw(
            st.integers(
                max(min_dims, 1) if i in (first, second) else min_dims, max_dims
            )
        )
        for i in range(num_shapes)
    ]
    # ... on axis -k, with every axis to its right broadcasting: each shape has
    # there the axis's size or, where 1 is allowed, a 1.
    k = draw(st.integers(1, min(ranks[first], ranks[second])))
    shapes: list[list[int]] = [[] for _ in range(num_shapes)]
    for position in range(1, max(ranks) + 1):  # right to left
        if position < k:
            size = draw(sides)
            column = [
                1 if one and size != 1 and draw(st.booleans()) else size
                for _ in range(num_shapes)
            ]
        elif position == k:
            p = draw(st.integers(0, not_ones - 1))
            q = draw(st.integers(0, not_ones - 2))
            q += q >= p
            column = [draw(sides) for _ in range(num_shapes)]
            column[first] = _not_one(p, min_side)
            column[second] = _not_one(q, min_side)
        else:  # left of the conflict anything goes
            column = [draw(sides) for _ in range(num_shapes)]
        for shape, rank, size in zip(shapes, ranks, column):
            if rank >= position:
                shape.insert(0, size)
    input_shapes = tuple(tuple(s) for s in shapes)
    conflict = broadcast(*input_shapes).conflict
    assert conflict is not None, input_shapes
    assert conflict.axis == -k, (input_shapes, k)
    return IncompatibleShapes(
        input_shapes=input_shapes, axis=conflict.axis, operands=conflict.conflicting
    )


def incompatible_shapes(
    num_shapes: int = 2,
    *,
    min_dims: int = 0,
    max_dims: int | None = None,
    min_side: int = 1,
    max_side: int | None = None,
) -> st.SearchStrategy[IncompatibleShapes]:
    """A strategy for lists of shapes that NumPy refuses to broadcast together.

    The counterpart of hypothesis'
    ``hypothesis.extra.numpy.mutually_broadcastable_shapes``, which only
    generates shapes that broadcast.  ``np.broadcast_shapes`` raises for every
    example, and so does any ufunc given arrays of these shapes.  Examples
    shrink towards two shapes of one axis, conflicting on the last axis.

    Parameters
    ----------
    num_shapes : int
        How many shapes in each example (at least 2).
    min_dims, max_dims : int
        The fewest and most axes of a shape (``max_dims`` defaults to
        ``max(min_dims, 1) + 2``; at most 32, NumPy's limit for
        ``np.broadcast_shapes``).  Two of the shapes always have an axis.
    min_side, max_side : int
        The smallest and largest size of an axis (``max_side`` defaults to
        ``min_side + 2``).  The range must hold two sizes other than 1.

    Returns
    -------
    SearchStrategy of IncompatibleShapes
        ``(input_shapes, axis, operands)``: the shapes, the first conflicting
        axis going right to left (a negative index), and the shapes whose
        sizes on that axis are not 1.

    Raises
    ------
    StrategyArgumentError
        At once, for options that cannot work (a ``hypothesis.errors.
        InvalidArgument``); the message echoes them as ``name=value``.

    Examples
    --------
    >>> from hypothesis import given
    >>> import numpy as np
    >>> @given(incompatible_shapes(num_shapes=3, max_dims=3))
    ... def test(case):
    ...     try:
    ...         np.broadcast_shapes(*case.input_shapes)
    ...     except ValueError:
    ...         return
    ...     raise AssertionError(case)
    >>> test()
    >>> incompatible_shapes(num_shapes=1)
    Traceback (most recent call last):
    ...
    bcast.testing.StrategyArgumentError: num_shapes=1: must be at least 2 (a single shape always broadcasts)
    """
    _check_int("num_shapes", num_shapes, 2, " (a single shape always broadcasts)")
    _check_int("min_dims", min_dims, 0)
    if max_dims is None:
        max_dims = min(max(min_dims, 1) + 2, NDIM_MAX)
    _check_int("max_dims", max_dims, 1, " (shapes without axes always broadcast)")
    for name, value in (("min_dims", min_dims), ("max_dims", max_dims)):
        if value > NDIM_MAX:
            raise StrategyArgumentError(
                ((name, value),),
                f"NumPy's np.broadcast_shapes handles at most {NDIM_MAX} axes",
            )
    if min_dims > max_dims:
        raise StrategyArgumentError(
            (("min_dims", min_dims), ("max_dims", max_dims)),
            "min_dims is larger than max_dims",
        )
    _check_int("min_side", min_side, 0)
    if max_side is None:
        max_side = min_side + 2
    _check_int("max_side", max_side, 0)
    if min_side > max_side:
        raise StrategyArgumentError(
            (("min_side", min_side), ("max_side", max_side)),
            "min_side is larger than max_side",
        )
    if max_side - min_side + 1 - (min_side <= 1 <= max_side) < 2:
        raise StrategyArgumentError(
            (("min_side", min_side), ("max_side", max_side)),
            "a conflict needs two different sizes other than 1 between them",
        )
    return _incompatible(num_shapes, min_dims, max_dims, min_side, max_side)


# -- inputs for guarded functions ------------------------------------------------------


class ShapedInputs(Record):
    """Arguments that satisfy a guarded function's specs.

    Attributes
    ----------
    args : tuple
        Positional arguments (only for positional-only parameters).
    kwargs : dict
        Keyword arguments, by parameter name.
    sizes : dict
        The size drawn for every name in the specs (a tuple for ``*name``).
    """

    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    sizes: dict[str, Any]

    def call(self, func: Callable[..., Any]) -> Any:
        """``func(*args, **kwargs)``."""
        return func(*self.args, **self.kwargs)


class ViolatingInputs(Record):
    """Arguments that break exactly one binding of a guarded function's specs.

    Attributes
    ----------
    args, kwargs, sizes
        As in :class:`ShapedInputs` (``sizes`` before the change).
    argument : str
        Where the guard fails: the label in :attr:`bcast.ShapeError.argument`
        (``"X"``, ``"xs[1]"``, ``"kwargs['w']"``).
    axis : int or None
        The axis that was changed, a positive index, as
        :attr:`bcast.ShapeError.axis` reports it; None when no single axis
        can be blamed alone (every name bound once, no fixed size) and the
        argument got one axis more instead.
    actual : int or None
        The size put there instead of the one the spec asks for.
    """

    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    sizes: dict[str, Any]
    argument: str
    axis: int | None
    actual: int | None

    def call(self, func: Callable[..., Any]) -> Any:
        """``func(*args, **kwargs)`` (it raises :class:`bcast.ShapeError`)."""
        return func(*self.args, **self.kwargs)


# dtypes drawn for a spec's dtype, first the most common
_DTYPES = (
    "float64", "float32", "float16", "int64", "int32", "int8", "uint8",
    "uint64", "bool", "complex128", "complex64",
)  # fmt: skip


def _guarded(func: object) -> Guarded:
    found = getattr(func, "__bcast_guard__", None)
    if found is None and isinstance(func, type):
        found = getattr(vars(func).get("__init__"), "__bcast_guard__", None)
    if found is None:
        raise StrategyArgumentError(
            (("func", func),),
            "is not decorated with @bcast.shaped (or the guard was off when it was)",
        )
    return found  # type: ignore[no-any-return]


def _names(guarded: Guarded) -> tuple[set[str], set[str], set[str]]:
    """Plain names, variadic names and names used only in expressions."""
    plain: set[str] = set()
    variadic: set[str] = set()
    used: set[str] = set()
    nodes = [node for _, _, node in guarded.arguments]
    for spec in (s for node in nodes for s in nodes_specs(node)):
        for d in spec.items:
            if isinstance(d, Expr):
                used.update(d.names)
            elif d.kind == "name":
                plain.add(str(d.value))
            elif d.kind == "variadic" and d.value is not None:
                variadic.add(str(d.value))
    return plain, variadic, used - plain - variadic - set(guarded.ints)


def _elements(dtype: Any) -> st.SearchStrategy[Any]:
    import numpy as np
    from hypothesis.extra import numpy as hnp

    kind = np.dtype(dtype).kind
    if kind == "f":
        return hnp.from_dtype(
            np.dtype(dtype),
            min_value=-10,
            max_value=10,
            allow_nan=False,
            allow_infinity=False,
        )
    if kind == "c":
        return hnp.from_dtype(
            np.dtype(dtype), max_magnitude=10, allow_nan=False, allow_infinity=False
        )
    if kind in "iu":
        return hnp.from_dtype(
            np.dtype(dtype), min_value=0 if kind == "u" else -10, max_value=10
        )
    return hnp.from_dtype(np.dtype(dtype))


def _dtypes(spec: Spec) -> list[str]:
    if spec.dtype is None:
        return ["float64"]
    fits = [d for d in _DTYPES if spec.dtype.accepts_name(d)]
    if not fits:
        raise StrategyArgumentError(
            (("dtype", spec.dtype.text),), "no NumPy dtype fits this spec's dtype"
        )
    return fits


def _shape(
    draw: st.DrawFn, spec: Spec, sizes: dict[str, Any], max_side: int
) -> tuple[int, ...]:
    from hypothesis import assume

    shape: list[int] = []
    for d in spec.items:
        if isinstance(d, Expr):
            value = d.evaluate(sizes)
            assume(value is not None and value >= 0)
            shape.append(value)  # type: ignore[arg-type]
        elif d.kind == "size":
            shape.append(1 if d.broadcastable and draw(st.booleans()) else int(d.value))  # type: ignore[arg-type]
        elif d.kind == "name":
            size = sizes[str(d.value)]
            shape.append(1 if d.broadcastable and draw(st.booleans()) else size)
        elif d.kind == "any":
            shape.append(draw(st.integers(0, max_side)))
        elif d.kind == "ellipsis":
            shape.extend(draw(st.lists(st.integers(0, max_side), max_size=2)))
        else:  # *name
            shape.extend(sizes[str(d.value)] if d.value is not None else ())
    return tuple(shape)


def _draw_node(
    draw: st.DrawFn, node: Node, sizes: dict[str, Any], max_side: int, max_items: int
) -> Any:
    import numpy as np
    from hypothesis.extra import numpy as hnp

    if isinstance(node, Spec):
        dtype = draw(st.sampled_from(_dtypes(node)))
        shape = _shape(draw, node, sizes, max_side)
        return draw(hnp.arrays(np.dtype(dtype), shape, elements=_elements(dtype)))
    if isinstance(node, Each):
        n = draw(st.integers(0, max_items))
        items = [
            _draw_node(draw, node.item, sizes, max_side, max_items) for _ in range(n)
        ]
        if node.kind in ("values", "kwargs"):
            return {f"k{i}": v for i, v in enumerate(items)}
        return tuple(items) if node.kind == "args" or draw(st.booleans()) else items
    if isinstance(node, Fixed):
        return tuple(
            None if c is None else _draw_node(draw, c, sizes, max_side, max_items)
            for c in node.items
        )
    assert isinstance(node, Keys)
    return {
        k: _draw_node(draw, c, sizes, max_side, max_items)
        for k, c in node.items.items()
    }


def _pack(
    func: object, values: dict[str, Any]
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """Positional-only, *args and **kwargs parameters as Python wants them."""
    import inspect

    target: Any = func.__init__ if isinstance(func, type) else func  # type: ignore[misc]
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for p in inspect.signature(target).parameters.values():
        if p.name not in values:
            continue
        v = values[p.name]
        if p.kind == p.POSITIONAL_ONLY:
            args.append(v)
        elif p.kind == p.VAR_POSITIONAL:
            args.extend(v)
        elif p.kind == p.VAR_KEYWORD:
            kwargs.update(v)
        else:
            kwargs[p.name] = v
    if args and any(
        p.kind == p.VAR_POSITIONAL
        for p in inspect.signature(target).parameters.values()
    ):
        # *args follow the positional parameters: pass those by position too
        named = [
            p.name
            for p in inspect.signature(target).parameters.values()
            if p.kind == p.POSITIONAL_OR_KEYWORD and p.name in kwargs
        ]
        args = [kwargs.pop(n) for n in named] + args
    return tuple(args), kwargs


@st.composite
def _inputs(
    draw: st.DrawFn,
    func: object,
    strategies: dict[str, st.SearchStrategy[Any]],
    min_side: int,
    max_side: int,
    max_items: int,
) -> tuple[ShapedInputs, dict[str, Any]]:
    guarded = _guarded(func)
    plain, variadic, _ = _names(guarded)
    sizes: dict[str, Any] = {}
    for name in sorted(plain | set(guarded.ints)):
        sizes[name] = draw(st.integers(min_side, max_side), label=name)
    for name in sorted(variadic):
        sizes[name] = tuple(draw(st.lists(st.integers(min_side, max_side), max_size=2)))
    values: dict[str, Any] = {name: sizes[name] for name in guarded.ints}
    for name, _, node in guarded.arguments:
        values[name] = _draw_node(draw, node, sizes, max_side, max_items)
    for name, strategy in strategies.items():
        values[name] = draw(strategy)
    args, kwargs = _pack(func, values)
    return ShapedInputs(args=args, kwargs=kwargs, sizes=sizes), values


def _options(
    func: object,
    min_side: int,
    max_side: int,
    max_items: int,
    strategies: dict[str, Any],
) -> None:
    guarded = _guarded(func)
    _check_int("min_side", min_side, 0)
    _check_int("max_side", max_side, 0)
    _check_int("max_items", max_items, 0)
    if min_side > max_side:
        raise StrategyArgumentError(
            (("min_side", min_side), ("max_side", max_side)),
            "min_side is larger than max_side",
        )
    _, _, unbound = _names(guarded)
    if unbound:
        raise StrategyArgumentError(
            (("func", guarded.name),),
            f"its specs use {', '.join(sorted(unbound))} only in expressions: no argument binds them",
        )
    for name, strategy in strategies.items():
        if not isinstance(strategy, st.SearchStrategy):
            raise StrategyArgumentError(
                ((name, strategy),), "must be a hypothesis strategy"
            )


def shaped_inputs(
    func: Callable[..., Any],
    *,
    min_side: int = 1,
    max_side: int = 4,
    max_items: int = 3,
    **strategies: st.SearchStrategy[Any],
) -> st.SearchStrategy[ShapedInputs]:
    """A strategy for arguments that satisfy a guarded function's specs.

    Every name in the specs gets one size per example, shared by every
    argument (``n``, ``#n`` as ``n`` or 1, ``*batch``, int parameters the
    specs name, arithmetic such as ``n+1`` evaluated from them); arrays are
    NumPy arrays of a dtype the spec allows, with small finite values.
    Containers (``["n"]``, ``*args``, ``**kwargs``) get up to ``max_items``
    items.  Parameters without a spec are left to their defaults, or drawn
    from ``strategies`` given by name.

    Parameters
    ----------
    func : callable or class
        A function (or dataclass) decorated with :func:`bcast.shaped`.
    min_side, max_side : int
        The smallest and largest size drawn for a name or ``_``.
    max_items : int
        The most items drawn for a container.
    **strategies : SearchStrategy
        Strategies for other parameters, by name.

    Returns
    -------
    SearchStrategy of ShapedInputs
        ``(args, kwargs, sizes)``; ``case.call(func)`` calls ``func``.

    Examples
    --------
    >>> import bcast
    >>> from hypothesis import given
    >>> @bcast.shaped(w="n_x, 1", X="float: n_x, m", returns="1, m")
    ... def forward(w, X):
    ...     return w.T @ X
    >>> @given(shaped_inputs(forward))
    ... def test_forward(case):
    ...     out = case.call(forward)
    ...     assert out.shape == (1, case.sizes["m"])
    >>> test_forward()
    """
    _options(func, min_side, max_side, max_items, strategies)
    return _inputs(func, strategies, min_side, max_side, max_items).map(
        lambda pair: pair[0]
    )


def _sites(
    guarded: Guarded, values: dict[str, Any]
) -> list[tuple[str, Spec, Any, str]]:
    """(label, spec, array, phase) in the order the guard checks them."""
    out = []
    later = []
    for name, optional, node in guarded.arguments:
        if optional and values.get(name) is None:
            continue
        for label, spec, value in elements(node, values[name], name):
            deferred = guarded.deferred(node)
            out.append((label, spec, value, "plain" if deferred else "all"))
            if deferred:
                later.append((label, spec, value, "expr"))
    return out + later


@st.composite
def _violating(
    draw: st.DrawFn,
    func: object,
    strategies: dict[str, st.SearchStrategy[Any]],
    min_side: int,
    max_side: int,
    max_items: int,
) -> ViolatingInputs:
    import numpy as np
    from hypothesis import assume

    guarded = _guarded(func)
    case, values = draw(_inputs(func, strategies, min_side, max_side, max_items))
    # Which axes can be changed alone and be blamed: a fixed size, an
    # expression, or a name seen before (in the guard's order).
    seen = set(guarded.ints)
    candidates = []
    for k, (_, spec, value, phase) in enumerate(_sites(guarded, values)):
        ndim = value.ndim
        for i, kind, v in ops(spec.items):
            if (kind == 4) != (phase == "expr") and phase != "all":
                continue
            axis = i % ndim
            if kind in (0, 2):  # a size, #size
                candidates.append((k, axis, kind, int(v)))
            elif kind == 4:  # an expression
                candidates.append((k, axis, kind, v.evaluate(case.sizes)))
            elif str(v) in seen:
                candidates.append((k, axis, kind, case.sizes[str(v)]))
            elif kind == 1 or value.shape[axis] != 1:
                seen.add(str(v))
        for d in spec.items:
            if d.kind == "variadic" and d.value is not None:
                seen.add(str(d.value))
    if not candidates:
        # Every name is bound once and there is no fixed size: give an
        # argument of a fixed rank one more axis instead.
        fixed = [
            k
            for k, (_, spec, _, phase) in enumerate(_sites(guarded, values))
            if phase != "expr"
            and not any(d.kind in ("ellipsis", "variadic") for d in spec.items)
        ]
        assume(fixed)
        k = draw(st.sampled_from(fixed))
        label, spec, value, _ = _sites(guarded, values)[k]
        shape, axis, new = (*value.shape, 2), None, None
    else:
        k, axis, kind, target = draw(st.sampled_from(candidates))
        label, spec, value, _ = _sites(guarded, values)[k]
        new = target + 1 if target + 1 != 1 else 2  # neither the size asked for, nor 1
        shape = (*value.shape[:axis], new, *value.shape[axis + 1 :])
    replacement = np.zeros(shape, dtype=value.dtype)
    _replace(values, guarded, label, replacement)
    args, kwargs = _pack(func, values)
    return ViolatingInputs(
        args=args,
        kwargs=kwargs,
        sizes=case.sizes,
        argument=label,
        axis=axis,
        actual=new,
    )


def _replace(values: dict[str, Any], guarded: Guarded, label: str, new: Any) -> None:
    """Put ``new`` where ``label`` (``xs[1]``, ``d['a']``) points in ``values``."""
    for name, _, _ in guarded.arguments:
        if label == name:
            values[name] = new
            return
        if label.startswith(name + "["):
            path = label[len(name) :]
            keys = []
            while path:
                close = path.index("]")
                text = path[1:close]
                keys.append(int(text) if text.isdigit() else text.strip("'\""))
                path = path[close + 1 :]
            values[name] = _replaced(values[name], keys, new)
            return
    raise AssertionError(label)  # pragma: no cover


def _replaced(container: Any, keys: list[Any], new: Any) -> Any:
    if not keys:
        return new
    head, rest = keys[0], keys[1:]
    if isinstance(container, dict):
        return {**container, head: _replaced(container[head], rest, new)}
    items = list(container)
    items[head] = _replaced(items[head], rest, new)
    return type(container)(items) if isinstance(container, tuple) else items


def violating_inputs(
    func: Callable[..., Any],
    *,
    min_side: int = 1,
    max_side: int = 4,
    max_items: int = 3,
    **strategies: st.SearchStrategy[Any],
) -> st.SearchStrategy[ViolatingInputs]:
    """A strategy for arguments that break exactly one binding of the specs.

    Draws what :func:`shaped_inputs` draws, then changes the size of one axis
    that the guard must blame: a fixed size, an arithmetic axis, or a name
    already bound by an earlier axis (where there is none, an argument gets
    one axis more, and ``case.axis`` is None).  The guard raises
    :class:`bcast.ShapeError` at ``case.argument`` and ``case.axis``.

    Examples
    --------
    >>> import bcast, pytest
    >>> from hypothesis import given
    >>> @bcast.shaped(w="n_x, 1", X="n_x, m")
    ... def forward(w, X):
    ...     return w.T @ X
    >>> @given(violating_inputs(forward))
    ... def test_guard(case):
    ...     with pytest.raises(bcast.ShapeError) as info:
    ...         case.call(forward)
    ...     assert (info.value.argument, info.value.axis) == (case.argument, case.axis)
    >>> test_guard()
    """
    _options(func, min_side, max_side, max_items, strategies)
    return _violating(func, strategies, min_side, max_side, max_items)
