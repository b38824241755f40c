"""Fixtures for the fault and fuzz tests: a small forum with something on every page."""

from __future__ import annotations

import pytest

from cop import following, publishing
from cop.enums import PostStatus
from cop.models import Post


@pytest.fixture
def small_forum(member, other_member, moderator, category, thread_factory, post_factory):
    """A published thread with a reply, a held post, a tag, a report and a notification."""
    thread = thread_factory(category=category, author=other_member, title="Paying peer researchers",
                            body="How do you pay peer researchers? #payment")
    publishing.publish_post(post=thread.posts.get())
    reply = post_factory(thread=thread, author=member, body="We use vouchers, agreed up front.")
    held = post_factory(thread=thread, author=member, body="Waiting for a second look.",
                        status=PostStatus.HELD)
    following.follow(user=member, thread=thread)
    return {"thread": thread, "reply": reply, "held": held, "category": category,
            "post": Post.objects.filter(thread=thread, is_opening=True).get()}
