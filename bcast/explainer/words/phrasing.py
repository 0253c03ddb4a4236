"""Records into sentences: what an explanation says, without drawing it.

Every function here takes a record — an explanation
(:class:`bcast.explainer.explanation.ExplanationRecord`), a
:class:`~bcast.explainer.advice.Fix`, a :class:`~bcast.explainer.advice.Caution`
— and returns text in the language asked for, built from the catalog
(:mod:`bcast.explainer.words.catalog`).  Nothing here imports rich or knows a
width: ``to_dict()`` (the ``--json`` output), the plain text renderer, rich
and HTML all take their sentences from here, so they cannot disagree.

Functions that return a verdict return ``(text, good)``: the renderer decides
what "good" looks like (green, a ✓ already in the text).
"""

from __future__ import annotations

from bcast.core.rule import CONDITIONAL, CONFLICT, EQUAL
from bcast.core.shapes import format_shape
from bcast.explainer.words import catalog
from bcast.explainer.words.catalog import join, say

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from bcast.core.rule import AxisStep
    from bcast.core.shapes import Dim, Dims
    from bcast.explainer.advice import Caution, Fix
    from bcast.explainer.explanation import ExplanationRecord as Explanation

__all__ = [
    "LONG_SHAPE",
    "axes_list",
    "axis_sentences",
    "caution",
    "core_table",
    "fix",
    "fixes_none",
    "fixes_title",
    "legend",
    "operand",
    "reading",
    "shape",
    "signature_failure",
    "signature_steps",
    "signature_verdict",
    "steps",
    "title",
    "verdict",
    "warning",
]

LONG_SHAPE = 8
"""Shapes with more axes than this are abbreviated in sentences."""


def shape(s: Dims, lang: str = "en") -> str:
    """A shape for a sentence; a long one abbreviated, its length said.

    >>> shape((3, 4)), shape((2,) * 10)
    ('(3, 4)', '(2, 2, 2, …, 2, 2, 2) [10 axes]')
    """
    if len(s) <= LONG_SHAPE:
        return format_shape(s)
    head = ", ".join(map(catalog.size, s[:3]))
    tail = ", ".join(map(catalog.size, s[-3:]))
    return f"({head}, …, {tail}) [{say('n_axes', lang, n=len(s))}]"


def operand(e: Explanation, i: int, lang: str) -> str:
    """``X (20, 1000)``: an operand's name and shape."""
    return f"{e.names[i]} {shape(e.shapes[i], lang)}"


def axes_list(steps: Sequence[AxisStep], lang: str) -> str:
    """``axis=1`` or ``axis=0 and axis=1``, as the course writes axes.

    >>> from bcast.core.rule import broadcast
    >>> axes_list(broadcast((2, 3), (4, 5)).steps, "en")
    'axis=0 and axis=1'
    """
    return join([f"axis={p}" for p in sorted(s.position for s in steps)], lang)


def title(e: Explanation, lang: str) -> str:
    """The first line: what is broadcast."""
    if e.target is not None:
        return say(
            "title_to", lang, operand=operand(e, 0, lang), target=shape(e.target, lang)
        )
    operands = join([operand(e, i, lang) for i in range(len(e.shapes))], lang)
    if e.rule in ("same_shape", "rank_promotion"):
        return say(f"title_{e.rule}", lang, operands=operands)
    if e.gufunc is not None:
        return say(
            "title_signature",
            lang,
            operands=operands,
            signature=str(e.gufunc.signature),
        )
    return say("title", lang, operands=operands)


def reading(e: Explanation, lang: str) -> tuple[str, str, list[str]]:
    """For :func:`bcast.why`: the heading, the message quoted, and notes."""
    r = e.reading
    assert r is not None
    lib = catalog.library(r.library)
    if r.function:
        head = say("why_from_function", lang, library=lib, function=r.function)
    else:
        head = say("why_from", lang, library=lib)
    notes = []
    key = f"why_kind_{r.kind}"
    if catalog.known(key):
        notes.append(say(key, lang))
    if not e.shapes:
        notes.append(say("why_no_shapes", lang))
    elif not r.complete:
        notes.append(say("why_incomplete", lang))
        if any(d is None for s in e.shapes for d in s):
            notes.append(say("why_unknown", lang))
    if r.note and not r.complete:
        note_key = r.note if catalog.known(r.note) else None
        if note_key is not None:
            notes.append(say(note_key, lang))
        elif lang == "en":
            notes.append(r.note)
    return head, r.message.strip(), notes


