"""Every sentence bcast's explanations say, in English and Simplified Chinese.

The explainer, the renderer and the command line take their words from here
and from nowhere else, so a language is one dictionary.  Templates use
``str.format`` fields; both languages have the same keys and the same fields
(a test checks).  The language is chosen by ``--lang`` on the command line,
``lang=`` in the API, or the ``BCAST_LANG`` environment variable (``en`` when
unset).

Error messages of exceptions (``bcast.errors``) stay in English: they are
part of the API and may be matched by programs.
"""

from __future__ import annotations

from os import environ

TYPE_CHECKING = False  # typing stays out of start-up (see bcast.core.rule)
if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from bcast.core.rule import AxisStep, Condition
    from bcast.core.shapes import Dim

__all__ = [
    "LANGS",
    "axes",
    "condition",
    "has",
    "join",
    "known",
    "labels",
    "library",
    "nbytes",
    "resolve",
    "say",
    "size",
]

LANGS = ("en", "zh")
"""The languages explanations are written in."""

_EN = {
    # lists
    "and": "{a} and {b}",
    "list": "{items} and {last}",
    "sep": ", ",
    # titles
    "title": "Broadcasting {operands}",
    "title_to": "Broadcasting {operand} to the shape {target}",
    "title_signature": "Broadcasting {operands} through the signature {signature}",
    "n_axes": "{n} axes",
    "one_axis": "1 axis",
    # the table
    "col_axis": "axis",
    "col_position": "(position)",
    "row_result": "result",
    "row_target": "target",
    "row_verdict": "verdict",
    "row_bound": "bound",
    "col_core": "core",
    "loop_title": "Loop axes, broadcast by the rule:",
    "core_title": "Core dimensions, bound by name:",
    "verdict_equal": "equal",
    "verdict_stretch": "stretch",
    "verdict_conflict": "✗ conflict",
    "verdict_conditional": "if …",
    "core_missing": "missing",
    "legend_padded": "(1) padded: no such axis, a 1 is put in front",
    "legend_stretched": "1→n stretched from 1 to n",
    "legend_conflict": "✗ conflict",
    "legend_unknown": "? unknown size",
    "legend_equal_short": "= equal",
    "legend_stretch_short": "→ stretched",
    "legend_conditional_short": "if: holds under a condition",
    "legend_missing": "– not in this operand",
    # steps
    "steps_title": "Step by step:",
    "step_align": "Line up the shapes on the right: {shapes}.",
    "step_pad": "Pad on the left with 1s so that every shape has {axes}: {padded}.",
    "step_nopad": "Every shape already has {axes}: nothing to pad.",
    "padded_item": "{name} {shape} → {padded}",
    "where_one": "Axis {axis} ({position})",
    "where_run": "Axes {first} to {last} ({pfirst} to {plast})",
    "axis_one": "axis {axes}",
    "axis_many": "axes {axes}",
    "step_equal": "{where}: every size is {size}, so the result has {size}.",
    "step_equal_run": "{where}: the sizes already agree; kept.",
    "step_stretch": "{where}: sizes {sizes} → {size}; {who} stretched from 1 to {size}.",
    "step_conflict": "{where}: {has} — the sizes differ and none is 1: conflict ✗.",
    "step_conditional": "{where}: sizes {sizes} → {size}, provided {condition}.",
    "step_result": "Result: {shape}.",
    "step_no_result": "No result: the shapes conflict on {axes}.",
    "has": "{name} has {size}",
    "step_target_rule": "Broadcasting to a shape goes one way: only the array's axes of size 1, or missing, stretch; the target never changes.",
    "step_target_extra": "Axis {axis}: {name} has {size} but the target has no such axis ✗.",
    "step_target_conflict": "{where}: {name} has {size}, which cannot become {target}: only a size of 1 stretches ✗.",
    "step_split": "Split each shape into loop axes (left) and the core axes the signature names (right): {parts}.",
    "split_item": "{name} {loop} + {core}",
    "step_loop": "Broadcast the loop axes by the rule: {shape}.",
    "step_loop_conflict": "Broadcast the loop axes by the rule: they conflict on {axes} ✗.",
    "step_loop_none": "There are no loop axes: every axis is a core axis.",
    "step_bind": "Core dimension {dim}: {sizes} → {dim} = {size}.",
    "step_bind_conflict": "Core dimension {dim}: {sizes} — they must be equal ✗.",
    "step_missing": "Optional dimension {dim}? is missing from {who}: it is dropped, from the output too.",
    "step_output": "Output: loop axes {loop} + core axes ({core}) = {shape}.",
    "step_arity": "The signature takes {nin} operands; got {n} ✗.",
    "step_ndim": "{name} {shape} has {ndim} axes, but its core dimensions ({core}) need {need} ✗.",
    "in": "{size} in {name}",
    # verdicts
    "verdict_ok": "✓ Compatible: the result has shape {shape}.",
    "verdict_ok_if": "✓ Compatible if {conditions}: the result has shape {shape}.",
    "verdict_bad": "✗ Not compatible: on axis {axis} (axis {position} of the result) {has}; sizes on an axis must be equal, or 1.",
    "verdict_more": " Also in conflict: {axes}.",
    "verdict_to_ok": "✓ {name} {shape} broadcasts to {target}.",
    "verdict_to_extra": "✗ {name} {shape} cannot be broadcast to {target}: it has {ndim} axes and the target only {tndim}.",
    "verdict_to_bad": "✗ {name} {shape} cannot be broadcast to {target}: axis {axis} has size {size}, which cannot become {tsize} (only a size of 1 stretches).",
    "verdict_sig_ok": "✓ Compatible: the output has shape {shape}.",
    "verdict_sig_ok_many": "✓ Compatible: the outputs have shapes {shapes}.",
    "verdict_sig_core": "✗ Not compatible: core dimension {dim} is {a} in {x} but {b} in {y}.",
    "verdict_sig_fixed": "✗ Not compatible: core dimension of fixed size {dim} is {b} in {y}.",
    "verdict_sig_arity": "✗ The signature {signature} takes {nin} operands, not {n}.",
    "verdict_sig_ndim": "✗ {name} {shape} has too few axes: its core dimensions ({core}) need {need}.",
    "check_conflict": "cannot broadcast {operands}: on axis {axis} (axis {position} of the result) {has}; sizes on an axis must be equal, or 1",
    "check_if": "if {condition}",
    # conditions
    "cond_one_of": "{subject} is 1 or {size}",
    "cond_one_of_many": "{subject} are each 1 or {size}",
    "cond_one": "{subject} is 1",
    "cond_one_many": "{subject} are 1",
    "cond_agree": "{subject} are equal where they are not 1",
    "cond_unknown": "the unknown size of {name}",
    "cond_core": "core dimension {dim}: {sizes} are equal",
    # fixes
    "fixes_title": "Fixes, best first (each checked by running the rule again):",
    "fix_result": "{name} becomes {shape}; result {result}",
    "fix_output": "{name} becomes {shape}; output {result}",
    "fix_keepdims": "if {name} is a reduction of {source} over axis {axis} (sum, mean, max …), keep that axis: {name} becomes {shape}; result {result}",
    "fix_line": "{kind}: {text}",
    "fix_also": "also: {codes}",
    "fix_none": "No single edit to one operand fixes this.",
    "fix_none_axes": "No single edit to one operand fixes this: the shapes conflict on {axes}.",
    "kind_new_axis": "new axis",
    "kind_squeeze": "squeeze",
    "kind_transpose": "transpose",
    "kind_swapaxes": "swap axes",
    "kind_reshape": "reshape",
    "kind_keepdims": "keepdims",
    # warnings
    "warnings_title": "Warnings:",
    "warn_rank1_column": "{a} {ashape} is a rank-1 array and {b} {bshape} a column vector: the result {result} pairs every element of {a} with every element of {b} (an outer product).",
    "warn_rank1_row": "{a} {ashape} is a rank-1 array and {b} {bshape} a row vector: the result is the row {result}.",
    "warn_rank1_advice": "Rank-1 arrays are neither rows nor columns; give vectors two axes.",
    "warn_rank1_fix": "If {a} was meant as a {what}, write {code}: the result is then {result}.",
    "what_column": "column",
    "what_row": "row",
    "warn_outer": "Every operand is stretched: the result {result} has {elements} elements, more than any input (an outer product). Intended?",
    "warn_outer_symbolic": "Every operand is stretched: the result {result} is larger than any input (an outer product). Intended?",
    "warn_memory": "The result {result} takes {result_bytes} as {dtype}, {ratio}× the {input_bytes} of the inputs together.",
    "warn_empty": "The result {result} is empty: {who} stretched from 1 to 0.",
    "bytes": "{human} ({n} bytes)",
    # --values
    "values_title": "Example values (np.arange), stretched, and the elementwise sum:",
    "values_stretched": "{name} stretched to {shape}",
    "values_sum": "sum",
    "values_skip": "Example values are shown for known shapes of at most 3 axes, each of size at most 6.",
    "values_conflict": "The arrays cannot be added: their shapes conflict.",
    "values_signature": "Example values are shown for elementwise broadcasting only.",
    # bcast why
    "why_from": "From a {library} error message:",
    "why_from_function": "From a {library} error message ({function}):",
    "why_incomplete": "The message gives only some of the sizes.",
    "why_unknown": "Sizes shown as ? are not in the message.",
    "why_no_shapes": "The message does not give the shapes.",
    "why_no_fixes": "The message gives too few sizes to check a fix against.",
    "why_kind_rank_promotion": "JAX refuses to add leading axes implicitly (jax_numpy_rank_promotion='raise'); NumPy would broadcast these shapes.",
    "why_kind_inplace_output": "An in-place operation (or out=) writes into an existing array: the result must broadcast to that array's shape.",
    "why_kind_assignment": "An assignment copies the value into the target: the value must broadcast to the target's shape.",
    "why_kind_indexing": "Fancy indexing broadcasts the index arrays against each other.",
    "why_kind_expand": "expand() stretches axes of size 1 only; the others must already match.",
    "why_kind_broadcast_to": "Broadcasting to a shape goes one way: the target shape is never stretched.",
    "why_none": "no broadcasting error found in the input",
    "why_binary": "the input is binary data, not an error message",
    "why_empty": "no message given: pass it as an argument or on standard input",
}

