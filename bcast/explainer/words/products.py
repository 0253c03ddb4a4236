"""The sentences of matrix-product explanations, and the functions that say them.

Keys are written ``"products.name"``; ``EN`` and ``ZH`` have the same keys and
fields (tests/test_words.py checks).  The functions below turn a
:class:`bcast.explainer.products.ProductExplanation` (and its fixes) into
sentences in the language asked for; nothing here draws or knows a width.
A matrix product is never described as broadcasting: the summed sizes must
be equal, and only ``@``'s loop axes broadcast.
"""

from __future__ import annotations

from bcast.core.shapes import format_shape
from bcast.explainer.words.catalog import axes, condition, join, say, size

TYPE_CHECKING = False
if TYPE_CHECKING:
    from bcast.core.products import Mismatch
    from bcast.explainer.products import ProductExplanation, ProductFix

__all__ = [
    "EN",
    "ZH",
    "axis_of",
    "conditions",
    "fix",
    "no_fix",
    "notes",
    "rule",
    "shown_axis",
    "title",
    "verdict",
]

EN: dict[str, str] = {
    "products.title": "Matrix product {call}",
    "products.rule": "{op} sums {pairs}: sizes summed together must be equal. This is not broadcasting: a 1 does not stretch here.",
    "products.pair": "{x} with {y}",
    "products.axis_of": "axis={axis} of {name}",
    "products.elements_of": "the number of elements of {name}",
    "products.summed_of": "the summed axis of {name}",
    "products.batch_of": "the batch axis of {name}",
    "products.rule_loop": "The axes before the last two are loop axes ({shapes}): they broadcast by the usual rule.",
    "products.rule_batch": "{pairs}: batch axes, whose sizes must be equal.",
    "products.rule_row": "{name} is 1-D: it takes part as a row (1, {k}), and the result loses that axis.",
    "products.rule_column": "{name} is 1-D: it takes part as a column ({k}, 1), and the result loses that axis.",
    "products.rule_scalar": "{name} has no axes: {op} multiplies by it and sums over nothing.",
    "products.rule_einsum": "{op} sums every label the output leaves out ({labels}); the sizes of one label must be equal, or 1.",
    "products.verdict_fits": "✓ The product fits: the result has shape {shape}.",
    "products.verdict_fits_if": "The product fits only if {conditions}; then the result has shape {shape}.",
    "products.verdict_contracted": "✗ Not aligned: {x_axis} is {x}, but {y_axis} is {y}; sizes summed together must be equal.",
    "products.verdict_batch": "✗ Batch sizes differ: {x_axis} is {x}, but {y_axis} is {y}; they must be equal.",
    "products.verdict_label": "✗ Label {label} has size {x} in {a} but {y} in {b}; the sizes of one label must be equal, or 1.",
    "products.verdict_loop": "✗ The summed sizes agree, but the loop axes do not broadcast: {x_axis} is {x}, {y_axis} is {y}.",
    "products.also_loop": "The loop axes do not broadcast either: {x_axis} is {x}, {y_axis} is {y}.",
    "products.verdict_ndim": "✗ {name} has {ndim}; {op} needs {need}.",
    "products.verdict_ndim_least": "✗ {name} has no axes; {op} needs at least 1.",
    "products.verdict_count": "✗ {op} is given {x} axes of {a} to sum but {y} of {b}.",
    "products.verdict_axes": "✗ The axes given to {op} do not fit the shapes {shapes}.",
    "products.verdict_subscripts": "✗ The subscripts {subscripts} do not fit the shapes {shapes}.",
    "products.cond_equal": "{subject} is {size}",
    "products.cond_equal_many": "{subject} are each {size}",
    "products.cond_same": "{subject} are equal",
    "products.cond_unknown": "the unknown size on {where}",
    "products.fixes_title": "Fixes, each checked by the same rule:",
    "products.fix_best": "Best fix: ",
    "products.fix_transpose": "transpose {name}: the result has shape {shape}",
    "products.fix_swap": "swap the operands: the result has shape {shape}",
    "products.fix_swap_transpose": "swap the operands and transpose {name}: the result has shape {shape}",
    "products.fix_transpose_both": "transpose both: the result has shape {shape}",
    "products.no_fix": "No transposition or swap of the operands makes the summed sizes equal ({sizes}); check which axes should be summed.",
    "products.no_fix_loop": "Transposing does not change the loop axes: their sizes must be equal or 1 ({sizes}).",
    "products.unknown": "Sizes shown as ? are not in the message: {where}.",
    "products.partial_core": "The message gives only each operand's last two axes (the core of @); any axes before them are not in it.",
    "products.partial_contracting": "The message gives only the sizes of the summed axes; the operands' other axes are not in it.",
    "products.partial_batch": "The message gives only the sizes of the batch axes; the operands' other axes are not in it.",
    "products.partial_label": "The message gives only the sizes of label {label}; the operands' shapes are not in it.",
    "products.row_result": "result",
    "products.col_summed": "summed",
    "products.col_kept": "kept",
    "products.col_loop": "loop",
    "products.col_batch": "batch",
    "products.legend_axis": "axis=k: that operand's axis",
    "products.legend_conflict": "✗ must be equal, and is not",
    "products.legend_stretched": "1→n stretched from 1 (loop axes only)",
    "products.legend_padded": "(1) padded: no such loop axis",
}

