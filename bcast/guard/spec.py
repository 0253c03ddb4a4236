"""Guard specs: text to structure, once, when a function is decorated.

A spec is the shape grammar of :mod:`bcast.core.syntax` (``n_x, m``,
``*batch, 3``, ``#n``, ``_``, ``...``, ``()``) with two additions:

- a **dtype** before a colon: ``"float32: n_x, m"``, ``"float: ()"``,
  ``"int | bool: n"`` (see :mod:`bcast.guard.dtypes`);
- **arithmetic** over names: ``n+1``, ``n-1``, ``2*n``, ``n//2``,
  ``(n+1)*m``; integers, names, ``+ - * //`` and parentheses, nothing else.
  An expression binds nothing: its names are bound by plain axes (in any
  argument: arguments' expressions are checked after every argument has
  bound its names), by int arguments of the same name, or by :func:`dims`.

Containers are written with Python's own brackets around specs:
``["n, m"]`` a list (or tuple) of any length, ``("n", "m")`` a tuple of
exactly these, ``("n", ...)`` a tuple of any length, ``{...: "n"}`` a dict
whose every value fits, ``{"w": "n, 1"}`` a dict with these keys.  From
annotations: ``list[A]``, ``tuple[A, B]``, ``tuple[A, ...]``,
``dict[str, A]``, ``Sequence[A]``, ``Optional[A]`` of ``A =
Annotated[np.ndarray, Shape("n, m")]``.

Nothing is evaluated: expressions are read by a small recursive-descent
parser, and generated code receives their names as values, never as text.

>>> [str(d) for d in parse_guard_spec("float32: n+1, 2*n, m")[0]]
['n+1', '2*n', 'm']
>>> parse_guard_spec("float32, n")
Traceback (most recent call last):
...
bcast.errors.ShapeSyntaxError: bad spec 'float32, n': 'float32' at position 0: float32 is a dtype, not an axis: write it before a colon, 'float32: n'
"""

from __future__ import annotations

from bcast.core.syntax import SpecDim, parse_spec
from bcast.errors import ShapeSyntaxError
from bcast.explainer.words.catalog import resolve, say
from bcast.guard.dtypes import DType, is_dtype_word

TYPE_CHECKING = False  # typing stays out of start-up (see bcast.core.rule)
if TYPE_CHECKING:
    from typing import Any, TypeAlias

    Item: TypeAlias = SpecDim | "Expr"
    Node: TypeAlias = "Spec" | "Each" | "Fixed" | "Keys"

__all__ = [
    "Each",
    "Expr",
    "Fixed",
    "Keys",
    "Shape",
    "Spec",
    "from_annotation",
    "from_value",
    "parse_guard_spec",
    "spec_text",
]


def _error(
    text: str, pos: int, token: str, key: str, **fields: object
) -> ShapeSyntaxError:
    return ShapeSyntaxError(text, pos, token, say(key, resolve(), **fields), "spec")


# -- expressions ---------------------------------------------------------------------

_OPS = ("+", "-", "*", "//")
_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "//": 2}


class Expr:
    """An axis given by arithmetic over names: ``n+1``, ``2*n``, ``n//2``.

    ``tree`` is ``("int", k)``, ``("name", s)`` or ``(op, left, right)``.
    """

    __slots__ = ("names", "position", "text", "tree")
    kind = "expr"
    broadcastable = False

    def __init__(self, tree: tuple[Any, ...], position: int) -> None:
        self.tree = tree
        self.position = position
        self.text = _show(tree, 0)
        found: list[str] = []
        _names(tree, found)
        self.names = tuple(dict.fromkeys(found))

    @property
    def value(self) -> str:
        return self.text

    def evaluate(self, b: dict[str, Any]) -> int | None:
        """The size under bindings ``b``; None if a name is unbound or not a size."""
        try:
            value = _evaluate(self.tree, b)
        except (KeyError, TypeError, ZeroDivisionError):
            return None
        return value if type(value) is int else None

    def source(self, code: Any) -> str:
        """Python source for the value; ``code(name)`` reads a spec name's size."""
        return _source(self.tree, code)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"Expr({self.text!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Expr):
            return NotImplemented
        return self.tree == other.tree

    def __hash__(self) -> int:
        return hash(self.tree)


