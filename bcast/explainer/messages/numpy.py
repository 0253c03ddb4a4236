"""NumPy's broadcasting messages (NumPy 2.4, produced live unless a URL is named)."""

from __future__ import annotations

from bcast.errors import ShapeSyntaxError
from bcast.explainer.messages._table import PAREN, Form, fmt

TYPE_CHECKING = False
if TYPE_CHECKING:
    from re import Match

    from bcast.core.shapes import Dim, Dims
    from bcast.explainer.messages._table import Reading

__all__ = ["CONTRACTIONS", "FORMS", "core_layout", "python_spacing", "vectorize"]

_LIST = rf"(?P<shapes>(?:[\s,]{{0,8}}{PAREN}){{1,64}})"
_OPERAND = r"(?:(?P<f>[\w.]{1,80}): )?(?:(?P<io>Input|Output) )?operand (?P<op>\d+) "

# Generalized ufuncs whose core dimensions are summed over: a core mismatch
# there is a contraction's, not a broadcast's.
CONTRACTIONS = frozenset({"matmul", "vecdot", "matvec", "vecmat", "inner1d", "dot"})


def python_spacing(text: str) -> bool:
    """True if shapes are printed as Python tuples: ``(3, 4)``, ``(nan,)``."""
    return ", " in text.replace(",)", ")") or "nan" in text


def _numpy_ufunc(m: Match[str], line: str, r: Reading) -> Reading | None:
    # "Operands" with Python-style shapes is Keras's merge layer (keras.py)
    if m.group("o") == "O" and python_spacing(m.group("shapes")):
        return None
    return r


def _remapped(m: Match[str], line: str, r: Reading) -> Reading | None:
    import re

    from bcast.core.shapes import format_shape
    from bcast.explainer.messages._table import dims

    originals: list[Dims] = []
    remapped: list[Dims] = []
    arrows = False
    for op in re.finditer(rf"(?P<o>{PAREN})(?:->(?P<r>{PAREN}))?", m.group("ops")):
        first = dims(op.group("o"))
        last = first if op.group("r") is None else dims(op.group("r"), newaxis=True)
        if first is None or last is None:
            return None
        arrows = arrows or op.group("r") is not None
        originals.append(first)
        remapped.append(last)
    target = r.target
    if not remapped or (not arrows and len(remapped) == 1 and target is not None):
        return None  # one operand and a requested shape: broadcast_to's form
    notes = ["messages.numpy_remapped"]
    if arrows:
        notes.append("messages.numpy_remapped_arrows")
    if target is not None:
        # NumPy leaves out the leading axes still to be broadcast (-1)
        ndim = max(len(s) for s in remapped)
        target = (None,) * (ndim - len(target)) + target
        notes.append("messages.numpy_remapped_target")
    return r._replace(
        shapes=tuple(remapped),
        originals=tuple(originals),
        target=target,
        complete=True,
    ).with_notes(
        *notes,
        remapped=fmt(remapped),
        originals=fmt(originals),
        target=format_shape(target) if target is not None else "",
    )


def _to_scalar(m: Match[str], line: str, r: Reading) -> Reading:
    return r._replace(target=(), complete=False)


def core_layout(
    signature: str,
    blamed: int,
    index: int,
    size: int | None,
    bound: int | None,
    short: int | None = None,
) -> (
    tuple[tuple[Dims, ...], Dims | None, str | None, tuple[tuple[int, ...], ...]] | None
):
    """Lay out the inputs' (and a blamed output's) core axes by the signature.

    Operand ``blamed`` (inputs first, then outputs) has ``size`` on its core
    dimension ``index`` where ``bound`` was expected; everything NumPy checked
    before it passed.  With ``short``, the operand instead has only ``short``
    axes.  Returns (input shapes, output shape or None, dimension name,
    contracted axes of each input: core dimensions no output has).
    """
    from bcast.core.gufunc import parse_signature

    try:
        sig = parse_signature(signature)
    except ShapeSyntaxError:
        return None
    every = sig.inputs + sig.outputs
    if blamed >= len(every) or (short is None and index >= len(every[blamed])):
        return None
    layout: list[list[Dim]] = [[None] * len(core) for core in every]
    name = None if short is not None else every[blamed][index].name
    for op, core in enumerate(every[: blamed + 1]):
        for idim, d in enumerate(core):
            if op == blamed and (short is not None or idim >= index):
                break
            if d.size is not None:
                layout[op][idim] = d.size
            elif d.name == name:
                layout[op][idim] = bound
    if short is not None:
        layout[blamed] = [None] * short
    else:
        layout[blamed][index] = size
    shapes = tuple(tuple(c) for c in layout[: sig.nin])
    out = tuple(layout[blamed]) if blamed >= sig.nin else None
    kept = {d.name for core in sig.outputs for d in core}
    contracted = tuple(
        tuple(i - len(core) for i, d in enumerate(core) if d.name not in kept)
        for core in sig.inputs
    )
    return shapes, out, name, contracted