# -- the table's legend -------------------------------------------------------------


def legend(e: Explanation, lang: str, short: bool) -> list[str]:
    """What the marks in the table mean: only the marks it uses."""
    axes = e.axes
    keys = []
    if any(i not in s.conflicting for s in axes for i in s.padded):
        keys.append("legend_padded")
    if e.rule != "broadcast" and any(s.padded for s in axes):
        keys.append("legend_absent")
    if any(s.stretched for s in axes):
        keys.append("legend_stretched")
    if any(s.verdict == CONFLICT for s in axes):
        keys.append("legend_conflict")
    if any(d is None for s in axes for d in s.sizes):
        keys.append("legend_unknown")
    if short:
        keys += ["legend_equal_short", "legend_stretch_short"]
        if any(s.verdict == CONDITIONAL for s in axes):
            keys.append("legend_conditional_short")
    return [say(k, lang) for k in keys]


# -- the steps ----------------------------------------------------------------------


def _sizes(step: AxisStep, lang: str) -> str:
    return join(
        [
            "(1)" if i in step.padded else catalog.size(d)
            for i, d in enumerate(step.sizes)
        ],
        lang,
    )


def _where(run: Sequence[AxisStep], lang: str) -> str:
    """``Axis -1 (3)`` or ``Axes -4 to -2 (0 to 2)`` for a run of steps, right to left."""
    if len(run) == 1:
        return say("where_one", lang, axis=run[0].axis, position=run[0].position)
    first, last = run[-1], run[0]
    return say(
        "where_run",
        lang,
        first=first.axis,
        last=last.axis,
        pfirst=first.position,
        plast=last.position,
    )


def axis_sentences(e: Explanation, lang: str) -> list[str]:
    """One sentence per axis, right to left; neighbours that read alike share one."""
    names = e.names
    conditions = (
        {} if e.broadcast is None else {c.axis: c for c in e.broadcast.conditions}
    )
    said: list[tuple[object, str, dict[str, object], list[AxisStep]]] = []
    for s in e.axes:
        size = catalog.size(s.size)
        fields: dict[str, object]
        if s.verdict == EQUAL:
            kind: object = EQUAL
            key, fields = "step_equal", {"size": size}
        elif s.verdict == CONFLICT and e.target is not None and 1 in s.padded:
            kind = (s.axis,)  # never merged
            key = "step_target_extra"
            fields = {
                "axis": s.axis,
                "name": names[0],
                "size": catalog.size(s.sizes[0]),
            }
        elif s.verdict == CONFLICT and e.target is not None:
            kind = (s.axis,)
            key = "step_target_conflict"
            d, target = catalog.size(s.sizes[0]), catalog.size(s.sizes[1])
            fields = {"name": names[0], "size": d, "target": target}
        elif s.verdict == CONFLICT:
            kind = (s.axis,)
            key, fields = "step_conflict", {"has": catalog.has(s, e.names, lang)}
        elif s.verdict == CONDITIONAL:
            c = conditions.get(s.axis)
            text = "" if c is None else catalog.condition(c, names, lang)
            kind = (s.axis,)
            key = "step_conditional"
            fields = {"sizes": _sizes(s, lang), "size": size, "condition": text}
        else:
            who = join([names[i] for i in s.stretched], lang)
            key = "step_stretch"
            fields = {"sizes": _sizes(s, lang), "size": size, "who": who}
            kind = (key, tuple(sorted(fields.items())))
        if said and said[-1][0] == kind and (kind == EQUAL or said[-1][2] == fields):
            said[-1][3].append(s)
        else:
            said.append((kind, key, fields, [s]))
    out = []
    for kind, key, fields, run in said:
        if kind == EQUAL and len(run) > 1:
            key = "step_equal_run"
        out.append(say(key, lang, where=_where(run, lang), **fields))
    return out