def _show(tree: tuple[Any, ...], outer: int) -> str:
    if tree[0] in ("int", "name"):
        return str(tree[1])
    op, left, right = tree
    level = _PRECEDENCE[op]
    text = f"{_show(left, level)}{op}{_show(right, level + 1)}"
    return f"({text})" if level < outer else text


def _names(tree: tuple[Any, ...], out: list[str]) -> None:
    if tree[0] == "name":
        out.append(tree[1])
    elif tree[0] != "int":
        _names(tree[1], out)
        _names(tree[2], out)


def _evaluate(tree: tuple[Any, ...], b: dict[str, Any]) -> Any:
    kind = tree[0]
    if kind == "int":
        return tree[1]
    if kind == "name":
        return b[tree[1]]
    left, right = _evaluate(tree[1], b), _evaluate(tree[2], b)
    if type(left) is not int or type(right) is not int:
        raise TypeError
    if kind == "+":
        return left + right
    if kind == "-":
        return left - right
    if kind == "*":
        return left * right
    return left // right


def _source(tree: tuple[Any, ...], code: Any) -> str:
    kind = tree[0]
    if kind == "int":
        return f"{int(tree[1]):d}"
    if kind == "name":
        return str(code(tree[1]))
    return f"({_source(tree[1], code)} {kind} {_source(tree[2], code)})"


class _Reader:
    """Recursive descent over one expression: ``+ -`` < ``* //`` < atoms."""

    def __init__(self, text: str, start: int, stop: int) -> None:
        self.text = text
        self.i = start
        self.stop = stop

    def fail(self, key: str, **fields: object) -> ShapeSyntaxError:
        token = self.text[self.i : self.i + 1] if self.i < self.stop else ""
        return _error(self.text, self.i, token, key, **fields)

    def skip(self) -> None:
        while self.i < self.stop and self.text[self.i].isspace():
            self.i += 1

    def op(self, ops: tuple[str, ...]) -> str | None:
        self.skip()
        for op in ops:
            if self.text.startswith(op, self.i) and self.i + len(op) <= self.stop:
                if op == "*" and self.text.startswith("**", self.i):
                    raise self.fail("guard.expr_operator", op="**")
                self.i += len(op)
                return op
        if self.text.startswith("/", self.i):
            raise self.fail("guard.expr_operator", op="/")
        return None

    def expr(self) -> tuple[Any, ...]:
        tree = self.term()
        while (op := self.op(("+", "-"))) is not None:
            tree = (op, tree, self.term())
        return tree

    def term(self) -> tuple[Any, ...]:
        tree = self.atom()
        while (op := self.op(("*", "//"))) is not None:
            right = self.atom()
            if op == "//" and right == ("int", 0):
                raise self.fail("guard.expr_zero")
            tree = (op, tree, right)
        return tree

    def atom(self) -> tuple[Any, ...]:
        self.skip()
        text, i = self.text, self.i
        if i >= self.stop:
            raise self.fail("guard.expr_missing")
        if text[i] == "(":
            self.i += 1
            tree = self.expr()
            self.skip()
            if self.i >= self.stop or text[self.i] != ")":
                raise self.fail("guard.expr_unclosed")
            self.i += 1
            return tree
        j = i
        while j < self.stop and (text[j].isalnum() or text[j] == "_"):
            j += 1
        word = text[i:j]
        if word.isdecimal() and word.isascii():
            self.i = j
            return ("int", int(word))
        if word.isidentifier() and word != "_":
            if is_dtype_word(word):
                raise _error(text, i, word, "guard.dtype_as_axis", word=word)
            self.i = j
            return ("name", word)
        raise self.fail("guard.expr_atom")


