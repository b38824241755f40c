"""A burst of new posts queues a few screening jobs, not one a post; each screens whatever is
waiting when it starts, so nothing written before it started is left behind."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_q.brokers import get_broker
from django_q.conf import Conf
from django_q.models import OrmQ

from cop import services
from cop.enums import PostStatus
from cop.models import Post
from moderation import tasks
from operations.models import JobSlot

SCREENING = "moderation.tasks.screen_waiting"


@pytest.fixture
def queue_for_real(monkeypatch, settings):
    """Jobs go to the database broker and wait there, as with a worker that is busy."""
    monkeypatch.setattr(Conf, "SYNC", False)
    monkeypatch.setattr(Conf, "REDIS", None)
    monkeypatch.setattr(Conf, "ORM", "default")
    monkeypatch.setattr(Conf, "BROKER_CLASS", "operations.brokers.LeasedORM")
    settings.MODERATION_SCREENING_JOBS = 2
    return get_broker()


def _screening_jobs() -> int:
    return sum(1 for job in OrmQ.objects.all() if job.func() == SCREENING)


def _reply(thread, author, n: int) -> Post:
    return services.reply(author=author, thread=thread,
                          body=f"Our carers' panel met again, session {n}, and chose the venue.")


def test_a_burst_of_posts_queues_two_screening_jobs_and_they_screen_every_post(
        queue_for_real, thread_factory, member_factory, django_capture_on_commit_callbacks,
        settings):
    settings.FORUM_POSTING_CHECKS = []
    thread = thread_factory()
    authors = [member_factory() for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        posts = [_reply(thread, authors[n % 3], n) for n in range(12)]
    assert _screening_jobs() == 2  # not twelve
    assert Post.objects.filter(pk__in=[p.pk for p in posts], status=PostStatus.PENDING).count() \
        == 12

    # The first job to run screens every post waiting; the second finds nothing left.
    assert tasks.screen_waiting(1) == "screened 12 posts"
    assert tasks.screen_waiting(2) == "screened 0 posts"
    assert not Post.objects.filter(pk__in=[p.pk for p in posts],
                                   status=PostStatus.PENDING).exists()


def test_a_post_written_once_a_job_has_started_queues_another(
        queue_for_real, thread_factory, member, django_capture_on_commit_callbacks):
    thread = thread_factory()
    with django_capture_on_commit_callbacks(execute=True):
        _reply(thread, member, 1)
    assert _screening_jobs() == 1
    tasks.screen_waiting(1)  # started: its slot is free again
    assert JobSlot.objects.get(func=SCREENING, slot=1).queued_at is None
    with django_capture_on_commit_callbacks(execute=True):
        later = _reply(thread, member, 2)
    assert _screening_jobs() == 2  # the one run above stays in the table; a new one queued
    assert tasks.screen_waiting(1) == "screened 1 posts"
    later.refresh_from_db()
    assert later.status != PostStatus.PENDING


def test_a_slot_whose_job_was_lost_is_taken_again_after_a_while(
        queue_for_real, thread_factory, member, django_capture_on_commit_callbacks, settings):
    thread = thread_factory()
    lost = timezone.now() - timedelta(seconds=settings.MODERATION_STALE_PENDING_SECONDS + 5)
    JobSlot.objects.bulk_create([JobSlot(func=SCREENING, slot=1, queued_at=lost),
                                 JobSlot(func=SCREENING, slot=2, queued_at=timezone.now())])
    with django_capture_on_commit_callbacks(execute=True):
        _reply(thread, member, 1)
    assert _screening_jobs() == 1
    assert JobSlot.objects.get(func=SCREENING, slot=1).queued_at > lost


def test_with_the_broker_away_the_slot_stays_free_for_the_next_post(
        monkeypatch, thread_factory, member, django_capture_on_commit_callbacks):
    monkeypatch.setattr(Conf, "SYNC", False)
    monkeypatch.setattr(Conf, "ORM", None)
    monkeypatch.setattr(Conf, "REDIS", "redis://127.0.0.1:1/0")
    monkeypatch.setattr(Conf, "BROKER_CLASS", "operations.brokers.LeasedRedis")
    thread = thread_factory()
    with django_capture_on_commit_callbacks(execute=True):
        post = _reply(thread, member, 1)
    post.refresh_from_db()
    assert post.status == PostStatus.PENDING  # saved, waiting for the sweep
    assert not JobSlot.objects.filter(func=SCREENING, queued_at__isnull=False).exists()


def test_a_job_at_its_time_budget_stops_and_queues_itself_to_go_on(
        queue_for_real, thread_factory, member_factory, django_capture_on_commit_callbacks,
        settings):
    settings.FORUM_POSTING_CHECKS = []
    thread = thread_factory()
    authors = [member_factory() for _ in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        posts = [_reply(thread, authors[n % 2], n) for n in range(5)]
    OrmQ.objects.all().delete()
    settings.MODERATION_SCREENING_BATCH = 2
    settings.MODERATION_SCREENING_TIMEOUT_SECONDS = 0  # the budget is spent after one batch

    assert tasks.screen_waiting(1) == "screened 2 posts; more were waiting, queued to go on"
    assert _screening_jobs() == 1
    assert JobSlot.objects.get(func=SCREENING, slot=1).queued_at is not None
    waiting = Post.objects.filter(pk__in=[p.pk for p in posts], status=PostStatus.PENDING)
    assert waiting.count() == 3