def _ranks(e: Explanation, lang: str) -> dict[str, object]:
    """The fields of a sentence on ranks: the operands with fewer axes than
    the most any has (``short``), their counts, and the longest operand."""
    ndim = max(len(s) for s in e.shapes)
    short = [i for i, s in enumerate(e.shapes) if len(s) < ndim]
    long = next(i for i, s in enumerate(e.shapes) if len(s) == ndim)
    return {
        "short": join([operand(e, i, lang) for i in short], lang),
        "n": join([catalog.axes(len(e.shapes[i]), lang) for i in short], lang),
        "long": operand(e, long, lang),
        "m": catalog.axes(ndim, lang),
    }


def _same_steps(e: Explanation, lang: str) -> list[str]:
    out = [say("same_rule", lang)]
    a, b = e.shapes
    if len(a) != len(b):
        out.append(say("same_rank_bad", lang, **_ranks(e, lang)))
    else:
        out.append(say("same_rank_ok", lang, axes=catalog.axes(len(a), lang)))
    for s in reversed(e.axes):
        if s.verdict == CONFLICT and not s.padded:
            has = catalog.has(s, e.names, lang)
            out.append(say("same_axis_bad", lang, where=_where([s], lang), has=has))
    if not e.conflicts:
        out.append(say("step_result", lang, shape=shape(e.shapes[0], lang)))
    return out


def _promotion_steps(e: Explanation, lang: str) -> list[str]:
    out = [
        say("step_align", lang, shapes=join([shape(s, lang) for s in e.shapes], lang))
    ]
    out.append(say("rank_rule", lang))
    if any(s.padded for s in e.axes):
        out.append(say("rank_bad", lang, **_ranks(e, lang)))
    b = e.broadcast
    if b is not None and b.shape is not None:
        out.append(say("rank_numpy", lang, shape=shape(b.shape, lang)))
    elif b is not None:
        bad = [s for s in b.steps if s.verdict == CONFLICT]
        out.append(say("rank_numpy_conflict", lang, axes=axes_list(bad, lang)))
    return out


def steps(e: Explanation, shapes: Sequence[Dims], lang: str) -> list[str]:
    """Numbered steps for elementwise broadcasting (or a gufunc's loop axes),
    or by the explanation's own rule (identical shapes, no rank promotion)."""
    if e.rule == "same_shape":
        return _same_steps(e, lang)
    if e.rule == "rank_promotion":
        return _promotion_steps(e, lang)
    out = [say("step_align", lang, shapes=join([shape(s, lang) for s in shapes], lang))]
    ndim = len(e.axes)
    padded = [
        say(
            "padded_item",
            lang,
            name=e.names[i],
            shape=shape(s, lang),
            padded=shape((1,) * (ndim - len(s)) + tuple(s), lang),
        )
        for i, s in enumerate(shapes)
        if len(s) < ndim and not (e.target is not None and i == 1)
    ]
    if padded:
        out.append(
            say(
                "step_pad",
                lang,
                axes=catalog.axes(ndim, lang),
                padded=join(padded, lang),
            )
        )
    elif len(shapes) > 1 and e.target is None:
        out.append(say("step_nopad", lang, axes=catalog.axes(ndim, lang)))
    if e.target is not None:
        out.append(say("step_target_rule", lang))
    out += axis_sentences(e, lang)
    if e.conflicts:
        out.append(say("step_no_result", lang, axes=axes_list(e.conflicts, lang)))
    elif e.target is None and e.broadcast is not None and e.broadcast.shape is not None:
        out.append(say("step_result", lang, shape=shape(e.broadcast.shape, lang)))
    return out


# -- verdicts -----------------------------------------------------------------------


