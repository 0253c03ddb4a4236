"""Diagnostics of ``bcast lint``.

Keys are written ``"lint.name"``; both dicts have the same keys and fields.
"""

from __future__ import annotations

__all__ = ["EN", "ZH"]

EN: dict[str, str] = {
    # the diagnostics, one per code (bcast.lint.rules.CODES)
    "lint.BC101": (
        "{expr}: {a} {sa} and {b} {sb} cannot broadcast: on axis {axis} {has}; "
        "this always raises"
    ),
    "lint.BC102": (
        "{expr}: the inner sizes differ: {a} {sa} ends in {ka}, {b} {sb} has {kb}; "
        "a matrix product needs them equal, so this always raises"
    ),
    "lint.BC103": (
        "{expr}: the in-place update gives {result}, but {a} is {before}; "
        "NumPy raises 'non-broadcastable output operand'"
    ),
    "lint.BC201": (
        "{expr}: the rank-1 array {a} {sa} meets {b} {sb}; the result {result} "
        "is an outer product"
    ),
    "lint.BC202": (
        "{expr}: every operand is stretched: {a} {sa} and {b} {sb} give {result}, "
        "an outer product nobody wrote out"
    ),
    "lint.BC203": "{expr}: {a} changes shape in its own update: {before} becomes {result}",
    "lint.BC204": "{expr}: {a} {sa} gains leading axes to give {result}",
    "lint.BC301": "{expr}: {a} {sa} and {b} {sb} broadcast only if {cond}",
    "lint.BC302": (
        "{expr}: {a} {sa} and {b} {sb} multiply only if the inner sizes {ka} and "
        "{kb} are equal"
    ),
    # the parts of a message
    "lint.from": "{name} {shape} is from line {line}: {code}",
    "lint.from_cell": "{name} {shape} is from cell {cell}, line {line}: {code}",
    "lint.fix": "fix: {fix}",
    "lint.sep": "; ",
    # the command
    "lint.summary": "files checked: {files}, findings: {n}",
    "lint.bad_file": "{path}: cannot check: {reason}",
    "lint.not_found": "no such file or directory",
    "lint.not_utf8": "not UTF-8 text",
    "lint.unreadable": "cannot be read ({error})",
    "lint.binary": "a binary file, not Python",
    "lint.syntax": "not Python: {error} at line {line}",
    "lint.too_deep": "nested too deeply to read",
    "lint.too_big": "larger than {limit} bytes",
    "lint.bad_notebook": "not a notebook: {error}",
    "lint.bad_config": "{path}: [tool.bcast.lint]: {error}",
    "lint.unknown_code": "unknown code {code!r}; codes are {codes}",
    "lint.nothing": "nothing could be checked",
    "lint.bad_jobs": "-j takes a number of processes, 0 for all cores",
    "lint.no_toml": "reading pyproject.toml on Python 3.10 needs the tomli package",
}

ZH: dict[str, str] = {
    "lint.BC101": (
        "{expr}：{a} {sa} 与 {b} {sb} 无法广播：在轴 {axis} 上 {has}；这一定会报错"
    ),
    "lint.BC102": (
        "{expr}：内侧长度不同：{a} {sa} 的最后一维是 {ka}，{b} {sb} 的是 {kb}；"
        "矩阵乘法要求二者相等，所以这一定会报错"
    ),
    "lint.BC103": (
        "{expr}：原地更新的结果是 {result}，而 {a} 是 {before}；"
        "NumPy 会报 'non-broadcastable output operand'"
    ),
    "lint.BC201": "{expr}：秩为 1 的数组 {a} {sa} 遇到了 {b} {sb}；结果 {result} 是外积",
    "lint.BC202": (
        "{expr}：每个操作数都被拉伸了：{a} {sa} 与 {b} {sb} 得到 {result}，"
        "这是没有明写出来的外积"
    ),
    "lint.BC203": "{expr}：{a} 在自己的更新中改变了形状：{before} 变成了 {result}",
    "lint.BC204": "{expr}：{a} {sa} 在前面补了轴，得到 {result}",
    "lint.BC301": "{expr}：只有当 {cond} 时，{a} {sa} 与 {b} {sb} 才能广播",
    "lint.BC302": (
        "{expr}：只有当内侧长度 {ka} 与 {kb} 相等时，{a} {sa} 与 {b} {sb} 才能相乘"
    ),
    "lint.from": "{name} {shape} 来自第 {line} 行：{code}",
    "lint.from_cell": "{name} {shape} 来自第 {cell} 个单元格第 {line} 行：{code}",
    "lint.fix": "修正：{fix}",
    "lint.sep": "；",
    "lint.summary": "已检查文件：{files}，发现：{n}",
    "lint.bad_file": "{path}：无法检查：{reason}",
    "lint.not_found": "没有这个文件或目录",
    "lint.not_utf8": "不是 UTF-8 文本",
    "lint.unreadable": "无法读取（{error}）",
    "lint.binary": "二进制文件，不是 Python",
    "lint.syntax": "不是 Python：第 {line} 行 {error}",
    "lint.too_deep": "嵌套太深，无法读取",
    "lint.too_big": "大于 {limit} 字节",
    "lint.bad_notebook": "不是笔记本文件：{error}",
    "lint.bad_config": "{path}：[tool.bcast.lint] 配置有误：{error}",
    "lint.unknown_code": "未知的代码 {code!r}；可用的代码有 {codes}",
    "lint.nothing": "没有任何文件可以检查",
    "lint.bad_jobs": "-j 的值是进程数，0 表示使用全部核心",
    "lint.no_toml": "在 Python 3.10 上读取 pyproject.toml 需要安装 tomli 包",
}
