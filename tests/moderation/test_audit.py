"""The audit log: who decided what and why, the spam check's outcomes, filters, read-only."""


import pytest
from django.urls import reverse

from moderation.enums import DecisionAction
from moderation.models import ModerationDecision, ModerationScore
from tests.moderation.conftest import record_decision

pytestmark = pytest.mark.django_db


# --- the audit log ---


def test_audit_log_lists_who_when_what_why_and_the_score(moderator, moderator_client,
                                                         queued_post_factory):
    post = queued_post_factory(title="ATM cards")
    moderator_client.post(reverse("review:item_decide", args=[post.pk]),
                          {"action": "reject", "note": "Card scam"})
    page = moderator_client.get(reverse("review:audit_log")).content.decode()
    assert moderator.username in page and "Rejected" in page and "Card scam" in page
    assert "0.97" in page and reverse("review:item", args=[post.pk]) in page


def test_audit_log_shows_the_spam_check_outcomes_too(moderator_client, queued_post_factory,
                                                     thread_factory):
    queued_post_factory(title="Held by the check")
    published = thread_factory(title="Published at once").posts.get()
    ModerationScore.objects.create(post=published, score=0.02, threshold=0.5,
                                   outcome="published", text="Event tickets")
    page = moderator_client.get(reverse("review:audit_log")).content.decode()
    assert "Spam check: held for review" in page and "Spam check: published" in page
    assert "Published at once" in page


def test_audit_log_filters_and_pages(moderator, moderator_client, queued_post_factory,
                                     settings):
    settings.MODERATION_AUDIT_PER_PAGE = 2
    posts = [queued_post_factory() for _ in range(3)]
    for post in posts[:2]:
        record_decision(post, moderator, DecisionAction.REJECT)
    record_decision(posts[2], moderator, DecisionAction.APPROVE)
    url = reverse("review:audit_log")

    def entries(query=""):
        return moderator_client.get(url + query).context["page"]

    assert entries().paginator.count == 6  # three screenings, three decisions
    assert entries().paginator.num_pages == 3
    assert entries("?source=moderators").paginator.count == 3
    assert entries("?source=spam_check").paginator.count == 3
    assert [e.post for e in entries("?action=approve").object_list] == [posts[2]]
    assert {e.kind for e in entries(f"?post={posts[0].pk}").object_list} == {
        "moderators", "spam_check"}
    assert entries(f"?moderator={moderator.pk}").paginator.count == 3


@pytest.mark.parametrize("size", [4, 80])
def test_audit_log_runs_a_fixed_number_of_queries(size, moderator, moderator_client,
                                                  queued_post_factory,
                                                  django_assert_max_num_queries):
    for _ in range(size):
        record_decision(queued_post_factory(), moderator, DecisionAction.REJECT)
    moderator_client.get(reverse("review:audit_log"))
    with django_assert_max_num_queries(18):
        assert moderator_client.get(reverse("review:audit_log")).status_code == 200


def test_audit_log_is_read_only(moderator, moderator_client, queued_post_factory):
    post = queued_post_factory()
    decision = record_decision(post, moderator, DecisionAction.REJECT)
    url = reverse("review:audit_log")
    assert moderator_client.post(url, {"action": "approve"}).status_code == 405
    page = moderator_client.get(url).content.decode()
    assert "<form method=\"post\"" not in page and "Delete" not in page
    # Not editable anywhere in the admin: not a snippet, nor a Django admin model.
    from wagtail.snippets.models import get_snippet_models

    assert ModerationDecision not in get_snippet_models()
    decision.refresh_from_db()
    assert decision.action == DecisionAction.REJECT
