"""The job brokers keep a job leased until its result is saved: a job a dead worker took is
handed out again once its lease runs out, never while it is leased, never once acknowledged."""

from __future__ import annotations

import time
import uuid

import pytest
from django_q.brokers import get_broker
from django_q.conf import Conf
from django_q.signing import SignedPackage

from operations import brokers
from operations.queue import enqueue


@pytest.fixture(params=["LeasedORM", "LeasedRedis"])
def broker(request, db, monkeypatch):
    """A queue of its own on the database broker, and on Redis when REDIS_URL is set."""
    if request.param == "LeasedRedis" and not Conf.REDIS:
        pytest.skip("the Redis broker runs only when REDIS_URL is set")
    monkeypatch.setattr(Conf, "BROKER_CLASS", f"operations.brokers.{request.param}")
    monkeypatch.setattr(Conf, "SYNC", False)
    monkeypatch.setattr(Conf, "POLL", 0.01)
    queue = get_broker(f"test-{uuid.uuid4().hex[:8]}")
    assert type(queue).__name__ == request.param
    yield queue
    queue.delete_queue()


def _take(broker):
    jobs = broker.dequeue()
    return jobs[0] if jobs else None


def test_a_job_taken_and_never_acknowledged_is_handed_out_again_after_its_lease(
    broker, settings, monkeypatch
):
    settings.Q_JOB_TIMEOUTS = {"moderation.tasks.screen_post": 1}
    monkeypatch.setattr(brokers, "LEASE_MARGIN_SECONDS", 1)
    enqueue("moderation.tasks.screen_post", 7, broker=broker)

    ack_id, payload = _take(broker)  # a worker takes it, then dies without a word
    assert (broker.queue_size(), broker.lock_size()) == (0, 1)
    assert _take(broker) is None  # leased: no second worker gets it meanwhile
    time.sleep(2.2)
    again = _take(broker)
    assert again is not None and again[1] == payload  # the same job, handed out again

    broker.acknowledge(again[0])  # this time its result is saved
    time.sleep(2.2)
    assert _take(broker) is None
    assert (broker.queue_size(), broker.lock_size()) == (0, 0)


def test_a_screening_is_leased_for_its_own_short_limit_other_jobs_for_retry(broker, settings):
    enqueue("moderation.tasks.screen_post", 7, broker=broker)
    enqueue("cop.tasks.notify_about_post", 7, broker=broker)
    screening, notice = _take(broker)[1], _take(broker)[1]

    limit = settings.MODERATION_SCREENING_TIMEOUT_SECONDS
    # Handed out again well within a minute of a kill, but never while it may still run
    # (django-q2 stops a job 3 s after its limit at the latest).
    assert limit + 3 < brokers.lease_seconds(screening) <= 45
    assert brokers.lease_seconds(notice) == Conf.RETRY > Conf.TIMEOUT


def test_an_acknowledged_job_is_gone_and_others_keep_their_order(broker):
    for post_id in (1, 2, 3):
        enqueue("moderation.tasks.screen_post", post_id, broker=broker)
    first = _take(broker)
    broker.acknowledge(first[0])
    assert broker.lock_size() == 0 and broker.queue_size() == 2
    rest = [_take(broker), _take(broker)]
    assert all(rest) and _take(broker) is None
    assert len({first[1], rest[0][1], rest[1][1]}) == 3


def test_a_job_queued_first_is_handed_out_before_those_waiting_on_redis(broker):
    enqueue("cop.tasks.notify_about_post", 1, broker=broker)
    enqueue("cop.tasks.notify_about_post", 2, broker=broker)
    enqueue("moderation.tasks.screen_waiting", 1, broker=broker, first=True)
    order = [SignedPackage.loads(_take(broker)[1])["func"] for _ in range(3)]
    if type(broker).__name__ == "LeasedRedis":
        # A burst's screening goes on before the follow-up jobs it queued.
        assert order[0] == "moderation.tasks.screen_waiting"
    else:
        # The database broker has no "ahead of the others": the job is simply queued.
        assert sorted(order) == ["cop.tasks.notify_about_post"] * 2 + [
            "moderation.tasks.screen_waiting"]
