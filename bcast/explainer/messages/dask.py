"""Dask arrays: NumPy's words with Python-style shapes, and ``nan`` for a size
not known until computed (Dask 2026.8, live)."""

from __future__ import annotations

from bcast.explainer.messages._table import PAREN, Form
from bcast.explainer.messages.numpy import python_spacing

TYPE_CHECKING = False
if TYPE_CHECKING:
    from re import Match

    from bcast.explainer.messages._table import Reading

__all__ = ["FORMS"]


def _spaced(m: Match[str], line: str, r: Reading) -> Reading | None:
    return r if python_spacing(m.group("shapes")) else None


FORMS = (
    Form(
        library="dask",
        name="broadcast",
        kind="broadcast",
        phrase="could not be broadcast together with shapes",
        pattern=(
            r"operands could not be broadcast together with shapes"
            rf"(?P<shapes>(?: {{1,4}}{PAREN}){{2,64}})"
        ),
        example="operands could not be broadcast together with shapes (nan,) (615960,)",
        source="https://github.com/ratt-ru/shadeMS/issues/88",
        expect=((None,), (615960,)),
        note=("messages.dask_broadcast",),
        listed="shapes",
        back=10,
        hook=_spaced,
    ),
    Form(
        library="dask",
        name="broadcast_to",
        kind="broadcast_to",
        phrase="cannot broadcast shape (",
        pattern=rf"cannot broadcast shape (?P<s>{PAREN}) to shape (?P<t>{PAREN})",
        example="cannot broadcast shape (nan,) to shape (3,)",
        source="Dask 2026.8, live: da.broadcast_to(x[x > 0], (3,))",
        expect=((None,),),
        expect_target=(3,),
        note=("messages.dask_broadcast_to",),
        shapes=("s",),
        target="t",
    ),
)
