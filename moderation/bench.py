"""Measure how fast the real background worker clears a burst of new posts.

The burst is written through the forum's own services (so the posts queue their screening
exactly as the site does) while no worker runs; then `manage.py qcluster` starts with a given
number of workers, on the broker the settings name, and the clock runs until every post of the
burst has left "pending". The burst's posts stay in the database: use a benchmark database.
"""

from __future__ import annotations

import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_q.brokers import get_broker
from django_q.conf import Conf

from cop.enums import PostStatus
from cop.models import Post
from moderation.bench_posts import write_burst, write_steadily
from moderation.models import ModelVersion
from operations import procs

WORKER_TIMEOUT = 600  # seconds a run may take before it is given up
DRAIN_TIMEOUT = 120  # seconds given to the jobs that follow a burst (notifications)


@dataclass(frozen=True)
class Run:
    broker: str
    workers: int
    posts: int
    seconds: float
    first_after: float
    p50_s: float
    p99_s: float
    peak_rss_mb: float
    statuses: dict[str, int]
    after_first_s: float = 0.0  # from the first post screened to the last
    apart_rss_mb: float = 0.0  # a child a worker ran apart (a retrain), 0 if none ran

    @property
    def posts_per_s(self) -> float:
        return self.posts / self.seconds if self.seconds else 0.0

    @property
    def posts_per_s_after_first(self) -> float:
        """The rate once the worker had started and loaded the model (the first post's
        screening ends that): the rate a worker already running clears a burst at."""
        return (self.posts - 1) / self.after_first_s if self.after_first_s else 0.0


def database_url() -> str:
    """The database this process uses, as a DATABASE_URL for a worker process."""
    s = connection.settings_dict
    if s["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{s['NAME']}"
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    host = f"{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}"
    return f"postgres://{s['USER']}{password}@{host}/{s['NAME']}"


def broker_name() -> str:
    return "Redis" if settings.Q_CLUSTER.get("redis") else "ORM (database)"


def check_ready() -> None:
    """Raise RuntimeError, saying what to do, when a measurement would mean nothing."""
    if settings.SETTINGS_MODULE.endswith(".production"):
        raise RuntimeError("bench_screening writes test posts: it refuses to run on production "
                           "settings. Use a separate database with the dev settings.")
    if Conf.SYNC:
        raise RuntimeError("Q_CLUSTER runs jobs inline (sync): there is no worker to measure. "
                           "Use the dev settings, or COP_REAL_WORKER=1 with the test settings.")
    if not ModelVersion.objects.filter(is_active=True).exists():
        raise RuntimeError("No active spam model: run `manage.py spam_model --ensure` first.")


def worker_env(workers: int) -> dict[str, str]:
    """The worker runs as deployed: production settings (no debug query log), on this process's
    database, broker, model files and secret."""
    return {
        **os.environ, "COP_REAL_WORKER": "1", "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "cop.settings.production", "Q_WORKERS": str(workers),
        "SECRET_KEY": settings.SECRET_KEY, "COP_VAR_DIR": str(settings.VAR_DIR),
        "MODERATION_MODEL_DIR": str(settings.MODERATION_MODEL_DIR),
        "ALLOWED_HOSTS": "127.0.0.1,localhost", "SITE_URL": "https://bench.invalid",
        "EMAIL_URL": "console://", "SECURE_SSL_REDIRECT": "false",
    }


def _start_worker(workers: int, log: IO[str]) -> subprocess.Popen:
    env = worker_env(workers)
    # Its messages go to a file: a pipe nobody reads would fill and stop the worker.
    return subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"], cwd=settings.BASE_DIR, env=env,
        stdout=log, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )


@contextmanager
def _running_worker(workers: int) -> Iterator[tuple[subprocess.Popen, IO[str]]]:
    """A qcluster with its messages in a temporary file, stopped (and the file closed) after."""
    log = tempfile.TemporaryFile(mode="w+")
    worker = _start_worker(workers, log)
    try:
        yield worker, log
    finally:
        _stop_worker(worker, log)
        log.close()


def _stop_worker(worker: subprocess.Popen, log: IO[str]) -> str:
    """Stop the cluster and all its processes (their own group); returns its last messages.
    The burst is screened by then: a cluster slow to stop is not waited for long."""
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
    log.seek(0)
    return log.read()[-2000:]


def _drain(broker, out: Callable[[str], None],
           sample: Callable[[], None] = lambda: None) -> None:
    """Let the worker finish the jobs the burst left behind (notifications of published posts,
    scheduled jobs), untimed, so that the next run starts with an empty queue; `sample` is
    called every half second (their memory counts in the worker's peak)."""
    started = time.monotonic()
    left = broker.queue_size()
    if not left:
        return
    out(f"  Burst screened; letting the worker finish {left} follow-up jobs (not timed)…")
    while broker.queue_size() and time.monotonic() - started < DRAIN_TIMEOUT:
        sample()
        time.sleep(0.5)
    time.sleep(1)  # the last job taken may still be running
    sample()