ZH: dict[str, str] = {
    "products.title": "矩阵乘积 {call}",
    "products.rule": "{op} 对 {pairs} 相乘求和：一起求和的大小必须相等。这不是广播：这里的 1 不会扩展。",
    "products.pair": "{x} 与 {y}",
    "products.axis_of": "{name} 的 axis={axis}",
    "products.elements_of": "{name} 的元素个数",
    "products.summed_of": "{name} 的求和轴",
    "products.batch_of": "{name} 的批次轴",
    "products.rule_loop": "最后两个轴之前的轴是循环轴（{shapes}）：它们按通常的广播规则对齐。",
    "products.rule_batch": "{pairs}：批次轴，大小必须相等。",
    "products.rule_row": "{name} 是一维数组：它作为行 (1, {k}) 参与运算，结果中去掉这个轴。",
    "products.rule_column": "{name} 是一维数组：它作为列 ({k}, 1) 参与运算，结果中去掉这个轴。",
    "products.rule_scalar": "{name} 没有轴：{op} 只是乘以它，不对任何轴求和。",
    "products.rule_einsum": "{op} 对输出中没有的每个标签求和（{labels}）；同一标签的大小必须相等，或为 1。",
    "products.verdict_fits": "✓ 乘积成立：结果的形状为 {shape}。",
    "products.verdict_fits_if": "仅当 {conditions} 时乘积成立；此时结果的形状为 {shape}。",
    "products.verdict_contracted": "✗ 未对齐：{x_axis} 为 {x}，而 {y_axis} 为 {y}；一起求和的大小必须相等。",
    "products.verdict_batch": "✗ 批次大小不同：{x_axis} 为 {x}，而 {y_axis} 为 {y}；它们必须相等。",
    "products.verdict_label": "✗ 标签 {label} 在 {a} 中为 {x}，在 {b} 中为 {y}；同一标签的大小必须相等，或为 1。",
    "products.verdict_loop": "✗ 求和的大小一致，但循环轴无法广播：{x_axis} 为 {x}，{y_axis} 为 {y}。",
    "products.also_loop": "循环轴也无法广播：{x_axis} 为 {x}，{y_axis} 为 {y}。",
    "products.verdict_ndim": "✗ {name} 有 {ndim}；{op} 需要 {need}。",
    "products.verdict_ndim_least": "✗ {name} 没有轴；{op} 至少需要 1 个轴。",
    "products.verdict_count": "✗ {op} 要对 {a} 的 {x} 个轴求和，却对 {b} 的 {y} 个轴求和。",
    "products.verdict_axes": "✗ 传给 {op} 的轴与形状 {shapes} 不符。",
    "products.verdict_subscripts": "✗ 下标 {subscripts} 与形状 {shapes} 不符。",
    "products.cond_equal": "{subject} 为 {size}",
    "products.cond_equal_many": "{subject} 都为 {size}",
    "products.cond_same": "{subject} 相等",
    "products.cond_unknown": "{where} 上未知的大小",
    "products.fixes_title": "修正方法（都经过同一规则检验）：",
    "products.fix_best": "最佳修正：",
    "products.fix_transpose": "转置 {name}：结果的形状为 {shape}",
    "products.fix_swap": "交换两个操作数：结果的形状为 {shape}",
    "products.fix_swap_transpose": "交换两个操作数并转置 {name}：结果的形状为 {shape}",
    "products.fix_transpose_both": "两个都转置：结果的形状为 {shape}",
    "products.no_fix": "转置或交换操作数都无法让求和的大小相等（{sizes}）；请检查应该对哪些轴求和。",
    "products.no_fix_loop": "转置不会改变循环轴：它们的大小必须相等或为 1（{sizes}）。",
    "products.unknown": "显示为 ? 的大小不在错误信息中：{where}。",
    "products.partial_core": "错误信息只给出每个操作数的最后两个轴（@ 的核心轴）；前面的轴不在其中。",
    "products.partial_contracting": "错误信息只给出求和轴的大小；操作数的其他轴不在其中。",
    "products.partial_batch": "错误信息只给出批次轴的大小；操作数的其他轴不在其中。",
    "products.partial_label": "错误信息只给出标签 {label} 的大小；操作数的形状不在其中。",
    "products.row_result": "结果",
    "products.col_summed": "求和",
    "products.col_kept": "保留",
    "products.col_loop": "循环",
    "products.col_batch": "批次",
    "products.legend_axis": "axis=k：该操作数的轴",
    "products.legend_conflict": "✗ 应当相等，却不相等",
    "products.legend_stretched": "1→n 从 1 扩展（仅循环轴）",
    "products.legend_padded": "(1) 补齐：没有这个循环轴",
}

