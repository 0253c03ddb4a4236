"""Shape inference by abstract interpretation of a module's AST.

The interpreter walks the code as Python would run it — statements in order,
branches joined, loops unrolled when short and iterated to a fixed point
otherwise, functions of the same module followed at their call sites with the
callers' values (to a bounded depth) — but computes with what is known of each
value (:mod:`bcast.lint.values`) instead of values.  It never imports or runs
the code.  NumPy's functions are modelled one entry each in
:mod:`bcast.lint.functions`; anything else is unknown, and unknown values never
produce an :class:`Event`.

Events are what the shape algebra said about one expression: a conflict, a
contraction whose inner sizes differ, a condition, or one of the shared
policy's suspicions (:func:`bcast.explainer.policy.suspicions`, ``drift``).
:mod:`bcast.lint.rules` turns them into diagnostics.

>>> import ast
>>> tree = ast.parse("import numpy as np\\nx = np.zeros(3) + np.zeros((3, 1))")
>>> [e.kind for e in Interpreter(tree, ["", ""]).run()]
['rank1']
"""

from __future__ import annotations

import ast

from bcast.core.gufunc import broadcast_signature
from bcast.core.rule import broadcast
from bcast.errors import BcastError
from bcast.explainer.policy import drift, suspicions
from bcast.lint import boundaries, functions
from bcast.lint.values import (
    Arr,
    Bound,
    Const,
    Dct,
    Fn,
    Int,
    Mod,
    NewAxis,
    Num,
    Param,
    Str,
    Tup,
    int_op,
    join,
    same,
    shape_of,
    size_of,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from bcast.core.rule import Broadcast
    from bcast.core.shapes import Dims
    from bcast.lint.values import Value

    Env = dict[str, Value]

__all__ = ["Event", "Interpreter"]

MATMUL = "(n?,k),(k,m?)->(n?,m?)"
MAX_DEPTH = 4  # calls followed into functions of the same module
UNROLL = 12  # loops over a known range this short are unrolled
PASSES = 3  # fixed-point passes over a loop body before widening


class Event:
    """What the algebra said about one expression.

    ``kind``: ``conflict``, ``contract``, ``condition``, ``contract_condition``,
    ``rank1``, ``outer``, ``rank_promotion``, ``drift`` or ``inplace``.
    ``operands``: the arrays (or scalars) involved, with ``names`` their code.
    ``detail``: the :class:`Broadcast`, the gufunc result, or the shape before
    an update.
    """

    __slots__ = ("detail", "kind", "names", "node", "operands", "result")

    def __init__(
        self,
        kind: str,
        node: ast.AST,
        operands: Sequence[Arr | None],
        names: Sequence[str],
        result: Dims | None,
        detail: object = None,
    ) -> None:
        self.kind = kind
        self.node = node
        self.operands = tuple(operands)
        self.names = tuple(names)
        self.result = result
        self.detail = detail

    def __repr__(self) -> str:
        return f"Event({self.kind!r}, line {getattr(self.node, 'lineno', '?')})"


class _Budget(Exception):
    """The work allowed for one file is spent: stop, keep what was found."""


class _Frame:
    __slots__ = ("fn", "returns")

    def __init__(self, fn: ast.AST | None) -> None:
        self.fn = fn
        self.returns: list[Value] = []


def _is_name(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


class Interpreter:
    """Run a module's AST on abstract values and collect :class:`Event` records.

    ``lines`` are the source lines (for the code of each expression);
    ``budget`` bounds the expressions evaluated, in multiples of the module's
    size, so that no input makes the linter hang.
    """

    def __init__(
        self,
        tree: ast.Module,
        lines: Sequence[str],
        *,
        rank_promotion: bool = False,
        budget: int = 60,
    ) -> None:
        self.tree = tree
        self.lines = lines
        self.rank_promotion = rank_promotion
        self.events: list[Event] = []
        self.globals: Env = {}
        self.frames: list[_Frame] = []
        self.memo: dict[tuple[object, ...], Value] = {}
        self.steps = 0
        self.limit = budget * (len(lines) + 50) + 20_000
        self._seen: set[tuple[object, ...]] = set()
        self.boundary_cache: dict[int, dict[str, Value]] = {}
        self.clobbered: set[str] = set()
        self.expecting = 0  # inside code that expects a ValueError
        # Symbols a boundary declares (docstrings, specs, asserts): only they
        # make a condition worth saying (BC3xx); a symbol made up for an
        # unknown size (n_x, m = X.shape of an unknown X) is no claim.
        self.declared: set[str] = set()
        self.rebinds: dict[int, frozenset[str]] = {}  # by id of a node of this tree

    # -- driving ---------------------------------------------------------------

    def run(self) -> list[Event]:
        """Interpret the module, then each function on its own; the events found."""
        try:
            self.frames.append(_Frame(None))
            env = self.exec_block(self.tree.body, self.globals)
            if env is not None:
                self.globals = env
            for node in ast.walk(self.tree):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    self.standalone(node)
        except _Budget:
            pass
        return self.events

    def standalone(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        """A function on its own: its parameters from its boundary, or unknown."""
        given = boundaries.parameters(node, self)
        env: Env = {}
        for arg in _all_args(node):
            env[arg.arg] = given.get(arg.arg, Param(arg.arg))
        for arg, default in _defaults(node):
            if arg.arg not in given:
                value = self.ev(default, self.globals)
                if isinstance(value, (Num, Int, Const, Str)):
                    env[arg.arg] = value
        self._body(node, env)

    def _body(self, node: ast.FunctionDef | ast.AsyncFunctionDef, env: Env) -> Value:
        frame = _Frame(node)
        self.frames.append(frame)
        try:
            out = self.exec_block(node.body, env)
        finally:
            self.frames.pop()
        if out is not None:
            frame.returns.append(Const(None))
        result: Value = frame.returns[0] if frame.returns else None
        for r in frame.returns[1:]:
            result = join(result, r)
        return result

    def tick(self) -> None:
        self.steps += 1
        if self.steps > self.limit:
            raise _Budget

    # -- names -------------------------------------------------------------------

    def lookup(self, name: str, env: Env) -> Value:
        if name in env:
            return env[name]
        return self.globals.get(name)

    def text(self, node: ast.AST) -> str:
        """The code of ``node`` as written (one line, shortened)."""
        try:
            first, last = node.lineno, node.end_lineno  # type: ignore[attr-defined]
            c0, c1 = node.col_offset, node.end_col_offset  # type: ignore[attr-defined]
        except AttributeError:
            return ""
        if last is None or c1 is None or first < 1 or last > len(self.lines):
            return ""
        if first == last:
            text = _cut(self.lines[first - 1], c0, c1)
        else:
            parts = [_cut(self.lines[first - 1], c0, None)]
            parts += [self.lines[k - 1].strip() for k in range(first + 1, last)]
            parts.append(_cut(self.lines[last - 1], 0, c1).strip())
            text = " ".join(parts)
        text = " ".join(text.split())
        return text if len(text) <= 70 else text[:67] + "..."

    def origin(self, node: ast.AST) -> tuple[str, int]:
        return self.text(node), getattr(node, "lineno", 0)

    def emit(self, event: Event) -> None:
        node = event.node
        key = (
            getattr(node, "lineno", 0),
            getattr(node, "col_offset", 0),
            event.kind,
        )
        if key in self._seen:
            return
        if self.expecting and event.kind in CERTAIN:
            return  # the code expects it to raise: pytest.raises, except ValueError
        self._seen.add(key)
        self.events.append(event)

    # -- statements ----------------------------------------------------------------

    def exec_block(self, body: Sequence[ast.stmt], env: Env) -> Env | None:
        """Run statements; the environment after them, or None if none flows on."""
        for stmt in body:
            self.tick()
            out = self.exec_stmt(stmt, env)
            if out is None:
                return None
            env = out
            if self.clobbered:  # a function called here rebinds globals
                env = {**env, **dict.fromkeys(self.clobbered)}
                self.clobbered.clear()
            if self.frames[-1].fn is None:  # module level: these are the globals
                self.globals = env
            if isinstance(stmt, (ast.Break, ast.Continue)):
                return env
        return env

    def exec_stmt(self, s: ast.stmt, env: Env) -> Env | None:
        if isinstance(s, ast.Assign):
            value = self.ev(s.value, env)
            for target in s.targets:
                self.check_update(target, s.value, value, env)
                env = self.assign(target, value, env, s.value)
            return env
        if isinstance(s, ast.AugAssign):
            return self.aug_assign(s, env)
        if isinstance(s, ast.AnnAssign):
            if s.value is not None:
                value = self.ev(s.value, env)
                given = boundaries.annotation(s.annotation, self, env)
                return self.assign(s.target, given or value, env, s.value)
            return env
        if isinstance(s, ast.Expr):
            self.ev(s.value, env)
            return self.forget_mutated(s.value, env)
        if isinstance(s, ast.Return):
            value = self.ev(s.value, env) if s.value is not None else Const(None)
            self.frames[-1].returns.append(value)
            return None
        if isinstance(s, ast.If):
            return self.exec_if(s, env)
        if isinstance(s, (ast.For, ast.AsyncFor)):
            return self.exec_for(s, env)
        if isinstance(s, ast.While):
            self.ev(s.test, env)
            after = self.fixed_point(s.body, env, None, None)
            return self.exec_block(s.orelse, after) if s.orelse else after
        if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)):
            env = dict(env)
            env[s.name] = Fn(s) if boundaries.plain(s, self, env) else None
            return env
        if isinstance(s, ast.ClassDef):
            env = dict(env)
            env[s.name] = None
            return env
        if isinstance(s, (ast.Import, ast.ImportFrom)):
            return self.exec_import(s, env)
        if isinstance(s, ast.Assert):
            self.ev(s.test, env)
            return boundaries.refine(s.test, self, env)
        if isinstance(s, (ast.With, ast.AsyncWith)):
            env = dict(env)
            expects = False
            for item in s.items:
                self.ev(item.context_expr, env)
                expects = expects or _expects_error(item.context_expr)
                if item.optional_vars is not None:
                    env = self.assign(item.optional_vars, None, env, None)
            self.expecting += expects
            try:
                return self.exec_block(s.body, env)
            finally:
                self.expecting -= expects
        if isinstance(s, ast.Try) or type(s).__name__ == "TryStar":
            return self.exec_try(s, env)
        if isinstance(s, ast.Raise):
            return None
        if isinstance(s, ast.Delete):
            env = dict(env)
            for t in s.targets:
                if isinstance(t, ast.Name):
                    env[t.id] = None
            return env
        if isinstance(s, ast.Match):
            outs = [
                self.exec_block(c.body, self._unbind_patterns(c, env)) for c in s.cases
            ]
            return self.join_envs([env, *outs])
        return env  # pass, global, nonlocal, break, continue

    def _unbind_patterns(self, case: ast.match_case, env: Env) -> Env:
        env = dict(env)
        for node in ast.walk(case.pattern):
            name = getattr(node, "name", None)
            if isinstance(name, str):
                env[name] = None
        return env

    def exec_import(self, s: ast.Import | ast.ImportFrom, env: Env) -> Env:
        env = dict(env)
        if isinstance(s, ast.Import):
            for alias in s.names:
                top = alias.name.split(".")[0]
                if alias.asname:
                    env[alias.asname] = Mod(alias.name) if top == "numpy" else None
                else:
                    env[top] = Mod("numpy") if top == "numpy" else None
            return env
        module = s.module or ""
        for alias in s.names:
            name = alias.asname or alias.name
            if s.level == 0 and (module == "numpy" or module.startswith("numpy.")):
                env[name] = Mod(f"{module}.{alias.name}")
            elif (
                s.level == 0 and module == "bcast" and alias.name in ("shaped", "Shape")
            ):
                env[name] = Mod(f"bcast.{alias.name}")
            else:
                env[name] = None
        return env

    def exec_if(self, s: ast.If, env: Env) -> Env | None:
        test = self.ev(s.test, env)
        if isinstance(test, Const) and isinstance(test.value, bool):
            return self.exec_block(s.body if test.value else s.orelse, env)
        yes = self.exec_block(s.body, dict(env))
        no = self.exec_block(s.orelse, dict(env)) if s.orelse else env
        return self.join_envs([yes, no])

    def exec_try(self, s: ast.stmt, env: Env) -> Env | None:
        expects = any(_catches(h.type) for h in s.handlers)  # type: ignore[attr-defined]
        self.expecting += expects
        try:
            body = self.exec_block(s.body, dict(env))  # type: ignore[attr-defined]
        finally:
            self.expecting -= expects
        start = self.join_envs([env, body]) or env
        outs = [body]
        for handler in s.handlers:  # type: ignore[attr-defined]
            h_env = dict(start)
            if handler.name:
                h_env[handler.name] = None
            outs.append(self.exec_block(handler.body, h_env))
        if body is not None and s.orelse:  # type: ignore[attr-defined]
            outs[0] = self.exec_block(s.orelse, body)  # type: ignore[attr-defined]
        after = self.join_envs(outs)
        if s.finalbody:  # type: ignore[attr-defined]
            return self.exec_block(s.finalbody, after if after is not None else start)  # type: ignore[attr-defined]
        return after

    def join_envs(self, envs: Sequence[Env | None]) -> Env | None:
        live = [e for e in envs if e is not None]
        if not live:
            return None
        if len(live) == 1:
            return live[0]
        first = live[0]
        out: Env = {}
        for name in first.keys() | set().union(*(e.keys() for e in live[1:])):
            # a name bound on some paths only: where it is unbound, using it fails
            values = [e[name] for e in live if name in e]
            v = values[0]
            for w in values[1:]:
                v = join(v, w)
            out[name] = v
        return out

    def exec_for(self, s: ast.For | ast.AsyncFor, env: Env) -> Env | None:
        items = self.iteration(s.iter, env)
        if items is not None:
            out: Env | None = env
            for item in items:
                if out is None:
                    break
                out = self.exec_block(s.body, self.assign(s.target, item, out, None))
            if out is None:
                out = env
        else:
            element = self.element(s.iter, env)
            out = self.fixed_point(s.body, env, s.target, element)
        return self.exec_block(s.orelse, out) if s.orelse and out is not None else out

    def iteration(self, node: ast.expr, env: Env) -> list[Value] | None:
        """The values a loop takes, when few and known (``range(1, L)``, a list)."""
        if (
            isinstance(node, ast.Call)
            and _is_name(node.func, "reversed")
            and len(node.args) == 1
            and not node.keywords
        ):
            forward = self.iteration(node.args[0], env)
            return forward[::-1] if forward is not None else None
        value = self.ev(node, env)
        if isinstance(value, Tup) and 0 < len(value.items) <= UNROLL:
            return list(value.items)
        if (
            isinstance(node, ast.Call)
            and _is_name(node.func, "range")
            and not node.keywords
            and 1 <= len(node.args) <= 3
        ):
            bounds = [self.ev(a, env) for a in node.args]
            ints = [
                b.dim for b in bounds if isinstance(b, Int) and isinstance(b.dim, int)
            ]
            if len(ints) == len(bounds):
                r = range(*ints)
                if 0 < len(r) <= UNROLL:
                    return [Int(i) for i in r]
        return None

    def element(self, node: ast.expr, env: Env) -> Value:
        value = self.ev(node, env)
        if isinstance(node, ast.Call) and _is_name(node.func, "range"):
            return Int(None)
        if isinstance(value, Arr) and value.ndim >= 1:
            return value.but(value.shape[1:])
        if isinstance(value, Tup) and value.items:
            v = value.items[0]
            for w in value.items[1:]:
                v = join(v, w)
            return v
        return None

    def fixed_point(
        self,
        body: Sequence[ast.stmt],
        env: Env,
        target: ast.expr | None,
        element: Value,
    ) -> Env:
        current = env
        for _ in range(PASSES):
            start = self.assign(target, element, current, None) if target else current
            out = self.exec_block(body, dict(start))
            new = self.join_envs([current, out]) or current
            if self._same_env(new, current):
                return new
            current = new
        # widen: whatever still changes is unknown
        start = self.assign(target, element, current, None) if target else current
        out = self.exec_block(body, dict(start)) or current
        return {
            k: v if same(v, out.get(k, v)) else None for k, v in current.items()
        } | {k: None for k in out if k not in current}

    @staticmethod
    def _same_env(a: Env, b: Env) -> bool:
        return a.keys() == b.keys() and all(same(v, b[k]) for k, v in a.items())

    def forget_mutated(self, expr: ast.expr, env: Env) -> Env:
        """``costs.append(c)``, ``d.update(...)``: that container is now unknown."""
        if (
            isinstance(expr, ast.Call)
            and isinstance(expr.func, ast.Attribute)
            and isinstance(expr.func.value, ast.Name)
        ):
            name = expr.func.value.id
            holder = self.lookup(name, env)
            if isinstance(holder, Arr) and expr.func.attr == "resize":
                env = dict(env)
                env[name] = None
            if isinstance(holder, (Tup, Dct)):
                env = dict(env)
                env[name] = None
                if (
                    isinstance(holder, Tup)
                    and holder.is_list
                    and expr.func.attr == "append"
                    and len(expr.args) == 1
                    and not expr.keywords
                    and len(holder.items) < UNROLL * 4
                ):
                    item = self.ev(expr.args[0], env)
                    env[name] = Tup((*holder.items, item), True)
        return env

    def assign(
        self, target: ast.expr | None, value: Value, env: Env, node: ast.expr | None
    ) -> Env:
        env = dict(env)
        self._bind(target, value, env, node)
        return env

    def _bind(
        self, target: ast.expr | None, value: Value, env: Env, node: ast.expr | None
    ) -> None:
        if target is None:
            return
        if isinstance(target, ast.Name):
            unknown = value is None or (isinstance(value, Int) and value.dim is None)
            if unknown and node is not None:
                value = self.size_symbol(node, target.id, env) or value
            env[target.id] = value
        elif isinstance(target, (ast.Tuple, ast.List)):
            elts = target.elts
            starred = any(isinstance(e, ast.Starred) for e in elts)
            items: Sequence[Value] | None = None
            if isinstance(value, Tup) and not starred and len(value.items) == len(elts):
                items = value.items
            elif (
                isinstance(value, Arr)
                and value.ndim >= 1
                and not starred
                and value.shape[0] == len(elts)
            ):
                items = [value.but(value.shape[1:])] * len(elts)
            if (
                items is None
                and not starred
                and isinstance(node, ast.Attribute)
                and node.attr == "shape"
                and isinstance(node.value, ast.Name)
                and all(isinstance(e, ast.Name) for e in elts)
            ):
                # n_x, m = X.shape: X has that many axes, named as here
                owner = node.value.id
                if self.lookup(owner, env) is None or isinstance(
                    self.lookup(owner, env), Param
                ):
                    names = tuple(e.id for e in elts)  # type: ignore[attr-defined]
                    env[owner] = Arr(names, origin=(self.text(node.value), node.lineno))
                    items = [Int(n) for n in names]
            for k, e in enumerate(elts):
                if isinstance(e, ast.Starred):
                    self._bind(e.value, None, env, None)
                else:
                    self._bind(e, items[k] if items is not None else None, env, None)
        elif isinstance(target, ast.Subscript):
            base = target.value
            if isinstance(base, ast.Name):
                holder = self.lookup(base.id, env)
                if isinstance(holder, Dct):
                    key = self.ev(target.slice, env)
                    updated = dict(holder.items)
                    if isinstance(key, Str):
                        updated[key.text] = value
                        env[base.id] = Dct(updated, holder.complete)
                    else:
                        env[base.id] = Dct({}, False)
                elif isinstance(holder, Tup):
                    env[base.id] = None
        elif isinstance(target, ast.Attribute):
            if target.attr == "shape" and isinstance(target.value, ast.Name):
                env[target.value.id] = None  # X.shape = (...) reshapes X in place
        elif isinstance(target, ast.Starred):
            self._bind(target.value, None, env, None)

    def size_symbol(self, node: ast.expr, name: str, env: Env) -> Value:
        """``m = X.shape[1]`` of an array whose shape is unknown: the symbol ``m``."""
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "shape"
        ) or (isinstance(node, ast.Call) and _is_name(node.func, "len")):
            return Int(name)
        return None

    # -- updates ---------------------------------------------------------------

    def check_update(
        self, target: ast.expr, node: ast.expr, value: Value, env: Env
    ) -> None:
        """``w = w - alpha * dw``: does the update change the shape of ``w``?"""
        if not isinstance(node, ast.BinOp) or not isinstance(value, Arr):
            return
        if not isinstance(target, (ast.Name, ast.Subscript)):
            return
        dumped = ast.dump(target, annotate_fields=False).replace("Store", "Load")
        sides = [node.left, node.right]
        if not any(ast.dump(x, annotate_fields=False) == dumped for x in sides):
            return
        before = self.ev(_as_load(target), env)
        if not isinstance(before, Arr) or None in before.shape or None in value.shape:
            return
        if any(e.node is node for e in self.events):
            return  # already said at this expression
        if drift(before.shape, value.shape):
            self.emit(
                Event(
                    "drift",
                    node,
                    [before],
                    [self.text(target)],
                    value.shape,
                    before.shape,
                )
            )

    def aug_assign(self, s: ast.AugAssign, env: Env) -> Env:
        before = self.ev(_as_load(s.target), env)
        right = self.ev(s.value, env)
        if isinstance(s.op, ast.MatMult):
            value = self.contract(s, before, right, s.target, s.value, "matmul")
        else:
            value = self.binop(s, s.op, before, right, s.target, s.value)
        if isinstance(before, Arr) and before.ndim >= 1 and isinstance(value, Arr):
            r, b = value.shape, before.shape
            grows = len(r) > len(b) or any(
                type(x) is int and type(y) is int and x != y
                for x, y in zip(r[len(r) - len(b) :], b)
            )
            if grows:  # it raises: that is the finding, not what it would have made
                self.events = [e for e in self.events if e.node is not s]
                self.emit(
                    Event(
                        "inplace",
                        s,
                        [before, right if isinstance(right, Arr) else None],
                        [self.text(s.target), self.text(s.value)],
                        value.shape,
                        before.shape,
                    )
                )
            value = before
        return self.assign(s.target, value, env, None)

    # -- expressions -------------------------------------------------------------

    def ev(self, node: ast.expr | None, env: Env) -> Value:
        if node is None:
            return None
        self.tick()
        if isinstance(node, ast.Name):
            return self.lookup(node.id, env)
        if isinstance(node, ast.Constant):
            c = node.value
            if type(c) is int:
                return Int(c)
            if isinstance(c, (float, complex)):
                return Num()
            if isinstance(c, str):
                return Str(c)
            if c is None:
                return NewAxis()
            return Const(c)
        if isinstance(node, ast.BinOp):
            left = self.ev(node.left, env)
            right = self.ev(node.right, env)
            if isinstance(node.op, ast.MatMult):
                return self.contract(node, left, right, node.left, node.right, "matmul")
            return self.binop(node, node.op, left, right, node.left, node.right)
        if isinstance(node, ast.UnaryOp):
            v = self.ev(node.operand, env)
            if isinstance(node.op, ast.Not):
                return None
            if (
                isinstance(v, Int)
                and type(v.dim) is int
                and isinstance(node.op, ast.USub)
            ):
                return Int(-v.dim)
            if isinstance(v, Arr):
                return v.but(v.shape, spelled=v.spelled, kept=v.kept, made=v.made)
            if isinstance(v, (Num, Int)):
                return Num()
            return None
        if isinstance(node, ast.Compare):
            left = self.ev(node.left, env)
            out: Value = None
            prev, prev_node = left, node.left
            for op, comp in zip(node.ops, node.comparators):
                right = self.ev(comp, env)
                if isinstance(op, (ast.Is, ast.IsNot, ast.In, ast.NotIn)):
                    return None
                if isinstance(prev, Arr) or isinstance(right, Arr):
                    r = self.binop(node, op, prev, right, prev_node, comp)
                    out = r if out is None else None
                else:
                    out = None
                prev, prev_node = right, comp
            return out
        if isinstance(node, ast.BoolOp):
            for x in node.values:
                self.ev(x, env)
            return None
        if isinstance(node, ast.Call):
            return self.call(node, env)
        if isinstance(node, ast.Attribute):
            return self.attribute(node, env)
        if isinstance(node, ast.Subscript):
            return self.subscript(node, env)
        if isinstance(node, (ast.Tuple, ast.List)):
            if any(isinstance(e, ast.Starred) for e in node.elts):
                for e in node.elts:
                    self.ev(e, env)
                return None
            return Tup(
                tuple(self.ev(e, env) for e in node.elts), isinstance(node, ast.List)
            )
        if isinstance(node, ast.Dict):
            entries: dict[str, Value] = {}
            complete = True
            for k, x in zip(node.keys, node.values):
                key = self.ev(k, env) if k is not None else None
                value = self.ev(x, env)
                if isinstance(key, Str):
                    entries[key.text] = value
                else:
                    complete = False
            return Dct(entries, complete)
        if isinstance(node, ast.IfExp):
            self.ev(node.test, env)
            return join(self.ev(node.body, env), self.ev(node.orelse, env))
        if isinstance(node, ast.JoinedStr):
            parts: list[str] = []
            for part in node.values:
                if isinstance(part, ast.Constant) and isinstance(part.value, str):
                    parts.append(part.value)
                elif isinstance(part, ast.FormattedValue) and part.format_spec is None:
                    f = self.ev(part.value, env)
                    if (
                        isinstance(f, Int)
                        and type(f.dim) is int
                        and part.conversion == -1
                    ):
                        parts.append(str(f.dim))
                    elif isinstance(f, Str) and part.conversion == -1:
                        parts.append(f.text)
                    else:
                        return None
                else:
                    return None
            return Str("".join(parts))
        if isinstance(node, ast.NamedExpr):
            value = self.ev(node.value, env)
            env[node.target.id] = value
            return value
        if isinstance(node, ast.Starred):
            self.ev(node.value, env)
        return None  # lambda, comprehensions, await, yield, slices ...

    def attribute(self, node: ast.Attribute, env: Env) -> Value:
        base = self.ev(node.value, env)
        name = node.attr
        if isinstance(base, Mod):
            if base.name in ("numpy", "np") and name == "newaxis":
                return NewAxis()
            if name in ("pi", "e", "inf", "nan", "euler_gamma"):
                return Num()
            return Mod(f"{base.name}.{name}")
        if isinstance(base, Arr):
            if name == "T":
                n = base.ndim
                return base.but(
                    base.shape[::-1],
                    spelled=frozenset(n - 1 - a for a in base.spelled),
                    kept=frozenset(n - 1 - a for a in base.kept),
                )
            if name == "shape":
                return Tup(tuple(Int(d) for d in base.shape))
            if name == "ndim":
                return Int(base.ndim)
            if name == "size":
                total: Value = Int(1)
                for d in base.shape:
                    total = int_op(ast.Mult(), total.dim, d)  # type: ignore[union-attr]
                return total
            if name in ("real", "imag"):
                return base
            return Bound(base, name, node)
        return None

    def subscript(self, node: ast.Subscript, env: Env) -> Value:
        base = self.ev(node.value, env)
        if isinstance(base, Dct) and isinstance(node.slice, ast.Slice):
            return None
        if isinstance(base, Dct):
            key = self.ev(node.slice, env)
            if isinstance(key, Str):
                return base.items.get(key.text)
            return None
        if isinstance(base, Tup):
            key = self.ev(node.slice, env)
            if isinstance(key, Int) and type(key.dim) is int:
                k = key.dim
                if -len(base.items) <= k < len(base.items):
                    return base.items[k]
                return None
            if (
                isinstance(key, Int)
                and isinstance(key.dim, str)
                and isinstance(node.value, ast.Name)
            ):
                # layer_dims[l] of a list nothing is known about: a symbol
                return Int(f"{node.value.id}[{key.dim}]")
            return None
        if isinstance(base, Param) and isinstance(node.slice, (ast.Name, ast.BinOp)):
            key = self.ev(node.slice, env)
            if isinstance(key, (Int, Param)):
                text = self.text(node)
                return Int(text) if text else None
            return None
        if isinstance(base, Arr):
            return functions.index(self, base, node, env)
        self.ev(node.slice, env)
        return None

    # -- calls --------------------------------------------------------------------

    def call(self, node: ast.Call, env: Env) -> Value:
        func = self.ev(node.func, env)
        args = [self.ev(a, env) for a in node.args]
        kwargs = {k.arg: self.ev(k.value, env) for k in node.keywords if k.arg}
        if any(isinstance(a, ast.Starred) for a in node.args) or any(
            k.arg is None for k in node.keywords
        ):
            return None
        if isinstance(func, Mod):
            return functions.call_numpy(self, func.name, node, args, kwargs)
        if isinstance(func, Bound):
            return functions.call_method(self, func, node, args, kwargs)
        if isinstance(func, Fn):
            return self.call_fn(func, node, args, kwargs)
        if isinstance(node.func, ast.Attribute):
            owner = self.ev(node.func.value, env)
            if isinstance(owner, Dct):
                if node.func.attr == "copy" and not args:
                    return owner
                if node.func.attr == "get" and args and isinstance(args[0], Str):
                    return owner.items.get(args[0].text)
            return None
        if isinstance(node.func, ast.Name) and func is None:
            return functions.call_builtin(self, node.func.id, node, args, kwargs)
        return None

    def call_fn(
        self, fn: Fn, node: ast.Call, args: list[Value], kwargs: dict[str, Value]
    ) -> Value:
        f = fn.node
        if len(self.frames) > MAX_DEPTH or any(fr.fn is f for fr in self.frames):
            return None
        params = _all_args(f)
        positional = [*f.args.posonlyargs, *f.args.args]
        if len(args) > len(positional) and f.args.vararg is None:
            return None
        env: Env = {}
        for p, v in zip(positional, args):
            env[p.arg] = v
        for name, v in kwargs.items():
            if name is not None and any(p.arg == name for p in params):
                env[name] = v
        for arg, default in _defaults(f):
            if arg.arg not in env:
                env[arg.arg] = self.ev(default, self.globals)
        for p in params:  # the callers' values only: never mixed with docstrings
            if p.arg not in env:
                env[p.arg] = Param(p.arg)
        if f.args.vararg:
            env[f.args.vararg.arg] = None
        if f.args.kwarg:
            env[f.args.kwarg.arg] = None
        key = (id(f), *(_key(env.get(p.arg)) for p in params))
        if key in self.memo:
            return self.memo[key]
        self.memo[key] = None  # while it runs
        result = self._body(f, env)
        self.memo[key] = result
        rebound = self.rebinds.get(id(f))
        if rebound is None:
            rebound = self.rebinds[id(f)] = _globals_of(f)
        if rebound:  # `global W` in f: what W is now, nobody here knows
            self.clobbered |= rebound
            self.globals = {**self.globals, **dict.fromkeys(rebound)}
        return result

    # -- the algebra ----------------------------------------------------------------

    def binop(
        self,
        node: ast.AST,
        op: ast.AST,
        left: Value,
        right: Value,
        left_node: ast.AST,
        right_node: ast.AST,
    ) -> Value:
        """Elementwise arithmetic (operators and ufuncs) on two values."""
        if (
            isinstance(op, ast.operator)
            and isinstance(left, (Int, Param))
            and isinstance(right, (Int, Param))
        ):
            return int_op(op, size_of(left), size_of(right))
        if isinstance(left, Str) and isinstance(right, Str) and isinstance(op, ast.Add):
            return Str(left.text + right.text)
        if isinstance(left, (Tup, Str)) or isinstance(right, (Tup, Str)):
            return None  # list or string arithmetic, not arrays
        return self.elementwise(node, [left, right], [left_node, right_node])

    def elementwise(
        self, node: ast.AST, values: Sequence[Value], nodes: Sequence[ast.AST]
    ) -> Value:
        shapes = [shape_of(v) for v in values]
        if any(s is None for s in shapes):
            return None
        arrays = [v for v in values if isinstance(v, Arr)]
        if not arrays:
            return Num()
        if len(arrays) == 1:
            a = arrays[0]
            if all(len(s) == 0 for s in shapes if s is not a.shape):  # type: ignore[arg-type]
                return a.but(a.shape, spelled=a.spelled, kept=a.kept, made=a.made)
        try:
            b = broadcast(*shapes)  # type: ignore[arg-type]
        except BcastError:
            return None
        names = [self.text(n) for n in nodes]
        operands = [v if isinstance(v, Arr) else None for v in values]
        if not b.ok:
            step = b.conflict
            assert step is not None
            if all(type(step.sizes[i]) is int for i in step.conflicting):
                self.emit(Event("conflict", node, operands, names, None, b))
            return None
        assert b.shape is not None
        result = self._result(b, values)
        if b.conditions:
            if all(
                c.kind == "one_of"
                and type(c.size) is int
                and c.size > 1
                and all(isinstance(d, str) and d in self.declared for d in c.sizes)
                for c in b.conditions
            ):
                self.emit(Event("condition", node, operands, names, b.shape, b))
            return result
        if any(None in s for s in shapes):  # type: ignore[operator]
            return result
        for s in suspicions(
            b, spelled=self._spelled(b, values), rank_promotion=self.rank_promotion
        ):
            self.emit(Event(s.kind, node, operands, names, b.shape, (b, s)))
        return result

    def _spelled(self, b: Broadcast, values: Sequence[Value]) -> bool:
        """Does the code spell out the stretch this broadcast makes?

        Yes when an operand is stretched along an axis it got from a new axis
        (``[:, None]``, ``np.newaxis``, ``reshape``, ``expand_dims``, an array
        literal); keepdims=True counts when no operand gains axes (a reduction
        kept its axis to meet the array it came from, not a rank-1 array).
        """
        n = b.ndim
        padded = any(s.padded for s in b.steps if s.size != 1)
        for i, v in enumerate(values):
            if not isinstance(v, Arr):
                continue
            offset = n - v.ndim
            for axis in b.stretched(i):
                a = axis - offset
                if a in v.spelled or (a in v.kept and not padded):
                    return True
        return False

    def _result(self, b: Broadcast, values: Sequence[Value]) -> Arr:
        assert b.shape is not None
        n = len(b.shape)
        spelled: set[int] = set()
        kept: set[int] = set()
        made = None
        for v in values:
            if isinstance(v, Arr):
                offset = n - v.ndim
                spelled |= {a + offset for a in v.spelled if b.shape[a + offset] == 1}
                kept |= {a + offset for a in v.kept if b.shape[a + offset] == 1}
                if v.shape == b.shape and made is None:
                    made = v.made
        first = next(v for v in values if isinstance(v, Arr))
        return first.but(
            b.shape, spelled=frozenset(spelled), kept=frozenset(kept), made=made
        )

    def contract(
        self,
        node: ast.AST,
        left: Value,
        right: Value,
        left_node: ast.AST,
        right_node: ast.AST,
        kind: str,
    ) -> Value:
        """``np.dot``, ``@``, ``np.matmul``: the inner sizes must be equal."""
        a, b = shape_of(left), shape_of(right)
        if a is None or b is None:
            return None
        if kind == "dot" and (len(a) == 0 or len(b) == 0):
            return self.elementwise(node, [left, right], [left_node, right_node])
        if len(a) == 0 or len(b) == 0 or (kind == "dot" and (len(a) > 2 or len(b) > 2)):
            return None
        try:
            g = broadcast_signature(MATMUL, a, b)
        except BcastError:
            return None
        names = [self.text(left_node), self.text(right_node)]
        operands = [v if isinstance(v, Arr) else None for v in (left, right)]
        if g.failure is not None:
            if g.failure.kind == "core" and all(
                type(d) is int for d in g.failure.sizes
            ):
                self.emit(Event("contract", node, operands, names, None, g))
            return None
        if g.loop is not None and not g.loop.ok:
            step = g.loop.conflict
            if step is not None and all(
                type(step.sizes[i]) is int for i in step.conflicting
            ):
                self.emit(Event("contract", node, operands, names, None, g))
            return None
        if g.outputs is None:
            return None
        out = g.outputs[0]
        if g.conditions:
            c = g.conditions[0]
            ints = [d for d in c.sizes if isinstance(d, int)]
            if (
                ints
                and all(d is not None for d in c.sizes)
                and all(d > 1 for d in ints)
                and all(d in self.declared for d in c.sizes if isinstance(d, str))
            ):
                self.emit(Event("contract_condition", node, operands, names, out, g))
        origin = self.origin(node)
        return Arr(out, origin=origin)


