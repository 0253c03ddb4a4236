"""PyTorch's broadcasting and matrix-product messages (PyTorch 2.x; older
wordings quoted from the public threads named)."""

from __future__ import annotations

from bcast.explainer.messages._table import ANY, BRACKET, Form, Hit, dims

TYPE_CHECKING = False
if TYPE_CHECKING:
    from re import Match

    from bcast.explainer.messages._table import Reading

__all__ = ["FORMS"]


def _size(group: str) -> str:
    """A shape as PyTorch prints it, ``[3, 4]`` or ``torch.Size([3, 4])``."""
    return rf"(?:torch\.Size\()?(?P<{group}>{ANY})\)?"


_MATRIX = r"(?P<{0}>\d+) ?[x×] ?(?P<{1}>\d+)"


def _size_mismatch(m: Match[str], line: str, r: Reading) -> Reading:
    return r._replace(complete=False, position=int(m.group("d")))


def _expand(m: Match[str], line: str, r: Reading) -> Reading | None:
    a, b, d = (int(m.group(g)) for g in ("a", "b", "d"))
    if m.group("t") is None:
        return r._replace(
            shapes=((b,),), target=(a,), complete=False, position=d
        ).with_notes("messages.torch_expand", "messages.no_full_shapes", a=a, b=b, d=d)
    target, source = dims(m.group("t")), dims(m.group("s"))
    if target is None or source is None:
        return None
    # A target size of -1 keeps the tensor's own size on that axis.
    lead = len(target) - len(source)
    target = tuple(
        source[i - lead] if t is None and 0 <= i - lead < len(source) else t
        for i, t in enumerate(target)
    )
    return r._replace(
        shapes=(source,),
        target=target,
        axis=d - len(target),
        position=d,
        complete=True,
    ).with_notes("messages.torch_expand", a=a, b=b, d=d)


def _expand_rank(m: Match[str], line: str, r: Reading) -> Reading | Hit | None:
    import re

    head = re.compile(
        rf"expand\((?:[\w.]{{1,80}}\{{(?P<s>{BRACKET})\}})?[^()\n]{{0,200}}$"
    )
    h = head.search(line, max(0, m.start() - 1000), m.start())
    source = dims(h.group("s")) if h and h.group("s") else None
    k = int(m.group("k"))
    reading = r._replace(
        shapes=(source if source is not None else (None,) * k,),
        complete=source is not None and r.target is not None,
    ).with_notes("messages.torch_expand_rank", k=k, n=len(r.target or ()))
    return reading if h is None else Hit(start=h.start(), reading=reading)


def _broadcast_shapes(m: Match[str], line: str, r: Reading) -> Reading:
    return r._replace(axis=int(m.group("ax")))


def _matrices(m: Match[str], line: str, r: Reading) -> Reading:
    a, b, c, d = (int(m.group(k)) for k in "abcd")
    return r._replace(shapes=((a, b), (c, d)), complete=True).with_notes(
        "messages.torch_mat1_mat2", a=a, b=b, c=c, d=d
    )


def _mv(m: Match[str], line: str, r: Reading) -> Reading:
    a, b, v = (int(m.group(k)) for k in "abv")
    return r._replace(shapes=((a, b), (v,)), complete=True).with_notes(
        "messages.torch_mv", a=a, b=b, v=v
    )


def _bmm(m: Match[str], line: str, r: Reading) -> Reading:
    e0, e1, g0, g1 = (int(m.group(k)) for k in ("e0", "e1", "g0", "g1"))
    return r._replace(
        shapes=((e0, None, e1), (g0, g1, None)), complete=False
    ).with_notes("messages.torch_bmm", e0=e0, e1=e1, g0=g0, g1=g1)


def einsum(m: Match[str], line: str, r: Reading) -> Reading:
    """An einsum label's two sizes: earlier operands first, then operand ``op``."""
    a, b = int(m.group("a")), int(m.group("b"))
    return r._replace(
        shapes=((b,), (a,)), complete=False, dimension=m.group("l")
    ).with_notes(r.notes[0], "messages.only_sizes", a=a, b=b)


