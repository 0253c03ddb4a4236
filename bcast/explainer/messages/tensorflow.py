"""TensorFlow's shape messages (also raised inside Keras models), eager and
graph mode; ``?`` and ``None`` are unknown sizes.  The examples are quoted from
the public threads named beside them (older versions); TensorFlow 2.21 prints
the same forms, which tests/test_messages_more.py produces live when
TensorFlow is installed."""

from __future__ import annotations

from bcast.explainer.messages._table import (
    BRACKET,
    PAREN,
    Form,
    dims,
    fmt,
    known,
    listed_shapes,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from re import Match

    from bcast.explainer.messages._table import Reading

__all__ = ["FORMS"]

# Graph ops whose inputs broadcast elementwise (cwise ops and BiasAdd).
ELEMENTWISE = frozenset(
    {
        "Add", "AddV2", "Sub", "Mul", "MulNoNan", "Div", "RealDiv", "DivNoNan",
        "FloorDiv", "FloorMod", "TruncateDiv", "Mod", "Pow", "Maximum", "Minimum",
        "SquaredDifference", "Equal", "NotEqual", "Less", "LessEqual", "Greater",
        "GreaterEqual", "LogicalAnd", "LogicalOr", "SelectV2", "Atan2", "Xdivy",
        "Xlogy", "BiasAdd", "BitwiseAnd", "BitwiseOr", "BitwiseXor",
    }
)  # fmt: skip
MATMUL = frozenset({"MatMul", "BatchMatMul", "BatchMatMulV2", "BatchMatMulV3"})

_OP = r"(?: \[Op:(?P<f>\w{1,80})\])?(?: name: [^\s\n]{0,200})?"


def _graph(m: Match[str], line: str, r: Reading) -> Reading | None:
    import re

    op = m.group("op")
    if op is None:
        found = re.search(r"= (\w{1,80})\[", m.group("node"))
        op = found.group(1) if found else None
    shapes = listed_shapes(m.group("shapes"))
    if op is None or not shapes or len(shapes) != 2:
        return None
    if op == "BroadcastTo" and m.group("partial"):
        target = dims(m.group("partial"))
        if target is None:
            return None
        return r._replace(
            kind="broadcast_to",
            function=op,
            shapes=(shapes[0],),
            target=target,
            complete=known(shapes[0], target),
        ).with_notes("messages.tf_broadcast_to", s=fmt([shapes[0]]), t=fmt([target]))
    if op in MATMUL:
        node = m.group("node")
        adj_a = re.search(r"(?:transpose_a|adj_x)=true", node) is not None
        adj_b = re.search(r"(?:transpose_b|adj_y)=true", node) is not None
        return r._replace(
            kind="contraction",
            function=op,
            shapes=tuple(shapes),
            complete=known(*shapes),
            contracted=((-2 if adj_a else -1,), (-1 if adj_b else -2,)),
            names=("In[0]", "In[1]"),
        ).with_notes("messages.tf_graph_matmul", x=m.group("x"), y=m.group("y"))
    if op not in ELEMENTWISE:
        return None  # a convolution's or a concatenation's: not broadcasting
    return r._replace(
        function=op, shapes=tuple(shapes), complete=known(*shapes)
    ).with_notes("messages.tf_graph", x=m.group("x"), y=m.group("y"), op=op)


def _adjoints(m: Match[str], line: str, r: Reading) -> Reading:
    # BatchMatMul prints whether each input is transposed (adjoint): 0 or 1
    adj_a, adj_b = m.group("ta") == "1", m.group("tb") == "1"
    return r._replace(contracted=((-2 if adj_a else -1,), (-1 if adj_b else -2,)))


def _incompatible(m: Match[str], line: str, r: Reading) -> Reading:
    if r.function != "BroadcastTo":
        return r
    source, target = r.shapes
    return r._replace(kind="broadcast_to", shapes=(source,), target=target).with_notes(
        "messages.tf_broadcast_to", s=fmt([source]), t=fmt([target])
    )


FORMS = (
    Form(
        library="tensorflow",
        name="incompatible_shapes",
        kind="broadcast",
        phrase="Incompatible shapes: [",
        pattern=(rf"Incompatible shapes: (?P<a>{BRACKET}) vs\. (?P<b>{BRACKET})" + _OP),
        example="Incompatible shapes: [9,43] vs. [32,43]",
        source="https://github.com/UsmannK/TABOR/issues/1",
        expect=((9, 43), (32, 43)),
        note=("messages.tf_incompatible",),
        shapes=("a", "b"),
        function="f",
        hook=_incompatible,
    ),
    Form(
        library="tensorflow",
        name="required_broadcastable",
        kind="broadcast",
        phrase="required broadcastable shapes",
        pattern=r"required broadcastable shapes" + _OP,
        example="required broadcastable shapes [Op:Mul]",
        source="https://github.com/JiahuiYu/generative_inpainting/issues/533",
        expect=(),
        note=("messages.tf_required_broadcastable",),
        function="f",
    ),
    Form(
        library="tensorflow",
        name="dimensions_equal",
        kind="broadcast",
        phrase="Dimensions must be equal, but are ",
        pattern=(
            r"Dimensions must be equal, but are (?P<x>\d+) and (?P<y>\d+) for "
            r"'(?P<node>[^'\n]{1,600})'(?: \(op: '?(?P<op>\w{1,80})'?\))? with input "
            rf"shapes: (?P<shapes>{BRACKET}, {BRACKET})(?: and with input tensors "
            rf"computed as partial shapes: input\[1\] = (?P<partial>{BRACKET}))?\.?"
        ),
        example=(
            "Dimensions must be equal, but are 192 and 384 for 'fc2/Add' (op: 'Add') "
            "with input shapes: [32,192], [384]"
        ),
        source="https://github.com/alisure-ml/tensorflow-classification-network/issues/3",
        expect=((32, 192), (384,)),
        hook=_graph,
    ),
    Form(
        library="tensorflow",
        name="matrix_size",
        kind="contraction",
        phrase="Matrix size-incompatible: In[0]: ",
        pattern=(
            rf"Matrix size-incompatible: In\[0\]: (?P<a>{BRACKET}), In\[1\]: "
            rf"(?P<b>{BRACKET})(?: (?P<ta>[01]) (?P<tb>[01]))?" + _OP
        ),
        example=(
            "Matrix size-incompatible: In[0]: [4,2048], In[1]: [512,1] [Op:MatMul] "
            "name: MatMul/"
        ),
        source="https://github.com/tensorlayer/SRGAN/issues/150",
        expect=((4, 2048), (512, 1)),
        note=("messages.tf_matmul",),
        shapes=("a", "b"),
        names=("In[0]", "In[1]"),
        function="f",
        hook=_adjoints,
    ),
    Form(
        library="tensorflow",
        name="batch_matmul",
        kind="contraction",
        phrase="In[0] mismatch In[1] shape: ",
        pattern=(
            r"In\[0\] mismatch In\[1\] shape: (?P<x>\d+) vs\. (?P<y>\d+): "
            rf"(?P<a>{BRACKET}) (?P<b>{BRACKET}) (?P<ta>[01]) (?P<tb>[01])" + _OP
        ),
        example="In[0] mismatch In[1] shape: 1108 vs. 1120: [42,1108] [1120,256] 0 0",
        source="TensorFlow 2.5, https://github.com/tensorflow/tensorflow/issues/50582",
        expect=((42, 1108), (1120, 256)),
        note=("messages.tf_matmul",),
        shapes=("a", "b"),
        names=("In[0]", "In[1]"),
        function="f",
        hook=_adjoints,
    ),
    Form(
        library="tensorflow",
        name="dimension_in_both",
        kind="same_shape",
        phrase=" in both shapes must be equal, but are ",
        pattern=(
            r"Dimension (?P<i>\d+) in both shapes must be equal, but are (?P<x>\d+) "
            rf"and (?P<y>\d+)\. Shapes are (?P<a>{BRACKET}) and (?P<b>{BRACKET})\."
            r"(?: for '(?P<node>[^'\n]{1,600})'(?: \(op: '?(?P<f>\w{1,80})'?\))?"
            rf"(?: with input shapes: {BRACKET}, {BRACKET}\.?)?)?"
        ),
        example=(
            "Dimension 1 in both shapes must be equal, but are 40 and 24. Shapes are "
            "[1024,40] and [1024,24]. for 'Assign_682' (op: 'Assign') with input "
            "shapes: [1024,40], [1024,24]."
        ),
        source="https://github.com/matterport/Mask_RCNN/issues/2712",
        expect=((1024, 40), (1024, 24)),
        note=("messages.tf_dimension_in_both",),
        shapes=("a", "b"),
        function="f",
        back=20,
    ),
    Form(
        library="tensorflow",
        name="shapes_incompatible",
        kind="same_shape",
        phrase=") are incompatible",
        pattern=(
            rf"Shapes (?P<a>{PAREN}|{BRACKET}) and (?P<b>{PAREN}|{BRACKET}) are "
            r"incompatible"
        ),
        example="Shapes (None, 4) and (None, 10) are incompatible",
        source="https://github.com/MiteshPuthran/Speech-Emotion-Analyzer/issues/52",
        expect=((None, 4), (None, 10)),
        note=("messages.tf_shapes_incompatible",),
        shapes=("a", "b"),
        back=1000,
    ),
)
