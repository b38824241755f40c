"""The moderation dashboard: figures from a small known set, and its page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cop.enums import PostStatus
from moderation.dashboard.figures import dashboard
from moderation.enums import DecisionAction
from moderation.models import ModerationScore
from tests.moderation.conftest import record_decision

pytestmark = pytest.mark.django_db


@pytest.fixture
def known_set(moderator, queued_post_factory, thread_factory):
    """Today: 4 posts screened (3 held); decisions on 3 of them, one false hold; yesterday one
    more screened and rejected. Times to clear: 10, 30, 50 and 70 minutes."""
    now = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    if now > timezone.now():
        now -= timedelta(days=1)
    if now.weekday() == 0:  # a Monday: "yesterday" would fall in last week; use Sunday
        now -= timedelta(days=1)
    yesterday = now - timedelta(days=1)
    held = [queued_post_factory(created_at=now - timedelta(hours=3)) for _ in range(3)]
    published = thread_factory().posts.get()
    published.created_at = now - timedelta(hours=3)
    published.save()
    ModerationScore.objects.create(post=published, score=0.1, threshold=0.5, outcome="published",
                                   text="A workshop", created_at=now - timedelta(hours=3))
    old = queued_post_factory(created_at=yesterday - timedelta(hours=2))
    record_decision(held[0], moderator, DecisionAction.REJECT, minutes_after=10)
    record_decision(held[1], moderator, DecisionAction.REJECT_AND_SUSPEND, minutes_after=30)
    record_decision(held[2], moderator, DecisionAction.APPROVE, minutes_after=50)
    record_decision(published, moderator, DecisionAction.APPROVE, auto_held=False,
              when=now - timedelta(hours=3) + timedelta(minutes=70))
    record_decision(old, moderator, DecisionAction.PURGE_CAMPAIGN, minutes_after=60 * 2 - 60)
    for post in (*held, old):
        post.status = PostStatus.REJECTED
        post.save()
    return now


def test_dashboard_counts_screened_held_and_rejected_per_day(known_set):
    figures = dashboard()
    days = {day.day: day for day in figures.days}
    today = timezone.localtime(known_set).date()
    assert len(figures.days) == 30
    assert (days[today].screened, days[today].held, days[today].rejected) == (4, 3, 2)
    yesterday = today - timedelta(days=1)
    assert (days[yesterday].screened, days[yesterday].held) == (1, 1)


def test_dashboard_computes_precision_false_holds_and_time_to_clear(known_set):
    figures = dashboard()
    # Decisions 10, 30, 50, 70 and 60 minutes after posting.
    assert figures.median_minutes_to_clear == pytest.approx(50)
    assert figures.decisions_counted == 5
    weeks = [week for week in figures.weeks if week.auto_held_decided]
    auto_held = sum(week.auto_held_decided for week in weeks)
    rejected = sum(week.auto_held_rejected for week in weeks)
    approved = sum(week.approved for week in weeks)
    false_holds = sum(week.approved_auto_held for week in weeks)
    assert (auto_held, rejected, approved, false_holds) == (4, 3, 2, 1)
    assert len(weeks) == 1  # the fixture keeps "today" and "yesterday" in one week
    assert weeks[0].precision == pytest.approx(0.75)
    assert weeks[0].false_hold_rate == pytest.approx(0.5)


def test_dashboard_queue_size_and_active_model(known_set, queued_post_factory,
                                                spam_model_version):
    queued_post_factory()
    figures = dashboard()
    assert figures.queue_size == 1
    assert figures.model == spam_model_version


def test_dashboard_page_draws_charts_with_a_table_for_screen_readers(moderator_client,
                                                                       known_set):
    page = moderator_client.get(reverse("review:dashboard")).content.decode()
    assert page.count('<svg viewBox="0 0 720 240" role="img"') == 2
    assert "<rect x=" in page and "<circle" in page
    assert "<figcaption" in page and "The figures as a table" in page
    assert "75%" in page  # this week's precision, in the table
    assert "50 min" in page
    assert "Spam model" in page or "Version 1" in page


@pytest.mark.parametrize("size", [3, 60])
def test_dashboard_runs_a_fixed_number_of_queries(size, moderator, moderator_client,
                                                  queued_post_factory,
                                                  django_assert_max_num_queries):
    for i in range(size):
        post = queued_post_factory(created_at=timezone.now() - timedelta(days=i % 20))
        record_decision(post, moderator, DecisionAction.REJECT if i % 2 else DecisionAction.APPROVE)
    moderator_client.get(reverse("review:dashboard"))
    with django_assert_max_num_queries(18):
        assert moderator_client.get(reverse("review:dashboard")).status_code == 200
