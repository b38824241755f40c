"""With Redis unreachable, pages, log-in and posting still answer; waiting posts are screened
once the queue is back."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_q.conf import Conf

from cop.enums import PostStatus
from cop.models import Post, Thread
from moderation import tasks
from tests.conftest import PASSWORD

CLOSED_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(settings, monkeypatch):
    """Cache and job broker both pointed at a port where nothing listens."""
    settings.REDIS_URL = CLOSED_REDIS
    settings.CACHES = {"default": {
        "BACKEND": "operations.cache.FallbackRedisCache", "LOCATION": CLOSED_REDIS,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }}
    monkeypatch.setattr(Conf, "ORM", None)
    monkeypatch.setattr(Conf, "REDIS", CLOSED_REDIS)
    monkeypatch.setattr(Conf, "BROKER_CLASS", "operations.brokers.LeasedRedis")
    monkeypatch.setattr(Conf, "SYNC", False)


def test_pages_and_log_in_answer_with_redis_down(client, member, thread_factory, redis_down):
    thread = thread_factory(title="Paying peer researchers")
    started = time.monotonic()
    assert client.get("/").status_code == 200
    assert client.get(reverse("cop:index")).status_code == 200
    assert client.get(thread.get_absolute_url()).status_code == 200
    assert client.get(reverse("cop:search") + "?q=peer").status_code == 200
    response = client.post(reverse("account_login"),
                           {"login": member.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("cop:index")).wsgi_request.user == member
    # Redis is skipped for a while after the first failure, so pages do not wait on every call.
    assert time.monotonic() - started < 10


def test_post_is_saved_and_member_told_it_will_appear_then_screened_when_redis_returns(
    client, member, category, redis_down, django_capture_on_commit_callbacks, monkeypatch,
):
    client.login(username=member.username, password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cop:new_thread"), {
            "category": category.pk, "title": "Room bookings for our next session",
            "body": "Does anyone know a quiet room near the station for twelve people?",
        }, follow=True)
    assert response.status_code == 200
    assert "will appear in a moment" in response.content.decode()
    post = Post.objects.get(thread__title="Room bookings for our next session")
    assert post.status == PostStatus.PENDING

    # Redis is back (here: the in-process queue); the periodic sweep finds the waiting post.
    monkeypatch.setattr(Conf, "SYNC", True)
    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - timedelta(hours=1))
    assert tasks.requeue_stale_pending() == 1
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    assert Thread.objects.get(pk=post.thread_id).status == PostStatus.PUBLISHED