def _cut(line: str, start: int, end: int | None) -> str:
    """``line[start:end]`` by UTF-8 byte offsets, as the AST counts columns."""
    if line.isascii():
        return line[start:end]
    return line.encode()[start:end].decode(errors="replace")


def _as_load(target: ast.expr) -> ast.expr:
    return target  # a Name or Subscript evaluates the same whatever its ctx


def _all_args(f: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.arg]:
    a = f.args
    return [*a.posonlyargs, *a.args, *a.kwonlyargs]


def _defaults(
    f: ast.FunctionDef | ast.AsyncFunctionDef,
) -> list[tuple[ast.arg, ast.expr]]:
    a = f.args
    positional = [*a.posonlyargs, *a.args]
    out = list(zip(positional[len(positional) - len(a.defaults) :], a.defaults))
    out += [(k, d) for k, d in zip(a.kwonlyargs, a.kw_defaults) if d is not None]
    return out


CERTAIN = frozenset({"conflict", "contract", "inplace"})
"""Kinds of event that are certain failures (BC1xx)."""

_CAUGHT = {"ValueError", "Exception", "BaseException", "BroadcastError"}


def _catches(handler: ast.expr | None) -> bool:
    """Does ``except handler:`` catch NumPy's ValueError?"""
    if handler is None:
        return True
    names = handler.elts if isinstance(handler, ast.Tuple) else [handler]
    for n in names:
        name = n.attr if isinstance(n, ast.Attribute) else getattr(n, "id", "")
        if name in _CAUGHT:
            return True
    return False