def verdict(e: Explanation, lang: str, brief: bool = False) -> tuple[str, bool]:
    """The verdict of elementwise (or one-way) broadcasting, and whether it
    is good; ``brief`` leaves the rule out (the table shows it).  By the
    explanation's own rule where it has one; for a call that failed, shapes
    that go together only under conditions are not called compatible."""
    names = e.names
    if e.rule == "same_shape":
        return _same_verdict(e, lang, brief)
    if e.rule == "rank_promotion" and e.conflicts:
        return _promotion_verdict(e, lang, brief)
    if e.failed and e.conditional and not e.conflicts:
        return _failed_if_verdict(e, lang), False
    if e.target is not None:
        s, target = e.shapes
        base = {
            "name": names[0],
            "shape": shape(s, lang),
            "target": shape(target, lang),
        }
        if e.compatible:
            return say("verdict_to_ok", lang, **base), True
        if len(s) > len(target):
            text = say("verdict_to_extra", lang, **base, ndim=len(s), tndim=len(target))
            return text, False
        step = e.conflicts[0]
        size, tsize = catalog.size(step.sizes[0]), catalog.size(step.sizes[1])
        text = say(
            "verdict_to_bad", lang, **base, axis=step.axis, size=size, tsize=tsize
        )
        return text, False
    b = e.broadcast
    assert b is not None
    if b.shape is not None:
        result = shape(b.shape, lang)
        if b.conditions:
            conditions = join(
                [catalog.condition(c, names, lang) for c in b.conditions], lang
            )
            return say("verdict_ok_if", lang, conditions=conditions, shape=result), True
        return say("verdict_ok", lang, shape=result), True
    key = "verdict_bad_brief" if brief else "verdict_bad"
    return _conflicts(e, key, lang), False


def _conflicts(e: Explanation, key: str, lang: str) -> str:
    """A verdict on the first conflict (``key``), the others listed after it."""
    first, *more = e.conflicts
    has = catalog.has(first, e.names, lang)
    text = say(key, lang, axis=first.axis, position=first.position, has=has)
    if more:
        text += say("verdict_more", lang, axes=axes_list(more, lang))
    return text


def unknown_sizes(e: Explanation, lang: str) -> str:
    """Which sizes are unknown: ``the size of a on axis=0``."""
    found = [
        say("unknown_size", lang, name=e.names[i], position=k)
        for i, s in enumerate(e.shapes)
        for k, d in enumerate(s)
        if d is None
    ]
    return join(found, lang)


def _failed_if_verdict(e: Explanation, lang: str) -> str:
    b = e.broadcast
    conditions = [] if b is None else b.conditions
    text = join([catalog.condition(c, e.names, lang) for c in conditions], lang)
    library = "" if e.reading is None else e.reading.library
    key = "verdict_dask_unknown" if library == "dask" else "verdict_failed_if"
    return say(key, lang, unknown=unknown_sizes(e, lang), conditions=text)


def _same_verdict(e: Explanation, lang: str, brief: bool) -> tuple[str, bool]:
    if not e.conflicts:
        return say("verdict_same_ok", lang, shape=shape(e.shapes[0], lang)), True
    a, b = e.shapes
    if len(a) != len(b):
        key = "verdict_same_rank_brief" if brief else "verdict_same_rank"
        return say(key, lang, **_ranks(e, lang)), False
    key = "verdict_same_bad_brief" if brief else "verdict_same_bad"
    return _conflicts(e, key, lang), False


def _promotion_verdict(e: Explanation, lang: str, brief: bool) -> tuple[str, bool]:
    if not any(s.padded for s in e.axes):  # equal ranks: a conflict as NumPy has it
        return verdict(e._replace(rule="broadcast"), lang, brief)
    key = "verdict_rank_brief" if brief else "verdict_rank"
    return say(key, lang, **_ranks(e, lang)), False


# -- fixes and warnings -------------------------------------------------------------


def fix(e: Explanation, f: Fix, lang: str) -> str:
    """What a fix does, after its code: ``new axis: b becomes (3, 1); result (3, 4)``."""
    name = e.names[f.operand]
    new = shape(f.shape, lang)
    result = "?" if f.result is None else shape(f.result, lang)
    if e.rule == "same_shape":
        other = e.names[1 - f.operand]
        text = say("fix_same", lang, name=name, shape=new, other=other)
        return say("fix_line", lang, kind=say(f"kind_{f.kind}", lang), text=text)
    if f.kind == "keepdims" and f.code.startswith(name[:-1]) and name.endswith(")"):
        return say("fix_keepdims_on", lang, name=name, shape=new, result=result)
    if f.kind == "keepdims":
        assert f.source is not None
        return say(
            "fix_keepdims",
            lang,
            name=name,
            source=e.names[f.source],
            axis=f.axis,
            shape=new,
            result=result,
        )
    key = "fix_output" if e.gufunc is not None else "fix_result"
    text = say(key, lang, name=name, shape=new, result=result)
    return say("fix_line", lang, kind=say(f"kind_{f.kind}", lang), text=text)


