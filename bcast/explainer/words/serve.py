"""Sentences of ``bcast serve``, the playground page.

Keys are written ``"serve.name"``; both dicts have the same keys and fields.
"""

from __future__ import annotations

__all__ = ["EN", "ZH"]

EN: dict[str, str] = {
    # the page
    "serve.title": "bcast playground",
    "serve.intro": (
        "Type the operands' shapes, separated by spaces (3,1 1,4; names as in "
        "X=20,1000), and see how they broadcast, axis by axis."
    ),
    "serve.shapes_label": "Shapes",
    "serve.op_label": "Operation",
    "serve.op_elementwise": "elementwise (a + b)",
    "serve.op_dot": "matrix product np.dot(a, b)",
    "serve.op_matmul": "matrix product a @ b",
    "serve.lang_label": "Language",
    "serve.submit": "Explain",
    "serve.examples": "The course's examples:",
    "serve.example_column_row": "a column meets a row",
    "serve.example_rank1": "a rank-1 array meets a column",
    "serve.example_mismatch": "the last axes differ",
    "serve.example_symbols": "features by examples, and a row",
    "serve.example_dot": "np.dot with the inner sizes wrong",
    "serve.empty": "type one or more shapes, such as 3,1 1,4",
    # errors (one line each)
    "serve.bad_op": "unknown operation {op}: use elementwise, dot or matmul",
    "serve.too_many": "at most {limit} shapes, not {n}",
    "serve.not_found": "not found: this server has only /, /explain and /examples",
    "serve.too_long": "request line longer than {limit} bytes",
    "serve.headers_too_big": "request headers longer than {limit} bytes",
    "serve.body": "this server takes no request body",
    "serve.failed": "the server failed on this request",
    "serve.server_error": "bcast serve: {method} {path} failed: {error}",
    # the command
    "serve.started": "bcast serve: {url}  (Ctrl-C stops it)",
    "serve.description": "a local page where you type shapes and see them explained",
    "serve.help_port": "port to listen on (default 0: a free one, printed on start)",
    "serve.help_host": (
        "address to bind (default 127.0.0.1, this machine only; another address "
        "lets other machines reach the page)"
    ),
    "serve.bad_port": "bad port {text}: use a number from 0 to 65535",
    "serve.cannot_bind": "cannot listen on {host}:{port}: {reason}",
}

ZH: dict[str, str] = {
    "serve.title": "bcast 练习场",
    "serve.intro": (
        "输入各操作数的形状，用空格分开（3,1 1,4；可命名，如 X=20,1000），"
        "逐个轴查看它们如何广播。"
    ),
    "serve.shapes_label": "形状",
    "serve.op_label": "运算",
    "serve.op_elementwise": "逐元素（a + b）",
    "serve.op_dot": "矩阵乘积 np.dot(a, b)",
    "serve.op_matmul": "矩阵乘积 a @ b",
    "serve.lang_label": "语言",
    "serve.submit": "解释",
    "serve.examples": "课程中的例子：",
    "serve.example_column_row": "列向量遇到行向量",
    "serve.example_rank1": "秩为 1 的数组遇到列向量",
    "serve.example_mismatch": "最后一个轴大小不同",
    "serve.example_symbols": "特征数×样本数的矩阵与一行",
    "serve.example_dot": "np.dot 的内侧大小不一致",
    "serve.empty": "请输入一个或多个形状，例如 3,1 1,4",
    "serve.bad_op": "未知的运算 {op}：请用 elementwise、dot 或 matmul",
    "serve.too_many": "最多 {limit} 个形状，而不是 {n} 个",
    "serve.not_found": "未找到：本服务只有 /、/explain 和 /examples",
    "serve.too_long": "请求行超过 {limit} 字节",
    "serve.headers_too_big": "请求头超过 {limit} 字节",
    "serve.body": "本服务不接受请求体",
    "serve.failed": "服务在处理这个请求时出错",
    "serve.server_error": "bcast serve：{method} {path} 出错：{error}",
    "serve.started": "bcast serve：{url}（按 Ctrl-C 停止）",
    "serve.description": "一个本地网页：输入形状，查看解释",
    "serve.help_port": "监听的端口（默认 0：任选一个空闲端口，启动时打印）",
    "serve.help_host": (
        "绑定的地址（默认 127.0.0.1，仅本机可访问；其他地址会让别的机器也能打开此页）"
    ),
    "serve.bad_port": "端口 {text} 有误：请用 0 到 65535 之间的数",
    "serve.cannot_bind": "无法在 {host}:{port} 上监听：{reason}",
}
