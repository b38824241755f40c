"""/healthz tells a load balancer or monitor which part of the site is down."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from moderation.models import ModelVersion
from operations import tasks
from operations.models import WorkerHeartbeat

CLOSED_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def worker_alive(db):
    tasks.heartbeat()


def _health(client, query: str = ""):
    response = client.get(reverse("healthz") + query)
    return response.status_code, response.json()


def test_healthz_all_parts_up(client, worker_alive):
    status, body = _health(client)
    assert status == 200 and body["status"] == "ok"
    assert set(body["parts"]) == {"database", "redis", "worker", "spam_model"}
    assert all(part["ok"] for part in body["parts"].values())
    assert body["version"]


def test_healthz_reports_a_worker_that_stopped_beating(client, worker_alive, settings):
    WorkerHeartbeat.objects.update(seen_at=timezone.now() - timedelta(minutes=10))
    status, body = _health(client)
    assert status == 200 and body["status"] == "degraded"
    assert body["parts"]["worker"]["ok"] is False
    assert "600 seconds ago" in body["parts"]["worker"]["detail"]
    # Monitors that want to hear about any part ask strictly.
    assert _health(client, "?strict")[0] == 503


def test_healthz_reports_no_worker_ever(client, db):
    _, body = _health(client)
    assert body["parts"]["worker"] == {
        "ok": False, "detail": "has never reported: is `manage.py qcluster` running?"}


def test_healthz_reports_redis_down(client, worker_alive, settings):
    settings.REDIS_URL = CLOSED_REDIS
    status, body = _health(client)
    assert status == 200 and body["status"] == "degraded"
    assert body["parts"]["redis"]["ok"] is False
    assert "cannot be reached" in body["parts"]["redis"]["detail"]


@pytest.mark.no_spam_model
def test_healthz_reports_no_spam_model(client, worker_alive):
    assert not ModelVersion.objects.exists()
    _, body = _health(client)
    assert body["parts"]["spam_model"]["ok"] is False
    assert "spam_model --ensure" in body["parts"]["spam_model"]["detail"]


def test_healthz_reports_database_down_with_503(client, worker_alive, monkeypatch):
    def refuse(*args, **kwargs):
        from django.db import OperationalError

        raise OperationalError("connection refused")

    # The database going away mid-run: every new cursor fails the way a refused connection does.
    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", refuse)
        status, body = _health(client)
    assert status == 503 and body["status"] == "down"
    assert body["parts"]["database"]["ok"] is False
    assert body["parts"]["worker"]["detail"].startswith("unknown")


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_from_accounts(client, db):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    assert "Disallow: /accounts/" in text and "Sitemap: http" in text and "/sitemap.xml" in text