_ZH = {
    "and": "{a} 和 {b}",
    "list": "{items} 和 {last}",
    "sep": "、",
    "title": "广播：{operands}",
    "title_to": "把 {operand} 广播到形状 {target}",
    "title_signature": "按签名 {signature} 广播：{operands}",
    "n_axes": "{n} 个轴",
    "one_axis": "1 个轴",
    "col_axis": "轴",
    "col_position": "(位置)",
    "row_result": "结果",
    "row_target": "目标",
    "row_verdict": "判定",
    "row_bound": "绑定",
    "col_core": "核心",
    "loop_title": "循环轴，按规则广播：",
    "core_title": "核心维度，按名字绑定：",
    "verdict_equal": "相等",
    "verdict_stretch": "拉伸",
    "verdict_conflict": "✗ 冲突",
    "verdict_conditional": "有条件",
    "core_missing": "缺失",
    "legend_padded": "(1) 补齐：没有这个轴，在前面补 1",
    "legend_stretched": "1→n 从 1 拉伸到 n",
    "legend_conflict": "✗ 冲突",
    "legend_unknown": "? 未知大小",
    "legend_equal_short": "= 相等",
    "legend_stretch_short": "→ 拉伸",
    "legend_conditional_short": "if：在某个条件下成立",
    "legend_missing": "– 该操作数没有这个维度",
    "steps_title": "逐步说明：",
    "step_align": "把各形状靠右对齐：{shapes}。",
    "step_pad": "在左边补 1，使每个形状都有 {axes}：{padded}。",
    "step_nopad": "每个形状都已有 {axes}，无需补 1。",
    "padded_item": "{name} {shape} → {padded}",
    "where_one": "轴 {axis}（位置 {position}）",
    "where_run": "轴 {first} 到 {last}（位置 {pfirst} 到 {plast}）",
    "axis_one": "轴 {axes}",
    "axis_many": "轴 {axes}",
    "step_equal": "{where}：大小都是 {size}，结果也是 {size}。",
    "step_equal_run": "{where}：大小已经一致，保持不变。",
    "step_stretch": "{where}：大小 {sizes} → {size}；{who} 从 1 拉伸到 {size}。",
    "step_conflict": "{where}：{has}——大小不同且都不是 1：冲突 ✗。",
    "step_conditional": "{where}：大小 {sizes} → {size}，前提是 {condition}。",
    "step_result": "结果：{shape}。",
    "step_no_result": "没有结果：形状在{axes} 上冲突。",
    "has": "{name} 为 {size}",
    "step_target_rule": "广播到指定形状是单向的：只有数组中大小为 1 或缺失的轴会被拉伸，目标形状不会改变。",
    "step_target_extra": "轴 {axis}：{name} 为 {size}，而目标没有这个轴 ✗。",
    "step_target_conflict": "{where}：{name} 为 {size}，不能变成 {target}：只有大小为 1 的轴才能拉伸 ✗。",
    "step_split": "把每个形状分成循环轴（左）和签名命名的核心轴（右）：{parts}。",
    "split_item": "{name} {loop} + {core}",
    "step_loop": "按规则广播循环轴：{shape}。",
    "step_loop_conflict": "按规则广播循环轴：在{axes} 上冲突 ✗。",
    "step_loop_none": "没有循环轴：所有轴都是核心轴。",
    "step_bind": "核心维度 {dim}：{sizes} → {dim} = {size}。",
    "step_bind_conflict": "核心维度 {dim}：{sizes}——它们必须相等 ✗。",
    "step_missing": "可选维度 {dim}? 在 {who} 中缺失：它被去掉，输出中也没有。",
    "step_output": "输出：循环轴 {loop} + 核心轴 ({core}) = {shape}。",
    "step_arity": "该签名需要 {nin} 个操作数，实际有 {n} 个 ✗。",
    "step_ndim": "{name} {shape} 有 {ndim} 个轴，但它的核心维度 ({core}) 需要 {need} 个 ✗。",
    "in": "{name} 中为 {size}",
    "verdict_ok": "✓ 可以广播：结果形状为 {shape}。",
    "verdict_ok_if": "✓ 当 {conditions} 时可以广播：结果形状为 {shape}。",
    "verdict_bad": "✗ 不能广播：在轴 {axis}（结果的第 {position} 轴）上，{has}；同一轴上的大小必须相等，或者为 1。",
    "verdict_more": " 另外冲突的还有{axes}。",
    "verdict_to_ok": "✓ {name} {shape} 可以广播到 {target}。",
    "verdict_to_extra": "✗ {name} {shape} 不能广播到 {target}：它有 {ndim} 个轴，而目标只有 {tndim} 个。",
    "verdict_to_bad": "✗ {name} {shape} 不能广播到 {target}：轴 {axis} 的大小为 {size}，不能变成 {tsize}（只有大小为 1 的轴才能拉伸）。",
    "verdict_sig_ok": "✓ 可以计算：输出形状为 {shape}。",
    "verdict_sig_ok_many": "✓ 可以计算：输出形状为 {shapes}。",
    "verdict_sig_core": "✗ 不能计算：核心维度 {dim} 在 {x} 中为 {a}，在 {y} 中却为 {b}。",
    "verdict_sig_fixed": "✗ 不能计算：固定大小的核心维度 {dim} 在 {y} 中为 {b}。",
    "verdict_sig_arity": "✗ 签名 {signature} 需要 {nin} 个操作数，而不是 {n} 个。",
    "verdict_sig_ndim": "✗ {name} {shape} 的轴太少：它的核心维度 ({core}) 需要 {need} 个。",
    "check_conflict": "不能广播 {operands}：在轴 {axis}（结果的第 {position} 轴）上，{has}；同一轴上的大小必须相等，或者为 1",
    "check_if": "前提：{condition}",
    "cond_one_of": "{subject} 为 1 或 {size}",
    "cond_one_of_many": "{subject} 各自为 1 或 {size}",
    "cond_one": "{subject} 为 1",
    "cond_one_many": "{subject} 都为 1",
    "cond_agree": "{subject} 在不为 1 时相等",
    "cond_unknown": "{name} 的未知大小",
    "cond_core": "核心维度 {dim}：{sizes} 相等",
    "fixes_title": "修正方法，按推荐顺序（每个都已重新按规则验证）：",
    "fix_result": "{name} 变为 {shape}；结果为 {result}",
    "fix_output": "{name} 变为 {shape}；输出为 {result}",
    "fix_keepdims": "如果 {name} 是 {source} 沿轴 {axis} 归约（sum、mean、max 等）得到的，请保留该轴：{name} 变为 {shape}；结果为 {result}",
    "fix_line": "{kind}：{text}",
    "fix_also": "也可以写：{codes}",
    "fix_none": "只改动一个操作数无法解决。",
    "fix_none_axes": "只改动一个操作数无法解决：形状在{axes} 上冲突。",
    "kind_new_axis": "新增轴",
    "kind_squeeze": "去掉大小为 1 的轴",
    "kind_transpose": "转置",
    "kind_swapaxes": "交换轴",
    "kind_reshape": "改变形状",
    "kind_keepdims": "保留维度",
    "warnings_title": "警告：",
    "warn_rank1_column": "{a} {ashape} 是秩为 1 的数组，{b} {bshape} 是列向量：结果 {result} 把 {a} 的每个元素与 {b} 的每个元素配对（外积）。",
    "warn_rank1_row": "{a} {ashape} 是秩为 1 的数组，{b} {bshape} 是行向量：结果是行向量 {result}。",
    "warn_rank1_advice": "秩为 1 的数组既不是行向量也不是列向量；请给向量两个轴。",
    "warn_rank1_fix": "如果 {a} 本来是{what}，请写 {code}：结果将是 {result}。",
    "what_column": "列向量",
    "what_row": "行向量",
    "warn_outer": "每个操作数都被拉伸了：结果 {result} 有 {elements} 个元素，比任何一个输入都多（外积）。这是有意的吗？",
    "warn_outer_symbolic": "每个操作数都被拉伸了：结果 {result} 比任何一个输入都大（外积）。这是有意的吗？",
    "warn_memory": "结果 {result} 以 {dtype} 存储要占 {result_bytes}，是所有输入合计 {input_bytes} 的 {ratio} 倍。",
    "warn_empty": "结果 {result} 是空的：{who} 从 1 拉伸到了 0。",
    "bytes": "{human}（{n} 字节）",
    "values_title": "示例数值（np.arange）、拉伸后的数组，以及逐元素的和：",
    "values_stretched": "{name} 拉伸到 {shape}",
    "values_sum": "和",
    "values_skip": "示例数值只对已知且较小的形状显示：最多 3 个轴，每个轴的大小不超过 6。",
    "values_conflict": "这些数组不能相加：它们的形状冲突。",
    "values_signature": "示例数值只对逐元素广播显示。",
    "why_from": "来自 {library} 的错误信息：",
    "why_from_function": "来自 {library} 的错误信息（{function}）：",
    "why_incomplete": "错误信息只给出了部分大小。",
    "why_unknown": "显示为 ? 的大小在错误信息中没有给出。",
    "why_no_shapes": "错误信息没有给出形状。",
    "why_no_fixes": "错误信息给出的大小太少，无法验证修正方法。",
    "why_kind_rank_promotion": "JAX 不允许隐式地在前面增加轴（jax_numpy_rank_promotion='raise'）；NumPy 会广播这些形状。",
    "why_kind_inplace_output": "原地运算（或 out=）把结果写入已有的数组：结果必须能广播到那个数组的形状。",
    "why_kind_assignment": "赋值把值复制到目标里：值必须能广播到目标的形状。",
    "why_kind_indexing": "花式索引会把各个索引数组相互广播。",
    "why_kind_expand": "expand() 只拉伸大小为 1 的轴；其他轴必须已经一致。",
    "why_kind_broadcast_to": "广播到指定形状是单向的：目标形状永远不会被拉伸。",
    "why_none": "输入中没有找到广播错误",
    "why_binary": "输入是二进制数据，不是错误信息",
    "why_empty": "没有给出错误信息：请作为参数传入，或从标准输入传入",
}