_OP_NAMES = {
    "dot": "np.dot",
    "inner": "np.inner",
    "vdot": "np.vdot",
    "matmul": "@",
    "tensordot": "np.tensordot",
    "einsum": "np.einsum",
    "mm": "torch.mm",
    "bmm": "torch.bmm",
    "mv": "torch.mv",
    "torch.dot": "torch.dot",
    "dot_general": "lax.dot_general",
}
_TF_NAMES = {"mm": "tf.matmul", "matmul": "tf.matmul"}
_JAX_NAMES = {
    "dot": "jnp.dot",
    "matmul": "@",
    "inner": "jnp.inner",
    "einsum": "jnp.einsum",
}
_TORCH_NAMES = {"einsum": "torch.einsum", "matmul": "@"}


def op_name(e: ProductExplanation) -> str:
    """The product as its library writes it: ``np.dot``, ``torch.mm``, ``@``.

    >>> from bcast.explainer.products import explain_product
    >>> op_name(explain_product((2, 3), (3, 4), op="mm", library="tensorflow"))
    'tf.matmul'
    """
    if e.library == "tensorflow" and e.op in _TF_NAMES:
        return _TF_NAMES[e.op]
    if e.library == "jax" and e.op in _JAX_NAMES:
        return _JAX_NAMES[e.op]
    if e.library == "torch" and e.op in _TORCH_NAMES:
        return _TORCH_NAMES[e.op]
    return _OP_NAMES.get(e.op, e.op)


def title(e: ProductExplanation, lang: str = "en") -> str:
    """``Matrix product np.dot(X, A - Y)``."""
    return say("products.title", lang, call=e.call)


def axis_of(e: ProductExplanation, operand: int, axis: int, lang: str = "en") -> str:
    """``axis=1 of X`` (for vdot: ``the number of elements of X``).

    >>> from bcast.explainer.products import explain_product
    >>> e = explain_product((11, 3), (11, 1))
    >>> axis_of(e, 0, 1), axis_of(e, 0, 1, "zh")
    ('axis=1 of a', 'a 的 axis=1')
    """
    name = e.names[operand]
    if e.op == "vdot":
        return say("products.elements_of", lang, name=name)
    if e.partial == "contracting":  # the message gives those axes only
        return say("products.summed_of", lang, name=name)
    if e.partial == "batch":
        return say("products.batch_of", lang, name=name)
    return say("products.axis_of", lang, axis=shown_axis(e, operand, axis), name=name)


def shown_axis(e: ProductExplanation, operand: int, axis: int) -> int | None:
    """The axis as the explanation numbers it: from the front, as the course
    writes ``axis=1``; from the end (``-1``) where a message gives only the
    last axes (``@``'s core); None where it gives no position at all.

    >>> from bcast.explainer.products import explain_product
    >>> e = explain_product((11, 3), (11, 1))
    >>> shown_axis(e, 0, 1), shown_axis(e._replace(partial="core"), 0, 1)
    (1, -1)
    """
    if e.partial in ("contracting", "batch", "label"):
        return None
    if e.partial == "core":
        return axis - len(e.shapes[operand])
    return axis


