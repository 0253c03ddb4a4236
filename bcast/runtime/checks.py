"""The checks that instrumented code calls before each operation.

:mod:`bcast.runtime.instrument` rewrites ``a - b`` into
``operator.sub(*check(SITE, a, b))``: :func:`check` reads the operands'
``.shape`` (NumPy, PyTorch, JAX, CuPy, Dask: anything that has one), puts
the shapes through the algebra and the shared policy
(:func:`bcast.explainer.policy.suspicions`, :func:`~bcast.explainer.policy.drift`),
and hands the operands back unchanged, so the operation itself still runs in
the user's frame, by the operator itself.  ``SITE`` is a constant tuple the
rewriter wrote into the code: the site's number, kind, the expression's text,
the operands' texts, its line, and what the code spells out.

Fast paths first: a Python number (or string, list ...) on either side ends
the check at once; equal shapes, and pairs of shapes already found quiet,
end it after two attribute reads and a set lookup.  Everything else is the
cold path: examined once per site and shapes, reported once per site.

A finding is a :class:`Finding`; it is reported as a
:class:`bcast.BroadcastWarning` at the user's file and line through
:func:`warnings.warn_explicit`, or raised as :class:`bcast.SilentBroadcastError`
in strict mode.  Every finding reported in this process is in
:data:`FINDINGS` (the pytest plugin's summary reads it).

No NumPy here: the checks only read ``.shape``.
"""

from __future__ import annotations

import sys
from contextvars import ContextVar
from operator import index as _index

from bcast.core.records import Record
from bcast.errors import BroadcastWarning, SilentBroadcastError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from bcast.core.shapes import Dims

__all__ = [
    "FINDINGS",
    "MODES",
    "POLICY",
    "Finding",
    "call",
    "check",
    "configure",
    "matmul",
    "mode",
    "reset",
    "update",
]

MODES = ("off", "warn", "raise")

# The site tuple the rewriter writes (see bcast.runtime.instrument.site):
NUMBER, KIND, OP, TEXT, NAMES, SPELLED, LINE, TARGET, SUBTRACT = range(9)

DRIFT = "drift"

POLICY: ContextVar[Any] = ContextVar("bcast_strict", default=None)
"""The innermost :class:`bcast.strict` block's policy (``mode``,
``rank_promotion``, ``outer``), or None outside every block.  Shared by
watched arrays and instrumented code."""

_STATE = {"mode": "warn", "rank_promotion": False}

FINDINGS: list[Finding] = []
"""Every finding reported in this process, in order (once per site)."""

# Types that never take part: the check ends at once when either operand is one.
_PLAIN = frozenset(
    {int, float, complex, bool, str, bytes, list, tuple, dict, set, type(None)}
)

# Pairs of shapes quiet at every site (no suspicion, even unspelled).
_QUIET: set[tuple[object, ...]] = set()
# Sites and shapes found quiet or already reported: (number, *shapes).
_DONE: set[tuple[object, ...]] = set()
_REPORTED: set[int] = set()
_LIMIT = 4096


class Finding(Record):
    """A broadcast that worked, but probably not as meant, at one site.

    Attributes
    ----------
    kind : str
        ``"rank1"``, ``"outer"``, ``"drift"`` or ``"rank_promotion"``.
    expression : str
        The expression's source text (``"w - learning_rate * dw"``).
    names : tuple of str
        Every operand as the code writes it.
    shapes : tuple
        Every operand's shape; ``()`` for a number.
    operands : tuple of int
        The operands concerned (for ``rank1``: the rank-1 one, then the other).
    result : tuple
        The broadcast shape.
    filename : str
        The user's file (or notebook cell).
    lineno : int
        The line.
    op : str
        The operator (``"-"``) or function (``"np.maximum"``).
    target : str or None
        For a drift, what is updated (``"w"``).
    """

    kind: str
    expression: str
    names: tuple[str, ...]
    shapes: tuple[Dims, ...]
    operands: tuple[int, ...]
    result: Dims
    filename: str
    lineno: int
    op: str = ""
    target: str | None = None

    def message(self, lang: str | None = None) -> str:
        """The finding in one line, in ``lang`` (default ``BCAST_LANG``).

        >>> f = Finding(kind="rank1", expression="y - a", names=("y", "a"),
        ...     shapes=((5,), (5, 1)), operands=(0, 1), result=(5, 5),
        ...     filename="t.py", lineno=3, op="-")
        >>> print(f.message("en"))
        y - a: y (5,), a (5, 1) -> (5, 5): y is rank-1 and a is a column, so the result is an outer product; element by element: y[:, None] - a (or give y that shape where it is made)
        """
        from bcast.explainer.words.catalog import resolve

        return _message(self, resolve(lang))


