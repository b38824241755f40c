"""Faults around the background worker: killed mid-batch, a corrupted model file, no broker.

Each test counts posts in and posts out, and checks none is ever public without a screening.
"""

from __future__ import annotations

import re
import shutil
import time
from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.db.models import F
from django.urls import reverse
from django_q.conf import Conf
from django_q.models import Schedule
from django_q.tasks import async_task

from cop import services
from cop.enums import PostStatus
from cop.models import Post
from moderation.models import ModerationScore
from operations.models import WorkerHeartbeat
from tests.faults.worker import ROOT, Worker, wait_until

BATCH = 8
# systemd starts a killed worker again after RestartSec.
RESTART_SECONDS = int(re.search(r"^RestartSec=(\d+)$", (
    ROOT / "deploy/systemd/cop-worker.service").read_text(), re.MULTILINE).group(1))
SLOW_SECONDS = 1.0
# Two posts a screening job (a batch commits as a whole): the worker is killed with some
# batches saved and one half done.
SLOW = {"MODERATION_POLICY": "tests.faults.slow_policy.SlowSpamEnginePolicy",
        "COP_SLOW_SCREENING_SECONDS": str(SLOW_SECONDS), "MODERATION_SCREENING_BATCH": "2"}


def _post_batch(authors, category, size: int) -> list[int]:
    ids = []
    for n in range(size):
        thread = services.start_thread(
            author=authors[n % len(authors)], category=category, title=f"Session notes {n}",
            body=f"What we learned from co-design workshop number {n} with local carers.",
        )
        ids.append(thread.posts.get().pk)
    return ids


def _screened(ids) -> int:
    return Post.objects.filter(pk__in=ids, screened_at__isnull=False).count()


def _screened_ids(ids) -> list[int]:
    return list(Post.objects.filter(pk__in=ids, screened_at__isnull=False).values_list(
        "pk", flat=True))


def _assert_nothing_public_unscreened(ids) -> None:
    unscreened_public = Post.objects.filter(pk__in=ids, status=PostStatus.PUBLISHED).exclude(
        pk__in=ModerationScore.objects.values("post_id"))
    assert not unscreened_public.exists()


def _sweep_as_migrated() -> None:
    # Transactional tests empty the tables, schedules included: set the row up as 0001 did,
    # then as 0009 changed it.
    Schedule.objects.update_or_create(
        func="moderation.tasks.requeue_stale_pending",
        defaults={"name": "Screen posts left waiting", "schedule_type": "I", "minutes": 5})
    import_module("moderation.migrations.0009_faults_sweep_every_minute").every_minute(
        django_apps, None)


def test_sweep_runs_every_minute_for_posts_waiting_under_a_minute(db):
    _sweep_as_migrated()
    sweep = Schedule.objects.get(func="moderation.tasks.requeue_stale_pending")
    assert (sweep.schedule_type, sweep.minutes) == (Schedule.MINUTES, 1)
    # A job lost with a killed worker is redone within a minute of the post plus one sweep.
    assert settings.MODERATION_STALE_PENDING_SECONDS <= 60
    # django-q2 puts back a job still unfinished after `retry`; it must outlast `timeout`.
    assert Conf.TIMEOUT < Conf.RETRY


