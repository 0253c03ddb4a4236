"""What bcast says where code runs: watch findings, ``bcast run`` and notebook headers.

Keys are written ``"runtime.name"``; both dicts have the same keys and fields.
"""

from __future__ import annotations

__all__ = ["EN", "ZH"]

EN: dict[str, str] = {
    # a finding of instrumented code: head, reason, fix
    "runtime.head": "{expression}: {operands} -> {result}",
    "runtime.operand": "{name} {shape}",
    "runtime.column": "a column",
    "runtime.row": "a row",
    "runtime.rank1": ": {vector} is rank-1 and {other} is {role}, so the result is an outer product",
    "runtime.outer": ": every operand is stretched, an outer product the code does not spell out",
    "runtime.drift": ": {target} changes shape in its own update, from {before} to {after}",
    "runtime.rank_promotion": ": {names} gets new leading axes (rank promotion)",
    "runtime.fix": "; element by element: {code}",
    "runtime.fix_or_make": "; element by element: {code} (or give {name} that shape where it is made)",
    "runtime.fix_transpose": "; if they should match: {code}",
    "runtime.fix_spell": "; if an outer product is meant, spell it out with [:, None] or [None, :]",
    "runtime.fix_drift": "; {step} should have {target}'s shape {before} where it is computed (a sum with keepdims=True, or a reshape)",
    "runtime.fix_promote": "; write {code} to say so",
    # a watched array's finding (bcast.watch)
    "runtime.watch_head": "{function}({names}): shapes {shapes} broadcast to {result}",
    "runtime.watch_outer": ": every operand is stretched, an outer product",
    "runtime.watch_vector": "; {vector} is rank-1 and {other} a {role} vector",
    "runtime.watch_column": "column",
    "runtime.watch_row": "row",
    "runtime.watch_fix": "; element by element would be {code}",
    "runtime.watch_promotion": " by rank promotion: {grown}",
    "runtime.watch_axis": "{name} gets {count} new leading axis",
    "runtime.watch_axes": "{name} gets {count} new leading axes",
    "runtime.watch_and": "; {name} gets {count} new leading axes",
    # bcast run and the notebook, around an error
    "runtime.failed": "bcast: `{code}` failed ({where})",
    "runtime.failed_at": "bcast: {where} failed",
    "runtime.an_error": "bcast: a broadcasting error",
    "runtime.usage": (
        "usage: bcast run [--full] [--watch [--strict] [--rank-promotion]] SCRIPT [ARGS ...]\n"
        "       bcast run [--full] [--watch [--strict] [--rank-promotion]] -m MODULE [ARGS ...]\n"
        "\n"
        "Run a Python program as python would (sys.argv, __main__, exit status), with\n"
        "broadcasting errors explained after their traceback.\n"
        "\n"
        "  --watch           also catch silent broadcasting in your code (the script, the\n"
        "                    modules beside it): a BroadcastWarning at your line\n"
        "  --strict          with --watch: raise SilentBroadcastError instead\n"
        "  --rank-promotion  with --watch: also report operands given new leading axes\n"
        "  --full            every step of an explanation (default: table, verdict, best fix)\n"
    ),
    "runtime.usage_error": "bcast run: error: {reason} (bcast run -h for help)",
    "runtime.need_module": "-m needs a module name",
    "runtime.no_module": "no module named {name}",
    "runtime.need_script": "a script or -m MODULE is required",
    "runtime.unknown_option": "unknown option {option}",
    "runtime.no_file": "can't open file {path}: no such file or directory",
    "runtime.not_python": "{path} is not Python source: {reason}",
    "runtime.needs_watch": "{option} needs --watch",
    # %bcast in IPython
    "runtime.magic_state": "bcast: watching {mode}, rank promotion {promotion}; errors explained",
    "runtime.magic_usage": "usage: %bcast [watch off|warn|raise] [--rank-promotion|--no-rank-promotion]",
    "runtime.on": "on",
    "runtime.off": "off",
    # the pytest plugin's summary
    "runtime.summary": "bcast: {count} silent broadcasting site(s) found",
    "runtime.summary_none": "bcast: no silent broadcasting found",
    "runtime.bad_mode": "--bcast-watch={mode}: the mode must be warn or raise",
}

