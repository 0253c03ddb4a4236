"""``bcast serve``: the playground page, driven over HTTP on loopback.

The server runs in a thread on a free port (port 0) of 127.0.0.1; every
request goes only there.  Answers are compared with what the library and the
CLI say for the same shapes (``bcast.explain(...)._repr_html_()`` and
``bcast explain``'s one error line), in both languages.
"""

from __future__ import annotations

import http.client
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from html import unescape
from urllib.parse import urlencode

import pytest

import bcast
from bcast.cli import main as cli_main
from bcast.runtime import serve


@pytest.fixture(scope="module")
def server():
    httpd = serve.make_server("127.0.0.1", 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


def get(server, target, headers=None, method="GET"):
    host, port = server.server_address[:2]
    c = http.client.HTTPConnection(host, port, timeout=10)
    try:
        c.request(method, target, headers=headers or {})
        r = c.getresponse()
        return r.status, dict(r.getheaders()), r.read().decode("utf-8")
    finally:
        c.close()


def raw(server, data: bytes) -> bytes:
    """Send ``data`` as it is; the server's whole answer."""
    with socket.create_connection(server.server_address[:2], timeout=10) as s:
        s.sendall(data)
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def q(shapes, lang="en", op="elementwise"):
    return urlencode({"shapes": shapes, "lang": lang, "op": op})


def cli_error(capsys, lang, *args):
    """The line ``bcast explain`` prints on stderr for bad input."""
    assert cli_main(["explain", "--lang", lang, *args]) == 2
    return capsys.readouterr().err.strip()


# -- the page and the examples ----------------------------------------------------


def test_the_page_has_the_form_the_examples_and_its_own_script_only(server):
    status, headers, body = get(server, "/")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert '<form id="ask"' in body
    assert 'name="shapes"' in body
    for shapes, op, _ in serve.EXAMPLES:
        assert f"/?{q(shapes, 'en', op)}".replace("&", "&amp;") in body
    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "'unsafe-inline'" not in csp.split(";")[1]
    # the one script on the page is the one the policy's hash allows
    assert body.count("<script>") == 1
    assert f"<script>{serve.SCRIPT}</script>" in body
    assert "src=" not in body
    assert "http://" not in body


@pytest.mark.parametrize(("shapes", "op", "key"), serve.EXAMPLES)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_example_is_explained_as_the_library_explains_it(
    server, shapes, op, key, lang
):
    status, _, body = get(server, f"/explain?{q(shapes, lang, op)}")
    assert status == 200
    operands = [bcast.core.syntax.parse_operand(t) for t in shapes.split()]
    e = bcast.explain(
        *[s for _, s in operands], names=[n for n, _ in operands], lang=lang, op=op
    )
    assert body == e._repr_html_()
    # and the page with the query has the same picture in it, server-rendered
    status, _, page = get(server, f"/?{q(shapes, lang, op)}")
    assert status == 200
    assert body in page


def test_the_examples_route_lists_them_in_the_language_asked(server):
    for lang in ("en", "zh"):
        status, headers, body = get(server, f"/examples?lang={lang}")
        assert status == 200
        assert headers["Content-Type"].startswith("application/json")
        rows = json.loads(body)
        assert [(r["shapes"], r["op"]) for r in rows] == [
            (s, o) for s, o, _ in serve.EXAMPLES
        ]
        assert rows[0]["title"] == bcast.explainer.words.catalog.say(
            serve.EXAMPLES[0][2], lang
        )


def test_verdicts_agree_with_numpy(server):
    np = pytest.importorskip("numpy")
    for a, b in [((3, 1), (1, 4)), ((5,), (5, 1)), ((3, 4), (3,)), ((2, 1, 3), (4, 1))]:
        text = " ".join(",".join(map(str, s)) for s in (a, b))
        _, _, body = get(server, f"/explain?{q(text)}")
        try:
            shape = np.broadcast_shapes(a, b)
        except ValueError:
            assert "Not compatible" in unescape(body)
        else:
            assert f"the result has shape {shape}" in unescape(body)


def test_the_language_switch_changes_the_page_and_the_picture(server):
    _, _, en = get(server, f"/?{q('3,4 3', 'en')}")
    _, _, zh = get(server, f"/?{q('3,4 3', 'zh')}")
    assert "Not compatible" in en
    assert "bcast playground" in en
    assert "广播" in zh
    assert "练习场" in zh
    assert '<html lang="zh-Hans">' in zh


# -- bad input: the CLI's one line, HTTP 400 ---------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("shapes", ["3,(", "3,-1", "2.5,3", "a=b=3"])
def test_bad_shapes_get_the_cli_line_and_400(server, capsys, lang, shapes):
    status, headers, body = get(server, f"/explain?{q(shapes + ' 4', lang)}")
    assert status == 400
    assert headers["Content-Type"].startswith("text/plain")
    assert "\n" not in body
    assert body == cli_error(capsys, lang, shapes, "4")
    # the page shows the same line, escaped, with 400 too
    status, _, page = get(server, f"/?{q(shapes + ' 4', lang)}")
    assert status == 400
    assert '<p class="error">' in page
    from html import escape

    assert escape(body) in page


def test_dot_with_three_shapes_says_what_the_cli_says(server, capsys):
    status, _, body = get(server, f"/explain?{q('3 3 3', 'en', 'dot')}")
    assert status == 400
    assert body == cli_error(capsys, "en", "--dot", "3", "3", "3")


def test_other_bad_requests_are_one_line_in_the_language_asked(server):
    cases = [
        (q("", "zh"), "bcast：错误：请输入"),
        (q("3 3", "en", "outer"), "bcast: error: unknown operation 'outer'"),
        (q("3", "fr"), "bcast: error: unknown language 'fr'"),
        (q(" ".join(["3"] * 17)), "bcast: error: at most 16 shapes, not 17"),
        ("&".join(["x=1"] * 20), "bcast: error: "),
    ]
    for query, start in cases:
        status, _, body = get(server, f"/explain?{query}")
        assert status == 400, body
        assert body.startswith(start), body
        assert "\n" not in body
        assert "Traceback" not in body


def test_script_in_the_shapes_is_escaped_everywhere(server):
    evil = '<script>alert(1)</script> "><img src=x onerror=alert(1)>'
    status, headers, body = get(server, f"/explain?{q(evil)}")
    assert status == 400
    assert headers["Content-Type"].startswith("text/plain")
    assert headers["X-Content-Type-Options"] == "nosniff"
    status, _, page = get(server, f"/?{q(evil)}")
    assert status == 400
    assert "<script>alert" not in page
    assert "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # the form echoes the text back in an attribute, quoted
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img' in page
    # a name is echoed inside the picture: escaped by the renderer
    status, _, body = get(server, f"/explain?{q('X=3,1 b=4')}")
    assert status == 200
    assert "X (3, 1)" in body


# -- what the server does not serve ------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "/index.html",
        "/explain/",
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc%2fpasswd",
        "//etc/passwd",
        "/bcast/runtime/serve.py",
        "/favicon.ico",
        "http://127.0.0.1/etc/passwd",
    ],
)
def test_nothing_outside_the_routes(server, target):
    status, _, body = get(server, target)
    assert status == 404
    assert body == "not found: this server has only /, /explain and /examples"


