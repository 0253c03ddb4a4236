"""CuPy says what NumPy says (since CuPy 9.4, cupy/cupy#5579); its messages are
told apart by the traceback's file paths before them.  Older CuPy said only
"Broadcasting failed"."""

from __future__ import annotations

from bcast.explainer.messages._table import Form

__all__ = ["CLAIMS", "FORMS"]

FORMS = (
    Form(
        library="cupy",
        name="broadcasting_failed",
        kind="broadcast",
        phrase="Broadcasting failed",
        pattern=r"(?:(?<=: )|(?<![^\n`\"']))Broadcasting failed(?=$|[\s`\"'.])",
        example="Broadcasting failed",
        source="CuPy < 9.4, https://github.com/chainer/chainer/issues/5703",
        expect=(),
        note=("messages.cupy_failed",),
    ),
)

CLAIMS = (("numpy", ("cupy/_core", "cupy\\_core", "site-packages/cupy/", "cupy.cuda")),)
"""(library whose readings are claimed, marks in the text before them)."""