def _fixed(f: Finding, i: int, code: str) -> str:
    """The expression with operand ``i`` written as ``code``."""
    names = list(f.names)
    names[i] = code
    if len(names) == 2 and f.op and not f.op[0].isalpha():
        return f"{names[0]} {f.op} {names[1]}"
    return f"{f.op}({', '.join(names)})"


def _message(f: Finding, lang: str) -> str:
    from bcast.core.rule import broadcast
    from bcast.core.shapes import format_shape
    from bcast.explainer.words.catalog import say

    operands = ", ".join(
        say("runtime.operand", lang, name=n, shape=format_shape(s))
        for n, s in zip(f.names, f.shapes)
    )
    head = say(
        "runtime.head",
        lang,
        expression=f.expression,
        operands=operands,
        result=format_shape(f.result),
    )
    fix = ""
    if f.kind == "rank1":
        i, j = f.operands
        role = "runtime.column" if f.shapes[j][-1:] == (1,) else "runtime.row"
        reason = say(
            "runtime.rank1",
            lang,
            vector=f.names[i],
            other=f.names[j],
            role=say(role, lang),
        )
        fix = _rank1_fix(f, lang)
    elif f.kind == "outer":
        reason = say("runtime.outer", lang)
        fix = say("runtime.fix_spell", lang)
        two = len(f.shapes) == 2 and len(f.shapes[0]) == 2 == len(f.shapes[1])
        if two and tuple(reversed(f.shapes[1])) == f.shapes[0]:
            code = _fixed(f, 1, _suffix(f.names[1], ".T"))
            fix = say("runtime.fix_transpose", lang, code=code)
    elif f.kind == DRIFT:
        before = format_shape(f.shapes[0])
        reason = say(
            "runtime.drift",
            lang,
            target=f.target,
            before=before,
            after=format_shape(f.result),
        )
        fix = say(
            "runtime.fix_drift",
            lang,
            step=f.names[1],
            target=f.target,
            before=before,
        )
    else:
        promoted = [f.names[i] for i in f.operands]
        reason = say("runtime.rank_promotion", lang, names=", ".join(promoted))
        if len(f.operands) == 1:
            i = f.operands[0]
            k = len(f.result) - len(f.shapes[i])
            code = _suffix(f.names[i], "[" + ", ".join(["None"] * k) + "]")
            try:
                ok = broadcast(*f.shapes).shape == f.result
            except Exception:
                ok = False
            if ok:
                fix = say("runtime.fix_promote", lang, code=_fixed(f, i, code))
    return head + reason + fix


def _suffix(name: str, tail: str) -> str:
    """``name`` with ``.T`` or ``[:, None]`` after it, parenthesised if needed."""
    import ast

    try:
        node = ast.parse(name, mode="eval").body
    except SyntaxError:
        return f"({name}){tail}"
    if isinstance(node, (ast.Name, ast.Attribute, ast.Subscript, ast.Call)):
        return name + tail
    return f"({name}){tail}"


def _rank1_fix(f: Finding, lang: str) -> str:
    """A rank-1 operand given the other's orientation, checked by the rule."""
    from bcast.core.rule import broadcast
    from bcast.explainer.advice import cautions
    from bcast.explainer.words.catalog import say

    try:
        b = broadcast(*f.shapes)
        found = cautions(b, list(f.names))
    except Exception:
        return ""
    for c in found:
        if c.kind in ("rank1_column", "rank1_row") and c.fix is not None:
            i = c.operands[0]
            code = _suffix(f.names[i], c.fix.code[len(f.names[i]) :])
            return say(
                "runtime.fix_or_make", lang, code=_fixed(f, i, code), name=f.names[i]
            )
    return ""


# -- the state ------------------------------------------------------------------


def configure(mode: str | None = None, *, rank_promotion: bool | None = None) -> None:
    """Set what instrumented code does about a finding.

    Parameters
    ----------
    mode : {"warn", "raise", "off"}, optional
        Warn (the default), raise :class:`bcast.SilentBroadcastError` before
        the operation, or say nothing.
    rank_promotion : bool, optional
        Also report operands given new leading axes (default False: idiomatic
        NumPy).

    >>> configure("raise"); mode()
    'raise'
    >>> configure("warn"); mode()
    'warn'
    """
    if mode is not None:
        if mode not in MODES:
            raise ValueError(f"mode={mode!r}: must be 'warn', 'raise' or 'off'")
        _STATE["mode"] = mode
    if rank_promotion is not None:
        if _STATE["rank_promotion"] != rank_promotion:
            _QUIET.clear()
            _DONE.clear()
        _STATE["rank_promotion"] = bool(rank_promotion)