def test_methods_other_than_get_and_head_are_refused(server):
    status, headers, body = get(server, "/", method="HEAD")
    assert status == 200
    assert body == ""
    assert int(headers["Content-Length"]) > 1000
    for method in ("POST", "PUT", "DELETE", "OPTIONS"):
        status, _, body = get(server, "/", method=method)
        assert status == 501
        assert "Traceback" not in body


def test_a_long_request_line_is_414(server):
    answer = raw(server, b"GET /explain?shapes=" + b"3," * 3000 + b"1 HTTP/1.1\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 414 ")
    assert answer.endswith(b"request line longer than 4096 bytes")
    # http.server's own limit (64 KiB) answers 414 as well, for a line even longer
    answer = raw(server, b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 414 ")


def test_big_headers_are_431_and_bodies_413(server):
    headers = b"".join(b"X-Pad-%d: %s\r\n" % (k, b"y" * 900) for k in range(12))
    answer = raw(server, b"GET / HTTP/1.1\r\nHost: x\r\n" + headers + b"\r\n")
    assert answer.startswith(b"HTTP/1.1 431 ")
    answer = raw(server, b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
    assert answer.startswith(b"HTTP/1.1 413 ")
    answer = raw(
        server, b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n"
    )
    assert answer.startswith(b"HTTP/1.1 413 ")
    answer = raw(server, b"<script>\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400 ")
    assert answer.endswith(b"\r\n\r\nBad Request")
    answer = raw(server, b"GET /<script> HTTP/9.9\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 505 ")
    assert b"<script>" not in answer


def test_a_server_error_is_one_line_on_stderr_and_500(server, monkeypatch, capsys):
    def broken(shapes, lang, op):
        raise RuntimeError("drawing failed\nsecond line")

    monkeypatch.setattr(serve, "_answer", broken)
    status, _, body = get(server, f"/explain?{q('7,7 7')}")
    assert status == 500
    assert body == "the server failed on this request"
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "Traceback" not in err
    assert err.startswith("bcast serve: GET /explain?")
    assert "RuntimeError" in err


def test_an_idle_connection_is_dropped_after_the_timeout(monkeypatch):
    monkeypatch.setattr(serve, "TIMEOUT", 0.5)
    httpd = serve.make_server("127.0.0.1", 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        with socket.create_connection(httpd.server_address[:2], timeout=10) as s:
            s.sendall(b"GET / HT")  # and then nothing
            assert s.recv(100) == b""  # closed by the server, not by our timeout
    finally:
        httpd.shutdown()
        httpd.server_close()


# -- the command -------------------------------------------------------------------


def test_bcast_serve_prints_its_address_and_binds_loopback():
    p = subprocess.Popen(
        [sys.executable, "-m", "bcast", "serve", "--port", "0", "--lang", "zh"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = p.stdout.readline()
        assert line.startswith("bcast serve：http://127.0.0.1:")
        port = int(line.split("127.0.0.1:")[1].split("/")[0])
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        c.request("GET", f"/explain?{q('3,1 1,4')}")
        assert c.getresponse().status == 200
        c.close()
    finally:
        p.terminate()
        p.wait(10)
        p.stdout.close()
        p.stderr.close()


def test_bcast_serve_help_and_bad_port(capsys):
    assert serve.main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "127.0.0.1" in out
    assert "--host" in out
    assert "--port" in out
    assert cli_main(["serve", "--port", "99999"]) == 2
    assert "bad port '99999'" in capsys.readouterr().err


# -- load ----------------------------------------------------------------------------

CLIENTS, REQUESTS = 20, 200
SANITY = 2.0  # seconds: a generous bound for one answer on a shared 2-core machine


def test_bounded_load_none_lost_every_answer_right(server):
    asks = [(s, lang, o) for s, o, _ in serve.EXAMPLES for lang in ("en", "zh")]
    asks.append(("3,(", "en", "elementwise"))
    expected = {}
    for s, lang, o in asks:
        try:
            expected[(s, lang, o)] = (200, serve.answer(s, lang, o))
        except serve.BadRequest as e:
            expected[(s, lang, o)] = (400, str(e))
    host, port = server.server_address[:2]

    def client(k):
        times, wrong = [], 0
        c = http.client.HTTPConnection(host, port, timeout=10)  # keep-alive
        for j in range(REQUESTS):
            ask = asks[(k + j) % len(asks)]
            start = time.perf_counter()
            c.request("GET", f"/explain?{q(*ask)}")
            r = c.getresponse()
            got = (r.status, r.read().decode("utf-8"))
            times.append(time.perf_counter() - start)
            wrong += got != expected[ask]
            if r.status == 400:  # the server closes after an error
                c.close()
                c = http.client.HTTPConnection(host, port, timeout=10)
        c.close()
        return times, wrong

    start = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        results = list(pool.map(client, range(CLIENTS)))
    wall = time.perf_counter() - start
    times = sorted(t for ts, _ in results for t in ts)
    assert len(times) == CLIENTS * REQUESTS  # none lost
    assert sum(w for _, w in results) == 0  # every answer right
    n = len(times)
    print(
        f"\nload: {n} requests, {CLIENTS} clients, {wall:.2f} s wall, "
        f"{n / wall:.0f} req/s; per answer ms: median {times[n // 2] * 1e3:.2f}, "
        f"p90 {times[n * 9 // 10] * 1e3:.2f}, p99 {times[n * 99 // 100] * 1e3:.2f}, "
        f"max {times[-1] * 1e3:.2f}"
    )
    assert times[-1] < SANITY  # a sanity limit, not a timing claim


# -- a browser -----------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def dump_dom(url: str, profile) -> str:
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    out = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--virtual-time-budget=5000",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


def test_browser_shows_the_server_rendered_answer(server, tmp_path):
    host, port = server.server_address[:2]
    dom = dump_dom(f"http://{host}:{port}/?shapes=3,1+1,4", tmp_path)
    assert "Compatible: the result has shape (3, 4)" in unescape(dom)


def test_browser_runs_the_script_fetches_and_fills_the_page(server, tmp_path):
    # the hash is never sent to the server: only the page's script can put
    # the explanation of 3,4 3 (in Chinese) into the page
    host, port = server.server_address[:2]
    dom = unescape(dump_dom(f"http://{host}:{port}/?lang=zh#3,4%203", tmp_path))
    assert "广播：a (3, 4) 和 b (3,)" in dom
    bad = unescape(dump_dom(f"http://{host}:{port}/?lang=zh#3,(", tmp_path))
    assert "<p class=\"error\">bcast：错误：形状 '3,(' 有误" in bad
