"""bcast's own errors (``bcast.errors``), read back as any library's are."""

from __future__ import annotations

from bcast.errors import ShapeSyntaxError
from bcast.explainer.messages._table import PAREN, Form, Hit, dims, fmt, known

TYPE_CHECKING = False
if TYPE_CHECKING:
    from re import Match

    from bcast.core.shapes import Dims
    from bcast.explainer.messages._table import Reading

__all__ = ["FORMS"]


def _broadcast(m: Match[str], line: str, r: Reading) -> Hit | None:
    # "shapes x=(3, 4) w=(3,) cannot be broadcast: axis -1 ..."
    import re

    at = m.start()
    start = line.rfind("shapes ", max(0, at - 4000), at)
    if start < 0:
        return None
    listed = line[start + len("shapes ") : at]
    shapes: list[Dims] = []
    names: list[str] = []
    item = re.compile(rf"\s{{0,8}}(?:(?P<n>[^\s=()]{{1,80}})=)?(?P<s>{PAREN})")
    pos = 0
    while pos < len(listed.rstrip()):
        it = item.match(listed, pos)
        d = None if it is None else dims(it.group("s"), symbols=True)
        if it is None or d is None:
            return None
        shapes.append(d)
        if it.group("n"):
            names.append(it.group("n"))
        pos = it.end()
    if not shapes or (names and len(names) != len(shapes)):
        return None
    reading = r._replace(
        shapes=tuple(shapes),
        names=tuple(names) if names else None,
        axis=int(m.group("ax")),
        position=int(m.group("p")),
        complete=known(*shapes),
    ).with_notes("messages.bcast_broadcast", listed=fmt(shapes))
    return Hit(start=start, reading=reading)


def _to(m: Match[str], line: str, r: Reading) -> Reading:
    ax = m.group("ax")
    return r._replace(axis=int(ax) if ax else None)


def _operands(
    m: Match[str], given: dict[str, str]
) -> tuple[str, list[Dims], int] | None:
    """Inputs laid out by group ``sig``, operands in ``given`` (index group ->
    shape group) filled in; (signature, shapes, operands given)."""
    from bcast.core.gufunc import parse_signature

    signature = m.group("sig")
    try:
        sig = parse_signature(signature)
    except ShapeSyntaxError:
        return None
    shapes: list[Dims] = [(None,) * len(core) for core in sig.inputs]
    for index, shape in given.items():
        i, d = int(m.group(index)), dims(m.group(shape), symbols=True)
        if d is None or i >= len(shapes):
            return None
        shapes[i] = d
    return signature, shapes, len(given)


def _core(m: Match[str], line: str, r: Reading) -> Reading | None:
    named = m.group("d") is not None
    laid = _operands(m, {"i": "sa", "j": "sb"} if named else {"fj": "fs"})
    if laid is None:
        return None
    signature, shapes, n = laid
    dimension = m.group("d") if named else m.group("fx")
    every = n == len(shapes)
    notes = ["messages.bcast_core"] + ([] if every else ["messages.bcast_core_partial"])
    return r._replace(
        shapes=tuple(shapes),
        names=tuple(f"operand {i}" for i in range(len(shapes))),
        signature=signature,
        complete=every and known(*shapes),
        dimension=dimension,
    ).with_notes(*notes, dimension=repr(dimension), signature=signature)


def _ndim(m: Match[str], line: str, r: Reading) -> Reading | None:
    laid = _operands(m, {"i": "s"})
    if laid is None:
        return None
    signature, shapes, _ = laid
    return r._replace(
        shapes=tuple(shapes),
        names=tuple(f"operand {k}" for k in range(len(shapes))),
        signature=signature,
        complete=len(shapes) == 1 and known(*shapes),
    )


def _guard(m: Match[str], line: str, r: Reading) -> Hit | None:
    # bcast.ShapeError: "f(): x has shape (3, 4), expected (n, 3): axis 1 (-1)
    # is 4, expected 3; <hint>"
    import re

    shape = dims(m.group("s"), symbols=True)
    if shape is None:
        return None
    at = m.start()
    lo = max(0, at - 300)
    prefix = line[lo:at]
    k = max(prefix.rfind("Error: "), prefix.rfind("Exception: "))
    start = lo + (prefix.index(": ", k) + 2 if k >= 0 else 0)
    while start < at and line[start].isspace():
        start += 1
    subject = line[start:at]
    head = re.match(r"([\w.<>]{1,200})\(\): ", subject)
    argument = subject[head.end() :] if head else subject
    if not argument:
        return None
    why = m.group("why") or ""
    detail = re.match(r"axis \d+ \((?P<ax>-\d+)\) (?:is|are) ", why)
    bound = re.search(
        rf"bound by (?P<n>[^\s;]{{1,200}}) with shape (?P<s>{PAREN})", why
    )
    symbol = re.search(r" but #?(?P<sym>[A-Za-z_]\w{0,80}) ", why)
    shapes: tuple[Dims, ...] = (shape,)
    names: tuple[str, ...] = (argument,)
    other = dims(bound.group("s"), symbols=True) if bound else None
    if bound and other is not None:
        shapes += (other,)
        names += (bound.group("n"),)
    end = "" if not why or why.endswith((".", "?", "!")) else "."
    reading = r._replace(
        function=head.group(1) if head else None,
        shapes=shapes,
        names=names,
        axis=int(detail.group("ax")) if detail else None,
        dimension=symbol.group("sym") if symbol else None,
        complete=known(*shapes),
    ).with_notes(
        "messages.bcast_guard_why" if why else "messages.bcast_guard",
        argument=argument,
        spec=m.group("spec"),
        shape=fmt([shape]),
        why=why + end,
    )
    return Hit(start=start, reading=reading)