def mode() -> str:
    """The mode set by :func:`configure` (``"warn"`` unless set)."""
    return str(_STATE["mode"])


def rank_promotion() -> bool:
    """Whether rank promotion is reported (set by :func:`configure`)."""
    return bool(_STATE["rank_promotion"])


def reset(*, findings: bool = True) -> None:
    """Forget what was reported and found quiet (a new run, a new cell); with
    ``findings``, empty :data:`FINDINGS` too."""
    _QUIET.clear()
    _DONE.clear()
    _REPORTED.clear()
    if findings:
        del FINDINGS[:]


# -- the hot functions: plain statements only -----------------------------------


def check(site: tuple[Any, ...], *operands: Any) -> tuple[Any, ...]:
    """Check a binary operation or comparison; give the operands back."""
    a, b = operands
    if type(a) in _PLAIN or type(b) in _PLAIN:
        return operands
    try:
        sa = a.shape
        sb = b.shape
    except AttributeError:
        return operands
    if sa == sb or (sa, sb) in _QUIET:
        return operands
    error = _examine(site, (sa, sb), None)
    if error is not None:
        __tracebackhide__ = True  # IPython and pytest show the user's line last
        try:
            raise error
        except SilentBroadcastError as e:  # plain Python too: this frame left out
            e.__traceback__ = None
            raise
    return operands


def update(site: tuple[Any, ...], *operands: Any) -> tuple[Any, ...]:
    """Check ``x = x op y`` (or ``x op= y``): also that ``x`` keeps its shape."""
    if type(operands[1]) in _PLAIN:
        return operands
    a, b = operands
    if type(a) in _PLAIN:
        if not site[SUBTRACT]:
            return operands
        sa = ()
    else:
        try:
            sa = a.shape
        except AttributeError:
            return operands
    try:
        sb = b.shape
    except AttributeError:
        return operands
    if sa == sb:
        return operands
    error = _examine(site, (sa, sb), sa)
    if error is not None:
        __tracebackhide__ = True  # IPython and pytest show the user's line last
        try:
            raise error
        except SilentBroadcastError as e:  # plain Python too: this frame left out
            e.__traceback__ = None
            raise
    return operands


def matmul(site: tuple[Any, ...], *operands: Any) -> tuple[Any, ...]:
    """Check ``a @ b``: only the stacked (loop) axes broadcast."""
    a, b = operands
    try:
        sa = a.shape
        sb = b.shape
    except AttributeError:
        return operands
    if len(sa) < 3 or len(sb) < 3 or sa[:-2] == sb[:-2]:
        return operands
    error = _examine(site, (sa[:-2], sb[:-2]), None)
    if error is not None:
        __tracebackhide__ = True  # IPython and pytest show the user's line last
        try:
            raise error
        except SilentBroadcastError as e:  # plain Python too: this frame left out
            e.__traceback__ = None
            raise
    return operands


def call(site: tuple[Any, ...], *args: Any) -> tuple[Any, ...]:
    """Check an elementwise function's positional operands (``np.where(c, x, y)``)."""
    shapes = []
    for x in args:
        if type(x) not in _PLAIN:
            s = getattr(x, "shape", None)
            if s is not None:
                shapes.append(s)
    if len(shapes) < 2:
        return args
    first = shapes[0]
    for s in shapes:
        if s != first:
            break
    else:
        return args
    if len(shapes) == 2 and (shapes[0], shapes[1]) in _QUIET:
        return args
    if len(shapes) != len(args):  # name only the operands that have shapes
        site = (*site[:NAMES], _with_shapes(site[NAMES], args), *site[NAMES + 1 :])
    error = _examine(site, tuple(shapes), None)
    if error is not None:
        __tracebackhide__ = True  # IPython and pytest show the user's line last
        try:
            raise error
        except SilentBroadcastError as e:  # plain Python too: this frame left out
            e.__traceback__ = None
            raise
    return args


def _with_shapes(names: tuple[str, ...], args: tuple[Any, ...]) -> tuple[str, ...]:
    return tuple(
        n
        for n, x in zip(names, args)
        if type(x) not in _PLAIN and getattr(x, "shape", None) is not None
    )


