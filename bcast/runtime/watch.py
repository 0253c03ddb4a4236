"""Make silent broadcasting loud: watched arrays and :func:`strict`.

Broadcasting never raises when it succeeds, and two of its successes are
usually mistakes: *rank promotion* (an operand with fewer axes is given new
leading ones: ``(3, 4) - (4,)``) and the *accidental outer product* (every
operand is stretched: ``(5,) - (5, 1)`` gives ``(5, 5)``).  NumPy declined a
switch for them (numpy issue 23126); JAX has one (``jax_numpy_rank_promotion``).
This module is that switch for NumPy arrays::

    X, y = bcast.watch(X, y)        # zero-copy views; nothing else changes
    with bcast.strict("raise"):     # or "warn" (the default) or "off"
        loss = (y - X @ w) ** 2     # checked, ufunc by ufunc

A watched array is an ``ndarray`` subclass whose ufunc calls are checked with
:func:`bcast.broadcast` on the operands' shapes before they run; results of
arithmetic, reductions and methods stay watched.  Python numbers and 0-d
arrays never count as rank promotion (as in JAX), and broadcasting done
inside NumPy's own functions (``np.outer``) is NumPy's business, not
flagged.  The warning points at the line of your code that made the call.

The module is named ``watcher`` rather than ``watch`` so that importing it
never hides the function :func:`bcast.watch` behind a module of that name.
"""

from __future__ import annotations

import sys
import warnings
from functools import wraps
from os.path import dirname
from os.path import sep as _sep

import numpy as np

from bcast.core.rule import broadcast
from bcast.core.shapes import format_shape
from bcast.errors import BroadcastWarning, SilentBroadcastError
from bcast.runtime.checks import POLICY as _POLICY
from bcast.runtime.checks import record as _record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from types import CodeType, FrameType, TracebackType
    from typing import Any, NamedTuple, TypeVar

    from bcast.core.shapes import Dims

    F = TypeVar("F", bound=Callable[..., Any])

    _Base = np.ndarray[Any, Any]

    class _FindingBase(NamedTuple):
        kind: str
        function: str
        shapes: tuple[Dims, ...]
        result: Dims
        operands: tuple[int, ...]
        promoted: tuple[tuple[int, int], ...]
        vector: tuple[int, int, str] | None
        fix: str | None
        names: tuple[str, ...]

    class _PolicyBase(NamedTuple):
        mode: str
        rank_promotion: bool
        outer: bool

else:
    from collections import namedtuple

    _Base = np.ndarray
    _FindingBase = namedtuple(
        "_FindingBase",
        "kind function shapes result operands promoted vector fix names",
    )
    _PolicyBase = namedtuple("_PolicyBase", "mode rank_promotion outer")

__all__ = [
    "BroadcastWarning",
    "Finding",
    "SilentBroadcastError",
    "WatchedArray",
    "strict",
    "unwatch",
    "watch",
]

RANK_PROMOTION = "rank_promotion"
OUTER = "outer"
MODES = ("warn", "raise", "off")