_TORCH_INDEXING_LIST = rf"(?P<shapes>(?:[\s,]{{0,8}}{BRACKET}){{1,64}})"

FORMS = (
    Form(
        library="torch",
        name="size_mismatch",
        kind="broadcast",
        phrase="must match the size of tensor b",
        pattern=(
            r"The size of tensor a \((?P<a>\d+)\) must match the size of tensor b "
            r"\((?P<b>\d+)\) at non-singleton dimension (?P<d>\d+)"
        ),
        example=(
            "The size of tensor a (3) must match the size of tensor b (4) at "
            "non-singleton dimension 1"
        ),
        source="PyTorch 2.x, live: torch.zeros(2, 3) + torch.zeros(4)",
        expect=((3,), (4,)),
        note=("messages.torch_size_mismatch",),
        shapes=("a", "b"),
        names=("tensor a", "tensor b"),
        back=60,
        hook=_size_mismatch,
    ),
    Form(
        library="torch",
        name="expand",
        kind="expand",
        phrase="The expanded size of the tensor",
        pattern=(
            r"The expanded size of the tensor \((?P<a>-?\d+)\) must match the "
            r"existing size \((?P<b>\d+)\) at non-singleton dimension (?P<d>\d+)\.?"
            rf"(?:\s{{1,8}}Target sizes: (?P<t>{BRACKET})\.?\s{{1,8}}Tensor sizes: "
            rf"(?P<s>{BRACKET}))?"
        ),
        example=(
            "The expanded size of the tensor (4) must match the existing size (3) at "
            "non-singleton dimension 1.  Target sizes: [2, 4].  Tensor sizes: [3]"
        ),
        source="PyTorch 2.x, live: torch.zeros(3).expand(2, 4)",
        expect=((3,),),
        expect_target=(2, 4),
        names=("tensor",),
        back=10,
        hook=_expand,
    ),
    Form(
        library="torch",
        name="expand_rank",
        kind="expand",
        phrase="the number of sizes provided",
        pattern=(
            rf"size=(?P<t>{BRACKET})\): the number of sizes provided \((?P<n>\d+)\) "
            r"must be greater or equal to the number of dimensions in the tensor "
            r"\((?P<k>\d+)\)"
        ),
        example=(
            "expand(torch.FloatTensor{[2, 3]}, size=[3]): the number of sizes "
            "provided (1) must be greater or equal to the number of dimensions in "
            "the tensor (2)"
        ),
        source="PyTorch 2.x, live: torch.zeros(2, 3).expand(3)",
        expect=((2, 3),),
        expect_target=(3,),
        target="t",
        names=("tensor",),
        function="=expand",
        back=1000,
        hook=_expand_rank,
    ),
    Form(
        library="torch",
        name="broadcast_shapes",
        kind="broadcast",
        phrase="Attempting to broadcast a dimension of length",
        pattern=(
            r"Attempting to broadcast a dimension of length (?P<n>\d+) at "
            r"(?P<ax>-?\d+)! Mismatching argument at index (?P<i>\d+) had "
            + _size("s")
            + r"; but expected shape should be broadcastable to "
            + _size("t")
        ),
        example=(
            "Attempting to broadcast a dimension of length 3 at -1! Mismatching "
            "argument at index 1 had torch.Size([3]); but expected shape should be "
            "broadcastable to [3, 4]"
        ),
        source="PyTorch 2.x, live: torch.broadcast_shapes((3, 4), (3,))",
        expect=((3, 4), (3,)),
        note=("messages.torch_broadcast_shapes",),
        shapes=("t", "s"),
        names=("expected shape", "argument at index {i}"),
        function="=broadcast_shapes",
        hook=_broadcast_shapes,
    ),
    Form(
        library="torch",
        name="target_size",
        kind="same_shape",
        phrase="Using a target size (",
        pattern=(
            r"Using a target size \("
            + _size("t")
            + r"\) that is different to the input size \("
            + _size("i")
            + r"\)(?: is deprecated)?\.(?: This will likely lead to incorrect "
            r"results due to broadcasting\.)?(?: Please ensure they have the same "
            r"size\.)?"
        ),
        example=(
            "Using a target size (torch.Size([3])) that is different to the input "
            "size (torch.Size([3, 4])) is deprecated. Please ensure they have the "
            "same size."
        ),
        source="PyTorch 2.x, live: F.binary_cross_entropy(torch.rand(3, 4), torch.zeros(3))",
        expect=((3, 4), (3,)),
        note=("messages.torch_target_size",),
        shapes=("i", "t"),
        names=("input", "target"),
    ),
    Form(
        library="torch",
        name="mat1_mat2",
        kind="contraction",
        phrase=" and mat2 shapes cannot be multiplied",
        pattern=(
            r"mat[1l] and mat2 shapes cannot be multiplied \("
            + _MATRIX.format("a", "b")
            + " and "
            + _MATRIX.format("c", "d")
            + r"\)"
        ),
        example="mat1 and mat2 shapes cannot be multiplied (1x18 and 512x1024)",
        source="https://github.com/nv-tlabs/datasetGAN_release/issues/49",
        expect=((1, 18), (512, 1024)),
        names=("mat1", "mat2"),
        contracted=((-1,), (-2,)),
        back=10,
        hook=_matrices,
    ),
    Form(
        library="torch",
        name="m1_m2",
        kind="contraction",
        phrase="size mismatch, m1: [",
        pattern=(
            r"size mismatch, m1: \[(?P<a>\d+) x (?P<b>\d+)\], m2: "
            r"\[(?P<c>\d+) x (?P<d>\d+)\](?: at [^\s]{1,300}:\d+)?"
        ),
        example=(
            "size mismatch, m1: [1 x 256], m2: [64 x 4] at /opt/conda/conda-bld/"
            "pytorch_1549627089062/work/aten/src/TH/generic/THTensorMath.cpp:940"
        ),
        source="PyTorch < 1.7, https://github.com/moskomule/senet.pytorch/issues/35",
        expect=((1, 256), (64, 4)),
        names=("m1", "m2"),
        contracted=((-1,), (-2,)),
        hook=_matrices,
    ),
    Form(
        library="torch",
        name="mv",
        kind="contraction",
        phrase="size mismatch, got input (",
        pattern=(
            r"size mismatch, got input \((?P<i>\d+)\), mat \((?P<a>\d+)x(?P<b>\d+)\), "
            r"vec \((?P<v>\d+)\)"
        ),
        example="size mismatch, got input (2), mat (2x3), vec (4)",
        source="PyTorch 2.x, live: torch.mv(torch.zeros(2, 3), torch.zeros(4))",
        expect=((2, 3), (4,)),
        names=("mat", "vec"),
        function="=mv",
        contracted=((-1,), (-1,)),
        hook=_mv,
    ),
    Form(
        library="torch",
        name="dot",
        kind="contraction",
        phrase="inconsistent tensor size, expected tensor [",
        pattern=(
            rf"inconsistent tensor size, expected tensor (?P<a>{BRACKET}) and src "
            rf"(?P<b>{BRACKET}) to have the same number of elements, but got "
            r"(?P<x>\d+) and (?P<y>\d+) elements respectively"
        ),
        example=(
            "inconsistent tensor size, expected tensor [3] and src [4] to have the "
            "same number of elements, but got 3 and 4 elements respectively"
        ),
        source="PyTorch 2.x, live: torch.dot(torch.zeros(3), torch.zeros(4))",
        expect=((3,), (4,)),
        note=("messages.torch_dot",),
        shapes=("a", "b"),
        names=("tensor", "src"),
        function="=dot",
        contracted=((-1,), (-1,)),
    ),
    Form(
        library="torch",
        name="bmm",
        kind="contraction",
        phrase="first two dimensions of batch2 tensor",
        pattern=(
            r"Expected size for first two dimensions of batch2 tensor to be: "
            r"\[(?P<e0>\d+), (?P<e1>\d+)\] but got: \[(?P<g0>\d+), (?P<g1>\d+)\]\.?"
        ),
        example=(
            "Expected size for first two dimensions of batch2 tensor to be: [2, 4] "
            "but got: [2, 5]."
        ),
        source="PyTorch 2.x, live: torch.bmm(torch.zeros(2, 3, 4), torch.zeros(2, 5, 6))",
        expect=((2, None, 4), (2, 5, None)),
        names=("batch1", "batch2"),
        function="=bmm",
        contracted=((-1,), (-2,)),
        back=40,
        hook=_bmm,
    ),
    Form(
        library="torch",
        name="einsum",
        kind="einsum",
        phrase="which does not broadcast with previously seen size",
        pattern=(
            r"einsum\(\): subscript (?P<l>\w{1,80}) has size (?P<a>\d+) for operand "
            r"(?P<op>\d+) which does not broadcast with previously seen size "
            r"(?P<b>\d+)"
        ),
        example=(
            "einsum(): subscript j has size 4 for operand 1 which does not broadcast "
            "with previously seen size 3"
        ),
        source="PyTorch 2.x, live: torch.einsum('ij,jk->ik', torch.zeros(2, 3), torch.zeros(4, 5))",
        expect=((3,), (4,)),
        note=("messages.torch_einsum",),
        names=("earlier operands", "operand {op}"),
        function="=einsum",
        back=300,
        hook=einsum,
    ),
    Form(
        library="torch",
        name="inplace_output",
        kind="inplace_output",
        phrase="doesn't match the broadcast shape",
        pattern=(
            rf"(?<!operand )output with shape (?P<out>{BRACKET}) doesn't match the "
            rf"broadcast shape (?P<res>{BRACKET})"
        ),
        example="output with shape [3, 1] doesn't match the broadcast shape [3, 4]",
        source="PyTorch 2.x, live: torch.zeros(3, 1).add_(torch.zeros(1, 4))",
        expect=((3, 4),),
        expect_target=(3, 1),
        note=("messages.inplace_output",),
        shapes=("res",),
        target="out",
        names=("broadcast shape",),
        back=1000,
    ),
    Form(
        library="torch",
        name="indexing",
        kind="indexing",
        phrase="could not be broadcast together with shapes",
        pattern=(
            r"(?:shape mismatch: )?indexing tensors could not be broadcast together "
            rf"with shapes{_TORCH_INDEXING_LIST}"
        ),
        example=(
            "shape mismatch: indexing tensors could not be broadcast together with "
            "shapes [2], [3]"
        ),
        source="PyTorch 2.x, live: torch.zeros(5, 5)[torch.tensor([0, 1]), torch.tensor([0, 1, 2])]",
        expect=((2,), (3,)),
        note=("messages.torch_indexing",),
        listed="shapes",
        back=40,
    ),
    Form(
        library="torch",
        name="value_tensor",
        kind="assignment",
        phrase="be broadcast to indexing result of shape",
        pattern=(
            rf"(?:shape mismatch: )?value tensor of shape (?P<a>{BRACKET}) cannot "
            rf"be broadcast to indexing result of shape (?P<b>{BRACKET})"
        ),
        example=(
            "shape mismatch: value tensor of shape [31564, 128] cannot be broadcast "
            "to indexing result of shape [128, 31564]"
        ),
        source="https://github.com/skyhehe123/VoxelNet-pytorch/issues/4",
        expect=((31564, 128),),
        expect_target=(128, 31564),
        note=("messages.torch_value_tensor",),
        shapes=("a",),
        target="b",
        names=("value tensor",),
        back=1000,
    ),
)
