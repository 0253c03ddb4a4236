"""``bcast serve``: the playground, a local page that explains shapes.

A learner types shapes (or picks one of the course's examples) and sees the
explanation — the table, the verdict, the fixes, as Jupyter shows them — in
English or Chinese.  All logic is here, in Python: the page is rendered by
the server, and a few lines of plain JavaScript only fetch
``/explain?shapes=...&lang=...&op=...`` and put the returned HTML fragment
into the page.  The page works without JavaScript too (the form submits to
``/``).

Routes (GET and HEAD only): ``/`` the page, ``/explain`` the fragment,
``/examples`` the examples as JSON; everything else is 404.  Nothing is read
from disk.  Safety: binds 127.0.0.1 unless told otherwise; a request line of
at most :data:`MAX_LINE` bytes (414), headers of at most :data:`MAX_HEADERS`
bytes (431), no body (413); a socket timeout of :data:`TIMEOUT` seconds per
request; everything echoed is escaped; a Content-Security-Policy that allows
only the page's own inline script; one line on stderr for a server error and
never a traceback to the client.
"""

from __future__ import annotations

import sys

from bcast.core.memo import Memo
from bcast.errors import BcastError, UsageError
from bcast.explainer.words.catalog import resolve, say

TYPE_CHECKING = False  # see bcast.core.rule: typing stays out of start-up
if TYPE_CHECKING:
    from collections.abc import Sequence
    from http.server import ThreadingHTTPServer

__all__ = ["EXAMPLES", "answer", "main", "make_server", "page"]

MAX_LINE = 4096
"""The longest request line accepted, in bytes (longer: 414)."""
MAX_HEADERS = 8192
"""The most header bytes accepted (more: 431)."""
MAX_SHAPES = 16
"""The most operands one request may explain."""
TIMEOUT = 10.0
"""Seconds a connection may sit idle before the server drops it."""
OPS = ("elementwise", "dot", "matmul")
ROUTES = ("/", "/explain", "/examples")

EXAMPLES: tuple[tuple[str, str, str], ...] = (
    # (shapes, op, words key): the course's examples (shared/seed)
    ("3,1 1,4", "elementwise", "serve.example_column_row"),
    ("5 5,1", "elementwise", "serve.example_rank1"),
    ("3,4 3", "elementwise", "serve.example_mismatch"),
    ("n_x,m 1,m", "elementwise", "serve.example_symbols"),
    ("X=11,3 dz=11,1", "dot", "serve.example_dot"),
)


BadRequest = UsageError
"""Bad input from the page: one line for the learner, HTTP 400."""


def error_line(e: BaseException, lang: str) -> str:
    """The one line ``bcast explain`` prints on stderr for ``e``, in ``lang``."""
    from bcast.explainer.words.phrasing import unreadable

    return say("cli.error", lang, message=unreadable(e, lang))


def _language(text: str | None) -> str:
    try:
        return resolve(text or "en")
    except ValueError:
        message = say("cli.bad_lang", "en", lang=repr(text))
        raise BadRequest(say("cli.error", "en", message=message)) from None


_ANSWERS: Memo[tuple[str, str, str], str] = Memo(512)
"""Answers already drawn (drawing with rich takes milliseconds; the page asks
the same few questions again and again)."""


def answer(shapes: str, lang: str = "en", op: str = "elementwise") -> str:
    """The explanation of ``shapes`` (text as typed on the page) as an HTML
    fragment; :class:`BadRequest` with the CLI's one line for bad input.

    >>> "(3, 4)" in answer("3,1 1,4")
    True
    >>> answer("3,(", "en")
    Traceback (most recent call last):
    ...
    bcast.errors.UsageError: bcast: error: bad shape '3,(': '(' at position 2: brackets may only enclose the whole shape
    """
    key = (shapes, lang, op)
    found = _ANSWERS.get(key)
    if found is None:
        found = _ANSWERS.remember(key, _answer(shapes, lang, op))
    return found