def fixes_title(e: Explanation) -> str:
    """The key of the fixes' heading: how they were checked."""
    if e.rule != "broadcast":
        return f"fixes_{e.rule}_title"
    return "fixes_title"


def _labels_hint(e: Explanation, lang: str, brief: bool = False) -> str | None:
    """For TensorFlow's identical shapes: class labels ``(8, 1)`` against
    scores for 100 classes ``(8, 100)`` — the loss, not the shapes, is what
    to change."""
    r = e.reading
    if r is None or r.library not in ("tensorflow", "keras") or len(e.conflicts) != 1:
        return None
    a, b = e.shapes
    step = e.conflicts[0]
    if len(a) != len(b) or step.axis != -1 or 1 not in step.sizes:
        return None
    classes = next(d for d in step.sizes if d != 1)
    if type(classes) is not int:
        return None
    key = "same_labels_hint_brief" if brief else "same_labels_hint"
    return say(key, lang, classes=classes)


def fixes_none(e: Explanation, lang: str, brief: bool = False) -> str | None:
    """For a conflict without fixes: why there are none (None: say nothing);
    ``brief`` leaves out what the verdict already said."""
    if e.compatible or e.fixes:
        return None
    if e.rule == "same_shape":
        hint = _labels_hint(e, lang, brief)
        if brief and hint is not None:
            return hint
        none = say("fix_none_same", lang)
        return none if hint is None else none + ("" if lang == "zh" else " ") + hint
    if e.rule == "rank_promotion":
        return say("fix_none_rank", lang)
    if e.failed and e.conditional and not e.conflicts:
        return None  # the verdict says what to do: find the unknown sizes
    if e.reading is not None and not e.reading.complete:
        return say("why_no_fixes", lang)
    g = e.gufunc
    if g is not None and g.failure is not None and g.failure.kind == "arity":
        return None
    single = len(e.conflicts) == 1 and g is None and e.target is None
    if brief:
        return say("fix_none_grow" if single else "fix_none", lang)
    if len(e.conflicts) > 1:
        return say("fix_none_axes", lang, axes=axes_list(e.conflicts, lang))
    if single:
        step = e.conflicts[0]
        return say(
            "fix_none_at",
            lang,
            axis=step.axis,
            position=step.position,
            has=catalog.has(step, e.names, lang),
        )
    return say("fix_none", lang)


def warning(
    e: Explanation, w: Caution, lang: str | None = None, brief: bool = False
) -> str:
    """A warning (:class:`bcast.explainer.advice.Caution`) of ``e`` in words.

    Examples
    --------
    >>> from bcast.explainer.explanation import explain_record
    >>> e = explain_record((5,), (5, 1))
    >>> warning(e, e.warnings[0])[:40]
    'a (5,) is a rank-1 array and b (5, 1) a '
    """
    return caution(w, e.names, e.shapes, e.dtype, lang or e.lang, brief)