def _is_arithmetic(item: str) -> bool:
    body = item.strip().lstrip("*#")
    return any(c in body for c in "+-*/()")


_JOINS = frozenset("+-*/(")


def _split_items(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    """(start, stop) of each item: commas at depth 0, else whitespace."""
    depth = 0
    commas = []
    for k in range(start, stop):
        c = text[k]
        depth += (c == "(") - (c == ")")
        if c == "," and depth == 0:
            commas.append(k)
    spans = []
    if commas or not any(text[k].isspace() for k in range(start, stop)):
        edges = [start - 1, *commas, stop]
        spans = [(edges[n] + 1, edges[n + 1]) for n in range(len(edges) - 1)]
    else:
        # Whitespace separates items, except next to an operator or inside
        # parentheses: "n + 1 m" is two items, n+1 and m.
        k, begin, depth = start, None, 0
        while k < stop:
            c = text[k]
            if c.isspace() and depth == 0 and begin is not None:
                before = text[start:k].rstrip()[-1:]
                after = text[k:stop].lstrip()[:1]
                if before not in _JOINS and after not in _JOINS and after != ")":
                    spans.append((begin, k))
                    begin = None
            elif not c.isspace():
                depth += (c == "(") - (c == ")")
                if begin is None:
                    begin = k
            k += 1
        if begin is not None:
            spans.append((begin, stop))
    if spans and text[spans[-1][0] : spans[-1][1]].strip() == "" and len(spans) > 1:
        spans.pop()  # "(n+1,)": the trailing comma of a 1-tuple
    return spans


def _outer(text: str, start: int, stop: int) -> tuple[int, int]:
    """Strip whitespace and brackets around the whole shape."""
    while start < stop and text[start].isspace():
        start += 1
    while stop > start and text[stop - 1].isspace():
        stop -= 1
    if stop - start >= 2 and text[start] in "([":
        close = ")" if text[start] == "(" else "]"
        depth = 0
        for k in range(start, stop):
            depth += (text[k] in "([") - (text[k] in ")]")
            if depth == 0:
                if k == stop - 1 and text[k] == close:
                    return start + 1, stop - 1
                break
    return start, stop


def _with_arithmetic(text: str, start: int, stop: int) -> tuple[Item, ...]:
    start, stop = _outer(text, start, stop)
    items: list[Item] = []
    for a, z in _split_items(text, start, stop):
        piece = text[a:z]
        if not piece.strip():
            raise _error(text, a, ",", "guard.expr_empty")
        if _is_arithmetic(piece) and not piece.strip().startswith(("*", "#")):
            reader = _Reader(text, a, z)
            tree = reader.expr()
            reader.skip()
            if reader.i < z:
                raise reader.fail("guard.expr_atom")
            lead = a + len(piece) - len(piece.lstrip())
            items.append(Expr(tree, lead) if tree[0] != "int" else _size(tree, lead))
        else:
            items.extend(_plain(text, a, z))
    return tuple(items)


def _size(tree: tuple[Any, ...], position: int) -> SpecDim:
    return SpecDim("size", tree[1], False, position)


def _plain(text: str, start: int, stop: int) -> tuple[SpecDim, ...]:
    """parse_spec on a part of ``text``, errors pointing into the whole."""
    try:
        items = parse_spec(text[start:stop])
    except ShapeSyntaxError as e:
        raise ShapeSyntaxError(
            text, e.position + start, e.token, e.reason, "spec"
        ) from None
    return tuple(
        SpecDim(d.kind, d.value, d.broadcastable, d.position + start) for d in items
    )


def parse_guard_spec(text: str) -> tuple[tuple[Item, ...], DType | None]:
    """Read guard spec text: its axes and its dtype (None: any dtype)."""
    if not isinstance(text, str):
        raise TypeError(f"a spec is text, got {type(text).__name__}")
    dtype = None
    start = 0
    colon = text.find(":")
    if colon >= 0:
        head = text[:colon]
        try:
            dtype = DType.parse(head)
        except ValueError as e:
            word = str(e)
            at = max(text.find(word), 0) if word else 0
            raise _error(text, at, word, "guard.dtype_unknown", word=word) from None
        start = colon + 1
    body = text[start:]
    try:
        items: tuple[Item, ...] = _plain(text, start, len(text))
    except ShapeSyntaxError:
        if not _is_arithmetic(body):
            raise
        items = _with_arithmetic(text, start, len(text))
    for d in items:
        if d.kind == "name" and is_dtype_word(str(d.value)):
            raise _error(
                text, d.position, str(d.value), "guard.dtype_as_axis", word=d.value
            )
    if sum(d.kind in ("ellipsis", "variadic") for d in items) > 1:
        parse_spec(body)  # raises core's own message
    return items, dtype


def spec_text(items: tuple[Item, ...]) -> str:
    """The axes as a tuple: ``(n_x, m)``, ``(n,)``, ``()``."""
    if len(items) == 1:
        return f"({items[0]},)"
    return "(" + ", ".join(map(str, items)) + ")"


class Spec:
    """One array's spec: its axes, its dtype (or None) and how it reads."""

    __slots__ = ("dtype", "items", "shape_text", "text")

    def __init__(self, items: tuple[Item, ...], dtype: DType | None = None) -> None:
        self.items = items
        self.dtype = dtype
        self.shape_text = spec_text(items)
        self.text = (
            self.shape_text if dtype is None else f"{dtype.text}: {self.shape_text}"
        )

    @classmethod
    def parse(cls, text: str, what: str = "spec") -> Spec:
        try:
            return cls(*parse_guard_spec(text))
        except ShapeSyntaxError as e:
            if what == "spec":
                raise
            raise ShapeSyntaxError(
                e.text, e.position, e.token, e.reason, what
            ) from None

    def names(self) -> set[str]:
        """Every name the spec uses (plain, variadic or in expressions)."""
        out: set[str] = set()
        for d in self.items:
            if isinstance(d, Expr):
                out.update(d.names)
            elif d.kind in ("name", "variadic") and d.value is not None:
                out.add(str(d.value))
        return out

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Spec):
            return NotImplemented
        return (self.items, self.dtype) == (other.items, other.dtype)

    def __hash__(self) -> int:
        return hash((self.items, self.dtype))

    def __repr__(self) -> str:
        return f"Spec({self.text!r})"


