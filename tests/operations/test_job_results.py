"""Successful job results are kept for the admin's list, the newest few only, pruned once a
minute rather than after every job (which cost a busy worker as much as a short job)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import timezone
from django_q.models import Failure, Schedule, Success, Task
from django_q.tasks import async_task

from operations import tasks

pytestmark = pytest.mark.django_db


def test_the_newest_results_are_kept_and_failures_stay(settings):
    settings.Q_KEEP_RESULTS = 3
    names = [async_task("time.time", task_name=f"ok-{n}") for n in range(6)]
    # A failure is never pruned (a failing job raises in the tests' inline queue, so its
    # row is written as the worker would).
    Task.objects.create(id="f" * 32, name="fails", func="math.sqrt", args=(-1,), kwargs={},
                        started=timezone.now(), stopped=timezone.now(), success=False,
                        result="math domain error")
    assert Success.objects.count() == 6

    assert tasks.prune_job_results() == 3

    kept = set(Success.objects.values_list("name", flat=True))
    assert kept == {"ok-3", "ok-4", "ok-5"}, names
    assert Failure.objects.filter(name="fails").exists()
    assert tasks.prune_job_results() == 0


def test_keeping_none_deletes_every_success(settings):
    settings.Q_KEEP_RESULTS = 0
    async_task("time.time")
    assert tasks.prune_job_results() == 1
    assert not Success.objects.exists()


def test_pruning_runs_on_a_schedule_and_django_q_does_not_prune_after_each_job():
    assert Schedule.objects.filter(func="operations.tasks.prune_job_results",
                                   schedule_type=Schedule.MINUTES, minutes=1).exists()
    assert settings.Q_CLUSTER["save_limit"] == 0