class Finding(_FindingBase):
    """A ufunc call whose operands broadcast, but probably not as meant.

    Attributes
    ----------
    kind : str
        ``"outer"`` (every operand is stretched: an outer product) or
        ``"rank_promotion"`` (an operand got new leading axes).
    function : str
        The ufunc's name (``"subtract"``).
    shapes : tuple of shapes
        Every input's shape, in call order; ``()`` for a Python number.
    result : tuple
        The broadcast shape.
    operands : tuple of int
        The inputs concerned (0-based positions in the call).
    promoted : tuple of (int, int)
        For each input given new leading axes: its position and how many.
    vector : (int, int, str) or None
        For an outer product of a rank-1 array and a column or row vector:
        the rank-1 input's position, the vector's, and ``"column"`` or
        ``"row"``.
    fix : str or None
        An edit that avoids the surprise, as code (``"y[:, None]"``), checked
        by running the rule again.
    names : tuple of str
        The inputs' names in the message and the fix: from your source when
        the ufunc ran as ``a - y`` or ``np.add(a, y)`` (Python 3.11 and
        later), else as NumPy names them: ``x1``, ``x2`` ...
    """

    __slots__ = ()

    def message(self) -> str:
        """The finding in one line.

        Examples
        --------
        >>> outer, rank = _examine("subtract", ((3, 4), (4,)))
        >>> print(rank.message())
        subtract(x1, x2): shapes (3, 4) (4,) broadcast to (3, 4) by rank promotion: x2 gets 1 new leading axis; write x2[None] to say so
        """
        from bcast.explainer.words.catalog import resolve, say

        lang = resolve()
        name = self.names
        shapes = " ".join(format_shape(s) for s in self.shapes)
        text = say(
            "runtime.watch_head",
            lang,
            function=self.function,
            names=", ".join(name),
            shapes=shapes,
            result=format_shape(self.result),
        )
        if self.kind == OUTER:
            text += say("runtime.watch_outer", lang)
            if self.vector is not None:
                i, j, role = self.vector
                role = say(f"runtime.watch_{role}", lang)
                text += say(
                    "runtime.watch_vector",
                    lang,
                    vector=name[i],
                    other=name[j],
                    role=role,
                )
            if self.fix is not None:
                text += say("runtime.watch_fix", lang, code=self.fix)
            return text
        grown = "".join(
            say(
                "runtime.watch_and"
                if n
                else ("runtime.watch_axes" if k > 1 else "runtime.watch_axis"),
                lang,
                name=name[i],
                count=k,
            )
            for n, (i, k) in enumerate(self.promoted)
        )
        text += say("runtime.watch_promotion", lang, grown=grown)
        if self.fix is not None:
            text += say("runtime.fix_promote", lang, code=self.fix)
        return text


class _Policy(_PolicyBase):
    __slots__ = ()


_DEFAULT = _Policy("warn", True, True)


# -- examining one call (cache misses only) -------------------------------------


def _vector(
    b: Any, where: list[int], names: tuple[str, ...]
) -> tuple[tuple[int, int, str] | None, str | None]:
    """A rank-1 array meeting a column or row vector, and advice's checked fix."""
    from bcast.explainer.advice import cautions

    for c in cautions(b, [names[i] for i in where]):
        if c.kind in ("rank1_column", "rank1_row"):
            i, j = c.operands
            role = "column" if c.kind == "rank1_column" else "row"
            return (where[i], where[j], role), None if c.fix is None else c.fix.code
    return None, None


def _examine(
    function: str, shapes: tuple[Dims, ...], names: tuple[str, ...] | None = None
) -> tuple[Finding | None, Finding | None]:
    """What is suspicious about a call with these input shapes.

    ``shapes`` holds every input's shape; ``()`` (a number or a 0-d array)
    takes no part.  Returns the outer-product finding and the rank-promotion
    finding, each None if there is none.  A conflict is neither: NumPy
    raises for it.
    """
    where = [i for i, s in enumerate(shapes) if s]
    if len(where) < 2:
        return None, None
    if names is None:
        names = tuple(f"x{i + 1}" for i in range(len(shapes)))
    b = broadcast(*(shapes[i] for i in where))
    if b.shape is None:
        return None, None
    padded: dict[int, int] = {}
    for step in b.steps:
        for k in step.padded:
            padded[where[k]] = padded.get(where[k], 0) + 1
    promoted = tuple(sorted(padded.items()))
    operands = tuple(where)
    rank = None
    if promoted:
        fix = None
        if len(promoted) == 1:
            i, k = promoted[0]
            fix = f"{names[i]}[{', '.join(['None'] * k)}]"
        facts = (function, shapes, b.shape, operands, promoted)
        rank = tuple.__new__(Finding, (RANK_PROMOTION, *facts, None, fix, names))
    outer = None
    if all(b.stretched(k) for k in range(len(where))):
        vector, fix = _vector(b, where, names)
        outer = tuple.__new__(
            Finding,
            (OUTER, function, shapes, b.shape, operands, promoted, vector, fix, names),
        )
    return outer, rank