_CATALOGS = {"en": _EN, "zh": _ZH}

_LIBRARIES = {"numpy": "NumPy", "torch": "PyTorch", "jax": "JAX", "bcast": "bcast"}


def resolve(lang: str | None = None) -> str:
    """The language to use: ``lang`` if given, else ``BCAST_LANG``, else ``en``.

    Accepts ``en``/``zh`` and locale-like spellings (``zh_CN.UTF-8``,
    ``zh-Hans``, ``en_US``).

    Raises
    ------
    ValueError
        For a language bcast does not speak.

    Examples
    --------
    >>> resolve("zh_CN.UTF-8")
    'zh'
    >>> resolve("fr")
    Traceback (most recent call last):
    ...
    ValueError: unknown language 'fr': use en or zh
    """
    if lang is None:
        lang = environ.get("BCAST_LANG") or "en"
    key = lang.strip().lower().replace("-", "_").split(".")[0].split("_")[0]
    if key not in _CATALOGS:
        raise ValueError(f"unknown language {lang!r}: use {' or '.join(LANGS)}")
    return key


def known(key: str) -> bool:
    """True if the catalog has a sentence ``key``.

    Examples
    --------
    >>> known("step_result"), known("no_such_sentence")
    (True, False)
    """
    return key in _EN


def say(key: str, lang: str = "en", /, **fields: object) -> str:
    """The sentence ``key`` in ``lang``, its fields filled in.

    Examples
    --------
    >>> say("step_result", "en", shape="(3, 4)")
    'Result: (3, 4).'
    >>> say("step_result", "zh", shape="(3, 4)")
    '结果：(3, 4)。'
    """
    template = _CATALOGS[lang][key]
    return template.format(**fields) if fields else template


