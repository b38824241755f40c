"""Load benchmark: readers, posting members and deciding moderators against gunicorn (two
workers) and the django-q2 worker (two processes) on PostgreSQL and Redis, driven by Locust.

    DATABASE_URL=postgres://... REDIS_URL=redis://... python -m cop.bench.load --minutes 10
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _say(message: str) -> None:
    sys.stdout.write(f"==> {message}\n")
    sys.stdout.flush()


def _manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True)


def _prepare(members: int, moderators: int) -> dict:
    """Accounts with signed-in sessions (so sign-in limits do not shape the figures), a
    category and a few threads to read and answer. Members are ordinary: a third joined two
    days ago (trust level 0: thirty seconds between posts, links and promotion held from a
    lower score), the others joined weeks ago with a few approved posts (level 1)."""
    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import Group, Permission
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from cop import publishing, services
    from cop.enums import PostStatus
    from cop.models import Category, Post, User
    from moderation.permissions import MODERATORS_GROUP

    stamp = int(time.time())
    now = timezone.now()
    category, _ = Category.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    group.permissions.add(Permission.objects.get(codename="access_admin"))

    def account(name: str, joined_days_ago: int = 0) -> User:
        user = User.objects.create_user(username=name, email=f"{name}@example.org",
                                        password=None, display_name=name.title())
        User.objects.filter(pk=user.pk).update(date_joined=now - timedelta(days=joined_days_ago))
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        return User.objects.get(pk=user.pk)

    def session(user: User) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return store.session_key

    moderator_users = [account(f"bench{stamp}d{n}", 400) for n in range(moderators)]
    for user in moderator_users:
        user.groups.add(group)
    threads = []
    for n, user in enumerate(moderator_users * 3):
        thread = services.start_thread(author=user, category=category,
                                       title=f"Bench thread {stamp}-{n}",
                                       body="How do you pay peer researchers fairly?")
        publishing.publish_post(post=thread.posts.get())
        threads.append(thread)
    member_users = []
    for n in range(members):
        settled = n % 3 != 0
        user = account(f"bench{stamp}m{n}", 40 if settled else 2)
        if settled:  # three approved posts on three days: trust level 1
            Post.objects.bulk_create(Post(
                thread=threads[day], author=user, status=PostStatus.PUBLISHED,
                body=f"Earlier notes {day} from {user.username} on paying people for their time.",
                created_at=now - timedelta(days=day + 1), screened_at=now - timedelta(days=day + 1),
            ) for day in range(3))
        member_users.append(user)
    return {"members": [session(u) for u in member_users],
            "moderators": [session(u) for u in moderator_users],
            "member_ids": [u.pk for u in member_users], "threads": [t.pk for t in threads],
            "category": category.slug, "since": timezone.now().isoformat()}


def _counts(accounts: dict) -> dict[str, int]:
    from django.utils.dateparse import parse_datetime

    from cop.enums import PostStatus
    from cop.models import Post
    from moderation.services import moderation_tally

    posts = Post.objects.filter(author_id__in=accounts["member_ids"],
                                created_at__gte=parse_datetime(accounts["since"]))
    return {"in": posts.count(), "screened": posts.filter(screened_at__isnull=False).count(),
            "public": posts.filter(status=PostStatus.PUBLISHED).count(),
            **moderation_tally(posts)}


def _wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the site did not answer at {url}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def _report(stats_csv: Path, counts: dict[str, int], seconds: int) -> int:
    rows = list(csv.DictReader(stats_csv.open()))
    _say(f"Figures over {seconds} s")
    sys.stdout.write(f"{'page':28} {'requests':>9} {'errors':>7} {'req/s':>7} {'p50 ms':>7} "
                     f"{'p99 ms':>7}\n")
    refused = {"Request Count": "0", "Requests/s": "0"}
    for row in rows:
        if row["Type"] == "LIMIT":
            refused = row  # counted apart: not a request of its own, nor an error
            continue
        if row["Name"] == "Aggregated":
            aggregated = row
            continue
        sys.stdout.write(f"{row['Name'][:28]:28} {row['Request Count']:>9} "
                         f"{row['Failure Count']:>7} {float(row['Requests/s']):7.1f} "
                         f"{row['50%']:>7} {row['99%']:>7}\n")
    total = int(aggregated["Request Count"]) - int(refused["Request Count"])
    rps = float(aggregated["Requests/s"]) - float(refused["Requests/s"])
    errors = int(aggregated["Failure Count"])
    sys.stdout.write(f"{'all pages':28} {total:>9} {errors:>7} {rps:7.1f} "
                     f"{aggregated['50%']:>7} {aggregated['99%']:>7}\n")
    sys.stdout.write(
        f"posts in {counts['in']}, screened {counts['screened']}, public {counts['public']}, "
        f"held {counts['held']}, decided {counts['decided']} ({counts['approved']} approved, "
        f"{counts['rejected']} rejected); {refused['Request Count']} replies refused by "
        f"posting limits\n")
    sys.stdout.write(f"Done: {total} requests, {rps:.1f} req/s, {errors} errors, "
                     f"{counts['in']} posts in, {counts['screened']} screened.\n")
    return 0 if errors == 0 and counts["in"] == counts["screened"] else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--users", type=int, default=30, help="simulated people at once")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "18200")))
    options = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or \
            not os.environ.get("REDIS_URL"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database and REDIS_URL to Redis.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop.settings.dev")
    os.environ.setdefault("Q_WORKERS", "2")
    seconds = int(options.minutes * 60)

    _say("Preparing the database and the spam model")
    _manage("migrate", "--noinput", "-v", "0")
    _manage("spam_model", "--ensure")
    accounts = _prepare(members=max(4, options.users // 2), moderators=2)
    workdir = Path(tempfile.mkdtemp(prefix="cop-bench-"))
    (workdir / "accounts.json").write_text(json.dumps(accounts))
    env = {**os.environ, "COP_BENCH_ACCOUNTS": str(workdir / "accounts.json")}

    host = f"http://127.0.0.1:{options.port}"
    _say(f"Starting gunicorn (2 workers) on {host} and the background worker (2 processes); "
         f"logs in {workdir}")
    web = subprocess.Popen([sys.executable, "-m", "gunicorn", "cop.wsgi", "-w", "2", "-b",
                            f"127.0.0.1:{options.port}", "--log-level", "warning"],
                           cwd=ROOT, env=env, start_new_session=True)
    worker_log = (workdir / "worker.log").open("w")
    worker = subprocess.Popen([sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=env,
                              start_new_session=True, stdout=worker_log,
                              stderr=subprocess.STDOUT)
    try:
        _wait_for(f"{host}/forum/", 60)
        _say(f"Running {options.users} people for {seconds} s")
        subprocess.run([sys.executable, "-m", "locust", "-f", str(Path(__file__).with_name(
            "locustfile.py")), "--headless", "-u", str(options.users), "-r", "5", "-t",
            f"{seconds}s", "--host", host, "--csv", str(workdir / "load"), "--only-summary",
            "--loglevel", "WARNING"], cwd=ROOT, env=env, check=False)
        _stop(web)
        _say("Waiting up to 90 s for the worker to screen what is left")
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            counts = _counts(accounts)
            if counts["in"] == counts["screened"]:
                break
            time.sleep(2)
    finally:
        _stop(web)
        _stop(worker)
    return _report(workdir / "load_stats.csv", _counts(accounts), seconds)


if __name__ == "__main__":
    sys.exit(main())