def _answer(shapes: str, lang: str, op: str) -> str:
    from bcast.core.syntax import parse_operand
    from bcast.explainer.api import explain

    if op not in OPS:
        message = say("serve.bad_op", lang, op=repr(op))
        raise BadRequest(say("cli.error", lang, message=message))
    texts = shapes.split()
    if not texts:
        raise BadRequest(say("cli.error", lang, message=say("serve.empty", lang)))
    if len(texts) > MAX_SHAPES:
        message = say("serve.too_many", lang, limit=MAX_SHAPES, n=len(texts))
        raise BadRequest(say("cli.error", lang, message=message))
    if op != "elementwise" and len(texts) != 2:
        message = say("cli.dot_two", lang, option=f"--{op}", n=len(texts))
        raise BadRequest(say("cli.error", lang, message=message))
    try:
        operands = [parse_operand(t) for t in texts]
        names = [name for name, _ in operands]
        e = explain(
            *[shape for _, shape in operands],
            names=names,  # type: ignore[arg-type]
            lang=lang,
            op=op,
        )
        return e._repr_html_()
    except (BcastError, ValueError) as e:
        raise BadRequest(error_line(e, lang)) from None


# -- the page ------------------------------------------------------------------

SCRIPT = """
const form = document.getElementById("ask"), out = document.getElementById("out");
async function update() {
  const q = new URLSearchParams(new FormData(form)).toString();
  const r = await fetch("/explain?" + q);
  const text = await r.text();
  if (r.ok) { out.innerHTML = text; }
  else { out.textContent = ""; const p = document.createElement("p");
    p.className = "error"; p.textContent = text; out.appendChild(p); }
  history.replaceState(null, "", "/?" + q);
}
form.shapes.addEventListener("input", update);
form.op.addEventListener("change", update);
form.lang.addEventListener("change", () => form.submit());
form.addEventListener("submit", (ev) => { ev.preventDefault(); update(); });
if (location.hash.length > 1) {
  form.shapes.value = decodeURIComponent(location.hash.slice(1)); update();
}
"""
"""The page's only script: fetch the fragment, put it in the page; a
``#shapes`` hash fills the box (a link that explains without a reload)."""

STYLE = """
body { font-family: system-ui, 'Noto Sans CJK SC', sans-serif; margin: 2em auto;
  max-width: 60em; padding: 0 1em; color: #222; }
form { display: flex; flex-wrap: wrap; gap: .6em 1em; align-items: end; }
label { display: flex; flex-direction: column; font-size: .9em; gap: .2em; }
input[name=shapes] { font: 1.1em monospace; min-width: 18em; padding: .3em; }
.examples a { margin-right: .8em; font-family: monospace; }
.error { color: #a00; font-family: monospace; white-space: pre-wrap; }
#out pre { overflow-x: auto; }
"""


def _script_hash() -> str:
    from base64 import b64encode
    from hashlib import sha256

    return "sha256-" + b64encode(sha256(SCRIPT.encode()).digest()).decode()


CSP = (
    "default-src 'none'; "
    f"script-src '{_script_hash()}'; "
    "style-src 'unsafe-inline'; "
    "connect-src 'self'; "
    "form-action 'self'; "
    "base-uri 'none'; "
    "frame-ancestors 'none'"
)
"""Only the page's own inline script runs; styles are inline; the page may
fetch from this server only."""


def _query(shapes: str, lang: str, op: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"shapes": shapes, "lang": lang, "op": op})


