"""The review queue in the Wagtail admin: who may use it, what it lists, and one item."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cop.enums import PostStatus
from moderation.enums import ReportOutcome, ReportReason
from moderation.models import Appeal, ModerationDecision, Report
from moderation.screening.reasons import QueueReason, Rule, RuleName
from tests.moderation.conftest import ATM_SPAM

pytestmark = pytest.mark.django_db

def _pages(post_id: int) -> list[str]:
    return [
        reverse("review:queue"), reverse("review:item", args=[post_id]),
        reverse("review:campaign", args=[post_id]), reverse("review:audit_log"),
        reverse("review:dashboard"),
    ]


def _actions(post_id: int) -> list[tuple[str, dict]]:
    return [
        (reverse("review:queue_decide"), {"item": f"{post_id}:reject"}),
        (reverse("review:queue_decide"), {"selected": [post_id], "bulk_action": "approve"}),
        (reverse("review:item_decide", args=[post_id]), {"action": "reject_suspend"}),
        (reverse("review:campaign", args=[post_id]), {"posts": [post_id]}),
    ]


@pytest.mark.parametrize("role", ["member", "editor"])
def test_review_pages_refuse_members_and_editors_with_403(
    role, request, client_for, queued_post_factory
):
    post = queued_post_factory()
    client = client_for(request.getfixturevalue(role))
    for url in _pages(post.pk):
        assert client.get(url).status_code == 403, url
    for url, data in _actions(post.pk):
        assert client.post(url, data).status_code == 403, url
    post.refresh_from_db()
    assert post.status == PostStatus.HELD
    assert not ModerationDecision.objects.exists()


def test_review_pages_send_visitors_to_log_in(client, queued_post_factory):
    post = queued_post_factory()
    for url in _pages(post.pk):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_review_pages_open_for_moderators_and_superusers(
    moderator_client, client_for, member_factory, queued_post_factory
):
    post = queued_post_factory()
    admin = member_factory(username="root", is_superuser=True, is_staff=True)
    for client in (moderator_client, client_for(admin)):
        for url in _pages(post.pk):
            assert client.get(url).status_code == 200, url


def test_review_menu_shows_only_to_moderators(moderator_client, client_for, editor):
    home = reverse("wagtailadmin_home")
    assert reverse("review:queue") in moderator_client.get(home).content.decode()
    assert reverse("review:queue") not in client_for(editor).get(home).content.decode()


def test_review_actions_need_a_csrf_token(moderator, client_for, queued_post_factory):
    post = queued_post_factory()
    client = client_for(moderator, csrf=True)
    for url, data in _actions(post.pk):
        assert client.post(url, data).status_code == 403, url
    post.refresh_from_db()
    assert post.status == PostStatus.HELD

    client.get(reverse("review:queue"))
    token = client.cookies["csrftoken"].value
    response = client.post(reverse("review:queue_decide"),
                           {"item": f"{post.pk}:reject", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == PostStatus.REJECTED


def test_review_actions_refuse_get(moderator_client, queued_post_factory):
    post = queued_post_factory()
    assert moderator_client.get(reverse("review:queue_decide")).status_code == 405
    assert moderator_client.get(reverse("review:item_decide", args=[post.pk])).status_code == 405


# --- what the queue lists ---


def test_queue_lists_held_quarantined_and_reported_posts_only(
    moderator_client, queued_post_factory, thread_factory, other_member
):
    held = queued_post_factory(title="Held one")
    quarantined = queued_post_factory(title="Quarantined one", status=PostStatus.QUARANTINED)
    reported = thread_factory(title="Reported one").posts.get()
    Report.objects.create(post=reported, reporter=other_member, reason=ReportReason.SPAM)
    thread_factory(title="Quiet published one")
    queued_post_factory(title="Rejected one", status=PostStatus.REJECTED)
    page = moderator_client.get(reverse("review:queue")).content.decode()
    for post in (held, quarantined, reported):
        assert post.thread.title in page
    assert "Quiet published one" not in page and "Rejected one" not in page
    assert "3 posts waiting for review" in page
    # Quarantined posts are collapsed.
    assert "<summary>Quarantined: show the post</summary>" in page


def test_queue_puts_appeals_first_then_oldest(moderator_client, queued_post_factory):
    now = timezone.now()
    old = queued_post_factory(title="Old", created_at=now - timedelta(hours=5))
    new = queued_post_factory(title="New", created_at=now - timedelta(minutes=5))
    appealed = queued_post_factory(title="Appealed", created_at=now - timedelta(minutes=1))
    Appeal.objects.create(post=appealed, text="It is a real workshop, please look again.")
    items = moderator_client.get(reverse("review:queue")).context["page"].object_list
    assert [item.post for item in items] == [appealed, old, new]
    items = moderator_client.get(reverse("review:queue") + "?sort=newest").context[
        "page"].object_list
    assert [item.post for item in items] == [appealed, new, old]


def test_queue_sorts_by_score(moderator_client, queued_post_factory):
    low = queued_post_factory(score=0.6)
    high = queued_post_factory(score=0.99)
    middle = queued_post_factory(score=0.8)
    items = moderator_client.get(reverse("review:queue") + "?sort=score").context[
        "page"].object_list
    assert [item.post for item in items] == [high, middle, low]


def test_queue_filters_by_reason(
    moderator_client, queued_post_factory, thread_factory, other_member, spam_model_version
):
    classifier = queued_post_factory(score=0.99)
    quarantined = queued_post_factory(status=PostStatus.QUARANTINED, score=0.999)
    unavailable = queued_post_factory(
        score=None, threshold=None,
        rules=[Rule.of(RuleName.CLASSIFIER_UNAVAILABLE, detail="no model").to_json()],
    )
    strict = queued_post_factory(score=spam_model_version.threshold / 2,
                                 threshold=spam_model_version.threshold / 4, trust_level=0,
                                 rules=[Rule.of(RuleName.NEW_MEMBER_LINKS).to_json()])
    # Held by a category's lower threshold, not by the new-account rule.
    category_hold = queued_post_factory(score=spam_model_version.threshold / 2,
                                        threshold=spam_model_version.threshold / 4,
                                        trust_level=0)
    reported = thread_factory().posts.get()
    Report.objects.create(post=reported, reporter=other_member, reason=ReportReason.ABUSIVE)
    appealed = queued_post_factory(score=0.9)
    Appeal.objects.create(post=appealed, text="Please look again.")

    def listed(reason):
        response = moderator_client.get(reverse("review:queue") + f"?reason={reason}")
        return {item.post for item in response.context["page"].object_list}

    assert listed(QueueReason.CLASSIFIER) == {classifier, appealed, category_hold}
    assert listed(QueueReason.QUARANTINE) == {quarantined}
    assert listed(QueueReason.UNAVAILABLE) == {unavailable}
    assert listed(QueueReason.NEW_ACCOUNT) == {strict}
    assert listed(QueueReason.REPORTS) == {reported}
    assert listed(QueueReason.APPEAL) == {appealed}


def test_queue_filters_by_category_score_band_and_trust(
    moderator_client, queued_post_factory, category_factory
):
    elsewhere = category_factory(name="Events")
    in_events = queued_post_factory(category_=elsewhere, score=0.55, trust_level=1)
    high = queued_post_factory(score=0.97, trust_level=0)
    url = reverse("review:queue")

    def listed(query):
        return [item.post for item in moderator_client.get(url + query).context[
            "page"].object_list]

    assert listed(f"?category={elsewhere.pk}") == [in_events]
    assert listed("?score=50-80") == [in_events]
    assert listed("?score=95-100") == [high]
    assert listed("?trust=1") == [in_events]
    assert listed("?trust=0") == [high]


def test_queue_filters_by_a_contact_several_posts_share(moderator_client, queued_post_factory):
    first = queued_post_factory(body="Loans in 24 hours, email fastcash@yahoo.com today")
    second = queued_post_factory(body="Need money? Write to fastcash@yahoo.com")
    queued_post_factory(body="Free tarot readings, ring 07700 900 111")
    response = moderator_client.get(reverse("review:queue"))
    choices = dict(response.context["filter_form"].fields["campaign"].choices)
    assert "email:fastcash@yahoo.com" in choices
    assert "phone:+447700900111" not in choices  # only one post has it: not a campaign
    response = moderator_client.get(reverse("review:queue") + "?campaign=email:fastcash@yahoo.com")
    assert {item.post for item in response.context["page"].object_list} == {first, second}


def test_queue_lists_shortcuts_and_plain_buttons(moderator_client, queued_post_factory):
    post = queued_post_factory()
    page = moderator_client.get(reverse("review:queue")).content.decode()
    assert "moderation/queue.js" in page and "Keyboard shortcuts" in page
    for action in ("approve", "reject", "reject_suspend"):
        assert f'value="{post.pk}:{action}"' in page


@pytest.mark.parametrize("size", [5, 100])
def test_queue_runs_a_fixed_number_of_queries(
    size, moderator_client, queued_post_factory, other_member, django_assert_max_num_queries
):
    for i in range(size):
        post = queued_post_factory(body=f"Call now for cheap loans {i}, write to loans{i}@mail.ru",
                                   status=PostStatus.QUARANTINED if i % 3 else PostStatus.HELD)
        if i % 4 == 0:
            Report.objects.create(post=post, reporter=other_member, reason=ReportReason.SPAM)
        if i % 5 == 0:
            Appeal.objects.create(post=post, text="Please look again")
    moderator_client.get(reverse("review:queue"))  # warm the session and caches alike
    # About 11 are the admin's own (session, user, permissions, menu); 5 are the queue's.
    with django_assert_max_num_queries(18):
        response = moderator_client.get(reverse("review:queue") + "?sort=score")
    assert response.status_code == 200


# --- one item ---


def test_item_shows_context_history_score_reasons_flags_and_appeal(
    moderator_client, queued_post_factory, thread_factory, member, other_member,
    post_factory,
):
    thread = thread_factory(title="Paying peer researchers", body="We pay £15 an hour.")
    post = queued_post_factory(
        thread=thread, author=member, body=ATM_SPAM,
        top_features=[{"feature": "gives a free webmail address (Gmail, Outlook, Yahoo...)",
                       "weight": 7.7}],
        rules=[{"name": "money_with_contact",
                "description": "money or get-rich talk together with contact details",
                "detail": ""}],
    )
    earlier = post_factory(thread=thread, author=member, body="An earlier reply",
                           status=PostStatus.REJECTED)
    Report.objects.create(post=earlier, reporter=other_member, reason=ReportReason.OFF_TOPIC,
                        outcome=ReportOutcome.UPHELD)
    Report.objects.create(post=post, reporter=other_member, reason=ReportReason.SPAM,
                        details="Looks like the ATM card scam")
    Appeal.objects.create(post=post, text="This really happened to me")
    page = moderator_client.get(reverse("review:item", args=[post.pk])).content.decode()
    assert "Paying peer researchers" in page and "We pay £15 an hour." in page
    assert "gives a free webmail address" in page
    assert "Money or get-rich talk together with contact details" in page
    assert "Email address cardwizards@gmail.com" in page
    assert "Looks like the ATM card scam" in page
    assert "This really happened to me" in page
    assert "Off topic on a post in “Paying peer researchers”" in page
    assert "Rejected posts</dt><dd>1</dd>" in page


def test_item_shows_edit_history(moderator_client, queued_post_factory, member):
    from cop.models import PostRevision

    post = queued_post_factory(author=member, body="Now with a link to cheap-pills.example")
    PostRevision.objects.create(post=post, body="Our first draft about tenants' panels",
                                edited_by=member)
    page = moderator_client.get(reverse("review:item", args=[post.pk])).content.decode()
    assert "Our first draft about tenants" in page


def test_item_escapes_member_text(moderator_client, queued_post_factory):
    post = queued_post_factory(body="<script>alert(1)</script> hello")
    page = moderator_client.get(reverse("review:item", args=[post.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page
