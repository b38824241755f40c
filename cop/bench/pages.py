"""Serve the filled forum with production settings under gunicorn and load each page with wrk."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from cop.bench import fill
from cop.enums import PostStatus
from cop.models import Tag, Thread
from operations import procs

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"bytes":%d,"errors":%d,"non_2xx":%d,'
    .. '"p50_us":%d,"p99_us":%d}\\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99)))
end
"""
WRK_MISSING = ("wrk is not installed. On Debian or Ubuntu: sudo apt-get install wrk "
               "(on macOS: brew install wrk).")


@dataclass(frozen=True)
class Target:
    name: str
    url: str
    logged_in: bool = False


@dataclass(frozen=True)
class Result:
    target: Target
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    errors: int
    bytes_per_request: int
    queries: int | None


def targets() -> list[Target]:
    """The pages to measure, found in the filled database."""
    bench_threads = Thread.objects.filter(
        category__in=fill.bench_categories(), status=PostStatus.PUBLISHED
    )
    sized = bench_threads.annotate(n=Count("posts"))
    longest = sized.order_by("-n").first()
    if longest is None:
        raise RuntimeError("The database has no benchmark forum: run bench_fill first.")
    typical = sized.filter(n__gte=40, n__lte=60).order_by("pk").first() or longest
    last_page = (longest.n - 1) // settings.FORUM_POSTS_PER_PAGE + 1
    tag = (Tag.objects.filter(threads__in=bench_threads).annotate(n=Count("threads"))
           .order_by("-n", "slug").first())
    return [
        Target("baseline (trivial view)", "/bench/baseline/"),
        Target("home", "/"),
        Target("forum index", "/forum/"),
        Target("category", typical.category.get_absolute_url()),
        Target("thread (typical)", typical.get_absolute_url()),
        Target("long thread, first page", longest.get_absolute_url()),
        Target("long thread, last page", f"{longest.get_absolute_url()}?page={last_page}"),
        Target("tag", tag.get_absolute_url()),
        Target("search, common word", f"/forum/search/?q={fill.COMMON_WORD}"),
        Target("search, rare word", f"/forum/search/?q={fill.RARE_WORD}"),
        Target("Atom feed", "/forum/feeds/threads/"),
        Target("notifications (member)", "/forum/notifications/", logged_in=True),
    ]


def count_queries(targets_: list[Target], client: Client, member_client: Client
                  ) -> dict[str, int]:
    """Queries per page on a warm cache, through Django's test client on the same database."""
    counts = {}
    for target in targets_:
        if target.url.startswith("/bench/"):
            counts[target.name] = 0
            continue
        c = member_client if target.logged_in else client
        first = c.get(target.url)
        if first.status_code != 200:
            raise RuntimeError(f"{target.name} ({target.url}) answered {first.status_code}.")
        with CaptureQueriesContext(connection) as queries:
            c.get(target.url)
        counts[target.name] = len(queries)
    return counts


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_env(static_root: Path, secret_key: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "cop.bench.settings",
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "EMAIL_URL": "console://",
        "SITE_URL": "https://bench.invalid",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING",
    })
    return env


def _wait_until_up(base: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn stopped while starting; see its messages above "
                               "(is it installed? make install).")
        try:
            with urllib.request.urlopen(f"{base}/bench/baseline/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s.")


def _wrk(url: str, *, seconds: int, connections: int, script: Path, cookie: str | None) -> dict:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
               "-s", str(script)]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("BENCH "))
    return json.loads(line.removeprefix("BENCH "))


def run(*, seconds: int = 10, connections: int = 2, workers: int = 2, port: int = 0,
        only: list[str] | None = None, page_cache: bool = True,
        out: Callable[[str], None] = print) -> list[Result]:
    if shutil.which("wrk") is None:
        raise RuntimeError(WRK_MISSING)
    if len(settings.SECRET_KEY) < 50:
        raise RuntimeError("SECRET_KEY must have 50 characters or more (production settings).")
    pages = targets()
    if only:
        pages = [p for p in pages if any(word in p.name for word in only)]

    client = Client(HTTP_HOST="127.0.0.1")
    member_client = Client(HTTP_HOST="127.0.0.1")
    member = fill.bench_members().order_by("username").first()
    member_client.force_login(member)
    session = member_client.cookies[settings.SESSION_COOKIE_NAME].value
    cookie = f"{settings.SESSION_COOKIE_NAME}={session}"
    out("Counting the queries that make each page (figures cached, pages not)…")
    with override_settings(FORUM_PAGE_CACHE_SECONDS=0):
        queries = count_queries(pages, client, member_client)

    port = port or _free_port()
    base = f"http://127.0.0.1:{port}"
    # Kept between runs: collectstatic then only copies what changed.
    static_root = Path(settings.VAR_DIR) / "bench-static"
    env = _server_env(static_root, settings.SECRET_KEY)
    if not page_cache:
        env["FORUM_PAGE_CACHE_SECONDS"] = "0"
    python = sys.executable
    out("Collecting static files for the production settings…")
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], env=env,
                   check=True, cwd=settings.BASE_DIR)
    out(f"Starting gunicorn ({workers} sync workers) on {base}…")
    server = subprocess.Popen(
        [python, "-m", "gunicorn", "cop.wsgi", "--workers", str(workers),
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        env=env, cwd=settings.BASE_DIR, start_new_session=True,
    )
    results = []
    try:
        _wait_until_up(base, server)
        with tempfile.TemporaryDirectory() as tmp:
            script = Path(tmp) / "report.lua"
            script.write_text(WRK_SCRIPT)
            out(f"Each page: {seconds} s of wrk with {connections} connections; visitors' page "
                f"cache {'on' if page_cache else 'off (--no-page-cache): pages made afresh'}.")
            out(HEADER)
            for target in pages:
                # A warm-up long enough for every worker's first (cold) request: templates,
                # connections and its caches are filled before the measured run.
                _wrk(base + target.url, seconds=3, connections=connections, script=script,
                     cookie=cookie if target.logged_in else None)
                raw = _wrk(base + target.url, seconds=seconds, connections=connections,
                           script=script, cookie=cookie if target.logged_in else None)
                done = max(raw["requests"], 1)
                result = Result(
                    target=target,
                    requests_per_s=raw["requests"] / (raw["duration_us"] / 1e6),
                    p50_ms=raw["p50_us"] / 1000, p99_ms=raw["p99_us"] / 1000,
                    errors=raw["errors"] + raw["non_2xx"],
                    bytes_per_request=raw["bytes"] // done,
                    queries=queries.get(target.name),
                )
                results.append(result)
                out(format_row(result))
        workers_kb = [procs.peak_rss_kb(pid) for pid in procs.children(server.pid)]
        if workers_kb:
            out(f"Web workers' peak memory (RSS): "
                f"{', '.join(f'{kb / 1024:.0f} MB' for kb in sorted(workers_kb))}.")
    finally:
        _stop(server)
    return results


def _stop(server: subprocess.Popen) -> None:
    """Stop gunicorn and its workers (their own process group), if still running."""
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


HEADER = (f"{'page':<26} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'bytes':>8} "
          f"{'queries':>7}")


def format_row(r: Result) -> str:
    return (f"{r.target.name:<26} {r.requests_per_s:>8.1f} {r.p50_ms:>8.1f} {r.p99_ms:>8.1f} "
            f"{r.errors:>7} {r.bytes_per_request:>8} {'' if r.queries is None else r.queries:>7}")
