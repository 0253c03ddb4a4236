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
