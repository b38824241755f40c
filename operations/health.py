"""Health of each part the site relies on: database, cache/broker, worker and spam model."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from datetime import timedelta

import redis
from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

# A worker touches its heartbeat every minute; three missed beats mean it is not running.
HEARTBEAT_STALE_AFTER = timedelta(minutes=3)


@dataclass(frozen=True)
class PartHealth:
    name: str
    ok: bool
    detail: str


def database() -> PartHealth:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return PartHealth("database", True, connection.vendor)
    except DatabaseError as error:
        return PartHealth("database", False, f"cannot be reached: {error}".strip())


def redis_server(url: str | None = None) -> PartHealth:
    """Redis as cache and job broker; without REDIS_URL the database plays both parts."""
    url = settings.REDIS_URL if url is None else url
    if not url:
        return PartHealth("redis", True, "not used (the database is the job broker)")
    timeout = settings.REDIS_TIMEOUT
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
        client.ping()
        client.close()
        return PartHealth("redis", True, "answers")
    except (redis.RedisError, OSError) as error:
        return PartHealth("redis", False, f"cannot be reached: {error}")


def worker() -> PartHealth:
    from operations.models import WorkerHeartbeat

    try:
        last = (WorkerHeartbeat.objects.order_by("-seen_at")
                .values_list("seen_at", flat=True).first())
    except DatabaseError:
        return PartHealth("worker", False, "unknown: the database cannot be reached")
    if last is None:
        return PartHealth("worker", False, "has never reported: is `manage.py qcluster` running?")
    age = timezone.now() - last
    if age > HEARTBEAT_STALE_AFTER:
        return PartHealth("worker", False, f"last seen {int(age.total_seconds())} seconds ago")
    return PartHealth("worker", True, f"seen {int(age.total_seconds())} seconds ago")


def spam_model() -> PartHealth:
    from moderation.classifier import registry

    try:
        row, _ = registry.active_model()
    except DatabaseError:
        return PartHealth("spam_model", False, "unknown: the database cannot be reached")
    except Exception as error:  # noqa: BLE001  (any failure to load means posts wait for people)
        return PartHealth("spam_model", False, f"not loaded: {error}")
    return PartHealth("spam_model", True, f"version {row.version} loaded")


def email_server() -> PartHealth:
    """Whether the SMTP server in EMAIL_URL answers (other email backends need no server)."""
    if not settings.EMAIL_BACKEND.endswith("smtp.EmailBackend"):
        return PartHealth("email", True, "no server needed for this backend")
    host, port = settings.EMAIL_HOST, int(settings.EMAIL_PORT)
    smtp_class = smtplib.SMTP_SSL if settings.EMAIL_USE_SSL else smtplib.SMTP
    try:
        with smtp_class(host, port, timeout=5) as server:
            server.noop()
        return PartHealth("email", True, f"{host}:{port} answers")
    except (smtplib.SMTPException, OSError) as error:
        return PartHealth("email", False, f"{host}:{port} cannot be reached: {error}")


def site_health() -> list[PartHealth]:
    """What /healthz reports; the email server is left to `check --deploy`, as mail is slow."""
    return [database(), redis_server(), worker(), spam_model()]
