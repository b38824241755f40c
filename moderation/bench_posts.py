"""The posts the screening benchmark sends: replies from practitioners and, one in eight, a
spam thread, written through the forum's own services as members write them (so each queues
its screening exactly as the site does), in a burst or at a steady rate."""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from datetime import timedelta

from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone

from cop import services
from cop.bench import fill
from cop.enums import PostStatus
from cop.markup import render_post_html
from cop.models import Category, Post, Thread, User
from moderation.bots import texts

MEMBER_PREFIX = "screenbench_"
MEMBERS = 12
THREADS = 10
CATEGORY_SLUG = "screening-bench"
SPAM_EVERY = 8  # one post in eight is spam, as a new thread
SENDERS = 2  # threads writing posts at a steady rate, as web workers would


def _members() -> list[User]:
    joined = timezone.now() - timedelta(days=400)
    members = []
    for i in range(1, MEMBERS + 1):
        name = f"{MEMBER_PREFIX}{i:02d}"
        member, _ = User.objects.get_or_create(
            username=name, defaults={"email": f"{name}@example.org", "date_joined": joined,
                                     "display_name": f"Practitioner {i:02d}"})
        members.append(member)
    return members


def _category_and_threads(author: User) -> tuple[Category, list[Thread]]:
    """The bench_fill forum's threads when there is one, else a few threads of our own."""
    filled = list(Thread.objects.filter(category__in=fill.bench_categories(),
                                        status=PostStatus.PUBLISHED).order_by("pk")[:THREADS])
    if filled:
        return filled[0].category, filled
    category, _ = Category.objects.get_or_create(
        slug=CATEGORY_SLUG, defaults={"name": "Screening benchmark", "order": 200,
                                      "description": "Posts written by bench_screening."})
    threads = list(category.threads.filter(status=PostStatus.PUBLISHED).order_by("pk")[:THREADS])
    rng = random.Random(14)
    while len(threads) < THREADS:
        title, body = texts.honest_text(rng, len(threads))
        now = timezone.now()
        thread = Thread.objects.create(category=category, title=title, author=author,
                                       status=PostStatus.PUBLISHED, created_at=now,
                                       last_activity_at=now)
        html, version = render_post_html(body)
        Post.objects.create(thread=thread, author=author, body=body, is_opening=True,
                            body_html=html, body_html_version=version,
                            status=PostStatus.PUBLISHED, created_at=now, screened_at=now)
        threads.append(thread)
    return category, threads


def _post_writer(*, seed: int) -> Callable[[int], int]:
    """A function writing the n-th post of a burst through cop.services and returning its id:
    mostly replies from practitioners, one in eight a spam thread."""
    rng = random.Random(seed)
    members = _members()
    category, threads = _category_and_threads(members[0])

    def write(n: int) -> int:
        author = members[n % len(members)]
        if n % SPAM_EVERY == SPAM_EVERY - 1:
            title, body = texts.spam_text(rng.choice(texts.SPAM_KINDS), rng)
            thread = services.start_thread(author=author, category=category,
                                           title=title, body=body)
            return thread.posts.get(is_opening=True).pk
        if n % 3 == 0:
            body = texts.honest_text(rng, seed * 100_000 + n)[1]
        else:
            body = f"{rng.choice(texts.HARMLESS_REPLIES)} ({rng.randint(2, 9)} of us, " \
                   f"session {seed}-{n})"
        return services.reply(author=author, thread=threads[n % len(threads)], body=body).pk

    return write


@contextmanager
def _writing():
    """The limits that refuse a member's post before it is saved (one post every few seconds)
    would refuse a burst from a dozen members; screening itself runs as configured. django-q2's
    line for every job queued is left out of the benchmark's output."""
    queue_log = logging.getLogger("django-q")
    level = queue_log.level
    queue_log.setLevel(max(level, logging.WARNING))
    try:
        with override_settings(FORUM_POSTING_CHECKS=[]):
            yield
    finally:
        queue_log.setLevel(level)


def write_burst(posts: int, *, seed: int) -> list[int]:
    """`posts` new posts by several members, through cop.services: mostly replies from
    practitioners, one in eight a spam thread. Returns their ids, all pending."""
    with _writing():
        write = _post_writer(seed=seed)
        return [write(n) for n in range(posts)]


def write_steadily(*, rate: float, seconds: float, seed: int,
                   senders: int = SENDERS) -> tuple[list[int], float]:
    """Posts written as write_burst does, `rate` a second for `seconds` (while a worker runs),
    by `senders` threads, each with its own database connection, as several web workers would
    write them: post n is due at n / rate seconds. Returns their ids and the rate achieved
    (lower when this process cannot write faster)."""
    total = max(1, round(rate * seconds))
    ids: list[int] = [0] * total
    with _writing():
        writers = [_post_writer(seed=seed * 10 + k) for k in range(senders)]
        started = time.monotonic()
        threads = [threading.Thread(target=_send, args=(writers[k], range(k, total, senders),
                                                        started, rate, ids))
                   for k in range(senders)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        took = time.monotonic() - started
    if not all(ids):
        raise RuntimeError("a sender stopped before writing its posts (see the error above)")
    return ids, (total - 1) / took if total > 1 and took else float(total)


def _send(write: Callable[[int], int], numbers: range, started: float, rate: float,
          ids: list[int]) -> None:
    try:
        for n in numbers:
            delay = started + n / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            ids[n] = write(n)
    finally:
        connection.close()  # this thread's own connection