def _expects_error(node: ast.expr) -> bool:
    """``pytest.raises(ValueError)``, ``self.assertRaises(...)``, ``np.testing.assert_raises``."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name in ("raises", "assertRaises", "assertRaisesRegex", "assert_raises")


def _globals_of(f: ast.AST) -> frozenset[str]:
    """The names a function declares ``global`` (or ``nonlocal``)."""
    names: set[str] = set()
    for node in ast.walk(f):
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            names.update(node.names)
    return frozenset(names)


def _key(v: Value) -> object:
    """A hashable summary of a value, for the memo of calls."""
    if isinstance(v, Arr):
        return ("A", v.shape, v.spelled, v.kept)
    if isinstance(v, Int):
        return ("I", v.dim)
    if isinstance(v, Str):
        return ("S", v.text)
    if isinstance(v, Tup):
        return ("T", tuple(_key(x) for x in v.items))
    if isinstance(v, Dct):
        return (
            "D",
            v.complete,
            tuple(sorted((k, _key(x)) for k, x in v.items.items())),
        )
    if isinstance(v, Param):
        return ("P", v.name)
    if isinstance(v, Const):
        return ("C", repr(v.value))
    if isinstance(v, Mod):
        return ("M", v.name)
    if v is None:
        return None
    return (type(v).__name__, id(v))
