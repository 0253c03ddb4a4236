"""Rewrite the user's code so that silent broadcasting is caught as it runs.

The way pytest rewrites ``assert`` and IPython runs ``ast_transformers``:
the user's own code is parsed, rewritten, and compiled with the original
positions, so line numbers, tracebacks and the 3.11 ``~~~^~~~`` carets stay
as they were.  Each

- binary operation ``a + b`` (``+ - * / // % ** @``) becomes
  ``operator.add(*check(SITE, a, b))``,
- comparison ``a < b`` (one operator; ``< <= > >= == !=``) becomes
  ``operator.lt(*check(SITE, a, b))``,
- augmented assignment ``x -= y`` becomes ``x = operator.isub(*update(SITE, x, y))``
  (``__isub__`` still runs in place; only for targets whose re-reading has no
  side effect: ``x``, ``obj.x``, ``d["k"]``, ``A[i, j]``),
- update ``x = x - lr * dx`` checks that ``x`` keeps its shape,
- call of an elementwise function by name (``np.add``, ``np.maximum``,
  ``np.where``, ``torch.add``, ``jnp.*`` ...) becomes
  ``np.add(*call(SITE, a, b), **keywords)``,

where :mod:`bcast.runtime.checks` reads the shapes and gives the operands
back unchanged: each operand is evaluated once, left to right, and the
operation itself runs in the user's frame, through the operator (so
``__radd__``, ``__array_priority__`` and ``__array_ufunc__`` decide as
before, and an error is raised from the user's line with nothing of bcast's
below it).  ``SITE`` is a constant tuple holding what the code says about the
site: its text, the operands' texts, its line, and whether the code spells
the stretch out (``[:, None]``, ``np.newaxis``, ``reshape``,
``expand_dims``, ``keepdims=True``, ``np.outer`` ...).

Operations with a literal operand (``x - 1``, ``A[0, i] > 0.5``) cannot
broadcast badly and are left alone, as are chained comparisons, f-strings
and annotations.  The names the rewritten code uses start with ``@`` (as
pytest's do), so they cannot clash with the user's.
"""

from __future__ import annotations

import ast
from itertools import count

from bcast.core.elementwise import ALIASES, BINARY, TERNARY

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import CodeType
    from typing import TypeVar

    _N = TypeVar("_N", bound=ast.AST)

__all__ = ["ELEMENTWISE", "Rewriter", "compile_watched", "helpers", "instrument"]

_NUMBERS = count(1)

_BINOPS: dict[type[ast.operator], tuple[str, str]] = {
    ast.Add: ("+", "add"),
    ast.Sub: ("-", "sub"),
    ast.Mult: ("*", "mul"),
    ast.Div: ("/", "truediv"),
    ast.FloorDiv: ("//", "floordiv"),
    ast.Mod: ("%", "mod"),
    ast.Pow: ("**", "pow"),
    ast.MatMult: ("@", "matmul"),
}
_COMPARES: dict[type[ast.cmpop], tuple[str, str]] = {
    ast.Lt: ("<", "lt"),
    ast.LtE: ("<=", "le"),
    ast.Gt: (">", "gt"),
    ast.GtE: (">=", "ge"),
    ast.Eq: ("==", "eq"),
    ast.NotEq: ("!=", "ne"),
}

ELEMENTWISE = BINARY | ALIASES | TERNARY
"""Elementwise functions checked when called by name as ``np.NAME``,
``numpy.NAME``, ``torch.NAME``, ``jnp.NAME``, ``jax.numpy.NAME``, ``cp.NAME``,
``cupy.NAME`` or ``da.NAME`` (or imported from those modules by name)."""

_LIBRARIES = frozenset({"np", "numpy", "torch", "jnp", "cp", "cupy", "da", "xp"})
_LIBRARY_MODULES = ("numpy", "torch", "jax.numpy", "cupy", "dask.array")

# Calls and attributes that spell a stretch out.
# (Not a transpose: ``A - Y.T`` with a label row is the classic bug.)
_SPELLING = frozenset(
    [
        "reshape",
        "expand_dims",
        "outer",
        "unsqueeze",
        "broadcast_to",
        "atleast_2d",
        "atleast_3d",
        "newaxis",
        "meshgrid",
        "ix_",
        "view",
    ]
)