def _pairs(e: ProductExplanation, kind: str, lang: str) -> list[str]:
    out = []
    for m in e.contraction.matches:
        if m.kind != kind or len(set(m.operands)) < 2:
            continue
        where = [axis_of(e, i, a, lang) for i, a in zip(m.operands, m.axes)]
        out.append(say("products.pair", lang, x=where[0], y=join(where[1:], lang)))
    return out


def rule(e: ProductExplanation, lang: str = "en") -> list[str]:
    """The product's rule, as it applies to these operands."""
    c = e.contraction
    op = op_name(e)
    out: list[str] = []
    if e.partial in ("contracting", "batch", "label"):
        return out  # the message does not say which axes: the notes do
    if e.op == "einsum":
        summed = sorted({m.label for m in c.matches if m.kind == "contracted"})
        if c.subscripts:
            op = f"np.einsum({c.subscripts!r})"
        out.append(
            say("products.rule_einsum", lang, op=op, labels=", ".join(summed) or "–")
        )
        return out
    for i, s in enumerate(e.shapes):
        if not s and e.op in ("dot", "inner"):
            out.append(say("products.rule_scalar", lang, name=e.names[i], op=op))
            return out
    pairs = _pairs(e, "contracted", lang)
    if pairs:
        out.append(say("products.rule", lang, op=op, pairs=join(pairs, lang)))
    batch = _pairs(e, "batch", lang)
    if batch:
        out.append(say("products.rule_batch", lang, pairs=join(batch, lang)))
    if c.loop is not None and any(c.loop.shapes):
        shapes = " · ".join(format_shape(s) for s in c.loop.shapes)
        out.append(say("products.rule_loop", lang, shapes=shapes))
    for i in c.promoted:
        k = size(e.shapes[i][0])
        key = "products.rule_row" if i == 0 else "products.rule_column"
        out.append(say(key, lang, name=e.names[i], k=k))
    return out


def conditions(e: ProductExplanation, lang: str = "en") -> list[str]:
    """What must hold of symbols, in words: ``k is 3``.

    >>> from bcast.explainer.products import explain_product
    >>> conditions(explain_product(("m", "k"), (3, 4), op="matmul"), "zh")
    ['k 为 3']
    """
    c = e.contraction
    out: list[str] = []
    for x in c.conditions:
        if x.kind in ("one_of", "agree"):
            out.append(condition(x, e.names, lang))  # type: ignore[arg-type]
            continue
        subjects = [
            say(
                "products.cond_unknown",
                lang,
                where=axis_of(e, i, a, lang),
            )
            if d is None
            else str(d)
            for i, a, d in zip(x.operands, x.axes, x.sizes)
        ]
        subject = join(subjects, lang)
        if x.size is None or type(x.size) is str:
            if type(x.size) is str and x.size not in x.sizes:
                subject = join([*subjects, x.size], lang)
            out.append(say("products.cond_same", lang, subject=subject))
        else:
            many = len(subjects) > 1
            key = "products.cond_equal_many" if many else "products.cond_equal"
            out.append(say(key, lang, subject=subject, size=x.size))
    if c.loop is not None:
        out += [condition(x, e.names, lang) for x in c.loop.conditions]
    return out


def _sizes_verdict(e: ProductExplanation, f: Mismatch, key: str, lang: str) -> str:
    (i, j), (p, q), (x, y) = f.operands[:2], f.axes[:2], f.sizes[:2]
    return say(
        key,
        lang,
        x_axis=axis_of(e, i, p, lang),
        y_axis=axis_of(e, j, q, lang),
        x=size(x),
        y=size(y),
    )