def _operand(m: Match[str]) -> tuple[int, tuple[str, ...], str] | None:
    """(blamed operand, operand names, who) of a gufunc message."""
    from bcast.core.gufunc import parse_signature

    try:
        nin = parse_signature(m.group("sig")).nin
    except ShapeSyntaxError:
        return None
    op = int(m.group("op"))
    blamed = op + nin if m.group("io") == "Output" else op
    names = tuple(f"input operand {i}" for i in range(nin))
    who = f"output operand {op}" if blamed >= nin else names[op]
    return blamed, names, who


def _core_mismatch(m: Match[str], line: str, r: Reading) -> Reading | None:
    operand = _operand(m)
    if operand is None:
        return None
    blamed, names, who = operand
    signature = m.group("sig")
    j, a, b = (int(m.group(g)) for g in ("j", "a", "b"))
    laid = core_layout(signature, blamed, j, a, b)
    if laid is None:
        return None
    shapes, out, name, contracted = laid
    assert name is not None
    f = m.group("f")
    contraction = f in CONTRACTIONS
    notes = ["messages.numpy_core_fixed" if name.isdecimal() else "messages.numpy_core"]
    notes.append("messages.numpy_core_partial")
    if "?" in signature:
        notes.append("messages.numpy_core_optional")
    return r._replace(
        kind="contraction" if contraction else "gufunc",
        function=f,
        shapes=shapes,
        names=names,
        signature=signature,
        target=out,
        complete=False,
        dimension=name,
        contracted=contracted if contraction else None,
    ).with_notes(
        *notes, who=who, gufunc=f or "A generalized ufunc", name=repr(name), b=b, a=a
    )


def _core_ndim(m: Match[str], line: str, r: Reading) -> Reading | None:
    operand = _operand(m)
    if operand is None:
        return None
    blamed, names, who = operand
    has = int(m.group("h"))
    laid = core_layout(m.group("sig"), blamed, 0, None, None, short=has)
    if laid is None:
        return None
    shapes, out, _, contracted = laid
    f = m.group("f")
    contraction = f in CONTRACTIONS
    return r._replace(
        kind="contraction" if contraction else "gufunc",
        contracted=contracted if contraction else None,
        function=f,
        shapes=shapes,
        names=names,
        signature=m.group("sig"),
        target=out,
        complete=False,
    ).with_notes("messages.numpy_core_ndim", who=who, gufunc=f or "A generalized ufunc")


def _vectorize_ndim(m: Match[str], line: str, r: Reading) -> Reading:
    has = int(m.group("n"))
    core = [d.strip().strip("'\"") for d in m.group("dims").split(",") if d.strip()]
    return r._replace(shapes=((None,) * has,), complete=False).with_notes(
        "messages.numpy_vectorize_ndim",
        n=has,
        core=", ".join(core),
        need=len(core),
    )


def vectorize(m: Match[str], line: str, r: Reading) -> Reading:
    """np.vectorize's and jnp.vectorize's core-size message: old size first."""
    new, old = int(m.group("a")), int(m.group("b"))
    return r._replace(
        shapes=((old,), (new,)),
        names=("earlier arguments", "a later argument"),
        complete=False,
        dimension=m.group("d"),
        signature=m.groupdict().get("sig"),
    ).with_notes(r.notes[0], "messages.only_sizes", old=old, new=new)


def _dot(m: Match[str], line: str, r: Reading) -> Reading:
    a, b = r.shapes
    # np.dot contracts a's last axis with b's second-to-last (its only, if 1-D)
    contracted = ((-1,), (-2 if len(b) > 1 else -1,))
    if m.group("dx").isdecimal() and m.group("dy").isdecimal():
        dx, dy = int(m.group("dx")), int(m.group("dy"))
        contracted = ((dx - len(a),), (dy - len(b),))
    return r._replace(contracted=contracted)