def join(items: Sequence[str], lang: str = "en") -> str:
    """``a``, ``a and b``, ``a, b and c`` — in ``lang``.

    Examples
    --------
    >>> join(["a", "b", "c"]), join(["a", "b"], "zh")
    ('a, b and c', 'a 和 b')
    """
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    sep = say("sep", lang)
    return say("list", lang, items=sep.join(items[:-1]), last=items[-1])


def axes(n: int, lang: str = "en") -> str:
    """``1 axis``, ``3 axes`` — in ``lang``.

    Examples
    --------
    >>> axes(1), axes(3), axes(3, "zh")
    ('1 axis', '3 axes', '3 个轴')
    """
    return say("one_axis", lang) if n == 1 else say("n_axes", lang, n=n)


def has(step: AxisStep, names: Sequence[str], lang: str = "en") -> str:
    """The sizes in conflict on one axis: ``a has 4, b has 3``.

    Examples
    --------
    >>> from bcast.core.rule import broadcast
    >>> step = broadcast((3, 4), (3,)).conflict
    >>> has(step, ["X", "m"]), has(step, ["X", "m"], "zh")
    ('X has 4, m has 3', 'X 为 4、m 为 3')
    """
    return say("sep", lang).join(
        say("has", lang, name=names[i], size=size(step.sizes[i]))
        for i in step.conflicting
    )