def _segments(source: str | None) -> list[bytes] | None:
    if source is None:
        return None
    return [line.encode() for line in source.splitlines(keepends=True)]


_MAX_NAME = 60


class Rewriter(ast.NodeTransformer):
    """The transformer: give it a parsed module, get it back instrumented.

    Parameters
    ----------
    source : str, optional
        The module's source, for the expressions' text as written; without it
        (IPython's ``ast_transformers`` get no source) the text is
        ``ast.unparse``'s.

    Examples
    --------
    >>> tree = Rewriter("y = a - b\\n").visit(ast.parse("y = a - b\\n"))
    >>> print(ast.unparse(tree).splitlines()[-1])  # doctest: +ELLIPSIS
    y = @bc_op_sub(*@bc_check((..., 'binop', '-', 'a - b', ('a', 'b'), False, 1, None, False), a, b))
    """

    def __init__(self, source: str | None = None) -> None:
        self._lines = _segments(source)
        self._used: set[tuple[str, str]] = set()
        self._spelled_names: set[str] = set()
        self._functions: set[str] = set()  # elementwise functions imported by name
        self._libraries = set(_LIBRARIES)

    # -- text -------------------------------------------------------------------

    def _text(self, node: ast.AST) -> str:
        lines = self._lines
        text = None
        lineno = getattr(node, "lineno", None)
        end = getattr(node, "end_lineno", None)
        col = getattr(node, "col_offset", None)
        end_col = getattr(node, "end_col_offset", None)
        if lines is not None and None not in (lineno, end, col, end_col):
            assert lineno is not None
            assert end is not None
            assert col is not None
            assert end_col is not None
            if 0 < lineno <= end <= len(lines):
                if lineno == end:
                    raw = lines[lineno - 1][col:end_col]
                else:
                    raw = (
                        lines[lineno - 1][col:]
                        + b"".join(lines[lineno : end - 1])
                        + lines[end - 1][:end_col]
                    )
                text = " ".join(raw.decode(errors="replace").split())
        if not text:
            text = ast.unparse(node)
        return text

    def _name(self, node: ast.AST) -> str:
        text = self._text(node)
        if len(text) > _MAX_NAME:
            text = text[: _MAX_NAME - 1] + "…"
        return text

    # -- what the code spells out ----------------------------------------------------

    def _spells(self, node: ast.AST) -> bool:
        for sub in ast.walk(node):
            if isinstance(sub, ast.Subscript):
                items = (
                    sub.slice.elts if isinstance(sub.slice, ast.Tuple) else [sub.slice]
                )
                for item in items:
                    if isinstance(item, ast.Constant) and item.value is None:
                        return True
                    if isinstance(item, (ast.Attribute, ast.Name)) and (
                        getattr(item, "attr", None) == "newaxis"
                        or getattr(item, "id", None) == "newaxis"
                    ):
                        return True
            elif (isinstance(sub, ast.Attribute) and sub.attr in _SPELLING) or (
                isinstance(sub, ast.Name)
                and (sub.id in self._spelled_names or sub.id in _SPELLING)
            ):
                return True
            elif isinstance(sub, ast.Call):
                for k in sub.keywords:
                    if (
                        k.arg in ("keepdims", "keepdim")
                        and isinstance(k.value, ast.Constant)
                        and k.value.value is True
                    ):
                        return True
                if (
                    isinstance(sub.func, ast.Attribute)
                    and sub.func.attr in ("array", "asarray", "tensor")
                    and sub.args
                    and isinstance(sub.args[0], (ast.List, ast.Tuple))
                    and any(
                        isinstance(e, (ast.List, ast.Tuple)) for e in sub.args[0].elts
                    )
                ):
                    return True  # a literal written with its shape: [[1], [2]]
        return False

    def _collect(self, tree: ast.AST) -> None:
        """Names assigned a new axis (``x[:, None]``, ``np.expand_dims``)
        anywhere: the code spelled their stretch where it made them.  And
        the array libraries' aliases and elementwise functions imported by name."""
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and self._new_axis(node.value):
                for target in node.targets:
                    for sub in ast.walk(target):
                        if isinstance(sub, ast.Name):
                            self._spelled_names.add(sub.id)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in _LIBRARY_MODULES and alias.asname:
                        self._libraries.add(alias.asname)
            elif isinstance(node, ast.ImportFrom):
                if node.module in _LIBRARY_MODULES:
                    for alias in node.names:
                        if alias.name in ELEMENTWISE:
                            self._functions.add(alias.asname or alias.name)
                elif node.module == "jax":
                    for alias in node.names:
                        if alias.name == "numpy":
                            self._libraries.add(alias.asname or "numpy")

    # -- building ----------------------------------------------------------------------

    def _global(self, module: str, name: str) -> ast.Name:
        self._used.add((module, name))
        return ast.Name(id=_alias(module, name), ctx=ast.Load())

    def _site(
        self,
        node: ast.AST,
        kind: str,
        op: str,
        operands: list[ast.expr],
        target: str | None = None,
        subtract: bool = False,
    ) -> ast.Constant:
        site = (
            next(_NUMBERS),
            kind,
            op,
            self._text(node),
            tuple(self._name(x) for x in operands),
            any(self._spells(x) for x in operands),
            getattr(node, "lineno", 0),
            target,
            subtract,
        )
        return ast.Constant(value=site)  # type: ignore[arg-type]  # a tuple of constants compiles

    def _checked(
        self,
        node: ast.AST,
        function: ast.expr,
        checker: str,
        site: ast.Constant,
        operands: list[ast.expr],
        keywords: list[ast.keyword] | None = None,
    ) -> ast.Call:
        """``function(*checker(site, *operands), **keywords)`` at ``node``'s place."""
        made: list[ast.AST] = [site]
        check = self._global("bcast.runtime.checks", checker)
        inner = ast.Call(func=check, args=[site, *operands], keywords=[])
        starred = ast.Starred(value=inner, ctx=ast.Load())
        call = ast.Call(func=function, args=[starred], keywords=keywords or [])
        made += [check, inner, starred, call]
        if not hasattr(function, "lineno"):
            made.append(function)
        for m in made:
            _place(m, node)
        return call

    @staticmethod
    def _new_axis(node: ast.AST) -> bool:
        """Does ``node`` add an axis in so many words?  (Not ``reshape``:
        data is reshaped into columns and rows all the time, and a label
        column meeting a prediction row is the bug to catch.)"""
        for sub in ast.walk(node):
            if isinstance(sub, ast.Subscript):
                items = (
                    sub.slice.elts if isinstance(sub.slice, ast.Tuple) else [sub.slice]
                )
                for item in items:
                    if isinstance(item, ast.Constant) and item.value is None:
                        return True
                    if (
                        getattr(item, "attr", None) == "newaxis"
                        or getattr(item, "id", None) == "newaxis"
                    ):
                        return True
            elif isinstance(sub, ast.Attribute) and sub.attr in (
                "expand_dims",
                "unsqueeze",
                "newaxis",
            ):
                return True
        return False

    @staticmethod
    def _literal(node: ast.expr) -> bool:
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            node = node.operand
        return isinstance(node, ast.Constant)

    # -- visiting ----------------------------------------------------------------------

    def visit_Module(self, node: ast.Module) -> ast.Module:
        self._collect(node)
        self.generic_visit(node)
        if self._used:
            imports: list[ast.stmt] = []
            for module, name in sorted(self._used):
                imports.append(
                    ast.ImportFrom(
                        module=module,
                        names=[ast.alias(name=name, asname=_alias(module, name))],
                        level=0,
                    )
                )
            body = node.body
            at = 0
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                at = 1
            while (
                at < len(body)
                and isinstance(body[at], ast.ImportFrom)
                and body[at].module == "__future__"  # type: ignore[attr-defined]
            ):
                at += 1
            line = body[at].lineno if at < len(body) else 1
            for imp in imports:
                imp.lineno = imp.end_lineno = line
                imp.col_offset = imp.end_col_offset = 0
                for a in imp.names:  # type: ignore[attr-defined]
                    ast.copy_location(a, imp)
            node.body[at:at] = imports
        return node

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.AST:
        return node  # f-strings: their positions are not reliable on 3.11

    def visit_arg(self, node: ast.arg) -> ast.AST:
        return node  # annotations stay as written

    def visit_AnnAssign(self, node: ast.AnnAssign) -> ast.AST:
        if node.value is not None:
            node.value = self.visit(node.value)
        return node

    def visit_FunctionDef(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef
    ) -> ast.AST:
        returns = node.returns  # the return annotation stays as written
        node.returns = None
        self.generic_visit(node)
        node.returns = returns
        return node

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        return self._binop(node, None, False)

    def _binop(self, node: ast.BinOp, target: str | None, update: bool) -> ast.AST:
        self.generic_visit(node)
        found = _BINOPS.get(type(node.op))
        if found is None or self._literal(node.left) or self._literal(node.right):
            return node
        symbol, name = found
        operands = [node.left, node.right]
        if isinstance(node.op, ast.MatMult):
            checker, update = "matmul", False
        else:
            checker = "update" if update else "check"
        site = self._site(
            node,
            "binop",
            symbol,
            operands,
            target if update else None,
            update and isinstance(node.op, ast.Sub),
        )
        return self._checked(
            node, self._global("operator", name), checker, site, operands
        )

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        self.generic_visit(node)
        if len(node.ops) != 1:
            return node
        found = _COMPARES.get(type(node.ops[0]))
        right = node.comparators[0]
        if found is None or self._literal(node.left) or self._literal(right):
            return node
        symbol, name = found
        operands = [node.left, right]
        site = self._site(node, "compare", symbol, operands)
        return self._checked(
            node, self._global("operator", name), "check", site, operands
        )

    def visit_Assign(self, node: ast.Assign) -> ast.AST:
        value = node.value
        if (
            len(node.targets) == 1
            and isinstance(value, ast.BinOp)
            and isinstance(value.op, (ast.Add, ast.Sub, ast.Mult, ast.Div))
            and _same(node.targets[0], value.left)
        ):
            node.targets = [self.visit(t) for t in node.targets]
            node.value = self._binop(value, self._name(node.targets[0]), True)  # type: ignore[assignment]
            return node
        return self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> ast.AST:
        found = _BINOPS.get(type(node.op))
        if (
            found is None
            or isinstance(node.op, ast.MatMult)
            or self._literal(node.value)
            or not _pure(node.target)
        ):
            return self.generic_visit(node)
        node.value = self.visit(node.value)
        symbol, name = found
        load = _as_load(node.target)
        target_text = self._name(node.target)
        operands = [load, node.value]
        site = self._site(
            node,
            "augassign",
            symbol + "=",
            operands,
            target_text,
            isinstance(node.op, ast.Sub),
        )
        call = self._checked(
            node, self._global("operator", "i" + name), "update", site, operands
        )
        assign = ast.Assign(targets=[node.target], value=call)
        return _place(assign, node)

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        func = node.func
        name = None
        if isinstance(func, ast.Attribute) and func.attr in ELEMENTWISE:
            base = func.value
            if isinstance(base, ast.Name) and base.id in self._libraries:
                name = f"{base.id}.{func.attr}"
            elif (
                isinstance(base, ast.Attribute)
                and base.attr == "numpy"
                and isinstance(base.value, ast.Name)
                and base.value.id == "jax"
            ):
                name = f"jax.numpy.{func.attr}"
        elif isinstance(func, ast.Name) and func.id in self._functions:
            name = func.id
        if (
            name is None
            or len(node.args) < 2
            or any(isinstance(a, ast.Starred) for a in node.args)
        ):
            return node
        operands = list(node.args)
        if sum(not self._literal(a) for a in operands) < 2:
            return node
        site = self._site(node, "call", name, operands)
        return self._checked(node, func, "call", site, operands, node.keywords)


