"""Command-line sentences: the one-line errors for bad input, and warnings.

Keys are written ``"cli.name"``; both dicts have the same keys and fields.
argparse's own usage and help text stays argparse's; every line bcast itself
prints about bad input comes from here.

``cli.reason.*`` are the reasons :mod:`bcast.core.syntax` and
:mod:`bcast.core.gufunc` give for text they cannot read (``reason`` of a
:class:`bcast.ShapeSyntaxError`), in Chinese too; the English is the core's
wording exactly (a test makes each one happen), and a reason with values in it
that is not listed here is shown as the core wrote it.
"""

from __future__ import annotations

__all__ = ["EN", "ZH"]

EN: dict[str, str] = {
    "cli.error": "bcast: error: {message}",
    "cli.warning": "bcast: warning: {message}",
    "cli.bad_text": "bad {what} {text}: {where}: {reason}",
    "cli.at": "at position {position}",
    "cli.token_at": "{token} at position {position}",
    "cli.what_shape": "shape",
    "cli.what_spec": "spec",
    "cli.what_signature": "signature",
    "cli.what_operand": "operand",
    "cli.bad_width_number": "--width takes a number of columns, not {text}",
    "cli.bad_width_range": "--width must be between 20 and 10000, not {value}",
    "cli.bad_lang": "unknown language {lang}: use en or zh",
    "cli.bad_env_lang": "BCAST_LANG: unknown language {lang}: use en or zh",
    "cli.bad_dtype": "unknown dtype {dtype}: use one of {known}",
    "cli.no_command": "a command is required: explain, check or why",
    "cli.options_first": "options go after the command: bcast COMMAND [OPTIONS] ...",
    "cli.paste": "bcast why: paste the error message, then press Ctrl-D",
    "cli.dot_two": "{option} takes two shapes, not {n}",
    "cli.cannot_write": "cannot write {path}: {reason}",
    "cli.reason.not_whole": "not a whole number",
    "cli.reason.unexpected": "unexpected character",
    "cli.reason.brackets": "brackets may only enclose the whole shape",
    "cli.reason.separator": "missing separator: put a comma between sizes",
    "cli.reason.not_name": "not a name or a size",
    "cli.reason.negative": "negative size: sizes are 0 or more",
    "cli.reason.star": "'*' must be followed by a name",
    "cli.reason.hash": "'#' must be followed by a size or a name",
    "cli.reason.underscore": "'_' is a pattern; write ? for an unknown size",
    "cli.reason.identifier": "an operand's name must be a Python identifier",
    "cli.reason.empty_shape": "empty shape: write one like 3,1 or ()",
    "cli.reason.empty_size": "empty size before ','",
    "cli.reason.sig_open": "expected '(' to start an argument",
    "cli.reason.sig_dim": "expected a dimension name or size",
    "cli.reason.sig_comma": "expected ',' or ')'",
    "cli.reason.sig_arrow": "expected '->' between inputs and outputs",
    "cli.reason.sig_tail": "unexpected text after the outputs",
}

ZH: dict[str, str] = {
    "cli.error": "bcast：错误：{message}",
    "cli.warning": "bcast：警告：{message}",
    "cli.bad_text": "{what} {text} 有误：{where}：{reason}",
    "cli.at": "在位置 {position}",
    "cli.token_at": "位置 {position} 的 {token}",
    "cli.what_shape": "形状",
    "cli.what_spec": "形状说明",
    "cli.what_signature": "签名",
    "cli.what_operand": "操作数",
    "cli.bad_width_number": "--width 需要一个列数，而不是 {text}",
    "cli.bad_width_range": "--width 必须在 20 到 10000 之间，而不是 {value}",
    "cli.bad_lang": "未知的语言 {lang}：请用 en 或 zh",
    "cli.bad_env_lang": "BCAST_LANG：未知的语言 {lang}：请用 en 或 zh",
    "cli.bad_dtype": "未知的数据类型 {dtype}：请用其中之一：{known}",
    "cli.no_command": "需要一个命令：explain、check 或 why",
    "cli.options_first": "选项要写在命令之后：bcast 命令 [选项] ...",
    "cli.paste": "bcast why：请粘贴错误信息，然后按 Ctrl-D",
    "cli.dot_two": "{option} 需要两个形状，而不是 {n} 个",
    "cli.cannot_write": "无法写入 {path}：{reason}",
    "cli.reason.not_whole": "不是整数",
    "cli.reason.unexpected": "意外的字符",
    "cli.reason.brackets": "括号只能括住整个形状",
    "cli.reason.separator": "缺少分隔符：请在大小之间加逗号",
    "cli.reason.not_name": "既不是名字也不是大小",
    "cli.reason.negative": "大小为负：大小只能是 0 或更大",
    "cli.reason.star": "'*' 后面必须跟一个名字",
    "cli.reason.hash": "'#' 后面必须跟一个大小或名字",
    "cli.reason.underscore": "'_' 是一个模式；未知大小请写 ?",
    "cli.reason.identifier": "操作数的名字必须是合法的 Python 标识符",
    "cli.reason.empty_shape": "形状为空：请写成 3,1 或 () 这样",
    "cli.reason.empty_size": "',' 前面缺少大小",
    "cli.reason.sig_open": "参数应以 '(' 开头",
    "cli.reason.sig_dim": "这里应是维度名或大小",
    "cli.reason.sig_comma": "这里应是 ',' 或 ')'",
    "cli.reason.sig_arrow": "输入和输出之间应有 '->'",
    "cli.reason.sig_tail": "输出之后有多余的文字",
}
