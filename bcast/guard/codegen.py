"""Generated checking code: one straight line of comparisons per spec.

A loop over spec items costs several times more per call than comparisons
written out, so the guard writes Python source once per decorated function
and compiles it.  The source holds only this module's own text, integers
(axis numbers, sizes in expressions) and the parameter names of the
decorated function; the names from a spec reach it as values in its
namespace (``_bc_c0`` ...), never as text.  Every name the generated code
uses itself starts with a prefix no parameter has.

Reading a value, in the order that costs least for the common cases::

    if type(x) in NUMBERS: sh = ()   # a Python number, where () may fit
    try: sh = x.shape; t = x.dtype   # arrays, NumPy scalars: free if it works
    if type(sh) is not tuple and not isinstance(sh, tuple):  # torch.Size is one
        sh = shape_of(x)             # anything else with a .shape, or fail
    a0, a1 = sh                      # the rank and the axes in one step

Names are bound in local variables while the arguments are checked, and
the bindings dict that expect() and the result read is made once, before
the call.
"""

from __future__ import annotations

from itertools import count

from bcast.core.memo import Memo
from bcast.guard.dtypes import PYTHON_NUMBERS
from bcast.guard.spec import Each, Expr, Fixed, Keys, Spec

TYPE_CHECKING = False  # typing stays out of start-up (see bcast.core.rule)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from bcast.core.shapes import Dims
    from bcast.guard.spec import Item, Node

__all__ = [
    "Namespace",
    "compile_check",
    "indent",
    "node_lines",
    "run",
    "same_dims",
    "shape_of",
    "split",
]

_SIZE, _NAME, _BSIZE, _BNAME, _EXPR = 0, 1, 2, 3, 4


def split(
    items: tuple[Item, ...],
) -> tuple[tuple[Item, ...], Item | None, tuple[Item, ...]]:
    """Items before the variadic one, the variadic one (or None), items after."""
    for i, d in enumerate(items):
        if d.kind in ("ellipsis", "variadic"):
            return items[:i], d, items[i + 1 :]
    return items, None, ()


def ops(items: tuple[Item, ...]) -> tuple[tuple[int, int, Any], ...]:
    """(axis, kind, value) for every axis that constrains: ``_`` does not.

    Axes before a variadic item count from the front, axes after it from the
    back (negative), so the same index serves any number of axes in between.
    Plain axes come first, expressions last (they read what the others bind).
    """
    head, _, tail = split(items)
    placed = [(i, d) for i, d in enumerate(head)]
    placed += [(k - len(tail), d) for k, d in enumerate(tail)]
    out = []
    later = []
    for i, d in placed:
        if d.kind == "size":
            out.append((i, _BSIZE if d.broadcastable else _SIZE, d.value))
        elif d.kind == "name":
            out.append((i, _BNAME if d.broadcastable else _NAME, d.value))
        elif isinstance(d, Expr):
            later.append((i, _EXPR, d))
    return (*out, *later)


def same_dims(a: object, b: Dims) -> bool:
    """Sizes equal where both are known (NaN is Dask's unknown)."""
    if not isinstance(a, tuple) or len(a) != len(b):
        return False
    return all(x == y or x != x or y != y for x, y in zip(a, b))


def shape_of(x: object) -> Dims | None:
    """The shape of something without a tuple ``.shape``; None if it has none."""
    if type(x) in PYTHON_NUMBERS:
        return ()
    shape = getattr(x, "shape", None)
    if isinstance(shape, tuple):
        return shape
    if shape is None or isinstance(shape, (str, bytes)):
        return None
    try:
        return tuple(shape)
    except TypeError:
        return None


class Namespace:
    """The globals of generated code, and the prefix of its own names."""

    __slots__ = ("local", "p", "values")

    def __init__(self, prefix: str = "_bc_") -> None:
        self.p = prefix
        # spec name -> the local variable holding its size, in a wrapper;
        # other names are read from the bindings dict ``{p}b``.
        self.local: dict[str, str] = {}
        self.values: dict[str, object] = {
            prefix + name: value
            for name, value in (
                ("same", same_dims),
                ("shape_of", shape_of),
                ("len", len),
                ("type", type),
                ("tuple", tuple),
                ("list", list),
                ("dict", dict),
                ("isinstance", isinstance),
                ("getattr", getattr),
                ("NUMS", PYTHON_NUMBERS),
                ("AttributeError", AttributeError),
                ("ValueError", ValueError),
                ("LookupError", LookupError),
                ("TypeError", TypeError),
                ("ZeroDivisionError", ZeroDivisionError),
            )
        }

    def ref(self, value: object) -> str:
        """A new name for ``value`` (a default argument, a function ...)."""
        key = f"{self.p}c{len(self.values)}"
        self.values[key] = value
        return key

    def const(self, value: object) -> str:
        """A name for a spec's name, sizes or dtype, shared by equal values."""
        for key, have in self.values.items():
            if type(have) is type(value) and have == value:
                return key
        return self.ref(value)


def indent(lines: list[str], by: str = "    ") -> list[str]:
    return [by + line for line in lines]


