"""Where shapes come from at a function's boundary, read without running it.

- ``@bcast.shaped(X="n_x, m")`` specs and ``Annotated[..., bcast.Shape("n_x, m")]``;
- the course's docstrings: ``X -- data of size (num_px * num_px * 3, number of
  examples)``; phrases become symbols, products stay products; a parameter
  described as a dictionary gets the shapes its docstring lists by key
  (``W1 -- weight matrix of shape (n_h, n_x)``); ``b -- bias, a scalar``;
- ``assert X.shape == (n_x, m)``, which also refines what follows.

>>> doc = "Arguments:\\n    w -- weights, a numpy array of size (num_px * num_px * 3, 1)"
>>> docstring_shapes(doc)
{'w': ('num_px*num_px*3', 1)}
"""

from __future__ import annotations

import ast
import re

from bcast.core.syntax import parse_spec
from bcast.errors import BcastError
from bcast.lint.values import Arr, Dct, Int, Mod, Num, Param, Tup

TYPE_CHECKING = False
if TYPE_CHECKING:
    from bcast.core.shapes import Dim, Dims
    from bcast.lint.infer import Env, Interpreter
    from bcast.lint.values import Value

__all__ = ["annotation", "docstring_shapes", "parameters", "plain", "refine"]

_ENTRY = re.compile(r"^\s*([A-Za-z_]\w*)\s*(?:--|:)\s*(.*)$")
_SHAPED = re.compile(
    r"(?:size|shape|dimensions?|dims)\s*(?:of|=|:|is)?\s*(\([^()]*\))"
    r"|:\s*(\([^()]*,[^()]*\))\s*$",
    re.IGNORECASE,
)
_SCALAR = re.compile(r"\ba (?:python |numpy )?(?:scalar|float|number)\b", re.IGNORECASE)
_PHRASE = re.compile(r"^[A-Za-z_][\w \[\]*+\-.]*$")
_ARTICLES = re.compile(r"\b(?:the|a|an)\s+", re.IGNORECASE)


def _size(text: str) -> Dim | bool:
    """One size of a docstring shape: an int, a phrase (a symbol), or False."""
    t = text.strip()
    if t.isdecimal():
        return int(t)
    if not t or not _PHRASE.match(t):
        return False
    t = _ARTICLES.sub("", t)
    t = re.sub(r"\s*([*+\-])\s*", r"\1", t)
    t = " ".join(t.split())
    if len(t) > 60 or t.lower() in ("none", "m?", "?"):
        return False
    return t


def _parse_tuple(text: str) -> Dims | None:
    inner = text.strip()[1:-1]
    parts = list(inner.split(","))
    if parts and not parts[-1].strip():
        parts = parts[:-1]
    if not parts:
        return None
    out: list[Dim] = []
    for p in parts:
        d = _size(p)
        if d is False or d is True:
            return None
        out.append(d)
    return tuple(out)


def docstring_shapes(doc: str) -> dict[str, Dims]:
    """``name -> shape`` for every ``name -- ... of shape (a, b)`` entry."""
    entries: list[tuple[str, list[str]]] = []
    for line in doc.splitlines():
        m = _ENTRY.match(line)
        if m and not line.strip().lower().startswith(("returns", "arguments", "note")):
            entries.append((m.group(1), [m.group(2)]))
        elif entries and line.strip():
            entries[-1][1].append(line.strip())
        elif not line.strip() and entries:
            entries.append(("", []))
    out: dict[str, Dims] = {}
    for name, parts in entries:
        if not name:
            continue
        text = " ".join(parts)
        m = _SHAPED.search(text)
        if m is None:
            if _SCALAR.search(text) and name not in out:
                out[name] = ()
            continue
        shape = _parse_tuple(m.group(1) or m.group(2))
        if shape is not None and name not in out:
            out[name] = shape
    return out


def _dictionaries(doc: str) -> set[str]:
    names = set()
    for line in doc.splitlines():
        m = _ENTRY.match(line)
        if m and "dictionary" in m.group(2).lower():
            names.add(m.group(1))
    return names


def _spec_shape(text: str) -> Dims | None:
    """A guard spec as a shape: names are symbols; ``#n``, ``_`` unknown sizes."""
    try:
        items = parse_spec(text)
    except (BcastError, ValueError):
        return None
    out: list[Dim] = []
    for item in items:
        if item.kind in ("ellipsis", "variadic"):
            return None
        if item.broadcastable or item.kind == "any":
            out.append(None)
        else:
            out.append(item.value)
    return tuple(out)


def _is_bcast(node: ast.expr, name: str, it: Interpreter, env: Env) -> bool:
    if isinstance(node, ast.Attribute) and node.attr == name:
        return isinstance(node.value, ast.Name) and node.value.id == "bcast"
    if isinstance(node, ast.Name):
        v = it.lookup(node.id, env)
        return isinstance(v, Mod) and v.name == f"bcast.{name}"
    return False


