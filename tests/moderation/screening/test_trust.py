"""Trust earned over days and by taking part: what lifts a member, what keeps them new, and the
level a held or rejected post costs."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cop import services as forum
from cop.enums import PostStatus
from cop.models import Post, ReadState
from cop.reading import mark_all_read
from moderation.decisions.decide import decide_post
from moderation.enums import DecisionAction
from moderation.models import TrustPenalty
from moderation.screening.trust import TRUSTED, standing
from tests.moderation.conftest import log_in

ADVERT = (
    "I was broke until I met the hackers who sell a programmed blank ATM card. I withdrew "
    "$5,000 a day! Email them now at richlife.hackers@gmail.com and be rich like me."
)


@pytest.fixture
def seasoned(member_factory, thread_factory):
    """A member who joined `days` ago with `posts` published posts spread over `on_days` days,
    who has read `reads` posts by others (as the thread page records reading)."""

    def make(*, days: float, posts: int, on_days: int, status=PostStatus.PUBLISHED,
             reads: int = 600):
        user = member_factory()
        user.date_joined = timezone.now() - timedelta(days=days)
        user.save(update_fields=["date_joined"])
        thread = thread_factory(title="Peer research pay rates")
        now = timezone.now()
        Post.objects.bulk_create([
            Post(thread=thread, author=user, body=f"Our notes from session {i}.", status=status,
                 created_at=now - timedelta(days=i % on_days), screened_at=now)
            for i in range(posts)
        ])
        if reads:
            others = thread_factory(title="Notes from the network")
            Post.objects.bulk_create([
                Post(thread=others, author=others.author, body=f"Network note {i}.",
                     status=PostStatus.PUBLISHED, created_at=now - timedelta(minutes=i),
                     screened_at=now)
                for i in range(reads)
            ])
            ReadState.objects.create(user=user, thread=others, read_until=now)
        return user

    return make


def reads_few(user) -> int:
    return 2


def reads_many(user) -> int:
    return 1000


def test_standing_one_published_post_at_age_zero_keeps_the_new_member_limits(
    client, seasoned, category
):
    newcomer = seasoned(days=0, posts=1, on_days=1)
    assert standing(newcomer).level == 0
    log_in(client, newcomer)
    six_links = " ".join(f"https://shop{i}.example/deal" for i in range(6))
    response = client.post(reverse("cop:new_thread"), {
        "category": category.pk, "title": "Deals", "body": f"Great deals: {six_links}"})
    assert response.status_code == 429
    assert "up to 2 links" in response.content.decode()


def test_standing_needs_days_and_posts_approved_on_several_days(seasoned, settings):
    assert settings.MODERATION_TRUST_STEPS[0]["days_since_joining"] >= 1
    step = settings.MODERATION_TRUST_STEPS[0]
    many_posts_one_day = seasoned(days=step["days_since_joining"] + 1,
                                  posts=step["approved_posts"] * 3, on_days=1)
    assert standing(many_posts_one_day).level == 0
    too_young = seasoned(days=step["days_since_joining"] - 0.5,
                         posts=step["approved_posts"], on_days=step["approved_on_distinct_days"])
    assert standing(too_young).level == 0
    earned = seasoned(days=step["days_since_joining"] + 1, posts=step["approved_posts"],
                      on_days=step["approved_on_distinct_days"])
    assert standing(earned).level == 1
    veteran = seasoned(days=400, posts=60, on_days=30)
    assert standing(veteran).level == TRUSTED


def test_standing_every_number_is_a_setting(seasoned, settings):
    settings.MODERATION_TRUST_STEPS = [
        {"days_since_joining": 0, "approved_posts": 1, "approved_on_distinct_days": 1},
    ]
    assert standing(seasoned(days=0, posts=1, on_days=1)).level == 1


def test_standing_recent_rejection_keeps_a_member_new(seasoned, thread_factory):
    member = seasoned(days=400, posts=60, on_days=30)
    Post.objects.create(thread=thread_factory(), author=member, body="Buy cheap followers",
                        status=PostStatus.REJECTED, screened_at=timezone.now())
    assert standing(member).level == 0


def test_standing_counts_the_posts_a_member_has_read(seasoned, thread_factory, settings):
    reader = seasoned(days=30, posts=12, on_days=6, reads=0)
    assert standing(reader).level == 0 and standing(reader).posts_read == 0
    thread = thread_factory(title="Co-producing the evaluation")
    others = thread.author
    now = timezone.now()
    needed = settings.MODERATION_TRUST_STEPS[0]["posts_read"]
    Post.objects.bulk_create([
        Post(thread=thread, author=others, body=f"Reply {i}.", status=PostStatus.PUBLISHED,
             created_at=now - timedelta(minutes=i + 1), screened_at=now)
        for i in range(needed + 5)
    ])
    # Read up to a point in the thread: only the posts up to the mark count.
    ReadState.objects.create(user=reader, thread=thread, read_until=now - timedelta(minutes=6))
    assert standing(reader).posts_read == needed
    assert standing(reader).level == 1
    # "Mark all read" is not reading.
    newcomer = seasoned(days=30, posts=12, on_days=6, reads=0)
    mark_all_read(user=newcomer)
    assert standing(newcomer).posts_read == 0 and standing(newcomer).level == 0


def test_standing_asks_for_posts_read_when_the_site_counts_reading(seasoned, settings):
    member = seasoned(days=30, posts=12, on_days=6, reads=0)
    settings.MODERATION_POSTS_READ = ""
    assert standing(member).level == 2  # no reading counted: the other numbers decide
    settings.MODERATION_POSTS_READ = "tests.moderation.screening.test_trust.reads_few"
    assert standing(member).level == 0
    settings.MODERATION_POSTS_READ = "tests.moderation.screening.test_trust.reads_many"
    assert standing(member).level == 2


def test_held_post_costs_a_level_until_a_moderator_approves_it(
    seasoned, thread_factory, moderator, django_capture_on_commit_callbacks
):
    member = seasoned(days=30, posts=12, on_days=6)
    assert standing(member).level == 2
    with django_capture_on_commit_callbacks(execute=True):
        post = forum.reply(author=member, thread=thread_factory(), body=ADVERT)
    post.refresh_from_db()
    assert post.status in {PostStatus.HELD, PostStatus.QUARANTINED}
    assert standing(member).level == 1
    assert TrustPenalty.objects.get(user=member).cause == TrustPenalty.Cause.HELD
    decide_post(post=post, moderator=moderator, action=DecisionAction.APPROVE, retrain=False)
    assert standing(member).level == 2  # a false alarm costs nothing


def test_rejected_post_costs_a_level_that_sticks(seasoned, thread_factory, moderator, settings):
    settings.MODERATION_TRUST_CLEAN_DAYS = 0  # only the penalty, not the rejection rule
    member = seasoned(days=400, posts=60, on_days=30)
    assert standing(member).level == TRUSTED
    post = Post.objects.create(thread=thread_factory(), author=member, body="Cheap watches",
                               status=PostStatus.HELD)
    decide_post(post=post, moderator=moderator, action=DecisionAction.REJECT, retrain=False)
    assert standing(member).level == TRUSTED - 1
    assert standing(member).level == TRUSTED - 1  # recorded, not recalculated away
    penalty = TrustPenalty.objects.get(user=member, post=post)
    assert penalty.cause == TrustPenalty.Cause.REJECTED
    penalty.until = timezone.now() - timedelta(seconds=1)
    penalty.save(update_fields=["until"])
    assert standing(member).level == TRUSTED  # once its time has passed
