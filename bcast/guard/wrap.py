"""Guarded wrappers: functions, generators, coroutines and dataclasses.

A wrapper is generated source (see :mod:`bcast.guard.codegen`) with the
decorated function's own parameters: it binds int arguments that specs name,
checks every argument's plain axes, then every argument's expressions (so
``x: "n+1"`` may come before the ``y: "n"`` that binds ``n``), calls the
function with its bindings in force for :func:`bcast.expect`, and checks the
result.  Generators and coroutines are checked at the call, and every step of
their body runs with that call's bindings.

A failure raises from the wrapper and then drops the wrapper's own frame from
the traceback, so that the traceback ends in the caller's line;
``__tracebackhide__`` hides whatever remains of bcast from pytest and IPython.
"""

from __future__ import annotations

from contextvars import copy_context
from keyword import iskeyword

from bcast.guard import state
from bcast.guard.codegen import Namespace, indent, node_lines, run
from bcast.guard.report import EXPECT, RESULT, Replay
from bcast.guard.spec import Expr, Spec, nodes_specs

TYPE_CHECKING = False  # typing stays out of start-up (see bcast.core.rule)
if TYPE_CHECKING:
    import inspect
    from collections.abc import Callable, Coroutine, Generator, Mapping
    from typing import Any

    from bcast.errors import ShapeError
    from bcast.guard.report import Bindings
    from bcast.guard.spec import Node

__all__ = ["STEPS", "Guarded", "dataclass_init", "function_wrapper", "result_node"]

_NOTHING = object()


class Guarded:
    """What a guarded function checks: the record behind its generated wrapper.

    ``arguments``: (parameter, may be None, spec node); ``ints``: parameters
    whose int value binds the spec name of the same name; ``results``: the
    result's node (a Spec, or a Fixed tuple of them), or None.
    """

    __slots__ = ("arguments", "ints", "name", "results")

    def __init__(
        self,
        name: str,
        arguments: list[tuple[str, bool, Node]],
        ints: list[str],
        results: Node | None,
    ) -> None:
        self.name = name
        self.arguments = arguments
        self.ints = ints
        self.results = results

    def deferred(self, node: Node) -> bool:
        """A top-level array spec with expressions: checked in a second pass."""
        return isinstance(node, Spec) and any(isinstance(d, Expr) for d in node.items)

    def replay(self, r: Replay, values: tuple[Any, ...]) -> ShapeError | None:
        """The arguments' checks, slowly, in the generated code's order."""
        n = len(self.arguments)
        for name, v in zip(self.ints, values[n:]):
            if type(v) is int:
                failed = r.sizes({name: v}, name, "int")
                if failed is not None:
                    return failed
        for phase in ("plain", "expr"):
            for (name, optional, node), v in zip(self.arguments, values):
                if optional and v is None:
                    continue
                if phase == "expr" and not self.deferred(node):
                    continue
                step = phase if self.deferred(node) else "all"
                failed = r.node(node, v, name, step)
                if failed is not None:
                    return failed
        return None

    def trail(self, r: Replay, trail: list[tuple[Any, Any]]) -> ShapeError | None:
        """What expect() checked inside the call, slowly."""
        for spec, value in trail:
            failed = (
                r.sizes(value, "expect")
                if spec is None
                else r.site(spec, value, EXPECT)
            )
            if failed is not None:
                return failed
        return None

    def fail(
        self,
        values: tuple[Any, ...],
        scope: Bindings | None,
        out: object = _NOTHING,
        trail: list[tuple[Any, Any]] | None = None,
    ) -> ShapeError:
        """The error of a call whose generated checks failed."""
        r = Replay(self.name, scope)
        failed = self.replay(r, values)
        if failed is None and out is not _NOTHING and self.results is not None:
            failed = self.trail(r, trail or []) or r.node(self.results, out, RESULT)
        if failed is None:  # pragma: no cover - the checks disagree: a bug
            from bcast.errors import ShapeError

            return ShapeError(
                self.name, "?", None, "?", reason="bcast could not say why"
            )
        return failed