_CACHE_SIZE = 1024
_FINDINGS: dict[tuple[object, ...], tuple[Finding | None, Finding | None]] = {}
# Calls of two inputs known to be fine, as (ufunc, shape, shape): the hot path
# looks here before it calls _report.
_QUIET: set[tuple[object, ...]] = set()


def _remember(
    cache: dict[tuple[object, ...], tuple[Finding | None, Finding | None]],
    key: tuple[object, ...],
    found: tuple[Finding | None, Finding | None],
) -> None:
    if len(cache) >= _CACHE_SIZE:  # a program has few shapes; start again
        cache.clear()
    cache[key] = found


_NAMED: dict[tuple[object, ...], tuple[Finding | None, Finding | None]] = {}
# The operands' names at a call site, as (code, instruction) -> names.
_SITES: dict[tuple[CodeType, int], tuple[str, str] | None] = {}
# Findings already added to bcast.runtime.checks.FINDINGS.
_RECORDED: set[Finding] = set()


# Frames in these directories are not the user's: bcast's and NumPy's own.
_OURS = (dirname(dirname(__file__)) + _sep, dirname(np.__file__) + _sep)
_NUMPY = _OURS[1]


def _named(key: tuple[object, ...], finding: Finding, frame: FrameType) -> Finding:
    """``finding`` with the operands named as the user's line names them."""
    site = (frame.f_code, frame.f_lasti)
    try:
        names = _SITES[site]
    except KeyError:
        from bcast.runtime.frames import frame_operands

        names = _SITES[site] = frame_operands(frame)
        if len(_SITES) > _CACHE_SIZE:
            _SITES.clear()
    if names is None:
        return finding
    named = key + names
    try:
        found = _NAMED[named]
    except KeyError:
        found = _examine(finding.function, finding.shapes, names)
        _remember(_NAMED, named, found)
    again = found[0] if finding.kind == OUTER else found[1]
    return finding if again is None else again


def _report(ufunc: np.ufunc, shapes: tuple[Dims, ...]) -> None:
    """Look ``shapes`` up (examining them once) and act on a finding."""
    key = (ufunc.__name__, *shapes)
    try:
        outer, rank = _FINDINGS[key]
    except KeyError:
        outer, rank = found = _examine(ufunc.__name__, shapes)
        _remember(_FINDINGS, key, found)
    if outer is None and rank is None:
        if len(shapes) == 2:
            if len(_QUIET) >= _CACHE_SIZE:  # as _remember
                _QUIET.clear()
            _QUIET.add((ufunc, *shapes))
        return
    policy = _POLICY.get() or _DEFAULT
    if policy.mode == "off":
        return
    if outer is not None and policy.outer:
        finding = outer
    elif rank is not None and policy.rank_promotion:
        finding = rank
    else:
        return
    # Find the caller: the first frame outside bcast and NumPy.  Broadcasting
    # that NumPy's own Python code does (np.outer, np.cov) is deliberate.
    frame = sys._getframe(1)
    level = 2
    while frame is not None and frame.f_code.co_filename.startswith(_OURS):
        if frame.f_code.co_filename.startswith(_NUMPY):
            return
        frame = frame.f_back  # type: ignore[assignment]
        level += 1
    if frame is not None and len(shapes) == 2:
        finding = _named(key, finding, frame)
    if finding not in _RECORDED:  # shared with instrumented code's findings
        if len(_RECORDED) >= _CACHE_SIZE:
            _RECORDED.clear()
        _RECORDED.add(finding)
        _record(finding)
    if policy.mode == "raise":
        raise SilentBroadcastError(finding)
    warnings.warn(BroadcastWarning(finding), stacklevel=level)


# -- the watched array ------------------------------------------------------------

_ndarray = np.ndarray


def _plain(x: object) -> object:
    return x.view(_ndarray) if isinstance(x, WatchedArray) else x