def _percentile(values: list[float], share: float) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def _drain_leftovers(broker, workers: int, out: Callable[[str], None]) -> None:
    waiting = broker.queue_size()
    if waiting:
        out(f"  {waiting} jobs were already waiting in the broker; a worker does them first "
            f"(not timed)…")
        log = tempfile.TemporaryFile(mode="w+")
        worker = _start_worker(workers, log)
        try:
            _drain(broker, lambda message: None)
        finally:
            _stop_worker(worker, log)
            log.close()


def _sample_peaks(worker: subprocess.Popen, peaks: dict[tuple[str, int], int]) -> None:
    """Each process's peak, as ("apart", pid) for a short-lived child a worker runs heavy work
    in (operations.apart names it "cop-…": a retrain) and ("worker", pid) for the rest."""
    for pid in procs.tree(worker.pid):
        kind = "apart" if procs.name(pid).startswith("cop-") else "worker"
        peaks[kind, pid] = max(peaks.get((kind, pid), 0), procs.peak_rss_kb(pid))


_APART_PEAK = re.compile(r"\(pid (\d+)\) ended after [\d.]+ s; its peak memory was (\d+) MB")


def _note_apart_peaks(worker: subprocess.Popen, log: IO[str],
                      peaks: dict[tuple[str, int], int]) -> None:
    """A child run apart (a retrain) lives a few seconds, mostly between two samples: wait for
    it to end, then count the peak its parent logged (operations.apart)."""
    started = time.monotonic()
    while time.monotonic() - started < DRAIN_TIMEOUT and any(
            procs.name(pid).startswith("cop-") for pid in procs.tree(worker.pid)):
        _sample_peaks(worker, peaks)
        time.sleep(0.5)
    time.sleep(0.2)  # its parent's line about it
    # Read through a file of its own: the worker still writes at the offset this one shares.
    with open(f"/proc/self/fd/{log.fileno()}", encoding="utf-8", errors="replace") as copy:
        text = copy.read()
    for pid, mb in _APART_PEAK.findall(text):
        key = ("apart", int(pid))
        peaks[key] = max(peaks.get(key, 0), int(mb) * 1024)


def _peak_mb(peaks: dict[tuple[str, int], int], kind: str) -> float:
    return max((kb for (k, _), kb in peaks.items() if k == kind), default=0) / 1024


def _apart_note(apart_mb: float) -> str:
    return f"; a retrain run apart peaked at {apart_mb:.0f} MB" if apart_mb else ""


def _wait_screened(ids: list[int], worker: subprocess.Popen, log: IO[str],
                   peaks: dict[tuple[str, int], int], out: Callable[[str], None]) -> None:
    """Until none of these posts is pending, sampling the worker's memory meanwhile."""
    started = last_report = last_sample = time.monotonic()
    # By the range of their ids (only this run writes posts meanwhile): a list of thousands of
    # ids in each check, five times a second, took a tenth of a core from the worker measured.
    pending = Post.objects.filter(pk__gte=min(ids), pk__lte=max(ids), status=PostStatus.PENDING)
    while pending.exists():
        if worker.poll() is not None:
            raise RuntimeError("qcluster stopped before the posts were screened; its last "
                               "messages:\n" + _stop_worker(worker, log))
        if time.monotonic() - started > WORKER_TIMEOUT:
            raise RuntimeError(f"The posts were not screened within {WORKER_TIMEOUT} s; "
                               f"{pending.count()} posts still wait.")
        if time.monotonic() - last_sample >= 1:
            # Peaks are kept by the kernel (VmHWM): a sample a second misses none, and the
            # walk over /proc would otherwise take CPU from the worker being measured.
            last_sample = time.monotonic()
            _sample_peaks(worker, peaks)
        if time.monotonic() - last_report >= 10:
            last_report = time.monotonic()
            out(f"  {len(ids) - pending.count()} of {len(ids)} screened after "
                f"{last_report - started:.0f} s…")
        time.sleep(0.2)
    _sample_peaks(worker, peaks)


def _screenings(ids: list[int]) -> tuple[list[float], list, dict[str, int]]:
    """Seconds from each post's sending to its screening (sorted), the screening times, and
    how many posts ended in each status."""
    rows = list(Post.objects.filter(pk__in=ids).values_list("created_at", "screened_at",
                                                            "status"))
    latencies = sorted((s - c).total_seconds() for c, s, _ in rows if s is not None)
    statuses: dict[str, int] = {}
    for _, _, status in rows:
        statuses[status] = statuses.get(status, 0) + 1
    return latencies, [s for _, s, _ in rows if s is not None], statuses