# -- the cold path ----------------------------------------------------------------


def _dims(shape: Any) -> Dims | None:
    """A shape as the algebra reads it: ints, None for an unknown size (Dask's
    NaN, a symbolic size); None if ``shape`` is not a shape at all."""
    if type(shape) is tuple:
        for d in shape:
            if type(d) is not int:
                break
        else:
            return shape
    try:
        items = tuple(shape)
    except TypeError:
        return None
    out: list[int | None] = []
    for d in items:
        try:
            n = _index(d)
        except TypeError:
            out.append(None)
            continue
        if n < 0:
            return None
        out.append(n)
    return tuple(out)


def _examine(
    site: tuple[Any, ...], raw: tuple[Any, ...], before: Any
) -> SilentBroadcastError | None:
    """Examine a site with these shapes once; report a finding.  Returns the
    error to raise in strict mode."""
    __tracebackhide__ = True
    key = (site[NUMBER], *raw)
    if key in _DONE and (site[NUMBER] not in _REPORTED or _mode() != "raise"):
        return None
    state = _STATE
    if _mode() == "off":
        return None
    shapes = tuple(map(_dims, raw))
    if None in shapes or any(None in s for s in shapes):  # type: ignore[operator]
        _remember(_DONE, key)
        return None  # not a shape, or an unknown size (Dask): it binds nothing
    from bcast.core.rule import broadcast
    from bcast.explainer.policy import drift, suspicions

    try:
        b = broadcast(*shapes)  # type: ignore[arg-type]
    except Exception:
        _remember(_DONE, key)
        return None
    if b.shape is None:  # a conflict: the operation raises, and is explained then
        return None
    promote = bool(state["rank_promotion"])
    found = suspicions(b, spelled=bool(site[SPELLED]), rank_promotion=promote)
    kind: str | None = None
    operands: tuple[int, ...] = ()
    for s in found:
        if s.kind != "rank_promotion":
            kind, operands = s.kind, s.operands
            break
    if kind is None and before is not None:
        first = shapes[0]
        assert first is not None
        if any(d is None for d in b.shape) or not drift(first, b.shape):
            pass
        elif first or site[SUBTRACT]:
            kind, operands = DRIFT, (0, 1)
    if kind is None and found:
        kind, operands = found[-1].kind, found[-1].operands
    if (
        kind is not None
        and site[KIND] == "augassign"
        and shapes[0]
        and b.shape != shapes[0]
    ):
        kind = None  # an array updated in place cannot grow: the library raises
    if kind is None:
        if len(shapes) == 2 and before is None and not site[SPELLED]:
            _remember(_QUIET, (raw[0], raw[1]))
        _remember(_DONE, key)
        return None
    _remember(_DONE, key)
    if site[NUMBER] in _REPORTED and _mode() != "raise":
        return None
    frame = sys._getframe(2)
    finding = Finding(
        kind=kind,
        expression=site[TEXT],
        names=tuple(site[NAMES]),
        shapes=shapes,  # type: ignore[arg-type]
        operands=operands,
        result=b.shape,
        filename=frame.f_code.co_filename,
        lineno=site[LINE],
        op=site[OP],
        target=site[TARGET],
    )
    return _report(site, finding, frame)


def _mode() -> str:
    policy = POLICY.get()
    return str(_STATE["mode"] if policy is None else policy.mode)


def _remember(where: set[tuple[object, ...]], key: tuple[object, ...]) -> None:
    if len(where) >= _LIMIT:
        where.clear()
    where.add(key)


def _report(
    site: tuple[Any, ...], finding: Finding, frame: Any
) -> SilentBroadcastError | None:
    import warnings

    if site[NUMBER] not in _REPORTED:
        _REPORTED.add(site[NUMBER])
        FINDINGS.append(finding)
    if _mode() == "raise":
        return SilentBroadcastError(finding)
    g = frame.f_globals
    registry = g.get("__warningregistry__")
    if registry is None:
        try:
            registry = g["__warningregistry__"] = {}
        except TypeError:  # a read-only mapping
            registry = {}
    warnings.warn_explicit(
        BroadcastWarning(finding),
        BroadcastWarning,
        finding.filename,
        finding.lineno,
        module=str(g.get("__name__") or finding.filename),
        registry=registry,
        module_globals=g,
    )
    return None


def record(finding: object) -> None:
    """Add a watched array's finding to :data:`FINDINGS`."""
    FINDINGS.append(finding)  # type: ignore[arg-type]