def _shape(x: object) -> Dims:
    t = type(x)
    if t is float or t is int or t is bool or t is complex:
        return ()
    shape = getattr(x, "shape", None)
    if shape is not None:
        return shape  # type: ignore[no-any-return]
    if isinstance(x, (list, tuple)):
        return np.shape(x)
    return ()


class WatchedArray(_Base):
    """A NumPy array whose ufunc calls are checked for silent broadcasting.

    Made by :func:`watch` as a view (no copy).  Behaves as an ``ndarray`` in
    every way, except that a ufunc call that broadcasts by rank promotion or
    into an outer product is reported as :func:`strict` says, and that
    results (of arithmetic, reductions, methods, indexing) are watched too.
    :func:`unwatch` gives the plain array back.
    """

    def __array_ufunc__(
        self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any
    ) -> Any:
        # Hot: plain statements only (a comprehension is a call on 3.11, and
        # so is **kwargs when it is empty).
        if len(inputs) == 2 and method == "__call__":
            a, b = inputs
            if isinstance(a, WatchedArray):
                a = a.view(_ndarray)
                sa = a.shape
            else:
                sa = _shape(a)
            if isinstance(b, WatchedArray):
                b = b.view(_ndarray)
                sb = b.shape
            else:
                sb = _shape(b)
            if (
                sa != sb
                and sa
                and sb
                and (ufunc, sa, sb) not in _QUIET
                and ufunc.signature is None
            ):
                try:
                    _report(ufunc, (sa, sb))
                except (
                    SilentBroadcastError
                ) as e:  # the traceback ends in the user's line
                    e.__traceback__ = None
                    raise
            if not kwargs:
                result = ufunc(a, b)
                if type(result) is _ndarray:
                    return result.view(WatchedArray)
                return _watched(result)
            inputs = (a, b)
        elif len(inputs) > 2 and method == "__call__" and ufunc.signature is None:
            shapes = tuple(map(_shape, inputs))
            if len(set(shapes)) > 1:
                try:
                    _report(ufunc, shapes)
                except (
                    SilentBroadcastError
                ) as e:  # the traceback ends in the user's line
                    e.__traceback__ = None
                    raise
        # The general case: reductions, out= and where=, 1 or 3 inputs.
        out = None
        if kwargs:  # only out= and where= can hold arrays
            out = kwargs.get("out")
            if out is not None:
                kwargs["out"] = tuple(map(_plain, out))
            where = kwargs.get("where")
            if isinstance(where, WatchedArray):
                kwargs["where"] = where.view(_ndarray)
        # reduce, accumulate, reduceat, outer, at: no implicit broadcasting
        if len(inputs) == 1:  # np.exp(a), a.sum(), a.mean(): one array
            a = inputs[0]
            if isinstance(a, WatchedArray):
                a = a.view(_ndarray)
            if method == "__call__":
                result = ufunc(a, **kwargs)
            else:
                result = getattr(ufunc, method)(a, **kwargs)
        else:
            result = getattr(ufunc, method)(*map(_plain, inputs), **kwargs)
        if out is not None:
            return out[0] if len(out) == 1 else out
        if type(result) is _ndarray:
            return result.view(WatchedArray)
        if type(result) is not tuple:  # a NumPy scalar: a full reduction
            return result
        return _watched(result)


def _watched(result: Any) -> Any:
    """A ufunc's result, watched: an array, or each array in a tuple."""
    if type(result) is _ndarray:
        return result.view(WatchedArray)
    if type(result) is tuple:
        return tuple(_watched(r) for r in result)
    return result


# -- the public functions ---------------------------------------------------------