def page(
    shapes: str = "", lang: str = "en", op: str = "elementwise"
) -> tuple[int, str]:
    """The HTTP status and the whole page, the explanation of ``shapes`` (if
    any) already in it, or the error line (status 400)."""
    from html import escape

    def w(key: str) -> str:
        return escape(say(key, lang))

    error = None
    result = ""
    if shapes.strip():
        try:
            result = answer(shapes, lang, op)
        except BadRequest as e:
            error = str(e)
            result = f'<p class="error">{escape(error)}</p>'
    ops = "".join(
        f'<option value="{o}"{" selected" if o == op else ""}>{w(f"serve.op_{o}")}'
        "</option>"
        for o in OPS
    )
    langs = "".join(
        f'<option value="{code}"{" selected" if code == lang else ""}>{name}</option>'
        for code, name in (("en", "English"), ("zh", "中文"))
    )
    examples = " ".join(
        f'<a href="/?{escape(_query(s, lang, o))}" title="{w(k)}">'
        f"{escape(s)}{'' if o == 'elementwise' else f' ({o})'}</a>"
        for s, o, k in EXAMPLES
    )
    html = (
        "<!DOCTYPE html>\n"
        f'<html lang="{"zh-Hans" if lang == "zh" else "en"}"><head>'
        '<meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{w('serve.title')}</title><style>{STYLE}</style></head><body>"
        f"<h1>{w('serve.title')}</h1><p>{w('serve.intro')}</p>"
        '<form id="ask" method="get" action="/">'
        f'<label>{w("serve.shapes_label")}<input name="shapes" '
        f'value="{escape(shapes)}" autofocus spellcheck="false" '
        f'maxlength="{MAX_LINE // 4}"></label>'
        f'<label>{w("serve.op_label")}<select name="op">{ops}</select></label>'
        f'<label>{w("serve.lang_label")}<select name="lang">{langs}</select></label>'
        f'<button type="submit">{w("serve.submit")}</button></form>'
        f'<p class="examples">{w("serve.examples")} {examples}</p>'
        f'<div id="out" aria-live="polite">{result}</div>'
        f"<script>{SCRIPT}</script></body></html>"
    )
    return (200 if error is None else 400), html


def examples(lang: str = "en") -> str:
    """The course's examples as JSON: shapes, op, what each shows."""
    import json

    rows = [{"shapes": s, "op": o, "title": say(k, lang)} for s, o, k in EXAMPLES]
    return json.dumps(rows, ensure_ascii=False)


# -- the server ----------------------------------------------------------------


def _handler() -> type:
    """The request handler class (http.server is imported only to serve)."""
    from http.server import BaseHTTPRequestHandler
    from urllib.parse import parse_qs

    class Handler(BaseHTTPRequestHandler):
        server_version = "bcast-serve"
        timeout = TIMEOUT  # the socket's timeout, per request
        disable_nagle_algorithm = True  # headers and body: no 40 ms wait between
        protocol_version = "HTTP/1.1"
        error_content_type = "text/plain; charset=utf-8"
        error_message_format = "%(explain)s"

        def version_string(self) -> str:
            return self.server_version

        def end_headers(self) -> None:
            self.send_header("Content-Security-Policy", CSP)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            self.send_header("Cache-Control", "no-store")
            super().end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass  # quiet: server errors are written by _fail

        def send_error(
            self, code: int, message: str | None = None, explain: str | None = None
        ) -> None:
            # the body is one line of our own, not http.server's message
            # (which for a malformed line is the text as received); the
            # connection closes after it
            self.close_connection = True
            if getattr(self, "request_version", "") != "HTTP/1.1":
                self.request_version = "HTTP/1.0"  # a status line, even for HTTP/0.9
            super().send_error(code, None, explain or self.responses[code][0])

        def parse_request(self) -> bool:
            if len(getattr(self, "raw_requestline", b"")) > MAX_LINE:
                self.requestline = ""
                self.request_version = "HTTP/1.1"
                self.command = ""
                self.send_error(
                    414, explain=say("serve.too_long", "en", limit=MAX_LINE)
                )
                return False
            if not super().parse_request():
                return False
            size = sum(len(k) + len(v) + 4 for k, v in self.headers.items())
            if size > MAX_HEADERS:
                self.send_error(
                    431, explain=say("serve.headers_too_big", "en", limit=MAX_HEADERS)
                )
                return False
            if self.headers.get("Transfer-Encoding") or self.headers.get(
                "Content-Length", "0"
            ).strip() not in ("", "0"):
                self.send_error(413, explain=say("serve.body", "en"))
                return False
            return True

        def do_HEAD(self) -> None:
            self._serve(head=True)

        def do_GET(self) -> None:
            self._serve(head=False)

        def _reply(self, code: int, kind: str, body: str, head: bool) -> None:
            data = body.encode("utf-8")
            self.send_response(code)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if not head:
                self.wfile.write(data)

        def _serve(self, head: bool) -> None:
            path, _, query = self.path.partition("?")
            lang = "en"
            try:
                if path not in ROUTES:
                    self._reply(404, "text/plain", say("serve.not_found", lang), head)
                    return
                fields = parse_qs(query, max_num_fields=8)
                ask = {k: v[-1] for k, v in fields.items()}
                lang = _language(ask.get("lang"))
                shapes = ask.get("shapes", "")
                op = ask.get("op", "elementwise")
                if path == "/examples":
                    self._reply(200, "application/json", examples(lang), head)
                elif path == "/explain":
                    self._reply(200, "text/html", answer(shapes, lang, op), head)
                else:
                    status, html = page(shapes, lang, op)
                    self._reply(status, "text/html", html, head)
            except BadRequest as e:
                self._reply(400, "text/plain", str(e), head)
            except ValueError as e:  # too many fields in the query
                line = say("cli.error", lang, message=str(e))
                self._reply(400, "text/plain", line, head)
            except (ConnectionError, TimeoutError):
                self.close_connection = True
            except Exception as e:  # one line to stderr, never a traceback
                self._fail(e, lang, head)

        def _fail(self, e: Exception, lang: str, head: bool) -> None:
            line = say(
                "serve.server_error",
                "en",
                method=self.command,
                path=self.path[:200],
                error=f"{type(e).__name__}: {e}"[:300],
            )
            print(line.replace("\n", " "), file=sys.stderr)
            try:
                self._reply(500, "text/plain", say("serve.failed", lang), head)
            except OSError:
                self.close_connection = True

    return Handler


