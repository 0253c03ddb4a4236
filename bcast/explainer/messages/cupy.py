"""CuPy says what NumPy says (since CuPy 9.4, cupy/cupy#5579); its messages are
told apart by the traceback's file paths before them."""

from __future__ import annotations

__all__ = ["CLAIMS", "FORMS"]

FORMS = ()

CLAIMS = (("numpy", ("cupy/_core", "cupy\\_core", "site-packages/cupy/", "cupy.cuda")),)
"""(library whose readings are claimed, marks in the text before them)."""