class Shape:
    """A spec as an annotation: ``Annotated[np.ndarray, Shape("float32: n_x, m")]``.

    :func:`bcast.shaped` reads it from a function's annotations (parameters
    and return; ``Optional``, ``list``, ``tuple`` and ``dict`` of them
    included).  The text is parsed at once, so a bad spec fails where it is
    written.  :func:`bcast.expect` and :func:`bcast.shaped` also take a
    ``Shape`` wherever they take spec text.

    Examples
    --------
    >>> Shape("n_x, m")
    Shape('(n_x, m)')
    >>> Shape("float32: n, n+1")
    Shape('float32: (n, n+1)')
    >>> Shape("n_x, m").items[0].value
    'n_x'
    >>> Shape("n,,m")
    Traceback (most recent call last):
    ...
    bcast.errors.ShapeSyntaxError: bad spec 'n,,m': ',' at position 2: empty size before ','
    """

    __slots__ = ("spec",)

    def __init__(self, spec: str) -> None:
        self.spec = Spec.parse(spec)

    @property
    def items(self) -> tuple[Item, ...]:
        return self.spec.items

    @property
    def text(self) -> str:
        return self.spec.text

    def __repr__(self) -> str:
        return f"Shape({self.spec.text!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Shape):
            return NotImplemented
        return self.spec == other.spec

    def __hash__(self) -> int:
        return hash(self.spec)


