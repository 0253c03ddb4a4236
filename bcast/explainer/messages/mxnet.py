"""MXNet's broadcasting check, with its ``[12,1]`` shapes (or NumPy-like
parentheses after ``Check failed``): MXNet's, not NumPy's."""

from __future__ import annotations

from bcast.explainer.messages._table import ANY, BRACKET, Form

__all__ = ["FORMS"]

FORMS = (
    Form(
        library="mxnet",
        name="check_failed",
        kind="broadcast",
        phrase="could not be broadcast together with shapes",
        pattern=(
            r"Check failed: l == 1 \|\| r == 1:? operands could not be broadcast "
            rf"together with shapes(?P<shapes>(?: {{1,4}}{ANY}){{2,64}})"
        ),
        example=(
            "Check failed: l == 1 || r == 1 operands could not be broadcast together "
            "with shapes (416,416,4) (1,1,3)"
        ),
        source="https://github.com/ichibod/object-detection-coreml-xcode/issues/1",
        expect=((416, 416, 4), (1, 1, 3)),
        note=("messages.mxnet_broadcast",),
        listed="shapes",
        back=60,
    ),
    Form(
        library="mxnet",
        name="broadcast",
        kind="broadcast",
        phrase="could not be broadcast together with shapes",
        pattern=(
            r"operands could not be broadcast together with shapes"
            rf"(?P<shapes>(?: {{1,4}}{BRACKET}){{2,64}})"
        ),
        example="operands could not be broadcast together with shapes [128,256,14,14] [1,256,28,28]",
        source="https://github.com/zhanghang1989/ResNeSt/issues/95",
        expect=((128, 256, 14, 14), (1, 256, 28, 28)),
        note=("messages.mxnet_broadcast",),
        listed="shapes",
        back=10,
    ),
)
