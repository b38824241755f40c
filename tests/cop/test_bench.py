"""The benchmark's data fill and page list, at a small size."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Max
from django.test import override_settings

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