# -- containers --------------------------------------------------------------------------


class Each:
    """Every item of a container fits ``item``.

    ``kind``: ``"list"`` (a list or tuple), ``"values"`` (a dict's values),
    ``"args"`` (``*args``), ``"kwargs"`` (``**kwargs``).
    """

    __slots__ = ("item", "kind")

    def __init__(self, item: Node, kind: str) -> None:
        self.item = item
        self.kind = kind


class Fixed:
    """A tuple of exactly these items (None: that item is not checked)."""

    __slots__ = ("items",)

    def __init__(self, items: tuple[Node | None, ...]) -> None:
        self.items = items


class Keys:
    """A dict with these keys, each value fitting its spec."""

    __slots__ = ("items",)

    def __init__(self, items: dict[Any, Node]) -> None:
        self.items = items


def from_value(spec: object, what: str = "spec") -> Node:
    """A spec given as a value: text, a Shape, or brackets around them."""
    if isinstance(spec, Shape):
        return spec.spec
    if isinstance(spec, Spec):
        return spec
    if isinstance(spec, str):
        return Spec.parse(spec, what)
    if isinstance(spec, list) and len(spec) == 1:
        return Each(from_value(spec[0], what), "list")
    if isinstance(spec, tuple):
        if len(spec) == 2 and spec[1] is Ellipsis:
            return Each(from_value(spec[0], what), "list")
        return Fixed(tuple(None if s is None else from_value(s, what) for s in spec))
    if isinstance(spec, dict):
        if len(spec) == 1 and Ellipsis in spec:
            return Each(from_value(spec[Ellipsis], what), "values")
        return Keys({k: from_value(v, what) for k, v in spec.items()})
    raise TypeError(
        say("guard.spec_type", resolve(), type=type(spec).__name__, spec=repr(spec))
    )


_SEQUENCES = ("list", "Sequence", "MutableSequence", "Iterable", "Collection")
_MAPPINGS = ("dict", "Mapping", "MutableMapping")


def from_annotation(annotation: object) -> tuple[Node | None, bool]:
    """The spec in an annotation, and whether None is allowed.

    ``Annotated[..., Shape(...)]``; ``Optional`` / ``X | None`` of one;
    ``list[X]``, ``Sequence[X]``, ``tuple[X, ...]``, ``tuple[X, Y]``,
    ``dict[K, X]`` of them.  (None, False) when there is no Shape inside.
    """
    for meta in getattr(annotation, "__metadata__", ()):
        if isinstance(meta, Shape):
            return meta.spec, False
    args: tuple[Any, ...] = getattr(annotation, "__args__", None) or ()
    origin = getattr(annotation, "__origin__", None)
    if hasattr(annotation, "__metadata__"):
        return from_annotation(origin)[0], False
    name = getattr(origin, "__name__", None)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item, _ = from_annotation(args[0])
            return (None if item is None else Each(item, "list")), False
        items = tuple(from_annotation(a)[0] for a in args)
        if any(s is not None for s in items):
            return Fixed(items), False
        return None, False
    if name in _SEQUENCES and len(args) == 1:
        item, _ = from_annotation(args[0])
        return (None if item is None else Each(item, "list")), False
    if name in _MAPPINGS and len(args) == 2:
        item, _ = from_annotation(args[1])
        return (None if item is None else Each(item, "values")), False
    if len(args) == 2 and type(None) in args:  # Optional[X], X | None
        inner = [a for a in args if a is not type(None)]
        node, _ = from_annotation(inner[0])
        return node, node is not None
    return None, False


def nodes_specs(node: Node | None) -> list[Spec]:
    """Every Spec inside ``node``."""
    if node is None:
        return []
    if isinstance(node, Spec):
        return [node]
    if isinstance(node, Each):
        return nodes_specs(node.item)
    children = node.items.values() if isinstance(node, Keys) else node.items
    return [s for child in children for s in nodes_specs(child)]