def argument_lines(guarded: Guarded, ns: Namespace, values: str) -> list[str]:
    """Lines binding int arguments and checking every argument, in two passes.

    The names the arguments' specs use are bound in local variables (a
    dict's ``setdefault`` per axis would cost more); ``{p}b``, the bindings
    dict that :func:`bcast.expect` and the result read, is made from them
    afterwards.  They start as None, or as a :func:`bcast.dims` scope has them.
    """
    from bcast.guard.codegen import _bind, check_lines

    p = ns.p
    fail = f"raise {p}G.fail({values}, {p}s) from None"
    names: list[str] = list(guarded.ints)
    for _, _, node in guarded.arguments:
        for spec in nodes_specs(node):
            names += sorted(spec.names())
    names = list(dict.fromkeys(names))
    ns.local = {name: f"{p}n{k}" for k, name in enumerate(names)}
    local = list(ns.local.values())
    lines = [f"{p}s = {p}scope_get() if {p}SW[2] else None"]
    if local:
        lines += [
            f"if {p}s is None:",
            f"    {' = '.join(local)} = None",
            "else:",
            *(f"    {ns.local[n]} = {p}s.get({ns.const(n)})" for n in names),
        ]
    for name in guarded.ints:
        lines += [f"if {p}type({name}) is int:", *indent(_bind(ns, name, name, fail))]
    later: list[str] = []
    for name, optional, node in guarded.arguments:
        deferred = guarded.deferred(node)
        body = node_lines(name, node, ns, fail, phase="plain" if deferred else "all")
        lines += [f"if {name} is not None:", *indent(body)] if optional else body
        if deferred:
            assert isinstance(node, Spec)
            body = check_lines(node.items, ns, fail, f"{p}sh{name}", "expr")
            later += [f"if {name} is not None:", *indent(body)] if optional else body
    pairs = "".join(f"{ns.const(n)}: {ns.local[n]}, " for n in names)
    made = [f"{p}b = {{{pairs}}} if {p}s is None else {{**{p}s, {pairs}}}"]
    return lines + later + made


def needs_dict(guarded: Guarded, ns: Namespace) -> bool:
    """Whether the result's checks read names from the bindings dict: names
    that no argument's spec binds (expect() in the body may bind them)."""
    used: set[str] = set()
    for spec in nodes_specs(guarded.results):
        used |= spec.names()
    return bool(used - set(ns.local))


def _result_lines(
    guarded: Guarded, ns: Namespace, values: str, out: str, trail: bool = True
) -> list[str]:
    if guarded.results is None:
        return []
    p = ns.p
    what = f"{p}b.get({p}TRAIL)" if trail else "None"
    fail = f"raise {p}G.fail({values}, {p}s, {out}, {what}) from None"
    return node_lines(out, guarded.results, ns, fail)


def _parameters(
    params: Mapping[str, inspect.Parameter], ns: Namespace
) -> tuple[str, str]:
    """The parameter list of ``params`` as source, and a call passing them on."""
    text: list[str] = []
    call: list[str] = []
    star = False
    for i, p in enumerate(params.values()):
        kind = p.kind
        if kind == p.VAR_POSITIONAL:
            text.append(f"*{p.name}")
            call.append(f"*{p.name}")
            star = True
            continue
        if kind == p.VAR_KEYWORD:
            text.append(f"**{p.name}")
            call.append(f"**{p.name}")
            continue
        if kind == p.KEYWORD_ONLY and not star:
            text.append("*")
            star = True
        default = "" if p.default is p.empty else f"={ns.ref(p.default)}"
        text.append(p.name + default)
        call.append(f"{p.name}={p.name}" if kind == p.KEYWORD_ONLY else p.name)
        if kind == p.POSITIONAL_ONLY:
            later = list(params.values())[i + 1 :]
            if not later or later[0].kind != p.POSITIONAL_ONLY:
                text.append("/")
    return ", ".join(text), ", ".join(call)