def caution(
    w: Caution,
    names: Sequence[str],
    shapes: Sequence[Dims],
    dtype: str = "float64",
    lang: str = "en",
    brief: bool = False,
) -> str:
    """A warning in words, given the operands' names and shapes (``brief``:
    without the general advice).

    Examples
    --------
    >>> from bcast.core.rule import broadcast
    >>> from bcast.explainer.advice import cautions
    >>> b = broadcast((4, 1), (4,))
    >>> caution(cautions(b, ["y", "p"])[0], ["y", "p"], b.shapes, lang="zh")[:30]
    'p (4,) 是秩为 1 的数组，y (4, 1) 是列向量'
    """
    result = shape(w.result, lang)
    if w.kind in ("rank1_column", "rank1_row"):
        i, j = w.operands
        key = "warn_rank1_column" if w.kind == "rank1_column" else "warn_rank1_row"
        parts = [
            say(
                key,
                lang,
                a=names[i],
                ashape=format_shape(shapes[i]),
                b=names[j],
                bshape=format_shape(shapes[j]),
                result=result,
            )
        ]
        if w.fix is not None and w.fix.result is not None:
            what = say("what_column" if w.kind == "rank1_column" else "what_row", lang)
            parts.append(
                say(
                    "warn_rank1_fix",
                    lang,
                    a=names[i],
                    what=what,
                    code=w.fix.code,
                    result=format_shape(w.fix.result),
                )
            )
        if not brief:
            parts.append(say("warn_rank1_advice", lang))
        return " ".join(parts) if lang == "en" else "".join(parts)
    if w.kind == "outer":
        if not all(type(d) is int for d in w.result):
            return say("warn_outer_symbolic", lang, result=result)
        elements = 1
        for d in w.result:
            elements *= int(d)  # type: ignore[arg-type]
        return say("warn_outer", lang, result=result, elements=f"{elements:,}")
    if w.kind == "memory":
        assert w.result_bytes is not None
        assert w.input_bytes is not None
        ratio = w.result_bytes / max(w.input_bytes, 1)
        return say(
            "warn_memory",
            lang,
            result=result,
            result_bytes=catalog.nbytes(w.result_bytes, lang),
            dtype=dtype,
            ratio=f"{ratio:,.0f}",
            input_bytes=catalog.nbytes(w.input_bytes, lang),
        )
    who = join([names[i] for i in w.operands], lang)
    return say("warn_empty", lang, result=result, who=who)


# -- gufunc signatures --------------------------------------------------------------


def signature_failure(e: Explanation, lang: str) -> str | None:
    """The whole verdict when the operands do not even fit the signature's
    form (the wrong number of them, or too few axes); else None."""
    g = e.gufunc
    assert g is not None
    sig, f = g.signature, g.failure
    if f is None or f.kind not in ("arity", "ndim"):
        return None
    if f.kind == "arity":
        return say(
            "verdict_sig_arity", lang, signature=str(sig), nin=sig.nin, n=len(e.shapes)
        )
    assert f.operand is not None
    i = f.operand
    core = ",".join(map(str, sig.inputs[i]))
    need = len(sig.inputs[i]) - sum(1 for d in sig.inputs[i] if d.name in g.missing)
    return say(
        "verdict_sig_ndim",
        lang,
        name=e.names[i],
        shape=shape(e.shapes[i], lang),
        core=core,
        need=need,
    )


def core_table(e: Explanation) -> tuple[list[str], list[dict[str, Dim]]]:
    """The core dimensions' names in order of appearance, and each input's
    binding of them (``{name: size}``, the missing ones left out)."""
    g = e.gufunc
    assert g is not None
    sig = g.signature
    dims: list[str] = []
    for arg in sig.inputs + sig.outputs:
        for d in arg:
            if d.name not in dims:
                dims.append(d.name)
    used: list[dict[str, Dim]] = []
    for i, arg in enumerate(sig.inputs):
        present = [d for d in arg if d.name not in g.missing]
        used.append({d.name: size for d, size in zip(present, g.core[i])})
    return dims, used


def split(e: Explanation) -> tuple[list[Dims], list[Dims]]:
    """Each operand's loop axes and core axes."""
    g = e.gufunc
    assert g is not None
    loops = [s[: len(s) - len(c)] for s, c in zip(e.shapes, g.core)]
    cores = [s[len(s) - len(c) :] for s, c in zip(e.shapes, g.core)]
    return loops, cores


