"""The benchmark's data fill and page list, at a small size."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Max
from django.test import override_settings
from django.urls import reverse

from cop.bench import fill, pages
from cop.enums import PostStatus
from cop.models import Notification, Post, Thread


def _bench_posts():
    return Post.objects.filter(thread__category__in=fill.bench_categories())


def test_bench_fill_writes_the_planned_forum(db, capsys):
    call_command("bench_fill", posts=200)
    out = capsys.readouterr().out
    assert "200 posts" in out.splitlines()[-1]
    threads = Thread.objects.filter(category__in=fill.bench_categories()).annotate(
        n=Count("posts"), last=Max("posts__created_at"))
    assert _bench_posts().count() == 200
    assert _bench_posts().exclude(status=PostStatus.PUBLISHED).count() == 0
    assert sorted(t.n for t in threads)[0] >= 1
    assert all(t.last_activity_at == t.last for t in threads)
    assert Post.objects.filter(is_opening=True, thread__in=threads).count() == threads.count()
    assert fill.bench_members().count() == 200
    assert Notification.objects.filter(recipient__in=fill.bench_members()).exists()


def test_bench_fill_keeps_a_fill_of_the_same_size_and_replaces_another(db, capsys):
    call_command("bench_fill", posts=200, no_search_index=True)
    first_ids = set(_bench_posts().values_list("pk", flat=True))
    call_command("bench_fill", posts=200, no_search_index=True)
    assert set(_bench_posts().values_list("pk", flat=True)) == first_ids
    call_command("bench_fill", posts=120, no_search_index=True)
    assert _bench_posts().count() == 120
    assert fill.bench_members().count() == 200


def test_bench_fill_refuses_production_settings(db):
    with override_settings(SETTINGS_MODULE="cop.settings.production"):
        with pytest.raises(CommandError, match="production"):
            call_command("bench_fill", posts=200)
    assert not _bench_posts().exists()


def test_thread_sizes_add_up_with_one_long_thread():
    import random

    plan = fill.FillPlan.for_posts(100_000)
    sizes = fill.thread_sizes(plan, random.Random(1))
    assert (len(sizes), sum(sizes), sizes[0]) == (2_000, 100_000, 2_500)
    assert 5 <= min(sizes[1:]) and max(sizes[1:]) <= 100


def test_bench_pages_all_answer_with_their_query_counts(db, client):
    call_command("bench_fill", posts=200, no_search_index=True)
    targets = pages.targets()
    member_client = type(client)(HTTP_HOST="127.0.0.1")
    member_client.force_login(fill.bench_members().order_by("username").first())
    counts = pages.count_queries(targets, client, member_client)
    assert set(counts) == {t.name for t in targets}
    assert max(counts.values()) <= 14
    assert counts["thread (typical)"] > 0


@override_settings(ROOT_URLCONF="cop.bench.urls")
def test_bench_baseline_view_answers_without_the_database(db, client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/bench/baseline/")
    assert response.content == b"ok"


def test_load_benchmark_members_write_posts_that_fill_the_review_queue(
    member_factory, moderator, thread_factory, django_capture_on_commit_callbacks, client
):
    """The load benchmark's texts: ordinary replies are published, spam and a new member's plug
    for their own work wait for a moderator, who decides them with the fields the benchmark
    sends; the tally counts what was held and decided."""
    import random
    from datetime import timedelta

    from django.utils import timezone

    from cop import services
    from cop.bench.posts import reply_text
    from moderation.services import moderation_tally

    newcomer = member_factory(date_joined=timezone.now() - timedelta(days=2))
    thread = thread_factory(author=moderator)
    rng, by_kind = random.Random(7), {}
    for n in range(40):
        kind, body = reply_text(rng, n)
        with django_capture_on_commit_callbacks(execute=True):  # screened as the worker would
            post = services.reply(author=newcomer, thread=thread, body=body)
        post.refresh_from_db()
        by_kind.setdefault(kind, []).append(post.status)
    assert set(by_kind) == {"ordinary", "borderline", "spam"}
    assert set(by_kind["ordinary"]) == {PostStatus.PUBLISHED}
    assert PostStatus.PUBLISHED not in set(by_kind["spam"]) | set(by_kind["borderline"])

    posts = Post.objects.filter(author=newcomer)
    held = len(by_kind["spam"]) + len(by_kind["borderline"])
    assert moderation_tally(posts) == {"held": held, "decided": 0, "approved": 0, "rejected": 0}

    client.force_login(moderator)
    waiting = posts.exclude(status=PostStatus.PUBLISHED).order_by("pk")
    for post, action in zip(waiting[:2], ["approve", "reject"], strict=True):
        item = reverse("review:item", args=[post.pk])
        assert f"{item}decide/" in client.get(item).content.decode()
        response = client.post(f"{item}decide/", {"next": reverse("review:queue"),
                                                  "note": "Checked.", "action": action})
        assert response.status_code == 302
    assert moderation_tally(posts) == {"held": held, "decided": 2, "approved": 1, "rejected": 1}
