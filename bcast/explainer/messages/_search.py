"""Finding the last message of the table's forms in pasted text, linearly.

The text is searched from its end with :meth:`str.rfind` for the rows'
phrases; only the lines around a hit (at most ``SIDE`` characters either
side) are matched by a row's pattern, at most ``TRIES`` hits are tried, and
no pattern backtracks catastrophically (bounded repeats, character classes).
"""

from __future__ import annotations

from bcast.core.shapes import format_shape
from bcast.explainer.messages._table import (
    Hit,
    Reading,
    dims,
    fmt,
    known,
    listed_shapes,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from re import Match, Pattern

    from bcast.core.shapes import Dims
    from bcast.explainer.messages._table import Form

    Found = tuple[int, int, Reading]  # where the message starts and ends, reading

__all__ = ["read_message", "search_forms"]

SIDE = 16_000  # characters either side of a hit that a pattern may look at
TRIES = 200  # hits tried before giving up on pathological input
TAIL = 256_000  # characters at the end of the text searched with lines joined
WRAPPED = 4  # lines a wrapped message may run on to
CLAIM_WINDOW = 20_000  # characters before a message searched for a library's marks

_compiled: dict[str, Pattern[str]] = {}


def rx(pattern: str) -> Pattern[str]:
    """``pattern`` compiled, once."""
    found = _compiled.get(pattern)
    if found is None:
        import re

        found = _compiled[pattern] = re.compile(pattern)
    return found


# Escape sequences: CSI (colours), OSC (hyperlinks), and two-byte escapes.
_ANSI = (
    r"\x1b(?:\[[0-?]{0,64}[ -/]{0,16}[@-~]|\][^\x07\x1b\n]{0,2048}(?:\x07|\x1b\\)"
    r"|[@-Z\\-_])"
)


def _strip_ansi(text: str) -> str:
    if "\x1b" not in text:
        return text
    return rx(_ANSI).sub("", text).replace("\x1b", "")


def _cut(line: str, end: int) -> bool:
    """True if a list of shapes ending at ``end`` was cut short (``...``)."""
    rest = line[end : end + 8].lstrip(" ,")
    return rest.startswith(("(", "[", "...", "…"))


def _find(pattern: str, line: str, at: int, back: int) -> Match[str] | None:
    """The match of ``pattern`` that covers index ``at`` of ``line``."""
    compiled = rx(pattern)
    m = compiled.search(line, max(0, at - back))
    while m is not None and m.end() <= at:
        m = compiled.search(line, max(m.end(), m.start() + 1))
    if m is None or m.start() > at:
        return None
    return m


def read_form(form: Form, line: str, at: int) -> Found | None:
    """Read ``line`` as ``form`` around index ``at``; None if it is not one."""
    m = _find(form.pattern, line, at, form.back)
    if m is None:
        return None
    shapes: list[Dims] = []
    fields: dict[str, str] = {k: v for k, v in m.groupdict().items() if v is not None}
    for group in form.shapes:
        text = m.group(group)
        d = None if text is None else dims(text, form.symbols)
        if d is None:
            return None
        shapes.append(d)
        fields[group + "_raw"] = text
        fields[group] = format_shape(d)
    if form.listed is not None:
        listed = listed_shapes(m.group(form.listed) or "")
        if not listed or _cut(line, m.end()):
            return None
        shapes += listed
    target = None
    if form.target is not None and m.group(form.target) is not None:
        target = dims(m.group(form.target), form.symbols)
        if target is None:
            return None
        fields[form.target + "_raw"] = m.group(form.target)
        fields[form.target] = format_shape(target)
    fields["listed"] = fmt(shapes)
    names = tuple(n.format_map(fields) for n in form.names) or None
    function = form.function
    if function is not None and not function.startswith("="):
        function = m.group(function)
    elif function is not None:
        function = function[1:]
    reading = Reading(
        library=form.library,
        kind=form.kind,
        message="",
        function=function,
        shapes=tuple(shapes),
        names=names,
        signature=form.signature,
        target=target,
        axis=None,
        # a message that names no shape at all tells too little to be complete
        complete=bool(shapes) and known(*shapes, target),
        note="",
        form=form.name,
        contracted=form.contracted,
        notes=form.note,
        note_fields=tuple(fields.items()),
    )
    start = m.start()
    if form.hook is not None:
        out = form.hook(m, line, reading)
        if out is None:
            return None
        if isinstance(out, Hit):
            start, out = out.start, out.reading
        reading = out
    return start, m.end(), reading


def _line_at(text: str, pos: int) -> tuple[int, int]:
    """Where the line around ``pos`` starts and ends (at most SIDE away)."""
    lo = max(pos - SIDE, 0)
    start = max(text.rfind("\n", lo, pos) + 1, lo)
    end = text.find("\n", pos, min(pos + SIDE, len(text)))
    return start, (end if end >= 0 else min(pos + SIDE, len(text)))


def _read_at(text: str, pos: int, form: Form) -> tuple[int, str, Found] | None:
    """Read the message whose phrase is at ``pos``: (line start, line, found).

    A terminal or rich's traceback may wrap a long message over several
    lines: the next lines are joined on, as they are and with a space, while
    the message does not read without them or joining lets it run further.
    """
    start, end = _line_at(text, pos)
    line = text[start:end]
    at = pos - start
    found = read_form(form, line, at)
    best = None if found is None else (line, found)
    plain = spaced = line
    for _ in range(WRAPPED):
        if end >= len(text) or text[end] != "\n":
            break
        stop = min(end + 1 + SIDE, len(text))
        nxt_end = text.find("\n", end + 1, stop)
        nxt = text[end + 1 : nxt_end if nxt_end >= 0 else stop]
        end = nxt_end if nxt_end >= 0 else stop
        if not nxt.strip():
            break
        first_plain = plain[-1:].isspace()
        plain, spaced = plain + nxt, spaced + " " + nxt
        longer = False
        for candidate in (plain, spaced) if first_plain else (spaced, plain):
            found = read_form(form, candidate, at)
            if found is not None and (best is None or found[1] > best[1][1]):
                best, longer = (candidate, found), True
                break
        if best is not None and not longer:
            break
    return None if best is None else (start, *best)


def search_forms(
    text: str, triggers: list[tuple[str, tuple[Form, ...]]]
) -> tuple[int, int, str, Found] | None:
    """The last message in ``text``: (phrase position, line start, line, found).

    ``triggers`` pairs each phrase with the rows that contain it, in the order
    they are tried; one hit of a phrase, whichever rows it is tried as, is one
    of the ``TRIES``.
    """
    hits = [text.rfind(phrase) for phrase, _ in triggers]
    for _ in range(TRIES):
        pos = max(hits, default=-1)
        if pos < 0:
            return None
        k = hits.index(pos)
        for form in triggers[k][1]:
            read = _read_at(text, pos, form)
            if read is not None:
                return (pos, *read)
        hits[k] = text.rfind(triggers[k][0], 0, pos)
    return None


def _exception_name(prefix: str) -> str | None:
    """``ValueError`` from a line's text before the message, if it ends so."""
    tail = prefix[-300:].rstrip()
    if not tail.endswith(":"):
        return None
    words = tail[:-1].rstrip().split()
    if not words:
        return None
    word = words[-1]
    name = word.rsplit(".", 1)[-1]
    if name.endswith(("Error", "Exception", "Warning")) and name.isidentifier():
        return word if all(p.isidentifier() for p in word.split(".")) else None
    return None


def _finish(reading: Reading, message: str, prefix: str) -> Reading:
    return reading._replace(
        message=message.strip(),
        exception=_exception_name(prefix),
        note=reading.note_in("en") if reading.notes else reading.note,
    )


def _flat_search(
    lines: list[str],
    smart: bool,
    offset: int,
    triggers: list[tuple[str, tuple[Form, ...]]],
) -> tuple[int, Reading] | None:
    """Search ``lines`` joined into one; the position is in the original text.

    Joined as they are, a line break inside a word disappears; ``smart`` also
    puts a space back where a break took one away.
    """
    from bisect import bisect_right

    parts: list[str] = []
    starts: list[int] = []  # where each line starts in the joined text
    origin: list[int] = []  # ... and in the original text
    n = o = 0
    for line in lines:
        sep = " " if smart and line and not line[-1].isspace() else ""
        starts.append(n)
        origin.append(o)
        parts += (line, sep)
        n += len(line) + len(sep)
        o += len(line) + 1
    flat = "".join(parts)
    found = search_forms(flat, triggers)
    if found is None:
        return None
    pos, start, _, (begin, end, reading) = found
    begin += start
    first = bisect_right(starts, begin) - 1
    at = bisect_right(starts, pos) - 1
    original = offset + origin[at] + pos - starts[at]
    message = flat[begin : start + end]
    return original, _finish(reading, message, flat[starts[first] : begin])


def read_message(
    text: str,
    triggers: list[tuple[str, tuple[Form, ...]]],
    claims: list[tuple[str, str, tuple[str, ...]]],
) -> Reading | None:
    """The last message of ``triggers``' forms in ``text`` (see the package)."""
    if not isinstance(text, str):
        raise TypeError(f"a message is text, got {type(text).__name__}")
    text = _strip_ansi(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    best: tuple[int, Reading] | None = None
    found = search_forms(text, triggers)
    if found is not None:
        pos, _, line, (begin, end, reading) = found
        best = (pos, _finish(reading, line[begin:end], line[:begin]))
    lo = max(0, len(text) - TAIL)
    lines = text[lo:].split("\n")
    if len(lines) > 1:
        for smart in (True, False):
            flat = _flat_search(lines, smart, lo, triggers)
            if flat is not None and (best is None or flat[0] > best[0]):
                best = flat
    if best is None:
        return None
    pos, reading = best
    return _claimed(reading, text[max(0, pos - CLAIM_WINDOW) : pos], claims)


def _claimed(
    reading: Reading, before: str, claims: list[tuple[str, str, tuple[str, ...]]]
) -> Reading:
    """A reading relabelled by a library whose marks the text before it shows
    (CuPy says what NumPy says; its traceback's file paths tell them apart)."""
    for library, claimed, marks in claims:
        if reading.library == claimed and any(mark in before for mark in marks):
            return reading._replace(library=library)
    return reading