def labels(n: int, names: Sequence[str | None] | None = None) -> tuple[str, ...]:
    """Names for ``n`` operands: the ones given, ``a``, ``b``, ``c`` … for the rest.

    Examples
    --------
    >>> labels(3), labels(3, [None, "a", None])
    (('a', 'b', 'c'), ('b', 'a', 'c'))
    """
    if names is not None and len(names) != n:
        raise ValueError(f"{len(names)} names for {n} shapes")
    given = [None] * n if names is None else list(names)
    taken = {x for x in given if x is not None}
    spare = (x for x in _letters() if x not in taken)
    return tuple(x if x is not None else next(spare) for x in given)


def _letters() -> Iterator[str]:
    yield from "abcdefghijklmnopqrstuvwxyz"
    k = 26
    while True:
        yield f"x{k}"
        k += 1


def library(name: str) -> str:
    """How a library is written: ``NumPy``, ``PyTorch``, ``JAX``.

    Examples
    --------
    >>> library("torch")
    'PyTorch'
    """
    return _LIBRARIES.get(name, name)


def size(d: Dim) -> str:
    """One size as shown: ``?`` for an unknown size.

    Examples
    --------
    >>> size(4), size("m"), size(None)
    ('4', 'm', '?')
    """
    return "?" if d is None else str(d)