def check_lines(
    items: tuple[Item, ...], ns: Namespace, fail: str, sh: str, phase: str = "all"
) -> list[str]:
    """Lines checking the shape ``sh`` against ``items``, binding in ``{p}b``.

    ``phase``: ``"plain"`` (everything but expressions), ``"expr"`` (only
    expressions) or ``"all"``.  ``fail`` is the statement run when the shape
    does not fit.  A NaN size (Dask's unknown) fits anything and binds
    nothing; ``#n`` accepts 1 and then binds nothing.
    """
    d, b, e, same, len_, tuple_ = (
        ns.p + w for w in ("d", "b", "e", "same", "len", "tuple")
    )
    head, var, tail = split(items)
    n = len(head) + len(tail)
    placed = ops(items)
    if phase == "expr":
        placed = tuple(op for op in placed if op[1] == _EXPR)
        lines: list[str] = []
    else:
        if phase == "plain":
            placed = tuple(op for op in placed if op[1] != _EXPR)
        if var is None and len(placed) == n and all(k == _SIZE for _, k, _ in placed):
            target = ns.const(tuple(int(v) for _, _, v in placed))
            return [
                f"if {sh} != {target} and not {same}({target}, {sh}):",
                f"    {fail}",
            ]
        lines = [f"if {len_}({sh}) {'<' if var else '!='} {n:d}:", f"    {fail}"]
    axis = {i: f"{sh}[{i:d}]" for i, _, _ in placed}
    if var is None and phase != "expr":
        # One unpacking checks the rank and reads every axis at once.
        axis = {i: f"{ns.p}a{i}" for i, _, _ in placed}
        targets = "".join(f"{axis.get(i, ns.p + 'u')}, " for i in range(n))
        lines = [
            "try:",
            f"    {targets}= {sh}",
            f"except {ns.p}ValueError:",
            f"    {fail}",
        ]
    for i, kind, v in placed:
        if var is None and phase != "expr":
            d = axis[i]  # already a local
        else:
            d = f"{ns.p}d"
            lines.append(f"{d} = {axis[i]}")
        if kind == _SIZE:
            lines += [f"if {d} != {int(v):d} and {d} == {d}:", f"    {fail}"]
        elif kind == _BSIZE:
            test = f"{d} != {int(v):d} and {d} != 1 and {d} == {d}"
            lines += [f"if {test}:", f"    {fail}"]
        elif kind == _EXPR:  # a NaN size fits, whatever the names are
            value = v.source(
                lambda name: ns.local.get(name) or f"{b}[{ns.const(str(name))}]"
            )
            lines += [
                f"if {d} == {d}:",
                "    try:",
                f"        {e} = {value}",
                f"    except ({ns.p}LookupError, {ns.p}TypeError, {ns.p}ZeroDivisionError):",
                f"        {fail}",
                f"    if {d} != {e}:",
                f"        {fail}",
            ]
        else:
            # NaN (Dask's unknown) binds nothing; #n's 1 binds nothing.
            test = f"{d} == {d}" if kind == _NAME else f"{d} != 1 and {d} == {d}"
            have = ns.local.get(str(v))
            if have is None:
                lines += [f"if {test}:", *indent(_bind(ns, str(v), d, fail))]
            else:  # the common case (bound and equal) first: two tests
                lines += [
                    f"if {have} is None:",
                    f"    if {test}:",
                    f"        {have} = {d}",
                    f"elif {have} != {d} and {test}:",
                    f"    {fail}",
                ]
    if phase != "expr" and var is not None and var.value is not None:
        stop = f"{len_}({sh}) - {len(tail):d}" if tail else ""
        lines.append(f"{ns.p}v = {tuple_}({sh}[{len(head):d}:{stop}])")
        lines += _bind(ns, str(var.value), f"{ns.p}v", fail, same)
    return lines


def _bind(
    ns: Namespace, name: str, d: str, fail: str, same: str | None = None
) -> list[str]:
    """Lines binding ``name`` to ``d`` if unbound, else failing unless equal.

    ``same``: the function that also accepts NaN sizes (for ``*name``).
    """
    have = ns.local.get(name)
    if have is None:  # in the bindings dict
        have = f"{ns.p}h"
        key = ns.const(name)
        lines = [
            f"{have} = {ns.p}b.get({key})",
            f"if {have} is None:",
            f"    {ns.p}b[{key}] = {d}",
        ]
    else:
        lines = [f"if {have} is None:", f"    {have} = {d}"]
    test = f"{have} != {d}" + (f" and not {same}({have}, {d})" if same else "")
    return [*lines, f"elif {test}:", f"    {fail}"]