def make_server(host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    """A threading HTTP server for the playground, bound but not yet serving
    (``serve_forever()`` starts it; ``server_address`` has the port)."""
    from http.server import ThreadingHTTPServer

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        allow_reuse_address = True
        request_queue_size = 64

        def handle_error(self, request: object, client_address: object) -> None:
            error = sys.exc_info()[1]
            if isinstance(error, (ConnectionError, TimeoutError)):
                return  # a client that went away
            print(f"bcast serve: {type(error).__name__}: {error}", file=sys.stderr)

    return Server((host, port), _handler())


def url(server: ThreadingHTTPServer) -> str:
    """The address of the page served by ``server``."""
    host, port = server.server_address[:2]
    if isinstance(host, bytes):
        host = host.decode()
    shown = f"[{host}]" if ":" in str(host) else str(host)
    return f"http://{shown}:{port}/"


def main(argv: Sequence[str]) -> int:
    """``bcast serve [--port N] [--host ADDR] [--lang LANG]``: serve until Ctrl-C."""
    import argparse

    lang = "en"
    for k, token in enumerate(argv):
        value = argv[k + 1] if token == "--lang" and k + 1 < len(argv) else None
        if token.startswith("--lang="):
            value = token.partition("=")[2]
        if value is not None:
            try:
                lang = resolve(value)
            except ValueError:
                pass

    def port(text: str) -> int:
        if not text.isdigit() or int(text) > 65535:
            raise argparse.ArgumentTypeError(
                say("serve.bad_port", lang, text=repr(text))
            )
        return int(text)

    parser = argparse.ArgumentParser(
        prog="bcast serve",
        description=say("serve.description", lang),
        allow_abbrev=False,
    )
    parser.add_argument(
        "--port", type=port, default=0, help=say("serve.help_port", lang)
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help=say("serve.help_host", lang)
    )
    parser.add_argument("--lang", help="en or zh")
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else 2
    try:
        server = make_server(args.host, args.port)
    except OSError as e:
        reason = e.strerror or str(e)
        line = say(
            "serve.cannot_bind", lang, host=args.host, port=args.port, reason=reason
        )
        print(say("cli.error", lang, message=line), file=sys.stderr)
        return 2
    print(say("serve.started", lang, url=url(server)), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
