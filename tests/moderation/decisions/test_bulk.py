"""Moderators' decisions from the queue and an item's page, one post or a selection."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from cop.enums import PostStatus
from moderation.decisions import bulk
from moderation.decisions.decide import decide_post
from moderation.enums import DecisionAction, ReportOutcome, ReportReason
from moderation.models import ModerationDecision, Report, TrainingLabel
from tests.moderation.conftest import ATM_SPAM
from tests.side_by_side import side_by_side

pytestmark = pytest.mark.django_db

# --- decisions ---


@pytest.mark.parametrize("action, status", [
    ("approve", PostStatus.PUBLISHED), ("reject", PostStatus.REJECTED),
    ("reject_suspend", PostStatus.REJECTED),
])
def test_item_decision_changes_status_and_writes_the_audit_row(
    action, status, moderator, moderator_client, queued_post_factory
):
    post = queued_post_factory(body=ATM_SPAM)
    response = moderator_client.post(reverse("review:item_decide", args=[post.pk]),
                                      {"action": action, "note": "Checked the contact"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == status
    decision = ModerationDecision.objects.get(post=post)
    assert (decision.moderator, decision.action, decision.reason) == (
        moderator, action, "Checked the contact")
    assert decision.score == pytest.approx(0.97)
    assert TrainingLabel.objects.filter(post=post).exists()
    post.author.refresh_from_db()
    assert post.author.is_active is (action != "reject_suspend")


def test_queue_button_decides_one_post(moderator_client, queued_post_factory):
    post, other = queued_post_factory(), queued_post_factory()
    moderator_client.post(reverse("review:queue_decide"), {"item": f"{post.pk}:approve"})
    post.refresh_from_db()
    other.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED and other.status == PostStatus.HELD


def test_bulk_action_decides_every_ticked_post(moderator, moderator_client, queued_post_factory):
    ticked = [queued_post_factory() for _ in range(3)]
    untouched = queued_post_factory()
    response = moderator_client.post(reverse("review:queue_decide"), {
        "selected": [post.pk for post in ticked], "bulk_action": "reject", "note": "ATM cards",
    }, follow=True)
    assert "Not published: 3 posts." in response.content.decode()
    for post in ticked:
        post.refresh_from_db()
        assert post.status == PostStatus.REJECTED
    untouched.refresh_from_db()
    assert untouched.status == PostStatus.HELD
    assert ModerationDecision.objects.filter(moderator=moderator, reason="ATM cards",
                                             action=DecisionAction.REJECT).count() == 3


def test_bulk_action_skips_posts_already_decided(moderator, moderator_client,
                                                 queued_post_factory):
    post, decided = queued_post_factory(), queued_post_factory()
    decide_post(post=decided, moderator=moderator, action=DecisionAction.APPROVE)
    response = moderator_client.post(reverse("review:queue_decide"), {
        "selected": [post.pk, decided.pk], "bulk_action": "reject",
    }, follow=True)
    decided.refresh_from_db()
    assert decided.status == PostStatus.PUBLISHED
    assert ModerationDecision.objects.filter(post=decided).count() == 1
    assert "no longer waiting for review" in response.content.decode()


def test_bulk_action_without_a_choice_explains(moderator_client, queued_post_factory):
    post = queued_post_factory()
    response = moderator_client.post(reverse("review:queue_decide"),
                                     {"selected": [post.pk]}, follow=True)
    assert "Please choose what to do with the ticked posts." in response.content.decode()
    post.refresh_from_db()
    assert post.status == PostStatus.HELD


def test_approving_a_reported_post_dismisses_the_reports(
    moderator_client, thread_factory, other_member
):
    post = thread_factory().posts.get()
    flag = Report.objects.create(post=post, reporter=other_member, reason=ReportReason.OFF_TOPIC)
    moderator_client.post(reverse("review:queue_decide"), {"item": f"{post.pk}:approve"})
    flag.refresh_from_db()
    assert flag.outcome == ReportOutcome.DISMISSED
    assert moderator_client.get(reverse("review:queue")).context["total"] == 0


def test_a_moderator_cannot_be_suspended_from_the_queue(
    moderator_client, queued_post_factory, member_factory
):
    from django.contrib.auth.models import Group

    colleague = member_factory(username="colleague")
    colleague.groups.add(Group.objects.get(name="Moderators"))
    post = queued_post_factory(author=colleague)
    moderator_client.post(reverse("review:queue_decide"), {"item": f"{post.pk}:reject_suspend"})
    colleague.refresh_from_db()
    assert colleague.is_active
    post.refresh_from_db()
    assert post.status == PostStatus.HELD


@pytest.mark.django_db(transaction=True)
def test_moderators_deciding_one_post_at_the_same_moment_decide_it_once(
    moderator, queued_post_factory
):
    if connection.vendor != "postgresql":
        pytest.skip("the post's row lock is what orders them; it is PostgreSQL's, the "
                    "production database")
    post = queued_post_factory(body=ATM_SPAM)
    actions = ["reject", "approve", "reject", "approve"]
    start = threading.Barrier(len(actions))

    def decide(action):
        start.wait()
        bulk.decide(post_ids=[post.pk], moderator=moderator, action=action)

    assert side_by_side(decide, actions, timeout=30) == []
    # One decision in the audit log and one training label; the others were told it had gone.
    assert ModerationDecision.objects.filter(post=post).count() == 1
    assert TrainingLabel.objects.filter(post=post).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("action", ["approve", "reject"])
def test_a_member_can_reply_while_a_moderator_decides_their_post(
    moderator, queued_post_factory, member_factory, settings, action
):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's, the production database; SQLite has one "
                    "writer at a time")
    from cop import services
    from cop.models import Post

    settings.FORUM_POSTING_CHECKS = []
    member = member_factory(username="steady_replier")
    opening = queued_post_factory(status=PostStatus.PUBLISHED, score=0.01)
    held = queued_post_factory(author=member, thread=opening.thread, score=0.97)
    decided, replied = threading.Event(), threading.Event()

    def moderate():
        # The moderator's decision is made and its transaction kept open until the reply is
        # in: the reply must not wait for it.
        from django.db import transaction
        with transaction.atomic():
            decide_post(post=held, moderator=moderator, action=action, retrain=False)
            decided.set()
            replied.wait(timeout=15)

    def write_reply():
        from django.db import transaction
        try:
            assert decided.wait(timeout=15)
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '3s'")
                services.reply(author=member, thread=opening.thread,
                               body="Adding the notes from Thursday's session, as promised.")
        finally:
            replied.set()

    assert side_by_side(lambda work: work(), [moderate, write_reply], timeout=40) == []
    held.refresh_from_db()
    assert held.status == (PostStatus.PUBLISHED if action == "approve" else PostStatus.REJECTED)
    assert Post.objects.filter(thread=opening.thread, author=member,
                               body__startswith="Adding the notes").exists()
