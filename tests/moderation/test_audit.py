"""The audit log: who decided what and why, moderators' thread tidying, the spam check's
outcomes, filters, read-only."""


from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cop import thread_states, tidy
from cop.enums import ThreadActionKind
from cop.models import ThreadAction
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
                                                  queued_post_factory, thread_factory,
                                                  django_assert_max_num_queries):
    for _ in range(size):  # each page mixes the three kinds of entry
        record_decision(queued_post_factory(), moderator, DecisionAction.REJECT,
                        when=timezone.now())
        thread_states.set_pinned(moderator=moderator, thread=thread_factory(), pinned=True)
    moderator_client.get(reverse("review:audit_log"))
    with django_assert_max_num_queries(17):
        response = moderator_client.get(reverse("review:audit_log"))
    assert response.status_code == 200
    kinds = {entry.kind for entry in response.context["page"].object_list}
    assert kinds == {"moderators", "threads", "spam_check"}


# --- thread tidying in the same log ---


def test_audit_log_shows_thread_tidying_in_time_order_with_decisions(
    moderator, moderator_client, queued_post_factory, thread_factory, category_factory
):
    start = timezone.now() - timedelta(hours=3)
    post = queued_post_factory(title="ATM cards")
    record_decision(post, moderator, DecisionAction.REJECT, when=start + timedelta(hours=1))
    kept = thread_factory(title="Co-production Week plans")
    tidy.move_thread(thread=kept, category=category_factory(name="Events"),
                     moderator=moderator, note="It is an event")
    tidy.merge_threads(source=thread_factory(title="Co-production Week ideas"), target=kept,
                       moderator=moderator)
    thread_states.close_thread(moderator=moderator, thread=kept, reason="Week is over")
    ThreadAction.objects.filter(kind=ThreadActionKind.MOVE).update(created_at=start)
    ThreadAction.objects.filter(kind=ThreadActionKind.MERGE).update(
        created_at=start + timedelta(hours=2))

    page = moderator_client.get(reverse("review:audit_log")).content.decode()
    rows = page.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    closed, merged, rejected, moved = (
        next(i for i, row in enumerate(rows) if words in row)
        for words in ("Week is over", "merged “Co-production Week ideas”", "Rejected",
                      "moved from"))
    assert closed < merged < rejected < moved  # newest first, whoever did what
    assert "to Events" in rows[moved] and "It is an event" in rows[moved]
    thread_link = f'<a href="{kept.get_absolute_url()}">Co-production Week plans</a>'
    for index in (closed, merged, moved):
        assert thread_link in rows[index] and moderator.username in rows[index]
    assert "Closed" in rows[closed] and "Merged" in rows[merged] and "Moved" in rows[moved]


def test_audit_log_filters_thread_tidying(moderator, moderator_client, queued_post_factory,
                                          thread_factory, member_factory):
    post = queued_post_factory()
    record_decision(post, moderator, DecisionAction.APPROVE)
    other = member_factory(username="omar")
    other.groups.add(*moderator.groups.all())
    thread_states.set_pinned(moderator=moderator, thread=thread_factory(), pinned=True)
    thread_states.set_pinned(moderator=other, thread=thread_factory(), pinned=True)
    url = reverse("review:audit_log")

    def kinds(query=""):
        return sorted(e.kind for e in moderator_client.get(url + query).context["page"]
                      .object_list)

    assert kinds() == ["moderators", "spam_check", "threads", "threads"]
    assert kinds("?source=threads") == ["threads", "threads"]
    assert kinds(f"?moderator={other.pk}") == ["threads"]
    assert kinds(f"?moderator={moderator.pk}") == ["moderators", "threads"]
    assert kinds("?action=approve") == ["moderators"]
    assert kinds(f"?post={post.pk}") == ["moderators", "spam_check"]
    assert kinds("?source=threads&action=approve") == []
    assert "omar" in moderator_client.get(url).content.decode()  # a choice of moderator


def test_the_old_thread_log_address_leads_to_the_audit_log(moderator_client, member,
                                                          client_for):
    response = moderator_client.get("/forum/thread-log/")
    assert response.status_code == 302
    assert response["Location"] == reverse("review:audit_log") + "?source=threads"
    assert client_for(member).get("/forum/thread-log/").status_code == 403


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
