"""Answers per second and latency of ``bcast serve`` on loopback.

Starts the playground's server in a thread on a free port of 127.0.0.1 and
sends it ``--clients`` concurrent keep-alive clients × ``--requests`` GETs of
``/explain`` each, cycling through the course's examples in both languages
(answers remembered after the first: this is the HTTP path), plus one
round of first-time answers (``--cold``: each question new, drawn by rich).
Every answer is checked; the run stops by itself.

    python benchmarks/bench_serve.py [--clients 20] [--requests 200]
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

from bcast.runtime import serve


def _client(port: int, asks: list[tuple[str, str, str]], k: int, n: int) -> list[float]:
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    times = []
    for j in range(n):
        shapes, lang, op = asks[(k + j) % len(asks)]
        start = time.perf_counter()
        c.request(
            "GET", "/explain?" + urlencode({"shapes": shapes, "lang": lang, "op": op})
        )
        r = c.getresponse()
        body = r.read()
        times.append(time.perf_counter() - start)
        if r.status != 200 or not body.startswith(b"<pre"):
            raise SystemExit(f"bench_serve: a wrong answer for {shapes!r}")
    c.close()
    return times


def _report(label: str, times: list[float], wall: float) -> None:
    times.sort()
    n = len(times)
    q = statistics.quantiles(times, n=100)
    print(
        f"{label}: {n} requests in {wall:.2f} s, {n / wall:.0f} req/s; ms: "
        f"median {times[n // 2] * 1e3:.2f}, p90 {q[89] * 1e3:.2f}, "
        f"p99 {q[98] * 1e3:.2f}, max {times[-1] * 1e3:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--cold", type=int, default=200)
    args = parser.parse_args()
    httpd = serve.make_server("127.0.0.1", 0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    port = httpd.server_address[1]
    try:
        asks = [(s, lang, o) for s, o, _ in serve.EXAMPLES for lang in ("en", "zh")]
        start = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            runs = pool.map(
                lambda k: _client(port, asks, k, args.requests), range(args.clients)
            )
            times = [t for ts in runs for t in ts]
        _report("warm", times, time.perf_counter() - start)
        fresh = [
            (f"{k + 2},1 1,{k + 3}", "en", "elementwise") for k in range(args.cold)
        ]
        start = time.perf_counter()
        times = _client(port, fresh, 0, len(fresh))
        _report("cold, one client", times, time.perf_counter() - start)
    finally:
        httpd.shutdown()
        httpd.server_close()


if __name__ == "__main__":
    main()