def value_lines(
    x: str, spec: Spec, ns: Namespace, fail: str, sh: str, phase: str = "all"
) -> list[str]:
    """Lines reading the shape (and dtype) of ``x`` into ``sh`` and checking it.

    An attribute read inside ``try`` costs nothing when it succeeds; a
    Python number, which has no ``.shape``, is tested for first where the
    spec allows shape ``()``, so that no exception is raised on a call that
    passes.
    """
    p = ns.p
    t = f"{p}t"
    dtype = spec.dtype
    read = ["try:", f"    {sh} = {x}.shape"]
    if dtype is not None:
        read.append(f"    {t} = {x}.dtype")
    read += [f"except {p}AttributeError:", f"    {sh} = None"]
    if dtype is not None:
        read.append(f"    {t} = None")
    read += [
        f"if {p}type({sh}) is not {p}tuple and not {p}isinstance({sh}, {p}tuple):",
        f"    {sh} = {p}shape_of({x})",
        f"    if {sh} is None:",
        f"        {fail}",
    ]
    if dtype is not None:
        ok, learn = ns.ref(dtype.seen), ns.ref(dtype.learn)
        read += [f"if {t} not in {ok} and not {learn}({t}):", f"    {fail}"]
    head, _, tail = split(spec.items)
    if head or tail:  # at least one axis: a number cannot fit
        lines = read
    else:
        # The numbers that fit are tested first: one test for a passing one.
        fits = ns.const(PYTHON_NUMBERS if dtype is None else dtype.python_types())
        number = [f"if {p}type({x}) in {fits}:", f"    {sh} = ()"]
        if dtype is not None:  # a number of another kind: fail
            number += [f"elif {p}type({x}) in {p}NUMS:", f"    {fail}"]
        if not spec.items:  # "()": a number fits, nothing more to check
            read += check_lines(spec.items, ns, fail, sh, phase)
            return [*number, "else:", *indent(read)]
        lines = [*number, "else:", *indent(read)]
    return lines + check_lines(spec.items, ns, fail, sh, phase)


def node_lines(
    x: str, node: Node, ns: Namespace, fail: str, depth: int = 0, phase: str = "all"
) -> list[str]:
    """Lines checking ``x`` against a spec or a container of specs."""
    p = ns.p
    if isinstance(node, Spec):
        return value_lines(
            x, node, ns, fail, f"{p}sh{x}" if depth == 0 else f"{p}sh", phase
        )
    item = f"{p}x{depth}"
    if isinstance(node, Each):
        body = node_lines(item, node.item, ns, fail, depth + 1)
        if node.kind in ("args", "kwargs"):  # Python made them: a tuple, a dict
            source = f"{x}.values()" if node.kind == "kwargs" else x
            return [f"for {item} in {source}:", *indent(body)]
        if node.kind == "values":
            return [
                f"if not {p}isinstance({x}, {p}dict):",
                f"    {fail}",
                f"for {item} in {x}.values():",
                *indent(body),
            ]
        return [
            f"if {p}type({x}) is not {p}list and {p}type({x}) is not {p}tuple:",
            f"    {fail}",
            f"for {item} in {x}:",
            *indent(body),
        ]
    if isinstance(node, Fixed):
        lines = [
            f"if {p}type({x}) is not {p}tuple or {p}len({x}) != {len(node.items):d}:",
            f"    {fail}",
        ]
        for j, child in enumerate(node.items):
            if child is not None:
                lines += [
                    f"{item} = {x}[{j:d}]",
                    *node_lines(item, child, ns, fail, depth + 1),
                ]
        return lines
    assert isinstance(node, Keys)
    lines = [f"if not {p}isinstance({x}, {p}dict):", f"    {fail}"]
    for key, child in node.items.items():
        lines += [
            f"{item} = {x}.get({ns.ref(key)}, {p}NUMS)",
            f"if {item} is {p}NUMS:",
            f"    {fail}",
            *node_lines(item, child, ns, fail, depth + 1),
        ]
    return lines


_generated = count()


def run(source: list[str], ns: Namespace, name: str, traceback: bool) -> Any:
    """Compile generated ``source`` in ``ns`` and return the function ``name``."""
    text = "\n".join(source) + "\n"
    filename = f"<bcast.guard {name} {next(_generated)}>"
    if traceback:
        import linecache

        # A traceback that still shows a wrapper's line (the guard switched
        # off, a debugger) shows its source, as for any code.
        lines = text.splitlines(True)
        linecache.cache[filename] = (len(text), None, lines, filename)
    scope = dict(ns.values)
    scope["__tracebackhide__"] = True  # pytest reads it from globals too
    exec(compile(text, filename, "exec"), scope)
    return scope[name]


_checkers: Memo[tuple[Item, ...], Callable[[Dims, dict[str, Any]], bool]] = Memo(1024)


def compile_check(spec: Spec) -> Callable[[Dims, dict[str, Any]], bool]:
    """A function ``check(shape, bindings) -> bool`` for ``spec``'s axes.

    It binds names it meets for the first time and returns False as soon as
    an axis does not fit; which one, and why, is worked out afterwards,
    slowly, by :mod:`bcast.guard.report`.  The dtype is not checked here.
    """
    check = _checkers.get(spec.items)
    if check is None:
        ns = Namespace()
        body = check_lines(spec.items, ns, "return False", "_bc_sh")
        source = ["def check(_bc_sh, _bc_b):", *indent(body), "    return True"]
        check = _checkers.remember(
            spec.items, run(source, ns, "check", traceback=False)
        )
    return check