ZH: dict[str, str] = {
    "runtime.head": "{expression}：{operands}，结果 {result}",
    "runtime.operand": "{name} 形状 {shape}",
    "runtime.column": "列向量",
    "runtime.row": "行向量",
    "runtime.rank1": "：{vector} 是秩为 1 的数组，{other} 是{role}，结果成了外积",
    "runtime.outer": "：每个操作数都被拉伸，得到的是代码没有写明的外积",
    "runtime.drift": "：{target} 在自己的更新中改变了形状，从 {before} 变成 {after}",
    "runtime.rank_promotion": "：{names} 被补上了前导轴（秩提升）",
    "runtime.fix": "；逐元素应写作：{code}",
    "runtime.fix_or_make": "；逐元素应写作：{code}（或在创建 {name} 时就给它这个形状）",
    "runtime.fix_transpose": "；如果两者应当一致：{code}",
    "runtime.fix_spell": "；如果确实要外积，请用 [:, None] 或 [None, :] 写明",
    "runtime.fix_drift": "；{step} 在计算时就应有 {target} 的形状 {before}（用 keepdims=True 求和，或 reshape）",
    "runtime.fix_promote": "；写成 {code} 以表明本意",
    "runtime.watch_head": "{function}({names})：形状 {shapes} 广播为 {result}",
    "runtime.watch_outer": "：每个操作数都被拉伸，得到外积",
    "runtime.watch_vector": "；{vector} 是秩为 1 的数组，{other} 是{role}向量",
    "runtime.watch_column": "列",
    "runtime.watch_row": "行",
    "runtime.watch_fix": "；逐元素应写作 {code}",
    "runtime.watch_promotion": "，因为秩提升：{grown}",
    "runtime.watch_axis": "{name} 被补上 {count} 个前导轴",
    "runtime.watch_axes": "{name} 被补上 {count} 个前导轴",
    "runtime.watch_and": "；{name} 被补上 {count} 个前导轴",
    "runtime.failed": "bcast：`{code}` 出错（{where}）",
    "runtime.failed_at": "bcast：{where} 出错",
    "runtime.an_error": "bcast：一个广播错误",
    "runtime.usage": (
        "用法：bcast run [--full] [--watch [--strict] [--rank-promotion]] 脚本 [参数 ...]\n"
        "      bcast run [--full] [--watch [--strict] [--rank-promotion]] -m 模块 [参数 ...]\n"
        "\n"
        "像 python 一样运行程序（sys.argv、__main__、退出状态），\n"
        "广播错误在其回溯之后得到解释。\n"
        "\n"
        "  --watch           同时捕捉你的代码（脚本及其旁边的模块）中静默的广播：\n"
        "                    在你的代码行给出 BroadcastWarning\n"
        "  --strict          与 --watch 一起：改为抛出 SilentBroadcastError\n"
        "  --rank-promotion  与 --watch 一起：也报告被补上前导轴的操作数\n"
        "  --full            解释的每一步（默认：表格、结论、最佳修正）\n"
    ),
    "runtime.usage_error": "bcast run：错误：{reason}（bcast run -h 查看帮助）",
    "runtime.need_module": "-m 需要一个模块名",
    "runtime.no_module": "没有名为 {name} 的模块",
    "runtime.need_script": "需要一个脚本或 -m 模块",
    "runtime.unknown_option": "未知选项 {option}",
    "runtime.no_file": "无法打开文件 {path}：没有这个文件或目录",
    "runtime.not_python": "{path} 不是 Python 源代码：{reason}",
    "runtime.needs_watch": "{option} 需要与 --watch 一起使用",
    "runtime.magic_state": "bcast：监视模式 {mode}，秩提升{promotion}；错误会得到解释",
    "runtime.magic_usage": "用法：%bcast [watch off|warn|raise] [--rank-promotion|--no-rank-promotion]",
    "runtime.on": "开启",
    "runtime.off": "关闭",
    "runtime.summary": "bcast：发现 {count} 处静默广播",
    "runtime.summary_none": "bcast：没有发现静默广播",
    "runtime.bad_mode": "--bcast-watch={mode}：模式必须是 warn 或 raise",
}
