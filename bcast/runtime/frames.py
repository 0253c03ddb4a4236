"""Where an error happened, in the user's source: the failing expression and
the names of its operands.

Used by :mod:`bcast.runtime.notebook` (explanations that say ``mu[:, None]``, not
``b[:, None]``) and :mod:`bcast.runtime.watch` (warnings about ``a - y``).  Only the
standard library; the source is read with :mod:`linecache`, never run, and
parsed with :mod:`ast` only to find names.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from traceback import FrameSummary
    from types import FrameType, TracebackType

__all__ = ["frame_operands", "hide", "operand_names", "segment", "source"]


def segment(
    filename: str,
    lineno: int | None,
    end_lineno: int | None,
    colno: int | None,
    end_colno: int | None,
) -> str | None:
    """The source text at a code position (columns count UTF-8 bytes)."""
    import linecache

    if lineno is None or colno is None or end_colno is None or end_lineno != lineno:
        return None
    raw = linecache.getline(filename, lineno)
    return raw.encode()[colno:end_colno].decode(errors="replace").strip() or None


def source(frame: FrameSummary) -> tuple[str, str | None]:
    """The failing line, stripped, and the failing expression on it (3.11+)."""
    import linecache

    line = linecache.getline(frame.filename, frame.lineno or 0).strip()
    text = segment(
        frame.filename,
        frame.lineno,
        getattr(frame, "end_lineno", None),
        getattr(frame, "colno", None),
        getattr(frame, "end_colno", None),
    )
    return line or (frame.line or ""), text


def frame_operands(frame: FrameType) -> tuple[str, str] | None:
    """The operands' names in the expression ``frame`` is running (3.11+).

    For a ufunc called straight from that line, as bcast.watch's warnings
    are: ``("a", "y")`` for ``a - y``.
    """
    positions = getattr(frame.f_code, "co_positions", None)
    if positions is None:
        return None
    for k, position in enumerate(positions()):
        if k == frame.f_lasti // 2:
            line, end_line, col, end_col = position
            text = segment(frame.f_code.co_filename, line, end_line, col, end_col)
            return operand_names(text)
    return None


_MAX_NAME = 40


def operand_names(expression: str | None) -> tuple[str, str] | None:
    """``("y", "y_hat")`` for ``y - y_hat``; None unless the failing expression is
    one binary operation (``a - b``, ``a -= b``, or a call with two arguments)
    on short operands."""
    if not expression:
        return None
    import ast

    try:
        tree: ast.AST = ast.parse(expression, mode="eval").body
    except SyntaxError:
        try:  # an augmented assignment, a -= b, is a statement
            (tree,) = ast.parse(expression, mode="exec").body
        except (SyntaxError, ValueError):
            return None
    if isinstance(tree, ast.BinOp):
        sides = [tree.left, tree.right]
    elif isinstance(tree, ast.AugAssign):
        sides = [tree.target, tree.value]
    elif (
        isinstance(tree, ast.Call)
        and len(tree.args) == 2
        and not tree.keywords
        and not any(isinstance(a, ast.Starred) for a in tree.args)
    ):
        sides = list(tree.args)
    else:
        return None
    primary = (ast.Name, ast.Attribute, ast.Subscript, ast.Call)
    names = []
    for side in sides:
        if not any(isinstance(node, ast.Name) for node in ast.walk(side)):
            return None  # a literal: no name to give
        text = ast.unparse(side)
        if not isinstance(side, primary):
            text = f"({text})"  # so that a fix reads (a + b)[:, None]
        if len(text) > _MAX_NAME:
            return None
        names.append(text)
    if names[0] == names[1]:
        return None
    return names[0], names[1]


def _says_hide(tb: TracebackType) -> bool:
    return tb.tb_frame.f_locals.get("__tracebackhide__") is True


def hide(
    tb: TracebackType | None, hidden: Callable[[TracebackType], bool] = _says_hide
) -> TracebackType | None:
    """``tb`` without the frames ``hidden`` picks (by default those that say
    ``__tracebackhide__``: bcast's checks), so that the last frame is the
    user's line, as in a plain error."""
    head = tb
    last = None
    while tb is not None:
        if hidden(tb):
            if last is None:
                head = tb.tb_next
            else:
                last.tb_next = tb.tb_next
        else:
            last = tb
        tb = tb.tb_next
    return head