def run_once(*, posts: int, workers: int, seed: int,
             out: Callable[[str], None] = print) -> Run:
    broker = get_broker()
    _drain_leftovers(broker, workers, out)
    out(f"  Writing {posts} posts with no worker running…")
    ids = write_burst(posts, seed=seed)
    out(f"  Starting qcluster with {workers} worker{'s' if workers > 1 else ''}…")
    started_wall = timezone.now()
    peaks: dict[tuple[str, int], int] = {}
    with _running_worker(workers) as (worker, log):
        _wait_screened(ids, worker, log, peaks, out)
        _drain(broker, out, lambda: _sample_peaks(worker, peaks))
        _note_apart_peaks(worker, log, peaks)
    latencies, screened, statuses = _screenings(ids)
    last = max(screened, default=started_wall)
    first = min(screened, default=started_wall)
    return Run(
        broker=broker_name(), workers=workers, posts=posts,
        seconds=max((last - started_wall).total_seconds(), 0.001),
        first_after=(first - started_wall).total_seconds(),
        p50_s=_percentile(latencies, 0.50), p99_s=_percentile(latencies, 0.99),
        peak_rss_mb=_peak_mb(peaks, "worker"), statuses=statuses,
        after_first_s=(last - first).total_seconds(), apart_rss_mb=_peak_mb(peaks, "apart"),
    )


def format_run(r: Run) -> str:
    return (f"broker {r.broker}, {r.workers} worker{'s' if r.workers > 1 else ''}: "
            f"{r.posts} posts in {r.seconds:.1f} s = {r.posts_per_s:.1f} posts/s "
            f"(first screened {r.first_after:.1f} s after start; "
            f"{r.posts_per_s_after_first:.1f} posts/s from then); latency p50 {r.p50_s:.1f} s, "
            f"p99 {r.p99_s:.1f} s; peak worker RSS {r.peak_rss_mb:.0f} MB"
            f"{_apart_note(r.apart_rss_mb)}")


@dataclass(frozen=True)
class SteadyRun:
    broker: str
    workers: int
    rate: float  # posts a second asked for
    sent_rate: float  # posts a second written
    posts: int
    p50_s: float
    p99_s: float
    max_s: float
    within_2s: float  # share of posts screened within 2 s of being sent
    peak_rss_mb: float
    apart_rss_mb: float = 0.0


def run_steady(*, rate: float, seconds: float, workers: int, seed: int,
               out: Callable[[str], None] = print) -> SteadyRun:
    """Posts sent at a steady rate to a worker already running (the model loaded by a first
    post): how long each waits from its sending until it is public, held or rejected."""
    broker = get_broker()
    _drain_leftovers(broker, workers, out)
    out(f"  Starting qcluster with {workers} worker{'s' if workers > 1 else ''} and waiting "
        f"for a first post to be screened…")
    peaks: dict[tuple[str, int], int] = {}
    with _running_worker(workers) as (worker, log):
        _wait_screened(write_burst(workers, seed=seed), worker, log, peaks, lambda m: None)
        out(f"  Sending {rate:g} posts/s for {seconds:g} s…")
        ids, sent_rate = write_steadily(rate=rate, seconds=seconds, seed=seed + 1)
        _wait_screened(ids, worker, log, peaks, out)
        _drain(broker, out, lambda: _sample_peaks(worker, peaks))
        _note_apart_peaks(worker, log, peaks)
    latencies, _, _ = _screenings(ids)
    return SteadyRun(
        broker=broker_name(), workers=workers, rate=rate, sent_rate=sent_rate, posts=len(ids),
        p50_s=_percentile(latencies, 0.50), p99_s=_percentile(latencies, 0.99),
        max_s=max(latencies, default=0.0),
        within_2s=sum(1 for v in latencies if v <= 2.0) / len(ids) if ids else 0.0,
        peak_rss_mb=_peak_mb(peaks, "worker"), apart_rss_mb=_peak_mb(peaks, "apart"),
    )


def format_steady(r: SteadyRun) -> str:
    return (f"broker {r.broker}, {r.workers} worker{'s' if r.workers > 1 else ''}, steady "
            f"{r.rate:g} posts/s (sent {r.sent_rate:.1f}/s, {r.posts} posts): from sending to "
            f"screened p50 {r.p50_s:.2f} s, p99 {r.p99_s:.2f} s, max {r.max_s:.2f} s; "
            f"{100 * r.within_2s:.0f}% within 2 s; peak worker RSS {r.peak_rss_mb:.0f} MB"
            f"{_apart_note(r.apart_rss_mb)}")