@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_batch_loses_no_post_and_redoes_its_jobs_within_a_minute(
    member_factory, category, monkeypatch
):
    monkeypatch.setattr(Conf, "SYNC", False)  # queue for real, as production does
    _sweep_as_migrated()  # the sweep gets its chance, as it would in production
    authors = [member_factory() for _ in range(3)]

    worker = Worker(**SLOW).start()
    try:
        # As on a live site, the worker is up and takes each post a moment after it is written.
        assert wait_until(WorkerHeartbeat.objects.exists, seconds=60), worker.stop()
        ids = _post_batch(authors, category, BATCH)
        assert wait_until(lambda: _screened(ids) >= 3, seconds=25, every=0.05), worker.stop()
        time.sleep(SLOW_SECONDS / 2)  # halfway through the next screening
    finally:
        output = worker.kill()
    killed_at = time.monotonic()
    at_kill = _screened(ids)
    assert at_kill < BATCH, "the worker finished before it could be stopped mid-batch"
    # The dead worker had started a screening job (new posts queue jobs that screen whatever
    # is waiting) and never finished it.
    started = len(re.findall(r"processing screen_waiting-\d", output))
    finished = len(re.findall(r"Processed .*moderation\.tasks\.screen_waiting", output))
    assert started > finished, output
    _assert_nothing_public_unscreened(ids)

    time.sleep(RESTART_SECONDS)
    worker = Worker().start()
    try:
        finished = wait_until(lambda: _screened(ids) == BATCH, seconds=150, every=0.25)
        redone_after = time.monotonic() - killed_at
    finally:
        output = worker.stop()
    waiting = list(Post.objects.filter(pk__in=ids, screened_at__isnull=True).values_list(
        "pk", flat=True))
    assert finished, f"{len(waiting)} posts never screened after the restart\n{output}"
    # A member whose post the dead worker held waits less than a minute, restart included.
    assert redone_after < 60, f"the last post was screened {redone_after:.0f} s after the kill"
    assert Post.objects.filter(pk__in=ids).count() == BATCH  # posts in = posts out
    _assert_nothing_public_unscreened(ids)
    # Screened once each, even where the sweep and a retried job both reached it.
    assert ModerationScore.objects.filter(post_id__in=ids).count() == BATCH


@pytest.mark.django_db(transaction=True)
def test_corrupted_model_file_holds_posts_for_a_moderator(
    member, moderator, category, spam_model_version, tmp_path, client, monkeypatch
):
    monkeypatch.setattr(Conf, "SYNC", False)
    damaged = tmp_path / "damaged.joblib"
    shutil.copyfile(spam_model_version.artefact_path, damaged)
    damaged.write_bytes(damaged.read_bytes()[:-64] + b"\0" * 64)  # same size, wrong sha256
    spam_model_version.artefact_path = str(damaged)
    spam_model_version.save(update_fields=["artefact_path"])
    ids = _post_batch([member], category, 3)

    worker = Worker().start()
    try:
        finished = wait_until(lambda: _screened(ids) == 3, seconds=25, every=0.25)
    finally:
        output = worker.stop()
    assert finished, output
    assert set(Post.objects.filter(pk__in=ids).values_list("status", flat=True)) == {
        PostStatus.HELD}
    _assert_nothing_public_unscreened(ids)

    post = Post.objects.get(pk=ids[0])
    moderator.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(moderator)
    for url in [reverse("cop:index"), post.thread.get_absolute_url(),
                reverse("review:queue"), reverse("review:item", args=[post.pk])]:
        assert client.get(url).status_code == 200, url
    client.force_login(member)
    assert client.get(post.thread.get_absolute_url()).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_unreachable_broker_keeps_the_post_for_the_sweep(member, category, monkeypatch):
    if not Conf.REDIS:
        pytest.skip("runs only when the broker is Redis (set REDIS_URL); the SQLite run queues "
                    "jobs in the database itself, which cannot be unreachable on its own")
    monkeypatch.setattr(Conf, "SYNC", False)
    real_broker = Conf.REDIS
    monkeypatch.setattr(Conf, "REDIS", "redis://127.0.0.1:1/0")  # nothing listens there
    before = Post.objects.count()
    try:
        services.start_thread(author=member, category=category, title="While the broker is down",
                              body="Notes from the Tuesday drop-in, written up for the group.")
    except Exception:  # noqa: BLE001 - the post must be kept whatever the enqueue raised
        pass
    assert Post.objects.count() == before + 1  # saved, not lost
    post = Post.objects.latest("pk")
    assert post.status == PostStatus.PENDING  # and not public unscreened

    monkeypatch.setattr(Conf, "REDIS", real_broker)
    Post.objects.filter(pk=post.pk).update(created_at=F("created_at") - timedelta(seconds=61))
    worker = Worker().start()
    try:
        async_task("moderation.tasks.requeue_stale_pending")
        finished = wait_until(lambda: _screened([post.pk]) == 1, seconds=20, every=0.25)
    finally:
        output = worker.stop()
    assert finished, output
    _assert_nothing_public_unscreened([post.pk])