FORMS = (
    Form(
        library="bcast",
        name="broadcast",
        kind="broadcast",
        phrase="cannot be broadcast: axis",
        pattern=(
            r"cannot be broadcast: axis (?P<ax>-\d+) \(axis (?P<p>\d+) of the "
            r"result\) has size[^\n]{0,2000}?; sizes on an axis must be equal, or 1"
        ),
        example=(
            "shapes (3, 4) (3,) cannot be broadcast: axis -1 (axis 1 of the result) "
            "has size 4 in operand 0, 3 in operand 1; sizes on an axis must be "
            "equal, or 1"
        ),
        source="bcast: bcast.broadcast_shapes((3, 4), (3,))",
        expect=((3, 4), (3,)),
        hook=_broadcast,
    ),
    Form(
        library="bcast",
        name="broadcast_to",
        kind="broadcast_to",
        phrase="cannot broadcast (",
        pattern=(
            rf"cannot broadcast (?P<s>{PAREN}) to (?P<t>{PAREN}): (?:axis "
            r"(?P<ax>-\d+) has size \S{1,40}, which cannot become \S{1,40} \(only a "
            r"size of 1 stretches\)|it has \d+ axes and the target only \d+)"
        ),
        example=(
            "cannot broadcast (3,) to (4,): axis -1 has size 3, which cannot become "
            "4 (only a size of 1 stretches)"
        ),
        source="bcast: bcast.stretched_axes((3,), (4,))",
        expect=((3,),),
        expect_target=(4,),
        note=("messages.bcast_broadcast_to",),
        shapes=("s",),
        target="t",
        symbols=True,
        hook=_to,
    ),
    Form(
        library="bcast",
        name="gufunc",
        kind="gufunc",
        phrase="): core dimension ",
        pattern=(
            r"signature (?P<sig>\S{1,200}): core dimension (?:'(?P<d>[^'\n]{1,80})' "
            rf"is \S{{1,40}} in operand (?P<i>\d+) (?P<sa>{PAREN}) but \S{{1,40}} in "
            rf"operand (?P<j>\d+) (?P<sb>{PAREN})|of fixed size (?P<fx>\d+) is "
            rf"\S{{1,40}} in operand (?P<fj>\d+) (?P<fs>{PAREN}))"
        ),
        example=(
            "signature (m,n),(n,p)->(m,p): core dimension 'n' is 3 in operand 0 "
            "(2, 3) but 4 in operand 1 (4, 5)"
        ),
        source="bcast: bcast.output_shapes('(m,n),(n,p)->(m,p)', (2, 3), (4, 5))",
        expect=((2, 3), (4, 5)),
        back=1000,
        hook=_core,
    ),
    Form(
        library="bcast",
        name="core_ndim",
        kind="gufunc",
        phrase="), but its core dimensions (",
        pattern=(
            r"signature (?P<sig>\S{1,200}): operand (?P<i>\d+): has (?P<h>\d+) axes "
            rf"(?P<s>{PAREN}), but its core dimensions \((?P<c>[^()\n]{{0,400}})\) "
            r"need (?P<r>\d+)"
        ),
        example=(
            "signature (n?,k),(k,m?)->(n?,m?): operand 0: has 0 axes (), but its "
            "core dimensions (n?,k) need 1"
        ),
        source="bcast: bcast.output_shapes(np.matmul.signature, (), (3,))",
        expect=((), (None, None)),
        note=("messages.bcast_core_ndim",),
        back=1000,
        hook=_ndim,
    ),
    Form(
        library="bcast",
        name="shape_guard",
        kind="shape_guard",
        phrase=" has shape (",
        pattern=(
            rf" has shape (?P<s>{PAREN}), expected (?P<spec>{PAREN})"
            r"(?:: (?P<why>[^\n]{0,2000}))?"
        ),
        example=(
            "forward(): w has shape (4, 1), expected (n_x, 1): axis 0 (-2) is 4 but "
            "n_x = 3, bound by X with shape (3, 5)"
        ),
        source="bcast: a @shaped(w='n_x, 1', X='n_x, m') function given w of (4, 1)",
        expect=((4, 1), (3, 5)),
        hook=_guard,
    ),
)
