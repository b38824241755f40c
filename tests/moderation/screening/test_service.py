"""Screening: every post passes screen_post; failures hold the post, nothing is lost."""

from datetime import timedelta

from django.utils import timezone

from cop.enums import PostStatus
from cop.models import Notification, Post
from moderation import tasks
from moderation.screening.service import screen_post


class BrokenPolicy:
    def decide(self, post):
        raise RuntimeError("model file missing")


def test_screen_post_publishes_with_the_default_policy(thread_factory):
    thread = thread_factory(status=PostStatus.PENDING)
    post = thread.posts.get()
    verdict = screen_post(post=post)
    assert verdict.status == PostStatus.PUBLISHED
    post.refresh_from_db()
    thread.refresh_from_db()
    assert post.status == thread.status == PostStatus.PUBLISHED
    assert post.screened_at is not None


def test_publish_at_once_policy_publishes_and_records_why(thread_factory, settings):
    """The alternative policy for sites that moderate after the fact (MODERATION_POLICY)."""
    settings.MODERATION_POLICY = "moderation.screening.policy.PublishAtOncePolicy"
    thread = thread_factory(status=PostStatus.PENDING, body="Get a blank ATM card from hackers")
    post = thread.posts.get()
    assert screen_post(post=post).status == PostStatus.PUBLISHED
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    assert post.scores.get().reasons == ["published at once by policy"]


def test_screen_post_holds_when_the_policy_fails(thread_factory, settings, caplog):
    settings.MODERATION_POLICY = "tests.moderation.test_screening.BrokenPolicy"
    thread = thread_factory(status=PostStatus.PENDING)
    post = thread.posts.get()
    verdict = screen_post(post=post)
    assert verdict.status == PostStatus.HELD
    assert verdict.reasons == ["classifier unavailable"]
    post.refresh_from_db()
    assert post.status == PostStatus.HELD
    assert "screening failed" in caplog.text
    notice = Notification.objects.get(recipient=post.author)
    assert "waiting for a moderator to check it" in notice.message


def test_sweep_requeues_stale_pending_posts(thread_factory, settings):
    # One post a job: a batch would screen the fresh post with the stale one's job.
    settings.MODERATION_SCREENING_BATCH = 1
    thread = thread_factory(status=PostStatus.PENDING)
    post = thread.posts.get()
    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - timedelta(hours=1))
    fresh = thread_factory(status=PostStatus.PENDING).posts.get()
    assert tasks.requeue_stale_pending() == 1  # runs the queued job in-process under test
    post.refresh_from_db()
    fresh.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    assert fresh.status == PostStatus.PENDING


def test_screen_task_leaves_moderator_decisions_alone(thread_factory):
    thread = thread_factory(status=PostStatus.REJECTED)
    post = thread.posts.get()
    assert tasks.screen_post(post.pk) == "skipped: rejected"
    assert tasks.screen_post(999999) == "gone"