def watch(*arrays: Any) -> Any:
    """Watch arrays: zero-copy views whose ufunc calls are checked.

    A ufunc call (``+``, ``*``, ``np.exp``, comparisons ...) on a watched
    array that broadcasts by rank promotion, or that stretches every operand
    (an outer product), is reported as the innermost :func:`strict` says —
    by default with a :class:`BroadcastWarning` pointing at your line.

    Parameters
    ----------
    *arrays : array_like
        NumPy arrays (viewed, never copied) or anything ``np.asarray``
        accepts (converted first).

    Returns
    -------
    WatchedArray or tuple of WatchedArray
        One view for one array; a tuple for several.

    Examples
    --------
    >>> import numpy as np
    >>> a = np.arange(3.0)
    >>> w = watch(a)
    >>> np.shares_memory(w, a), type(w * 2).__name__, float((w * 2).sum())
    (True, 'WatchedArray', 6.0)
    >>> y, y_hat = watch(np.ones(5), np.ones((5, 1)))
    >>> with strict("raise"):
    ...     y - y_hat
    Traceback (most recent call last):
    ...
    bcast.errors.SilentBroadcastError: subtract(y, y_hat): shapes (5,) (5, 1) broadcast to (5, 5): every operand is stretched, an outer product; y is rank-1 and y_hat a column vector; element by element would be y[:, None]
    """
    views = tuple(np.asarray(a).view(WatchedArray) for a in arrays)
    return views[0] if len(views) == 1 else views


def unwatch(*arrays: Any) -> Any:
    """Plain ``ndarray`` views of watched arrays (no copy); others as given.

    Examples
    --------
    >>> import numpy as np
    >>> w = watch(np.zeros(2))
    >>> type(unwatch(w)).__name__, np.shares_memory(unwatch(w), w)
    ('ndarray', True)
    """
    views = tuple(
        a.view(_ndarray) if isinstance(a, WatchedArray) else a for a in arrays
    )
    return views[0] if len(views) == 1 else views


class strict:
    """Decide what a watched array does about suspicious broadcasting.

    A context manager (and a decorator).  The setting is held in a
    :mod:`contextvars` variable, so threads and asyncio tasks do not see
    each other's; outside every ``strict`` block the mode is ``"warn"``.

    Parameters
    ----------
    mode : {"warn", "raise", "off"}
        ``"warn"``: a :class:`BroadcastWarning` at your line.  ``"raise"``: a
        :class:`SilentBroadcastError` before the ufunc runs.  ``"off"``:
        nothing.
    rank_promotion : bool
        Report operands given new leading axes (default True).
    outer : bool
        Report calls in which every operand is stretched (default True).

    Examples
    --------
    >>> import numpy as np
    >>> X, b = watch(np.ones((3, 4)), np.ones(4))
    >>> with strict("raise", rank_promotion=False):
    ...     (X + b).shape
    (3, 4)
    >>> with strict("off"):
    ...     (b - b[:, None]).shape
    (4, 4)
    """

    def __init__(
        self, mode: str = "warn", *, rank_promotion: bool = True, outer: bool = True
    ) -> None:
        if mode not in MODES:
            raise ValueError(
                f"strict(mode={mode!r}): mode must be 'warn', 'raise' or 'off'"
            )
        for name, value in (("rank_promotion", rank_promotion), ("outer", outer)):
            if type(value) is not bool:
                raise TypeError(
                    f"strict({name}={value!r}): {name} must be True or False"
                )
        self.mode = mode
        self.rank_promotion = rank_promotion
        self.outer = outer
        self._policy = _Policy(mode, rank_promotion, outer)
        self._tokens: list[Any] = []

    def __repr__(self) -> str:
        return (
            f"strict({self.mode!r}, rank_promotion={self.rank_promotion}, "
            f"outer={self.outer})"
        )

    def __enter__(self) -> strict:
        self._tokens.append(_POLICY.set(self._policy))
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        _POLICY.reset(self._tokens.pop())

    def __call__(self, function: F) -> F:
        policy = self._policy

        @wraps(function)
        def strictly(*args: Any, **kwargs: Any) -> Any:
            token = _POLICY.set(policy)
            try:
                return function(*args, **kwargs)
            finally:
                _POLICY.reset(token)

        return strictly  # type: ignore[return-value]