def helpers() -> dict[str, object]:
    """Every global rewritten code may use, by name (``@bc_check``, ``@bc_op_sub`` ...)."""
    import operator

    from bcast.runtime import checks

    ops = [n for _, n in (*_BINOPS.values(), *_COMPARES.values())]
    ops += ["i" + n for _, n in _BINOPS.values()]
    out: dict[str, object] = {
        _alias("bcast.runtime.checks", c): getattr(checks, c)
        for c in ("check", "update", "call", "matmul")
    }
    out.update({_alias("operator", n): getattr(operator, n) for n in ops})
    return out


def _place(new: _N, old: ast.AST) -> _N:
    """``new`` at ``old``'s position; a made-up position (another rewriter's
    node without an end) is closed on its own line."""
    ast.copy_location(new, old)
    line = getattr(new, "lineno", None)
    if line is not None:
        end = getattr(new, "end_lineno", None)
        if end is None or end < line:
            new.end_lineno = line  # type: ignore[attr-defined]
            new.end_col_offset = getattr(new, "col_offset", 0)  # type: ignore[attr-defined]
    return new


def _alias(module: str, name: str) -> str:
    """The global a rewritten module reads a helper by: ``@bc_check``, ``@bc_op_sub``."""
    return f"@bc_op_{name}" if module == "operator" else f"@bc_{name}"