def _prefix(names: list[str]) -> Namespace:
    p = "_bc_"
    while any(name.startswith(p) for name in names):
        p += "_"
    ns = Namespace(p)
    ns.values.update(
        {
            p + "SW": state.switch,
            p + "scope_get": state.scope.get,
            p + "TRAIL": state.TRAIL,
            p + "drive_gen": drive_generator,
            p + "drive_coro": drive_coroutine,
        }
    )
    return ns


def _protect(ns: Namespace, body: list[str]) -> list[str]:
    """Run ``body`` so that an exception leaves the wrapper's frame out of its
    traceback: it then ends in the caller's line (bare ``raise`` adds none)."""
    p = ns.p
    return [
        "try:",
        *indent(body),
        f"except BaseException as {p}e:",
        f"    {p}e.__traceback__ = {p}e.__traceback__.tb_next",
        "    raise",
    ]


def function_wrapper(
    fn: Callable[..., Any],
    guarded: Guarded,
    params: Mapping[str, inspect.Parameter],
    kind: str,
    in_context: bool = False,
) -> Callable[..., Any]:
    """Generate the wrapper: ``fn``'s own parameters, the checks, the call,
    the result's checks.  ``kind``: function, generator, coroutine, asyncgen;
    ``in_context``: ``fn`` calls expect(), hold the call in ``state.call``."""
    ns = _prefix([*params, str(getattr(fn, "__name__", ""))])
    p = ns.p
    ns.values.update({p + "fn": fn, p + "G": guarded})
    signature, call = _parameters(params, ns)
    checked = [name for name, _, _ in guarded.arguments] + guarded.ints
    values = "(" + "".join(f"{name}, " for name in checked) + ")"
    body = argument_lines(guarded, ns, values)
    if kind == "generator":
        body.append(f"return {p}drive_gen({p}fn({call}), ({p}b, {values}, {p}s, {p}G))")
    elif kind == "coroutine":
        post = "None"
        if guarded.results is not None:
            post = f"{p}post"
            ns.local = {}  # a closure: the result is checked in the dict
            body += [
                f"def {p}post({p}out):",
                *indent(_result_lines(guarded, ns, values, f"{p}out")),
                f"    return {p}out",
            ]
        frame = f"({p}b, {values}, {p}s, {p}G)"
        body.append(f"return {p}drive_coro({p}fn({call}), {frame}, {post})")
    elif in_context:
        # Its body calls expect(): the call's bindings go in the context
        # variable, where expect() finds them in one step.
        ns.values[p + "call_set"] = state.call.set
        ns.values[p + "call_reset"] = state.call.reset
        body += [
            f"{p}token = {p}call_set(({p}b, {values}, {p}s, {p}G))",
            "try:",
            f"    {p}out = {p}fn({call})",
            "finally:",
            f"    {p}call_reset({p}token)",
            *_result_lines(guarded, ns, values, f"{p}out"),
            f"return {p}out",
        ]
    else:
        # Counted while it runs, so that expect() outside every guarded call
        # knows it need not walk the stack to look for one.  Its bindings
        # dict is made only if the result needs it: an expect() in a helper
        # reads the names from this frame's locals.
        keep = needs_dict(guarded, ns)
        if not keep:
            body.pop()
        body += [
            f"{p}SW[3] += 1",
            "try:",
            f"    {p}out = {p}fn({call})",
            "finally:",
            f"    {p}SW[3] -= 1",
            *_result_lines(guarded, ns, values, f"{p}out", trail=keep),
            f"return {p}out",
        ]
    lines = [
        "__tracebackhide__ = True",
        f"if not {p}SW[0]:",
        f"    return {p}fn({call})",
        *_protect(ns, body),
    ]
    name = getattr(fn, "__name__", "")
    if not isinstance(name, str) or not name.isidentifier() or iskeyword(name):
        name = "guarded"
    source = [f"def {name}({signature}):", *indent(lines)]
    wrapper = run(source, ns, name, traceback=True)
    if hasattr(wrapper.__code__, "co_qualname"):  # Python 3.11+: for TypeErrors
        wrapper.__code__ = wrapper.__code__.replace(co_qualname=guarded.name)
    if kind == "function":  # expect() inside finds the call by this frame
        code = wrapper.__code__  # by id: hashing a code object reads all of it
        local = dict(ns.local)
        state.wrappers[id(code)] = (
            p,
            guarded,
            p + "call_set" in ns.values,
            code,
            local,
        )
    return wrapper  # type: ignore[no-any-return]


