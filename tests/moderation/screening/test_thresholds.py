"""Per-category thresholds: admins see the effect on last month before saving; policy obeys."""

from django.urls import reverse

from cop import services as forum
from cop.enums import PostStatus
from moderation.decisions.decide import decide_post
from moderation.enums import DecisionAction
from moderation.models import CategoryThreshold, ModerationScore
from moderation.screening.thresholds import effect_of
from tests.conftest import PASSWORD


def _scored(thread_factory, category, score, decision=None, moderator=None):
    post = thread_factory(category=category, status=PostStatus.HELD).posts.get()
    ModerationScore.objects.create(post=post, score=score, threshold=0.5, outcome="held",
                                   text=post.body)
    if decision:
        decide_post(post=post, moderator=moderator, action=decision, retrain=False)
    return post


def test_effect_of_counts_last_months_posts_under_new_thresholds(
    thread_factory, category, moderator
):
    _scored(thread_factory, category, 0.1, DecisionAction.APPROVE, moderator)
    _scored(thread_factory, category, 0.6, DecisionAction.APPROVE, moderator)
    _scored(thread_factory, category, 0.7, DecisionAction.REJECT, moderator)
    _scored(thread_factory, category, 0.99, DecisionAction.REJECT, moderator)
    strict = effect_of(category=category, publish_below=0.5, quarantine_above=0.95)
    assert (strict.scored, strict.published, strict.held, strict.quarantined) == (4, 1, 2, 1)
    assert (strict.spam_let_through, strict.good_posts_held) == (0, 1)
    lax = effect_of(category=category, publish_below=0.8, quarantine_above=0.95)
    assert (lax.published, lax.spam_let_through, lax.good_posts_held) == (3, 1, 0)


def test_only_admins_reach_the_threshold_pages(client, moderator, member_factory, category):
    url = reverse("thresholds:edit", args=[category.pk])
    client.login(username=moderator.username, password=PASSWORD)
    assert client.get(url).status_code in {302, 403}
    admin = member_factory(username="root", is_superuser=True, is_staff=True)
    client.login(username=admin.username, password=PASSWORD)
    assert client.get(reverse("thresholds:index")).status_code == 200
    preview = client.post(url, {"publish_below": "0.3", "quarantine_above": "0.9",
                                "preview": "1"})
    assert preview.status_code == 200 and "With your change" in preview.content.decode()
    assert not CategoryThreshold.objects.exists()
    bad = client.post(url, {"publish_below": "0.9", "quarantine_above": "0.3", "save": "1"})
    assert bad.status_code == 400 and not CategoryThreshold.objects.exists()
    saved = client.post(url, {"publish_below": "0.3", "quarantine_above": "0.9", "save": "1"})
    assert saved.status_code == 302
    row = CategoryThreshold.objects.get(category=category)
    assert (row.publish_below, row.quarantine_above, row.updated_by) == (0.3, 0.9, admin)


def test_policy_uses_the_categorys_thresholds(member, category, django_capture_on_commit_callbacks):
    CategoryThreshold.objects.create(category=category, publish_below=0.0, quarantine_above=1.0)
    with django_capture_on_commit_callbacks(execute=True):
        thread = forum.start_thread(author=member, category=category, title="Hello",
                                    body="Hello everyone, glad to be here.")
    post = thread.posts.get()
    assert post.status == PostStatus.HELD  # everything is held in this category
    assert ModerationScore.objects.get(post=post).threshold == 0.0


def test_threshold_list_costs_the_same_queries_for_more_categories(
    client, member_factory, category_factory
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    admin = member_factory(username="root", is_superuser=True, is_staff=True)
    client.login(username=admin.username, password=PASSWORD)
    url = reverse("thresholds:index")
    first = category_factory()
    CategoryThreshold.objects.create(category=first, publish_below=0.3)
    with CaptureQueriesContext(connection) as few:
        page = client.get(url).content.decode()
    assert "<td>0.300</td>" in page  # the category's own threshold
    for _ in range(6):
        CategoryThreshold.objects.create(category=category_factory(), quarantine_above=0.9)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