def _mask_ndim(m: Match[str], line: str, r: Reading) -> Reading:
    n = int(m.group("n"))
    return r._replace(shapes=((None,) * n,), complete=False).with_notes(
        "messages.numpy_mask_ndim", n=n
    )


FORMS = (
    Form(
        library="numpy",
        name="ufunc",
        kind="broadcast",
        phrase="could not be broadcast together with shapes",
        pattern=rf"(?P<o>[oO])perands could not be broadcast together with shapes{_LIST}",
        example="operands could not be broadcast together with shapes (3,4) (3,) ",
        source="NumPy 2.4: np.ones((3, 4)) + np.ones(3)",
        expect=((3, 4), (3,)),
        note=("messages.numpy_ufunc",),
        listed="shapes",
        back=10,
        hook=_numpy_ufunc,
    ),
    Form(
        library="numpy",
        name="indexing",
        kind="indexing",
        phrase="could not be broadcast together with shapes",
        pattern=(
            r"(?:shape mismatch: )?indexing arrays could not be broadcast together "
            rf"with shapes{_LIST}"
        ),
        example=(
            "shape mismatch: indexing arrays could not be broadcast together with "
            "shapes (2,) (3,) "
        ),
        source="NumPy 2.4: np.ones((5, 5))[[0, 1], [0, 1, 2]]",
        expect=((2,), (3,)),
        note=("messages.numpy_indexing",),
        listed="shapes",
        back=40,
    ),
    Form(
        library="numpy",
        name="broadcast_to",
        kind="broadcast_to",
        phrase="could not be broadcast together with remapped shapes",
        pattern=(
            r"(?:operands )?could not be broadcast together with remapped shapes"
            rf" ?\[original->remapped\]:\s{{0,8}}(?P<s>{PAREN})\s{{0,8}}"
            rf"and requested shape\s{{0,8}}(?P<t>{PAREN})"
        ),
        example=(
            "operands could not be broadcast together with remapped shapes "
            "[original->remapped]: (3,)  and requested shape (4,)"
        ),
        source="NumPy 2.4: np.broadcast_to(np.ones(3), (4,))",
        expect=((3,),),
        expect_target=(4,),
        note=("messages.numpy_broadcast_to",),
        shapes=("s",),
        target="t",
        back=10,
    ),
    Form(
        library="numpy",
        name="remapped",
        kind="broadcast",
        phrase="could not be broadcast together with remapped shapes",
        pattern=(
            r"(?:operands )?could not be broadcast together with remapped shapes"
            r" ?\[original->remapped\]:"
            rf"(?P<ops>(?:\s{{0,8}}{PAREN}(?:->{PAREN})?){{0,64}})"
            rf"(?:\s{{0,8}}and requested shape\s{{0,8}}(?P<req>{PAREN}))?"
        ),
        example=(
            "operands could not be broadcast together with remapped shapes "
            "[original->remapped]: (2,3,4)->(2,newaxis,newaxis) "
            "(3,4,5)->(3,newaxis,newaxis)  and requested shape (3,5)"
        ),
        source="NumPy 2.4: np.ones((2, 3, 4)) @ np.ones((3, 4, 5))",
        expect=((2, 1, 1), (3, 1, 1)),
        expect_target=(None, 3, 5),
        target="req",
        back=10,
        hook=_remapped,
    ),
    Form(
        library="numpy",
        name="broadcast_shapes",
        kind="broadcast",
        phrase="objects cannot be broadcast to a single shape",
        pattern=(
            r"(?:shape mismatch: )?objects cannot be broadcast to a single shape\.?"
            rf"\s{{1,8}}Mismatch is between arg (?P<i>\d+) with shape (?P<a>{PAREN}) "
            rf"and arg (?P<j>\d+) with shape (?P<b>{PAREN})\.?"
        ),
        example=(
            "shape mismatch: objects cannot be broadcast to a single shape.  "
            "Mismatch is between arg 0 with shape (3, 4) and arg 1 with shape (3,)."
        ),
        source="NumPy 2.4: np.broadcast_shapes((3, 4), (3,))",
        expect=((3, 4), (3,)),
        note=("messages.numpy_broadcast_shapes",),
        shapes=("a", "b"),
        names=("arg {i}", "arg {j}"),
        back=20,
    ),
    Form(
        library="numpy",
        name="broadcast_shapes_old",
        kind="broadcast",
        phrase="objects cannot be broadcast to a single shape",
        pattern=r"(?:shape mismatch: )?objects cannot be broadcast to a single shape\.?",
        example="shape mismatch: objects cannot be broadcast to a single shape",
        source="NumPy < 1.22, https://github.com/numpy/numpy/issues/20018",
        expect=(),
        note=("messages.numpy_broadcast_shapes_old",),
        back=20,
    ),
    Form(
        library="numpy",
        name="inplace_output",
        kind="inplace_output",
        phrase="doesn't match the broadcast shape",
        pattern=(
            rf"non-broadcastable output operand with shape (?P<out>{PAREN}) "
            rf"doesn't match the broadcast shape (?P<res>{PAREN})"
        ),
        example=(
            "non-broadcastable output operand with shape (3,1) doesn't match the "
            "broadcast shape (3,4)"
        ),
        source="NumPy 2.4: x = np.ones((3, 1)); x += np.ones((1, 4))",
        expect=((3, 4),),
        expect_target=(3, 1),
        note=("messages.inplace_output",),
        shapes=("res",),
        target="out",
        names=("broadcast shape",),
        back=1000,
    ),
    Form(
        library="numpy",
        name="assignment",
        kind="assignment",
        phrase="could not broadcast input array from shape",
        pattern=(
            rf"could not broadcast input array from shape (?P<a>{PAREN}) "
            rf"into shape (?P<b>{PAREN})"
        ),
        example="could not broadcast input array from shape (3,) into shape (4,)",
        source="NumPy 2.4: x = np.zeros(4); x[...] = np.ones(3)",
        expect=((3,),),
        expect_target=(4,),
        note=("messages.numpy_assignment",),
        shapes=("a",),
        target="b",
        names=("input array",),
    ),
    Form(
        library="numpy",
        name="value_array",
        kind="assignment",
        phrase="be broadcast to indexing result of shape",
        pattern=(
            rf"(?:shape mismatch: )?value array of shape (?P<a>{PAREN}) could not "
            rf"be broadcast to indexing result of shape (?P<b>{PAREN})"
        ),
        example=(
            "shape mismatch: value array of shape (3,2) could not be broadcast to "
            "indexing result of shape (2,2)"
        ),
        source="NumPy 2.4: x = np.zeros((4, 2)); x[[0, 1]] = np.ones((3, 2))",
        expect=((3, 2),),
        expect_target=(2, 2),
        note=("messages.numpy_value_array",),
        shapes=("a",),
        target="b",
        names=("value array",),
        back=1000,
    ),
    Form(
        library="numpy",
        name="mask_assignment",
        kind="assignment",
        phrase="boolean array indexing assignment cannot assign",
        pattern=(
            r"(?:NumPy )?boolean array indexing assignment cannot assign (?P<a>\d+) "
            r"input values to the (?P<b>\d+) output values where the mask is true"
        ),
        example=(
            "NumPy boolean array indexing assignment cannot assign 2 input values "
            "to the 3 output values where the mask is true"
        ),
        source="NumPy 2.4: x = np.zeros(4); x[x == 0] = np.ones(2) (3 Trues)",
        expect=((2,),),
        expect_target=(3,),
        note=("messages.numpy_mask",),
        shapes=("a",),
        target="b",
        names=("input values",),
        back=10,
    ),
    Form(
        library="numpy",
        name="mask_ndim",
        kind="assignment",
        phrase="boolean array indexing assignment requires a 0 or",
        pattern=(
            r"(?:NumPy )?boolean array indexing assignment requires a 0 or "
            r"1-dimensional input, input has (?P<n>\d+) dimensions"
        ),
        example=(
            "NumPy boolean array indexing assignment requires a 0 or 1-dimensional "
            "input, input has 2 dimensions"
        ),
        source="NumPy 2.4: x = np.zeros(4); x[x == 0] = np.ones((3, 2))",
        expect=((None, None),),
        names=("input values",),
        back=10,
        hook=_mask_ndim,
    ),
    Form(
        library="numpy",
        name="ufunc_at",
        kind="broadcast_to",
        phrase="array is not broadcastable to correct shape",
        pattern=r"array is not broadcastable to correct shape",
        example="array is not broadcastable to correct shape",
        source="NumPy 2.4: np.add.at(np.ones(5), [0, 1], np.ones(3))",
        expect=(),
        note=("messages.numpy_ufunc_at",),
    ),
    Form(
        library="numpy",
        name="to_scalar",
        kind="broadcast_to",
        phrase="cannot broadcast a non-scalar to a scalar array",
        pattern=r"cannot broadcast a non-scalar to a scalar array",
        example="cannot broadcast a non-scalar to a scalar array",
        source="NumPy 2.4: np.broadcast_to(np.ones(3), ())",
        expect=(),
        expect_target=(),
        note=("messages.numpy_to_scalar",),
        hook=_to_scalar,
    ),
    Form(
        library="numpy",
        name="axis_remapping",
        kind="broadcast_to",
        phrase="more dimensions than allowed by the axis remapping",
        pattern=r"input operand has more dimensions than allowed by the axis remapping",
        example="input operand has more dimensions than allowed by the axis remapping",
        source="NumPy 2.4: np.broadcast_to(np.ones((2, 3)), (3,))",
        expect=(),
        note=("messages.numpy_axis_remapping",),
        back=40,
    ),
    Form(
        library="numpy",
        name="core_dimension",
        kind="gufunc",
        phrase="has a mismatch in its core dimension",
        pattern=(
            rf"{_OPERAND}has a mismatch in its core dimension (?P<j>\d+), with "
            r"gufunc signature (?P<sig>\S{1,200}) \(size (?P<a>\d+) is different from "
            r"(?P<b>\d+)\)"
        ),
        example=(
            "matmul: Input operand 1 has a mismatch in its core dimension 0, with "
            "gufunc signature (n?,k),(k,m?)->(n?,m?) (size 4 is different from 3)"
        ),
        source="NumPy 2.4: np.ones((2, 3)) @ np.ones((4, 5))",
        expect=((None, 3), (4, None)),
        back=200,
        hook=_core_mismatch,
    ),
    Form(
        library="numpy",
        name="core_ndim",
        kind="gufunc",
        phrase="does not have enough dimensions (has ",
        pattern=(
            rf"{_OPERAND}does not have enough dimensions \(has (?P<h>\d+), gufunc "
            r"core with signature (?P<sig>\S{1,200}) requires (?P<r>\d+)\)"
        ),
        example=(
            "matmul: Input operand 0 does not have enough dimensions (has 0, gufunc "
            "core with signature (n?,k),(k,m?)->(n?,m?) requires 1)"
        ),
        source="NumPy 2.4: np.matmul(np.ones(()), np.ones((2, 2)))",
        expect=((), (None, None)),
        back=200,
        hook=_core_ndim,
    ),
    Form(
        library="numpy",
        name="vectorize_ndim",
        kind="gufunc",
        phrase="does not have enough dimensions for all core dimensions",
        pattern=(
            r"(?P<n>\d+)-dimensional argument does not have enough dimensions for "
            r"all core dimensions \((?P<dims>[^()\n]{0,400})\)"
        ),
        example=(
            "1-dimensional argument does not have enough dimensions for all core "
            "dimensions ('n', 'm')"
        ),
        source="NumPy 2.4: np.vectorize(f, signature='(n,m)->(n,m)')(np.ones(3))",
        expect=((None,),),
        back=40,
        hook=_vectorize_ndim,
    ),
    Form(
        library="numpy",
        name="vectorize",
        kind="gufunc",
        phrase="inconsistent size for core dimension",
        pattern=(
            r"inconsistent size for core dimension '(?P<d>[^'\n]{0,80})': "
            r"(?P<a>\d+) vs (?P<b>\d+)"
        ),
        example="inconsistent size for core dimension 'n': 4 vs 3",
        source="NumPy 2.4: np.vectorize(f, signature='(n),(n)->()')(np.ones(3), np.ones(4))",
        expect=((3,), (4,)),
        note=("messages.numpy_vectorize",),
        hook=vectorize,
    ),
    Form(
        library="numpy",
        name="dot",
        kind="contraction",
        phrase="not aligned: ",
        pattern=(
            rf"shapes ?(?P<a>{PAREN}) ?and ?(?P<b>{PAREN}) ?not aligned: (?P<x>\d+) ?"
            r"\(dim (?P<dx>\d+|\S)\) ?!= ?(?P<y>\d+) ?\(dim (?P<dy>\d+|\S)\)"
        ),
        example="shapes (11,3) and (11,1) not aligned: 3 (dim 1) != 11 (dim 0)",
        source="NumPy 2.4: np.dot(np.ones((11, 3)), np.ones((11, 1)))",
        expect=((11, 3), (11, 1)),
        note=("messages.numpy_dot",),
        shapes=("a", "b"),
        back=1000,
        hook=_dot,
    ),
)