def dataclass_init(init: Callable[..., Any], guarded: Guarded) -> Callable[..., Any]:
    """``__init__`` that runs ``init`` and then checks the fields it set."""
    fields = [name for name, _, _ in guarded.arguments]
    ns = _prefix(fields)
    p = ns.p
    ns.values.update({p + "fn": init, p + "G": guarded})
    values = "(" + "".join(f"{name}, " for name in fields) + ")"
    body = [
        *(f"{name} = {p}self.{name}" for name in fields),
        *argument_lines(guarded, ns, values),
    ]
    lines = [
        "__tracebackhide__ = True",
        f"{p}fn({p}self, *{p}args, **{p}kwargs)",
        f"if {p}SW[0]:",
        *indent(_protect(ns, body)),
    ]
    source = [f"def __init__({p}self, *{p}args, **{p}kwargs):", *indent(lines)]
    wrapper = run(source, ns, "__init__", traceback=True)
    if hasattr(wrapper.__code__, "co_qualname"):
        wrapper.__code__ = wrapper.__code__.replace(
            co_qualname=f"{guarded.name}.__init__"
        )
    return wrapper  # type: ignore[no-any-return]


# -- generators and coroutines: every step with the call's bindings ------------------------


def _steps(gen: Any, ctx: Any) -> Generator[Any, Any, Any]:
    """Drive ``gen`` (a generator or a coroutine), each step inside ``ctx``."""
    sent: Any = None
    thrown: BaseException | None = None
    while True:
        try:
            if thrown is None:
                value = ctx.run(gen.send, sent)
            else:
                value = ctx.run(gen.throw, thrown)
        except StopIteration as stop:
            return stop.value
        thrown = None
        try:
            sent = yield value
        except GeneratorExit:
            ctx.run(gen.close)
            raise
        except BaseException as e:
            thrown = e


STEPS = _steps.__code__
"""The code of every generator's and coroutine's step driver (for expect())."""


def drive_generator(gen: Any, frame: Any) -> Generator[Any, Any, Any]:
    """A generator that runs ``gen`` with ``frame`` as the guarded call."""
    ctx = copy_context()
    ctx.run(state.call.set, frame)
    return _steps(gen, ctx)


class _Steps:
    __slots__ = ("coro", "ctx")

    def __init__(self, coro: Any, ctx: Any) -> None:
        self.coro = coro
        self.ctx = ctx

    def __await__(self) -> Generator[Any, Any, Any]:
        return _steps(self.coro, self.ctx)


async def _run_coroutine(coro: Any, ctx: Any, post: Callable[[Any], Any] | None) -> Any:
    out = await _Steps(coro, ctx)
    return out if post is None else post(out)


def drive_coroutine(
    coro: Any, frame: Any, post: Callable[[Any], Any] | None
) -> Coroutine[Any, Any, Any]:
    """A coroutine that runs ``coro`` with ``frame`` as the guarded call and
    checks what it returns with ``post``."""
    ctx = copy_context()
    ctx.run(state.call.set, frame)
    return _run_coroutine(coro, ctx, post)


def result_node(returns: object, annotated: Node | None, what: str) -> Node | None:
    """The result's node: ``returns=`` if given, else the return annotation."""
    from bcast.guard.spec import from_value

    if returns is None:
        return annotated
    if isinstance(returns, list) and len(returns) != 1:
        returns = tuple(returns)  # returns=[a, b]: a tuple of two, as before
    return from_value(returns, what)