def condition(c: Condition, names: Sequence[str], lang: str = "en") -> str:
    """A :class:`bcast.Condition` in words, without its axis.

    Examples
    --------
    >>> from bcast.core.rule import broadcast
    >>> b = broadcast(("m",), (4,))
    >>> condition(b.conditions[0], ["a", "b"]), condition(b.conditions[0], ["a", "b"], "zh")
    ('m is 1 or 4', 'm 为 1 或 4')
    """
    subjects = [
        say("cond_unknown", lang, name=names[i]) if d is None else str(d)
        for i, d in zip(c.operands, c.sizes)
    ]
    subject = join(subjects, lang)
    many = len(subjects) > 1
    if c.kind == "agree":
        return say("cond_agree", lang, subject=subject)
    if c.size == 0:
        return say("cond_one_many" if many else "cond_one", lang, subject=subject)
    key = "cond_one_of_many" if many else "cond_one_of"
    return say(key, lang, subject=subject, size=size(c.size))


def nbytes(n: int, lang: str = "en") -> str:
    """A number of bytes for people: ``7.6 MiB (8,000,000 bytes)``.

    Examples
    --------
    >>> nbytes(8_000_000)
    '7.6 MiB (8,000,000 bytes)'
    >>> nbytes(512)
    '512 B (512 bytes)'
    """
    value = float(n)
    unit = "B"
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"):
        if value < 1024 or unit == "EiB":
            break
        value /= 1024
    human = f"{n} B" if unit == "B" else f"{value:.1f} {unit}"
    return say("bytes", lang, human=human, n=f"{n:,}")
