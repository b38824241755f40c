"""The screening benchmark, with a tiny burst and a real worker process."""

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django_q.conf import Conf

from cop.enums import PostStatus
from cop.models import Post
from moderation import bench_posts


@pytest.mark.django_db(transaction=True)
def test_bench_screening_clears_a_small_burst_with_a_real_worker(capsys, monkeypatch):
    monkeypatch.setattr(Conf, "SYNC", False)  # queue for real, as the site does
    call_command("bench_screening", posts=10, workers=[1])
    lines = capsys.readouterr().out.splitlines()
    run = next(line for line in lines if line.startswith("broker "))
    assert "1 worker: 10 posts in " in run
    assert "posts/s" in run and "p50 " in run and "p99 " in run
    peak_mb = float(run.rsplit("peak worker RSS ", 1)[1].removesuffix(" MB"))
    assert peak_mb > 20  # a Django process with the model loaded, read from /proc
    assert lines[-1].startswith("Screened 10 posts in 1 runs")
    burst = Post.objects.filter(author__username__startswith=bench_posts.MEMBER_PREFIX,
                                thread__category__slug=bench_posts.CATEGORY_SLUG)
    assert burst.count() == 10 + bench_posts.THREADS  # the burst and the threads it went into
    assert not burst.filter(status=PostStatus.PENDING).exists()
    assert not burst.filter(screened_at__isnull=True).exists()


@pytest.mark.django_db(transaction=True)
def test_bench_screening_at_a_steady_rate_reports_each_posts_wait(capsys, monkeypatch):
    monkeypatch.setattr(Conf, "SYNC", False)
    call_command("bench_screening", rate=4, seconds=1.5, workers=[1])
    lines = capsys.readouterr().out.splitlines()
    run = next(line for line in lines if line.startswith("broker "))
    assert "1 worker, steady 4 posts/s (sent " in run and ", 6 posts)" in run
    assert "from sending to screened p50 " in run and "% within 2 s" in run
    burst = Post.objects.filter(author__username__startswith=bench_posts.MEMBER_PREFIX,
                                thread__category__slug=bench_posts.CATEGORY_SLUG)
    # The warm-up post and the six sent at the rate, all screened.
    assert burst.count() == 1 + 6 + bench_posts.THREADS
    assert not burst.filter(status=PostStatus.PENDING).exists()


def test_bench_screening_refuses_production_settings(db):
    with override_settings(SETTINGS_MODULE="cop.settings.production"):
        with pytest.raises(CommandError, match="production"):
            call_command("bench_screening", posts=10, workers=[1])
    assert not Post.objects.exists()


def test_bench_screening_says_there_is_no_worker_when_jobs_run_inline(db):
    with pytest.raises(CommandError, match="inline"):
        call_command("bench_screening", posts=10, workers=[1])
    assert not Post.objects.exists()
