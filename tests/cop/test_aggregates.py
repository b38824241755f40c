"""The tag cloud, category totals and feeds stay right while cached: publishing or holding a
post shows at once."""

from django.core.cache import cache
from django.urls import reverse

from cop import publishing, selectors, services
from cop.enums import PostStatus
from cop.models import Post


def _publish_thread(member, category, title, body, on_commit):
    with on_commit(execute=True):
        thread = services.start_thread(author=member, category=category, title=title, body=body)
    post = Post.objects.get(thread=thread)
    with on_commit(execute=True):
        publishing.publish_post(post=post)
    return thread, post


def _cloud(user=None):
    return [(tag.name, tag.thread_total) for tag in selectors.popular_tags(user=user)]


def test_tag_cloud_counts_follow_publish_and_hold(
    client, member, category, django_capture_on_commit_callbacks
):
    on_commit = django_capture_on_commit_callbacks
    _publish_thread(member, category, "Paying people", "Vouchers or cash? #Payments", on_commit)
    assert _cloud() == [("Payments", 1)]
    assert "#Payments" in client.get(reverse("cop:index")).content.decode()

    _, post = _publish_thread(member, category, "Budgets", "#Payments and #Grants", on_commit)
    assert _cloud() == [("Payments", 2), ("Grants", 1)]
    page = client.get(reverse("cop:index")).content.decode()
    assert "#Grants" in page
    assert "2 threads" in page

    with on_commit(execute=True):
        publishing.hold_post(post=post)
    assert _cloud() == [("Payments", 1)]
    page = client.get(reverse("cop:index")).content.decode()
    assert "#Grants" not in page and "1 thread" in page

    with on_commit(execute=True):
        publishing.reject_post(post=post)
    with on_commit(execute=True):
        publishing.publish_post(post=post)
    assert _cloud() == [("Payments", 2), ("Grants", 1)]


def test_tag_cloud_is_read_from_the_cache_until_something_changes(
    member, category, django_capture_on_commit_callbacks, django_assert_num_queries
):
    _publish_thread(member, category, "Paying people", "#Payments",
                    django_capture_on_commit_callbacks)
    selectors.popular_tags(user=None)
    selectors.categories_with_counts(user=None)
    with django_assert_num_queries(0):
        assert selectors.popular_tags(user=None)[0].name == "Payments"
        assert selectors.categories_with_counts(user=None)[0].thread_total == 1


def test_members_only_tags_stay_out_of_the_visitors_cloud(
    member, category_factory, django_capture_on_commit_callbacks
):
    private = category_factory(members_only=True)
    _publish_thread(member, private, "Inside", "#Private", django_capture_on_commit_callbacks)
    assert _cloud(member) == [("Private", 1)]
    assert _cloud() == []


def test_feed_shows_a_new_thread_after_a_cached_read(
    client, member, category, django_capture_on_commit_callbacks
):
    _publish_thread(member, category, "First thread", "Hello", django_capture_on_commit_callbacks)
    assert "First thread" in client.get(reverse("cop:feed")).content.decode()
    _, post = _publish_thread(member, category, "Second thread", "Hello again",
                              django_capture_on_commit_callbacks)
    assert "Second thread" in client.get(reverse("cop:feed")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        publishing.hold_post(post=post, status=PostStatus.HELD)
    assert "Second thread" not in client.get(reverse("cop:feed")).content.decode()


def test_active_threads_count_only_recent_public_posts(thread_factory, post_factory):
    from datetime import timedelta

    from django.utils import timezone

    busy, quiet, old = (thread_factory(title=t) for t in ("Busy", "Quiet", "Old"))
    hidden = thread_factory(title="Hidden", status=PostStatus.HELD)
    for _ in range(3):
        post_factory(thread=busy)
    post_factory(thread=quiet)
    post_factory(thread=quiet, status=PostStatus.HELD)
    post_factory(thread=hidden)
    Post.objects.filter(thread=old).update(created_at=timezone.now() - timedelta(days=90))
    since = timezone.now() - timedelta(days=30)
    active = selectors.active_threads_since(since=since, limit=10)
    assert [(t.title, t.recent_total) for t in active] == [("Busy", 4), ("Quiet", 2)]
    assert [t.title for t in selectors.lively_threads(user=None)] == ["Busy", "Quiet"]


def test_a_process_keeps_figures_as_copies_and_drops_them_when_the_forum_changes(
    member, category, django_capture_on_commit_callbacks, django_assert_num_queries
):
    """Figures are also kept in each process between requests, without asking the shared
    cache; a page that changes what it got does not change the next page's copy, and a
    change to the forum is seen at once."""
    _publish_thread(member, category, "Paying people", "#Payments",
                    django_capture_on_commit_callbacks)
    first = selectors.popular_tags(user=None)
    first[0].name = "Changed by a caller"
    first.clear()
    cache.clear()  # the shared cache is not asked: the process's own copy answers
    with django_assert_num_queries(0):
        assert [tag.name for tag in selectors.popular_tags(user=None)] == ["Payments"]
    _publish_thread(member, category, "Paying carers", "#Carers",
                    django_capture_on_commit_callbacks)
    assert {tag.name for tag in selectors.popular_tags(user=None)} == {"Payments", "Carers"}
