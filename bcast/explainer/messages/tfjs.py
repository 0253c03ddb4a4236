"""TensorFlow.js: shapes printed as bare comma lists, ``285`` and ``285,39``."""

from __future__ import annotations

from bcast.explainer.messages._table import Form

__all__ = ["FORMS"]

_BARE = r"\d{0,12}(?:,\d{1,12}){0,63}"

FORMS = (
    Form(
        library="tfjs",
        name="broadcast",
        kind="broadcast",
        phrase="could not be broadcast together with shapes",
        pattern=(
            rf"Operands could not be broadcast together with shapes (?P<a>{_BARE}) "
            rf"and (?P<b>{_BARE})\.?"
        ),
        example="Operands could not be broadcast together with shapes 285 and 285,39.",
        source="https://github.com/tensorflow/tfjs/issues/7201",
        expect=((285,), (285, 39)),
        note=("messages.tfjs_broadcast",),
        shapes=("a", "b"),
        back=10,
    ),
)