def verdict(e: ProductExplanation, lang: str = "en") -> str:
    """The verdict in one sentence: ✓ fits, fits only if …, or ✗ and why.

    >>> from bcast.explainer.products import explain_product
    >>> print(verdict(explain_product((11, 3), (11, 1))))
    ✗ Not aligned: axis=1 of a is 3, but axis=0 of b is 11; sizes summed together must be equal.
    """
    c = e.contraction
    if c.ok:
        assert c.shape is not None
        shape = format_shape(c.shape)
        said = conditions(e, lang)
        if said:
            return say(
                "products.verdict_fits_if",
                lang,
                conditions=join(said, lang),
                shape=shape,
            )
        return say("products.verdict_fits", lang, shape=shape)
    f = c.failure
    assert f is not None
    op = op_name(e)
    shapes = " · ".join(format_shape(s) for s in e.shapes)
    if f.kind in ("contracted", "batch") and len(f.axes) >= 2:
        if e.op == "einsum" and f.operands[0] != f.operands[1]:
            return say(
                "products.verdict_label",
                lang,
                label=f.label,
                x=size(f.sizes[0]),
                y=size(f.sizes[1]),
                a=e.names[f.operands[0]],
                b=e.names[f.operands[1]],
            )
        return _sizes_verdict(e, f, f"products.verdict_{f.kind}", lang)
    counts = f.kind == "contracted" or (
        f.kind == "axes" and len(f.sizes) == 2 and f.operands == (0, 1)
    )
    if counts:  # different numbers of summed axes
        a, b = e.names[:2]
        return say(
            "products.verdict_count",
            lang,
            op=op,
            x=size(f.sizes[0]),
            y=size(f.sizes[1]),
            a=a,
            b=b,
        )
    if f.kind == "loop":
        return _sizes_verdict(e, f, "products.verdict_loop", lang)
    if f.kind == "ndim":
        i = f.operands[0]
        if not e.shapes[i] and f.need == 1:
            return say("products.verdict_ndim_least", lang, name=e.names[i], op=op)
        need = axes(f.need or 0, lang)
        return say(
            "products.verdict_ndim",
            lang,
            name=e.names[i],
            ndim=axes(len(e.shapes[i]), lang),
            op=op,
            need=need,
        )
    if f.kind == "subscripts":
        return say(
            "products.verdict_subscripts",
            lang,
            subscripts=repr(dict(e.options).get("subscripts", "")),
            shapes=shapes,
        )
    return say("products.verdict_axes", lang, op=op, shapes=shapes)


def also(e: ProductExplanation, lang: str = "en") -> list[str]:
    """What else is wrong: loop axes that do not broadcast either."""
    c = e.contraction
    f = c.failure
    if f is None or f.kind == "loop" or c.loop is None or c.loop.ok:
        return []
    step = c.loop.conflict
    assert step is not None
    i, j = step.conflicting[:2]
    lead = c.loop.ndim
    p = step.position - (lead - len(c.loop.shapes[i]))
    q = step.position - (lead - len(c.loop.shapes[j]))
    return [
        say(
            "products.also_loop",
            lang,
            x_axis=axis_of(e, i, p, lang),
            y_axis=axis_of(e, j, q, lang),
            x=size(step.sizes[i]),
            y=size(step.sizes[j]),
        )
    ]


def fix(e: ProductExplanation, f: ProductFix, lang: str = "en") -> str:
    """What a fix does, in words: ``transpose A - Y: the result has shape (4, 1)``.

    >>> from bcast.explainer.products import explain_product
    >>> e = explain_product((4, 100), (1, 100), names=["X", "A - Y"])
    >>> fix(e, e.fixes[0]), fix(e, e.fixes[0], "zh")
    ('transpose A - Y: the result has shape (4, 1)', '转置 A - Y：结果的形状为 (4, 1)')
    """
    shape = format_shape(f.result)
    names = join([e.names[i] for i in f.transposed], lang)
    return say(f"products.fix_{f.kind}", lang, name=names, shape=shape)


def no_fix(e: ProductExplanation, lang: str = "en") -> str | None:
    """Why no transposition or swap is offered, when that is the case."""
    c = e.contraction
    f = c.failure
    if e.fixes or f is None or e.unknown or e.partial:
        return None  # sizes not known: nothing to claim
    if f.kind == "loop":
        return say(
            "products.no_fix_loop", lang, sizes=" ≠ ".join(size(d) for d in f.sizes)
        )
    if (
        f.kind in ("contracted", "batch")
        and len(f.sizes) >= 2
        and e.op
        in (
            "dot",
            "inner",
            "matmul",
            "mm",
            "bmm",
            "mv",
        )
    ):
        return say("products.no_fix", lang, sizes=" ≠ ".join(size(d) for d in f.sizes))
    return None


def notes(e: ProductExplanation, lang: str = "en") -> list[str]:
    """What the message left out: unknown sizes, axes not given."""
    out: list[str] = []
    if e.unknown:
        where = join([axis_of(e, i, a, lang) for i, a in e.unknown], lang)
        out.append(say("products.unknown", lang, where=where))
    if e.partial == "label":
        label = e.contraction.matches[0].label if e.contraction.matches else "?"
        out.append(say("products.partial_label", lang, label=label))
    elif e.partial is not None:
        out.append(say(f"products.partial_{e.partial}", lang))
    return out
