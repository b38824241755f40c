"""Fixtures and helpers for the moderation tests: clients by role, posts waiting in the queue,
a known spam text, recorded decisions and logging in."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from cop.enums import PostStatus
from cop.models import Post, Thread
from moderation.engine.fingerprint import fingerprint
from moderation.models import ModelVersion, ModerationDecision, ModerationScore
from moderation.screening.policy import text_of
from tests.conftest import PASSWORD

_n = itertools.count(1)


@pytest.fixture
def editor(member_factory):
    """Someone who may use the Wagtail admin to edit pages, but is not a moderator."""
    user = member_factory(username="edie", display_name="Edie Editor")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def _client(user, *, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


@pytest.fixture
def moderator_client(moderator):
    return _client(moderator)


@pytest.fixture
def client_for():
    return _client


@pytest.fixture
def queued_post_factory(db, category, member_factory):
    """A post already screened and waiting in the queue, written straight to the database the
    way screen_post leaves it: the post held or quarantined, with its score row."""

    def make(*, body: str = "Come to our co-design workshop.", title: str | None = None,
             status: str = PostStatus.HELD, score: float | None = 0.97,
             threshold: float | None = None, rules: list[dict] | None = None,
             top_features: list[dict] | None = None, trust_level: int = 0, author=None,
             thread: Thread | None = None, category_=None, created_at=None) -> Post:
        author = author or member_factory()
        created_at = created_at or timezone.now()
        if thread is None:
            thread = Thread.objects.create(
                category=category_ or category, author=author, status=status,
                title=title or f"Queued thread {next(_n)}", created_at=created_at,
            )
            is_opening = True
        else:
            is_opening = False
        post = Post.objects.create(thread=thread, author=author, body=body, status=status,
                                   is_opening=is_opening, created_at=created_at,
                                   screened_at=created_at)
        model = ModelVersion.objects.filter(is_active=True).first()
        ModerationScore.objects.create(
            post=post, model_version=model, score=score,
            threshold=threshold if threshold is not None else (model.threshold if model else 0.5),
            outcome=status,
            top_features=top_features or [], rules=rules or [], text=text_of(post),
            context={"trust_level": trust_level, "account_age_days": 0.1},
            fingerprint=fingerprint(text_of(post)), created_at=created_at,
        )
        return post

    return make


# --- helpers the moderation tests share ---

ATM_SPAM = (
    "I was broke until I got a programmed blank ATM card from the hackers. I withdraw £3,000 "
    "a day! Email them now: cardwizards@gmail.com"
)


def record_decision(post, moderator, action, *, auto_held=True, minutes_after=30, when=None):
    when = when or post.created_at + timedelta(minutes=minutes_after)
    return ModerationDecision.objects.create(
        post=post, moderator=moderator, action=action, score=0.9, previous_status="held",
        was_auto_held=auto_held, created_at=when,
    )


def log_in(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client
