"""NumPy's functions as shape rules: one entry each in :data:`FUNCTIONS`.

A rule gets the call's abstract arguments and returns the abstract result;
whatever it does not understand is unknown (None).  Adding a function is one
entry: ``"name": rule``, with the name as written after ``numpy.`` (or an
alias: ``np.random.randn`` is ``"random.randn"``).  Array methods are in
:data:`METHODS`, builtins (``len``, ``int``, ``str``) in :data:`BUILTINS`.

>>> sorted(FUNCTIONS)[:4]
['abs', 'absolute', 'add', 'all']
"""

from __future__ import annotations

import ast

from bcast.core.elementwise import BINARY
from bcast.lint.values import (
    Arr,
    Bound,
    Const,
    Dct,
    Int,
    Made,
    NewAxis,
    Num,
    Param,
    Str,
    Tup,
    is_size,
    size_of,
    sizes_of,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from bcast.core.shapes import Dim, Dims
    from bcast.lint.infer import Env, Interpreter
    from bcast.lint.values import Value

    Rule = Callable[["Call"], Value]

__all__ = [
    "BUILTINS",
    "FUNCTIONS",
    "METHODS",
    "call_builtin",
    "call_method",
    "call_numpy",
    "index",
]

_MISSING = Const(NotImplemented)


class Call:
    """One call: the interpreter, the call's node and its abstract arguments."""

    __slots__ = ("args", "it", "kwargs", "name", "node")

    def __init__(
        self,
        it: Interpreter,
        name: str,
        node: ast.Call,
        args: Sequence[Value],
        kwargs: dict[str, Value],
    ) -> None:
        self.it = it
        self.name = name
        self.node = node
        self.args = list(args)
        self.kwargs = kwargs

    def arg(self, i: int, name: str) -> Value:
        """Argument ``i`` or keyword ``name``; ``_MISSING`` when not given."""
        if i < len(self.args):
            return self.args[i]
        if name in self.kwargs:
            return self.kwargs[name]
        return _MISSING

    def arg_node(self, i: int, name: str) -> ast.expr | None:
        if i < len(self.node.args):
            return self.node.args[i]
        for k in self.node.keywords:
            if k.arg == name:
                return k.value
        return None

    def made(self, shape: Dims, **extra: object) -> Arr:
        out = Arr(shape, origin=self.it.origin(self.node))
        for key, value in extra.items():
            setattr(out, key, value)
        return out


def _true(v: Value) -> bool | None:
    if v is _MISSING:
        return False
    if isinstance(v, Const) and isinstance(v.value, bool):
        return v.value
    if isinstance(v, Int) and type(v.dim) is int:
        return bool(v.dim)
    return None


def _shape_arg(v: Value) -> Dims | None:
    return sizes_of(v)


# -- constructors ---------------------------------------------------------------


def _ctor(c: Call) -> Value:
    """``np.zeros((n, 1))``, ``np.ones(n)``, ``np.empty(shape)``, ``np.full(shape, v)``."""
    shape = _shape_arg(c.arg(0, "shape"))
    if shape is None:
        return None
    return c.made(shape, made=Made("ctor", c.node))


def _like(c: Call) -> Value:
    """``np.zeros_like(a)``: the shape of ``a`` (or ``shape=``)."""
    if "shape" in c.kwargs:
        return _ctor(Call(c.it, c.name, c.node, [c.kwargs["shape"]], {}))
    a = c.arg(0, "a")
    if isinstance(a, Arr):
        return c.made(a.shape)
    if isinstance(a, (Num, Int)):
        return Num()
    return None


def _dims_ctor(c: Call) -> Value:
    """``np.random.randn(n_h, n_x)``, ``np.random.rand(3)``: sizes as arguments."""
    if c.kwargs:
        return None
    if not c.args:
        return Num()
    shape = _shape_arg(Tup(tuple(c.args)))
    if shape is None:
        return None
    return c.made(shape, made=Made("ctor", c.node))


def _size_kw(position: int) -> Rule:
    """``np.random.random(size)``, ``np.random.normal(0, 1, size=(n, 1))``."""

    def rule(c: Call) -> Value:
        size = c.arg(position, "size")
        if size is _MISSING or (isinstance(size, NewAxis)):
            others = [a for a in c.args if isinstance(a, Arr)]
            return None if others else Num()
        shape = _shape_arg(size)
        if shape is None:
            return None
        return c.made(shape, made=Made("ctor", c.node))

    return rule


def _arange(c: Call) -> Value:
    if c.kwargs:
        return None
    ints = [a.dim for a in c.args if isinstance(a, Int) and isinstance(a.dim, int)]
    if len(ints) == len(c.args) and 1 <= len(ints) <= 3:
        try:
            return c.made((len(range(*ints)),))
        except ValueError:
            return None
    if len(c.args) == 1:
        n = c.args[0]
        if isinstance(n, (Int, Param)):
            d = size_of(n)
            return c.made((d,)) if d is not None else None
    return None


def _linspace(c: Call) -> Value:
    num = c.arg(2, "num")
    if num is _MISSING:
        return c.made((50,))
    shape = _shape_arg(num)
    return c.made(shape) if shape is not None and len(shape) == 1 else None


def _eye(c: Call) -> Value:
    n = _shape_arg(c.arg(0, "N"))
    if n is None or len(n) != 1:
        return None
    m = c.arg(1, "M")
    if m is _MISSING or (isinstance(m, NewAxis)):
        return c.made((n[0], n[0]))
    cols = _shape_arg(m)
    return c.made((n[0], cols[0])) if cols is not None and len(cols) == 1 else None


def _literal(node: ast.expr) -> Dims | None:
    """The shape of a nested list literal of numbers: ``[[1], [2]]`` is (2, 1)."""
    if isinstance(node, (ast.List, ast.Tuple)):
        if not node.elts:
            return (0,)
        inner = [_literal(e) for e in node.elts]
        if any(s is None for s in inner) or len(set(inner)) != 1:
            return None
        return (len(node.elts), *inner[0])  # type: ignore[misc]
    if isinstance(node, ast.Constant) and type(node.value) in (
        int,
        float,
        bool,
        complex,
    ):
        return ()
    if isinstance(node, ast.UnaryOp) and isinstance(node.operand, ast.Constant):
        return _literal(node.operand)
    return None


def _array(c: Call) -> Value:
    """``np.array([[1, 2]])``, ``np.array(x)``: a literal's shape, or a copy."""
    a = c.arg(0, "object")
    node = c.arg_node(0, "object")
    if isinstance(a, Arr) and "ndmin" not in c.kwargs:
        return a.but(a.shape, spelled=a.spelled, kept=a.kept)
    if node is None or "ndmin" in c.kwargs:
        return None
    shape = _literal(node)
    if shape is not None:
        return c.made(shape, spelled=frozenset(range(len(shape))))
    if isinstance(a, Tup) and a.items and all(isinstance(x, Arr) for x in a.items):
        shapes = {x.shape for x in a.items}  # type: ignore[union-attr]
        if len(shapes) == 1 and None not in next(iter(shapes)):
            return c.made((len(a.items), *next(iter(shapes))))
    if isinstance(a, (Num, Int)):
        return c.made(())
    return None


# -- elementwise ----------------------------------------------------------------


def _unary(c: Call) -> Value:
    """A ufunc of one array: ``np.exp(z)``, ``np.log(a)``, ``np.tanh(z)``."""
    a = c.arg(0, "x")
    if isinstance(a, Arr):
        return a.but(a.shape, spelled=a.spelled, kept=a.kept, made=a.made)
    if isinstance(a, (Num, Int)):
        return Num()
    return None


def _binary(c: Call) -> Value:
    """A ufunc of two arrays: ``np.multiply(a, b)``, ``np.maximum(0, z)``."""
    if len(c.args) != 2 or "out" in c.kwargs:
        return None
    return c.it.elementwise(c.node, c.args, c.node.args)


def _where(c: Call) -> Value:
    if len(c.args) != 3:
        return None
    return c.it.elementwise(c.node, c.args, c.node.args)


def _clip(c: Call) -> Value:
    a = c.arg(0, "a")
    if isinstance(a, Arr) and all(
        isinstance(x, (Num, Int)) or x is _MISSING or isinstance(x, NewAxis)
        for x in (c.arg(1, "a_min"), c.arg(2, "a_max"))
    ):
        return a.but(a.shape)
    return None


# -- reductions -------------------------------------------------------------------


def _every(v: Value) -> bool:
    """``axis=None`` (or no axis given): every axis."""
    return v is _MISSING or isinstance(v, NewAxis)


def _axes(v: Value, ndim: int) -> tuple[int, ...] | None:
    """Normalized axes, sorted: every axis for axis=None; None if unknown."""
    if _every(v):
        return tuple(range(ndim))
    items = v.items if isinstance(v, Tup) else (v,)
    out: list[int] = []
    for x in items:
        if not isinstance(x, Int) or not isinstance(x.dim, int):
            return None
        a = x.dim
        if not -ndim <= a < ndim:
            return None
        out.append(a % ndim)
    if len(set(out)) != len(out):
        return None
    return tuple(sorted(out))


def reduce(
    c: Call, a: Value, axis: Value, keepdims: Value, node: ast.Call | None = None
) -> Value:
    """``np.sum(x, axis=1, keepdims=True)`` and friends."""
    if not isinstance(a, Arr):
        return Num() if isinstance(a, (Num, Int)) else None
    keep = _true(keepdims)
    if keep is None:
        return None
    chosen = _axes(axis, a.ndim)
    if chosen is None:
        return None
    origin = c.it.origin(c.node)
    if keep:
        shape = tuple(1 if k in chosen else d for k, d in enumerate(a.shape))
        return Arr(
            shape,
            origin=origin,
            kept=frozenset(chosen),
            spelled=frozenset(x for x in a.spelled if x not in chosen),
        )
    shape = tuple(d for k, d in enumerate(a.shape) if k not in chosen)
    made = None
    if not _every(axis) and len(chosen) == 1:
        made = Made("reduce", c.node, chosen[0], a.shape)
    return Arr(shape, origin=origin, made=made)


def _reduction(c: Call) -> Value:
    return reduce(
        c, c.arg(0, "a"), c.arg(1, "axis"), c.kwargs.get("keepdims", _MISSING)
    )


def _norm(c: Call) -> Value:
    """``np.linalg.norm(x, axis=1, keepdims=True)``; ``ord`` keeps the shape rule."""
    a = c.arg(0, "x")
    axis = c.arg(2, "axis")
    if axis is _MISSING and isinstance(a, Arr) and a.ndim > 2:
        return None
    return reduce(c, a, axis, c.arg(3, "keepdims"))


# -- shape manipulation ------------------------------------------------------------


def _factors(shape: Dims) -> tuple[int, dict[str, int]] | None:
    number = 1
    symbols: dict[str, int] = {}
    for d in shape:
        if d is None:
            return None
        if type(d) is int:
            number *= d
        else:
            for part in str(d).split("*"):
                part = part.strip()
                if part.isdecimal():
                    number *= int(part)
                elif part and all(ch.isalnum() or ch in "_[]. " for ch in part):
                    symbols[part] = symbols.get(part, 0) + 1
                else:
                    return None
    return number, symbols


def reshaped(old: Dims, new: Dims, minus: int | None) -> Dims | None:
    """``new`` with its -1 (at ``minus``) solved from ``old``, or None."""
    if minus is None:
        return new
    rest = new[:minus] + new[minus + 1 :]
    total, have = _factors(old) or (None, None)
    part, used = _factors(rest) or (None, None)
    if total is None or part is None or have is None or used is None:
        return None
    if part == 0 or total % part:
        return None
    left = {k: have.get(k, 0) - n for k, n in used.items()}
    if any(n < 0 for n in left.values()):
        return None
    number = total // part
    remaining = {k: n for k, n in have.items() if n - used.get(k, 0) > 0}
    names: list[str] = []
    for k, n in remaining.items():
        names += [k] * (n - used.get(k, 0))
    size: Dim
    if not names:
        size = number
    else:
        if number != 1:
            names.append(str(number))
        size = "*".join(names)
    return (*new[:minus], size, *new[minus + 1 :])


def _reshape_to(c: Call, a: Value, spec: Value) -> Value:
    if not isinstance(a, Arr):
        return None
    items = spec.items if isinstance(spec, Tup) else (spec,)
    dims: list[Dim] = []
    minus = None
    for k, x in enumerate(items):
        if isinstance(x, Int) and x.dim == -1 and minus is None:
            minus = k
            dims.append(-1)
            continue
        d = size_of(x)
        if not is_size(x) or d is None or (isinstance(d, int) and d < 0):
            return None
        dims.append(d)
    shape = reshaped(a.shape, tuple(dims), minus)
    if shape is None:
        return None
    ones = frozenset(k for k, d in enumerate(shape) if d == 1)
    return Arr(shape, origin=c.it.origin(c.node), spelled=ones)


def _reshape(c: Call) -> Value:
    return _reshape_to(c, c.arg(0, "a"), c.arg(1, "newshape"))


def _transpose_axes(a: Arr, perm: Sequence[int]) -> Arr:
    return a.but(
        tuple(a.shape[p] for p in perm),
        spelled=frozenset(k for k, p in enumerate(perm) if p in a.spelled),
        kept=frozenset(k for k, p in enumerate(perm) if p in a.kept),
    )


def transpose(a: Value, axes: Value) -> Value:
    if not isinstance(a, Arr):
        return None
    if axes is _MISSING or isinstance(axes, NewAxis):
        return _transpose_axes(a, range(a.ndim)[::-1])
    perm = _axes(axes, a.ndim)
    if not isinstance(perm, tuple) or len(perm) != a.ndim:
        return None
    raw = axes.items if isinstance(axes, Tup) else (axes,)
    order = [
        x.dim % a.ndim for x in raw if isinstance(x, Int) and isinstance(x.dim, int)
    ]
    return _transpose_axes(a, order)


def _transpose(c: Call) -> Value:
    return transpose(c.arg(0, "a"), c.arg(1, "axes"))


def swapaxes(a: Value, i: Value, j: Value) -> Value:
    if not isinstance(a, Arr) or not isinstance(i, Int) or not isinstance(j, Int):
        return None
    if type(i.dim) is not int or type(j.dim) is not int:
        return None
    n = a.ndim
    if not (-n <= i.dim < n and -n <= j.dim < n):
        return None
    perm = list(range(n))
    x, y = i.dim % n, j.dim % n
    perm[x], perm[y] = perm[y], perm[x]
    return _transpose_axes(a, perm)


def _swapaxes(c: Call) -> Value:
    return swapaxes(c.arg(0, "a"), c.arg(1, "axis1"), c.arg(2, "axis2"))


def squeeze(c: Call, a: Value, axis: Value) -> Value:
    if not isinstance(a, Arr):
        return Num() if isinstance(a, (Num, Int)) else None
    axes = _axes(axis, a.ndim)
    if axes is None:
        return None
    if _every(axis):
        if None in a.shape:
            return None
        shape = tuple(d for d in a.shape if d != 1)
    else:
        if any(a.shape[k] != 1 for k in axes):
            return None
        shape = tuple(d for k, d in enumerate(a.shape) if k not in axes)
    return Arr(shape, origin=c.it.origin(c.node))


def _squeeze(c: Call) -> Value:
    return squeeze(c, c.arg(0, "a"), c.arg(1, "axis"))


def _expand_dims(c: Call) -> Value:
    a = c.arg(0, "a")
    axis = c.arg(1, "axis")
    if not isinstance(a, Arr) or not isinstance(axis, Int) or type(axis.dim) is not int:
        return None
    n = a.ndim + 1
    if not -n <= axis.dim < n:
        return None
    k = axis.dim % n
    shape = (*a.shape[:k], 1, *a.shape[k:])
    spelled = {x + (x >= k) for x in a.spelled} | {k}
    return Arr(shape, origin=c.it.origin(c.node), spelled=frozenset(spelled))


def _ravel(c: Call) -> Value:
    return flat(c, c.arg(0, "a"))


def flat(c: Call, a: Value) -> Value:
    if not isinstance(a, Arr):
        return None
    shape = reshaped(a.shape, (-1,), 0)
    return Arr(shape, origin=c.it.origin(c.node)) if shape is not None else None


def _join_sizes(sizes: Sequence[Dim]) -> Dim:
    if any(d is None for d in sizes):
        return None
    if all(type(d) is int for d in sizes):
        return sum(sizes)  # type: ignore[arg-type]
    text = "+".join(map(str, sizes))
    return text if len(text) <= 60 else None


def _concatenate(c: Call) -> Value:
    seq = c.arg(0, "arrays")
    axis_v = c.arg(1, "axis")
    if not isinstance(seq, Tup) or not seq.items:
        return None
    arrays = seq.items
    if not all(isinstance(x, Arr) for x in arrays):
        return None
    ndim = arrays[0].ndim  # type: ignore[union-attr]
    if ndim == 0 or any(x.ndim != ndim for x in arrays):  # type: ignore[union-attr]
        return None
    axis = 0 if axis_v is _MISSING else _axes(axis_v, ndim)
    if isinstance(axis, tuple):
        if len(axis) != 1:
            return None
        axis = axis[0]
    if not isinstance(axis, int):
        return None
    shape: list[Dim] = []
    for k in range(ndim):
        column = [x.shape[k] for x in arrays]  # type: ignore[union-attr]
        if k == axis:
            shape.append(_join_sizes(column))
        else:
            known = {d for d in column if d is not None}
            shape.append(
                known.pop() if len(known) == 1 and None not in column else None
            )
    return Arr(tuple(shape), origin=c.it.origin(c.node))


def _stack(c: Call) -> Value:
    seq = c.arg(0, "arrays")
    if not isinstance(seq, Tup) or not seq.items:
        return None
    if not all(isinstance(x, Arr) for x in seq.items):
        return None
    shapes = {x.shape for x in seq.items}  # type: ignore[union-attr]
    if len(shapes) != 1:
        return None
    (shape,) = shapes
    axis_v = c.arg(1, "axis")
    n = len(shape) + 1
    axis = 0 if axis_v is _MISSING else _axes(axis_v, n)
    if isinstance(axis, tuple) and len(axis) == 1:
        axis = axis[0]
    if not isinstance(axis, int):
        return None
    return Arr(
        (*shape[:axis], len(seq.items), *shape[axis:]), origin=c.it.origin(c.node)
    )


def _stack2d(axis: int) -> Rule:
    """``np.vstack`` (axis 0) and ``np.hstack`` (axis 1) of 2-D arrays."""

    def rule(c: Call) -> Value:
        seq = c.arg(0, "tup")
        if not isinstance(seq, Tup) or not all(
            isinstance(x, Arr) and x.ndim == 2 for x in seq.items
        ):
            return None
        return _concatenate(Call(c.it, c.name, c.node, [seq, Int(axis)], {}))

    return rule


# -- products ------------------------------------------------------------------------


def _dot(c: Call) -> Value:
    if len(c.args) != 2 or c.kwargs:
        return None
    return c.it.contract(
        c.node, c.args[0], c.args[1], c.node.args[0], c.node.args[1], "dot"
    )


def _matmul(c: Call) -> Value:
    if len(c.args) != 2 or c.kwargs:
        return None
    return c.it.contract(
        c.node, c.args[0], c.args[1], c.node.args[0], c.node.args[1], "matmul"
    )


def _outer(c: Call) -> Value:
    """``np.outer(a, b)``: written out, so never an unwritten outer product."""
    if len(c.args) != 2:
        return None
    sizes: list[Dim] = []
    for a in c.args:
        if not isinstance(a, Arr):
            return None
        total = _factors(a.shape)
        if a.ndim == 1:
            sizes.append(a.shape[0])
        elif total is not None and not total[1]:
            sizes.append(total[0])
        else:
            return None
    return Arr(tuple(sizes), origin=c.it.origin(c.node))


# -- shape queries --------------------------------------------------------------------


def _shape(c: Call) -> Value:
    a = c.arg(0, "a")
    return Tup(tuple(Int(d) for d in a.shape)) if isinstance(a, Arr) else None


def _ndim(c: Call) -> Value:
    a = c.arg(0, "a")
    return Int(a.ndim) if isinstance(a, Arr) else None


def _scalar(c: Call) -> Value:
    """``np.float64(x)``, ``np.squeeze`` of a cost, ``np.log(2)``: a scalar."""
    a = c.arg(0, "x")
    if isinstance(a, (Num, Int)) or a is _MISSING:
        return Num()
    if isinstance(a, Arr) and a.ndim == 0:
        return Num()
    return None


_UNARY = [
    "abs",
    "absolute",
    "exp",
    "exp2",
    "expm1",
    "log",
    "log2",
    "log10",
    "log1p",
    "sqrt",
    "square",
    "tanh",
    "sinh",
    "cosh",
    "sin",
    "cos",
    "tan",
    "arctan",
    "arcsin",
    "arccos",
    "sign",
    "negative",
    "positive",
    "reciprocal",
    "floor",
    "ceil",
    "rint",
    "round",
    "around",
    "trunc",
    "isnan",
    "isinf",
    "isfinite",
    "nan_to_num",
    "logical_not",
    "copy",
    "asarray_chkfinite",
    "fabs",
    "cbrt",
    "conj",
    "conjugate",
    "real",
    "imag",
    "heaviside_unary",
]
_BINARY = sorted(BINARY)
_REDUCTIONS = [
    "sum",
    "mean",
    "max",
    "min",
    "amax",
    "amin",
    "prod",
    "std",
    "var",
    "median",
    "nansum",
    "nanmean",
    "nanmax",
    "nanmin",
    "nanstd",
    "nanvar",
    "all",
    "any",
    "argmax",
    "argmin",
    "count_nonzero",
    "ptp",
]

FUNCTIONS: dict[str, Rule] = {
    "zeros": _ctor,
    "ones": _ctor,
    "empty": _ctor,
    "full": _ctor,
    "zeros_like": _like,
    "ones_like": _like,
    "empty_like": _like,
    "full_like": _like,
    "random.randn": _dims_ctor,
    "random.rand": _dims_ctor,
    "random.random": _size_kw(0),
    "random.random_sample": _size_kw(0),
    "random.ranf": _size_kw(0),
    "random.sample": _size_kw(0),
    "random.standard_normal": _size_kw(0),
    "random.uniform": _size_kw(2),
    "random.normal": _size_kw(2),
    "random.binomial": _size_kw(2),
    "random.randint": _size_kw(2),
    "arange": _arange,
    "linspace": _linspace,
    "eye": _eye,
    "identity": _eye,
    "array": _array,
    "asarray": _array,
    "asanyarray": _array,
    "where": _where,
    "clip": _clip,
    "reshape": _reshape,
    "transpose": _transpose,
    "swapaxes": _swapaxes,
    "squeeze": _squeeze,
    "expand_dims": _expand_dims,
    "ravel": _ravel,
    "concatenate": _concatenate,
    "stack": _stack,
    "vstack": _stack2d(0),
    "hstack": _stack2d(1),
    "dot": _dot,
    "matmul": _matmul,
    "outer": _outer,
    "shape": _shape,
    "ndim": _ndim,
    "float64": _scalar,
    "float32": _scalar,
    "linalg.norm": _norm,
    **dict.fromkeys(_UNARY, _unary),
    **dict.fromkeys(_BINARY, _binary),
    **dict.fromkeys(_REDUCTIONS, _reduction),
}
"""NumPy's functions by name after ``numpy.``: one shape rule each."""


def call_numpy(
    it: Interpreter,
    name: str,
    node: ast.Call,
    args: Sequence[Value],
    kwargs: dict[str, Value],
) -> Value:
    """A call of ``numpy.<name>`` by its rule in :data:`FUNCTIONS`, or unknown."""
    if name.startswith("bcast.") or "." not in name:
        return None
    return call_builtin(it, name.split(".", 1)[1], node, args, kwargs, FUNCTIONS)


# -- methods ---------------------------------------------------------------------------


def _m_reshape(c: Call, a: Arr) -> Value:
    spec: Value = c.args[0] if len(c.args) == 1 else Tup(tuple(c.args))
    if not c.args:
        spec = c.kwargs.get("shape", _MISSING)
        if spec is _MISSING:
            return None
    return _reshape_to(c, a, spec)


def _m_reduce(c: Call, a: Arr) -> Value:
    return reduce(c, a, c.arg(0, "axis"), c.kwargs.get("keepdims", _MISSING))


def _m_transpose(c: Call, a: Arr) -> Value:
    if not c.args:
        return transpose(a, _MISSING)
    spec: Value = c.args[0] if len(c.args) == 1 else Tup(tuple(c.args))
    return transpose(a, spec)


def _m_dot(c: Call, a: Arr) -> Value:
    if len(c.args) != 1:
        return None
    base = c.node.func.value  # type: ignore[attr-defined]
    return c.it.contract(c.node, a, c.args[0], base, c.node.args[0], "dot")


def _m_same(c: Call, a: Arr) -> Value:
    return a.but(a.shape, spelled=a.spelled, kept=a.kept, made=a.made)


def _m_clip(c: Call, a: Arr) -> Value:
    if all(isinstance(x, (Num, Int, NewAxis)) for x in c.args):
        return a.but(a.shape)
    return None


def _m_scalar(c: Call, a: Arr) -> Value:
    return Num()


METHODS: dict[str, Callable[[Call, Arr], Value]] = {
    "reshape": _m_reshape,
    "transpose": _m_transpose,
    "swapaxes": lambda c, a: swapaxes(a, c.arg(0, "axis1"), c.arg(1, "axis2")),
    "squeeze": lambda c, a: squeeze(c, a, c.arg(0, "axis")),
    "ravel": lambda c, a: flat(c, a),
    "flatten": lambda c, a: flat(c, a),
    "dot": _m_dot,
    "copy": _m_same,
    "astype": _m_same,
    "round": _m_same,
    "clip": _m_clip,
    "item": _m_scalar,
    **{name: _m_reduce for name in _REDUCTIONS if name not in ("median", "nansum")},
}
"""Array methods by name: one shape rule each."""


def call_method(
    it: Interpreter,
    bound: Bound,
    node: ast.Call,
    args: Sequence[Value],
    kwargs: dict[str, Value],
) -> Value:
    rule = METHODS.get(bound.name)
    if rule is None:
        return None
    return rule(Call(it, bound.name, node, args, kwargs), bound.arr)


# -- builtins -------------------------------------------------------------------------------


def _len(c: Call) -> Value:
    if len(c.args) != 1:
        return None
    a = c.args[0]
    if isinstance(a, Arr) and a.ndim >= 1:
        return Int(a.shape[0])
    if isinstance(a, Tup):
        return Int(len(a.items))
    if isinstance(a, Dct) and a.complete:
        return Int(len(a.items))
    if isinstance(a, Str):
        return Int(len(a.text))
    return None


def _int(c: Call) -> Value:
    if len(c.args) != 1:
        return None
    a = c.args[0]
    if isinstance(a, Int):
        return a
    if isinstance(a, Str) and a.text.strip().lstrip("-").isdecimal():
        return Int(int(a.text))
    return Int(None) if isinstance(a, Num) else None


def _str(c: Call) -> Value:
    if len(c.args) != 1:
        return None
    a = c.args[0]
    if isinstance(a, Int) and type(a.dim) is int:
        return Str(str(a.dim))
    if isinstance(a, Str):
        return a
    return None


def _float(c: Call) -> Value:
    a = c.args[0] if len(c.args) == 1 else None
    if isinstance(a, (Num, Int, Str)) or (isinstance(a, Arr) and a.ndim == 0):
        return Num()
    return None


def _tuple(c: Call) -> Value:
    if len(c.args) == 1 and isinstance(c.args[0], Tup):
        return Tup(c.args[0].items, c.name == "list")
    return None


BUILTINS: dict[str, Rule] = {
    "len": _len,
    "int": _int,
    "str": _str,
    "float": _float,
    "tuple": _tuple,
    "list": _tuple,
    "print": lambda c: Const(None),
}
"""Python's builtins that matter to shapes."""


def call_builtin(
    it: Interpreter,
    name: str,
    node: ast.Call,
    args: Sequence[Value],
    kwargs: dict[str, Value],
    table: dict[str, Rule] = BUILTINS,
) -> Value:
    """A call by its rule in ``table`` (the builtins by default), or unknown."""
    rule = table.get(name)
    if rule is None:
        return None
    return rule(Call(it, name, node, args, kwargs))


# -- indexing ------------------------------------------------------------------------------


def _slice_len(d: Dim, s: ast.Slice, it: Interpreter, env: Env) -> Dim:
    if s.lower is None and s.upper is None and s.step is None:
        return d
    if type(d) is not int:
        return None
    bounds: list[int | None] = []
    for part in (s.lower, s.upper, s.step):
        if part is None:
            bounds.append(None)
            continue
        v = it.ev(part, env)
        if not isinstance(v, Int) or not isinstance(v.dim, int):
            return None
        bounds.append(v.dim)
    if bounds[2] == 0:
        return None
    return len(range(d)[slice(*bounds)])


def index(it: Interpreter, a: Arr, node: ast.Subscript, env: Env) -> Value:
    """``A[0, i]``, ``X[:, :5]``, ``b[:, None]``, ``x[np.newaxis, :]``."""
    raw = node.slice
    items = list(raw.elts) if isinstance(raw, ast.Tuple) else [raw]
    values: list[Value] = []
    for item in items:
        if isinstance(item, ast.Slice):
            values.append(None)
        else:
            values.append(it.ev(item, env))
    used = sum(
        1
        for item, v in zip(items, values)
        if isinstance(item, ast.Slice) or isinstance(v, Int)
    )
    ellipses = [
        k for k, v in enumerate(values) if isinstance(v, Const) and v.value is Ellipsis
    ]
    if len(ellipses) > 1 or used > a.ndim:
        return None
    shape: list[Dim] = []
    spelled: set[int] = set()
    kept_from: dict[int, int] = {}
    axis = 0
    for item, v in zip(items, values):
        if isinstance(item, ast.Slice):
            shape.append(_slice_len(a.shape[axis], item, it, env))
            kept_from[len(shape) - 1] = axis
            axis += 1
        elif isinstance(v, NewAxis):
            spelled.add(len(shape))
            shape.append(1)
        elif isinstance(v, Int):
            axis += 1
        elif isinstance(v, Const) and v.value is Ellipsis:
            rest = a.ndim - used
            for _ in range(rest):
                kept_from[len(shape)] = axis
                shape.append(a.shape[axis])
                axis += 1
        else:
            return None  # an array index, a boolean mask: unknown
    for k in range(axis, a.ndim):
        kept_from[len(shape)] = k
        shape.append(a.shape[k])
    for new, old in kept_from.items():
        if old in a.spelled and shape[new] == 1:
            spelled.add(new)
    kept = frozenset(
        new for new, old in kept_from.items() if old in a.kept and shape[new] == 1
    )
    if not shape:
        return Num()
    return Arr(
        tuple(shape), origin=it.origin(node), spelled=frozenset(spelled), kept=kept
    )
