"""Keras's merge layers (``Add``, ``Multiply`` ...): shapes without the batch
axis, printed as Python tuples, after a capital ``Operands``."""

from __future__ import annotations

from bcast.explainer.messages._table import PAREN, Form
from bcast.explainer.messages.numpy import python_spacing

TYPE_CHECKING = False
if TYPE_CHECKING:
    from re import Match

    from bcast.explainer.messages._table import Reading

__all__ = ["FORMS"]


def _merge(m: Match[str], line: str, r: Reading) -> Reading | None:
    one_axis = all(len(s) <= 1 for s in r.shapes)
    return r if one_axis or python_spacing(m.group("shapes")) else None


FORMS = (
    Form(
        library="keras",
        name="same_shape",
        kind="same_shape",
        phrase="must have the same shape. Received: target.shape=",
        pattern=(
            r"Arguments `target` and `output` must have the same shape\. Received: "
            rf"target\.shape=(?P<t>{PAREN}), output\.shape=(?P<o>{PAREN})"
        ),
        example=(
            "Arguments `target` and `output` must have the same shape. Received: "
            "target.shape=(None, 4), output.shape=(None, 10)"
        ),
        source="Keras 3 (TensorFlow 2.21), live: keras.losses.categorical_crossentropy",
        expect=((None, 4), (None, 10)),
        note=("messages.keras_same_shape",),
        shapes=("t", "o"),
        names=("target", "output"),
        back=60,
    ),
    Form(
        library="keras",
        name="merge_inputs",
        kind="broadcast",
        phrase="Inputs have incompatible shapes. Received shapes ",
        pattern=(
            rf"Inputs have incompatible shapes\. Received shapes (?P<a>{PAREN}) and "
            rf"(?P<b>{PAREN})"
        ),
        example=(
            "Inputs have incompatible shapes. Received shapes (4, 4, 512) and "
            "(8, 8, 512)"
        ),
        source="Keras 3 (TensorFlow 2.21), live: keras.layers.Add() of two Inputs",
        expect=((4, 4, 512), (8, 8, 512)),
        note=("messages.keras_merge",),
        shapes=("a", "b"),
    ),
    Form(
        library="keras",
        name="merge",
        kind="broadcast",
        phrase="could not be broadcast together with shapes",
        pattern=(
            r"Operands could not be broadcast together with shapes"
            rf"(?P<shapes>(?: {{1,4}}{PAREN}){{2,64}})"
        ),
        example=(
            "Operands could not be broadcast together with shapes (136, 240, 256) "
            "(135, 240, 256)"
        ),
        source="https://github.com/Attila94/refinenet-keras/issues/7",
        expect=((136, 240, 256), (135, 240, 256)),
        note=("messages.keras_merge",),
        listed="shapes",
        back=10,
        hook=_merge,
    ),
)