def annotation(node: ast.expr | None, it: Interpreter, env: Env) -> Value:
    """``Annotated[np.ndarray, Shape("n_x, m")]`` as an array of that shape."""
    if not isinstance(node, ast.Subscript) or not isinstance(node.slice, ast.Tuple):
        return None
    head = node.value
    if not (
        (isinstance(head, ast.Name) and head.id == "Annotated")
        or (isinstance(head, ast.Attribute) and head.attr == "Annotated")
    ):
        return None
    for meta in node.slice.elts[1:]:
        if (
            isinstance(meta, ast.Call)
            and _is_bcast(meta.func, "Shape", it, env)
            and len(meta.args) == 1
            and isinstance(meta.args[0], ast.Constant)
            and isinstance(meta.args[0].value, str)
        ):
            shape = _spec_shape(meta.args[0].value)
            if shape is not None:
                arr = Arr(shape, origin=(f"Shape({meta.args[0].value!r})", meta.lineno))
                _declare(it, arr)
                return arr
    return None


def _shaped_specs(
    fn: ast.FunctionDef | ast.AsyncFunctionDef, it: Interpreter, env: Env
) -> dict[str, Value]:
    out: dict[str, Value] = {}
    for dec in fn.decorator_list:
        if isinstance(dec, ast.Call) and _is_bcast(dec.func, "shaped", it, env):
            for kw in dec.keywords:
                if (
                    kw.arg
                    and kw.arg != "returns"
                    and isinstance(kw.value, ast.Constant)
                    and isinstance(kw.value.value, str)
                ):
                    shape = _spec_shape(kw.value.value)
                    if shape is not None:
                        out[kw.arg] = Arr(
                            shape,
                            origin=(
                                f"@shaped({kw.arg}={kw.value.value!r})",
                                dec.lineno,
                            ),
                        )
    return out


def plain(
    fn: ast.FunctionDef | ast.AsyncFunctionDef, it: Interpreter, env: Env
) -> bool:
    """True if calling the name calls the function as written (no unknown decorator)."""
    for dec in fn.decorator_list:
        target = dec.func if isinstance(dec, ast.Call) else dec
        if _is_bcast(target, "shaped", it, env):
            continue
        if isinstance(target, ast.Name) and target.id in ("staticmethod",):
            continue
        return False
    return True


def parameters(
    fn: ast.FunctionDef | ast.AsyncFunctionDef, it: Interpreter
) -> dict[str, Value]:
    """What a function's boundary says of its parameters."""
    cache = it.boundary_cache
    found = cache.get(id(fn))
    if found is not None:
        return found
    env = it.globals
    out: dict[str, Value] = {}
    names = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs)]
    doc = ast.get_docstring(fn, clean=True) or ""
    if doc:
        shapes = docstring_shapes(doc)
        line = fn.body[0].lineno if fn.body else fn.lineno
        for name in names:
            if name in shapes:
                s = shapes[name]
                out[name] = (
                    Num() if s == () else Arr(s, origin=(f"docstring: {name}", line))
                )
        others = {
            k: (Num() if s == () else Arr(s, origin=(f"docstring: {k}", line)))
            for k, s in shapes.items()
            if k not in names
        }
        for name in _dictionaries(doc) & set(names):
            if name not in out and others:
                out[name] = Dct(dict(others), complete=False)
    for a in (*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs):
        v = annotation(a.annotation, it, env)
        if v is not None:
            out[a.arg] = v
    out.update(_shaped_specs(fn, it, env))
    cache[id(fn)] = out
    for v in out.values():
        _declare(it, v)
    return out


def _declare(it: Interpreter, v: Value) -> None:
    if isinstance(v, Arr):
        it.declared.update(d for d in v.shape if isinstance(d, str))
    elif isinstance(v, Dct):
        for x in v.items.values():
            _declare(it, x)


def refine(test: ast.expr, it: Interpreter, env: Env) -> Env:
    """``assert X.shape == (n_x, m)``: from here on, X has that shape."""
    if not (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.Eq)
        and isinstance(test.left, ast.Attribute)
        and test.left.attr == "shape"
        and isinstance(test.left.value, ast.Name)
        and isinstance(test.comparators[0], ast.Tuple)
    ):
        return env
    name = test.left.value.id
    items = it.ev(test.comparators[0], env)
    if not isinstance(items, Tup):
        return env
    shape: list[Dim] = []
    for v in items.items:
        if isinstance(v, Int) and (type(v.dim) is int or isinstance(v.dim, str)):
            shape.append(v.dim)
        elif isinstance(v, Param):
            shape.append(v.name)
        else:
            shape.append(None)
    before = it.lookup(name, env)
    if isinstance(before, Arr) and before.ndim == len(shape):
        merged = tuple(x if x is not None else y for x, y in zip(shape, before.shape))
        arr = before.but(
            merged, spelled=before.spelled, kept=before.kept, made=before.made
        )
    else:
        arr = Arr(tuple(shape), origin=it.origin(test))
    _declare(it, arr)
    env = dict(env)
    env[name] = arr
    return env