def _same(target: ast.expr, value: ast.expr) -> bool:
    """``x`` and ``x``, ``p["W1"]`` and ``p["W1"]``: the same place, read."""
    return ast.dump(_as_load(target)) == ast.dump(value)


def _as_load(node: ast.expr) -> ast.expr:
    """A copy of an assignment target that reads it."""
    import copy

    new = copy.deepcopy(node)
    for sub in ast.walk(new):
        if hasattr(sub, "ctx"):
            sub.ctx = ast.Load()
    return new


def _pure(node: ast.expr) -> bool:
    """A target that can be read twice with no effect beyond the read itself."""
    if isinstance(node, ast.Name):
        return True
    if isinstance(node, ast.Attribute):
        return isinstance(node.value, ast.Name)
    if isinstance(node, ast.Subscript):
        return isinstance(node.value, ast.Name) and _simple(node.slice)
    return False


def _simple(node: ast.expr) -> bool:
    if isinstance(node, (ast.Name, ast.Constant)):
        return True
    if isinstance(node, ast.Tuple):
        return all(_simple(e) for e in node.elts)
    if isinstance(node, ast.Slice):
        return all(p is None or _simple(p) for p in (node.lower, node.upper, node.step))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return isinstance(node.operand, ast.Constant)
    return False


def instrument(tree: ast.Module, source: str | None = None) -> ast.Module:
    """``tree`` rewritten in place with checked operations (and returned).

    >>> t = instrument(ast.parse("z = x @ y"), "z = x @ y")
    >>> "@bc_op_matmul(*@bc_matmul(" in ast.unparse(t)
    True
    """
    rewritten: ast.Module = Rewriter(source).visit(tree)
    return ast.fix_missing_locations(rewritten)


def compile_watched(source: str | bytes, filename: str, mode: str = "exec") -> CodeType:
    """Compile the user's source instrumented.

    A syntax error is raised as :func:`compile` raises it (the same parser
    reads the source first).

    >>> namespace = {}
    >>> exec(compile_watched("r = 2 + 3 * 4", "<x>"), namespace)
    >>> namespace["r"]
    14
    """
    if isinstance(source, bytes):
        from io import BytesIO
        from tokenize import detect_encoding

        encoding, _ = detect_encoding(BytesIO(source).readline)
        text = source.decode(encoding)
    else:
        text = source
    # compile() itself, not ast.parse: a syntax error then comes from here
    # (a frame bcast run hides), never from the standard library's ast.py.
    tree: ast.AST = compile(
        source, filename, mode, ast.PyCF_ONLY_AST, dont_inherit=True
    )
    if isinstance(tree, ast.Module):
        tree = instrument(tree, text)
    code: CodeType = compile(tree, filename, mode, dont_inherit=True)  # type: ignore[call-overload]
    return code