def signature_steps(e: Explanation, lang: str) -> list[str]:
    """The numbered steps through a signature: split, loop axes, bindings, output."""
    g = e.gufunc
    assert g is not None
    sig, f, names = g.signature, g.failure, e.names
    loops, cores = split(e)
    items = [
        say(
            "split_item",
            lang,
            name=names[i],
            loop=format_shape(loops[i]),
            core=format_shape(cores[i]),
        )
        for i in range(len(e.shapes))
    ]
    out = [say("step_split", lang, parts=join(items, lang))]
    loop = e.broadcast
    if loop is not None and e.axes:
        out += axis_sentences(e, lang)
        if loop.shape is not None:
            out.append(say("step_loop", lang, shape=shape(loop.shape, lang)))
        else:
            out.append(
                say("step_loop_conflict", lang, axes=axes_list(e.conflicts, lang))
            )
    else:
        out.append(say("step_loop_none", lang))
    dims, used = core_table(e)
    bound = dict(g.bindings)
    bad_dim = f.dimension if f is not None and f.kind == "core" else None
    for dim in dims:
        if dim in g.missing:
            who = join(
                [
                    names[i]
                    for i, arg in enumerate(sig.inputs)
                    if any(d.name == dim for d in arg)
                ],
                lang,
            )
            out.append(say("step_missing", lang, dim=dim, who=who))
            continue
        sizes = join(
            [
                say("in", lang, size=catalog.size(used[i][dim]), name=names[i])
                for i in range(len(used))
                if dim in used[i]
            ],
            lang,
        )
        if not sizes:
            continue
        if dim == bad_dim:
            out.append(say("step_bind_conflict", lang, dim=dim, sizes=sizes))
        else:
            size = catalog.size(bound.get(dim, dim))
            out.append(say("step_bind", lang, dim=dim, sizes=sizes, size=size))
    if g.outputs is not None and loop is not None and loop.shape is not None:
        for result, arg in zip(g.outputs, sig.outputs):
            core = ", ".join(d.name for d in arg if d.name not in g.missing)
            out.append(
                say(
                    "step_output",
                    lang,
                    loop=format_shape(loop.shape),
                    core=core,
                    shape=shape(result, lang),
                )
            )
    return out


def signature_verdict(
    e: Explanation, lang: str, brief: bool = False
) -> tuple[str, bool]:
    """The verdict through a signature, and whether it is good."""
    g = e.gufunc
    assert g is not None
    f, names = g.failure, e.names
    if g.outputs is not None:
        if len(g.outputs) == 1:
            return say("verdict_sig_ok", lang, shape=shape(g.outputs[0], lang)), True
        shapes = join([shape(o, lang) for o in g.outputs], lang)
        return say("verdict_sig_ok_many", lang, shapes=shapes), True
    if f is not None and f.kind == "core":
        assert f.dimension is not None
        y = f.operands[-1]
        b = catalog.size(f.sizes[-1])
        if len(f.operands) == 1:
            return say(
                "verdict_sig_fixed", lang, dim=f.dimension, b=b, y=names[y]
            ), False
        x = f.operands[0]
        a = catalog.size(f.sizes[0])
        text = say(
            "verdict_sig_core", lang, dim=f.dimension, a=a, x=names[x], b=b, y=names[y]
        )
        return text, False
    failure = signature_failure(e, lang)
    if failure is not None:
        return failure, False
    return verdict(e, lang, brief)


def unreadable(e: BaseException, lang: str = "en") -> str:
    """Bad input in words, in ``lang``: text that could not be read (a
    :class:`bcast.ShapeSyntaxError`) is said from its fields; any other error
    as it is.  The one place the command line and ``bcast serve`` word it.

    >>> from bcast.core.syntax import parse_shape
    >>> try:
    ...     parse_shape("3,-1")
    ... except ValueError as e:
    ...     print(unreadable(e, "zh"))
    形状 '3,-1' 有误：位置 2 的 '-1'：大小为负：大小只能是 0 或更大
    """
    from bcast.errors import ShapeSyntaxError, _quote

    if not isinstance(e, ShapeSyntaxError) or not catalog.known(f"cli.what_{e.what}"):
        return str(e)
    if e.token:
        where = say("cli.token_at", lang, token=repr(e.token), position=e.position)
    else:
        where = say("cli.at", lang, position=e.position)
    reason = e.reason
    for key, text in catalog.sentences("cli")["en"].items():
        if key.startswith("cli.reason.") and text == reason:
            reason = say(key, lang)
            break
    return say(
        "cli.bad_text",
        lang,
        what=say(f"cli.what_{e.what}", lang),
        text=_quote(e.text, e.position),
        where=where,
        reason=reason,
    )
