"""A burst of pending posts is screened a batch at a time: each post still gets its own score
and outcome, exactly as when screened alone; no post is screened twice; one failure holds that
post only."""

import threading
import time
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from cop import following, publishing
from cop.enums import PostStatus
from cop.models import Notification, Post, Thread
from moderation import tasks
from moderation.models import ModerationScore, TrustPenalty
from moderation.screening.policy import SpamEnginePolicy
from moderation.screening.service import screen_pending_posts, screen_post
from tests.moderation.conftest import ATM_SPAM
from tests.side_by_side import side_by_side

HONEST = "We paid our peer researchers the living wage and wrote it into the budget from day one."


class FailsOnOnePost(SpamEnginePolicy):
    """The site's policy, failing on the post that says "trip the model"."""

    def decide(self, post, batch=None):
        if "trip the model" in post.body:
            raise RuntimeError("model crashed on this post")
        return super().decide(post, batch)


def _pending_reply(thread, author, body, *, minutes_ago: float = 0) -> Post:
    post = Post.objects.create(thread=thread, author=author, body=body,
                               status=PostStatus.PENDING)
    Post.objects.filter(pk=post.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes_ago))
    return Post.objects.get(pk=post.pk)


@contextmanager
def _held_by_another_worker(post):
    """Another worker's batch holds the post's row (its claim) for the length of the block."""
    holding, release = threading.Event(), threading.Event()

    def other_worker():
        try:
            with transaction.atomic():
                Post.objects.select_for_update().get(pk=post.pk)
                holding.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    worker = threading.Thread(target=other_worker)
    worker.start()
    try:
        assert holding.wait(timeout=30)
        yield
    finally:
        release.set()
        worker.join(timeout=30)


def _verdicts(posts) -> list[tuple]:
    rows = []
    for post in posts:
        post.refresh_from_db()
        score = ModerationScore.objects.get(post=post)
        rows.append((post.status, score.score, score.outcome, score.rules, score.reasons,
                     score.threshold, score.context.get("trust_level"),
                     score.context.get("approved_posts"),
                     score.context.get("near_duplicate_count")))
    return rows


def test_one_job_screens_a_burst_and_each_post_gets_its_own_outcome(thread_factory,
                                                                    member_factory):
    thread = thread_factory()
    authors = [member_factory() for _ in range(3)]
    honest = [_pending_reply(thread, authors[n % 3], f"{HONEST} Session {n}.", minutes_ago=5 - n)
              for n in range(4)]
    spam = _pending_reply(thread, authors[0], ATM_SPAM)

    assert tasks.screen_post(honest[0].pk) == "published (and 4 other posts)"

    for post in honest:
        post.refresh_from_db()
        assert post.status == PostStatus.PUBLISHED
    spam.refresh_from_db()
    assert spam.status in {PostStatus.HELD, PostStatus.QUARANTINED}
    assert ModerationScore.objects.get(post=spam).score > 0.9
    # The other posts' own jobs find them screened: no second score, no second notice.
    assert [tasks.screen_post(post.pk) for post in honest[1:]] == ["screened already"] * 3
    assert tasks.screen_post(spam.pk) == f"skipped: {spam.status}"
    assert ModerationScore.objects.count() == 5


def test_batch_verdicts_are_those_of_screening_one_post_at_a_time(thread_factory,
                                                                  member_factory, settings):
    """Earlier posts of the batch count as they would alone: a member's third approved post
    lifts them to level 1 for the next, a held post's penalty takes it back, and a repeated
    text counts as a near-duplicate of the copy before it."""
    settings.MODERATION_POSTS_READ = ""
    thread = thread_factory()
    member = member_factory(date_joined=timezone.now() - timedelta(days=30))
    for days_ago in (3, 5):
        earlier = Post.objects.create(thread=thread, author=member, body=f"{HONEST} ({days_ago})",
                                      status=PostStatus.PUBLISHED)
        Post.objects.filter(pk=earlier.pk).update(
            created_at=timezone.now() - timedelta(days=days_ago))
    other = member_factory()
    bodies = [HONEST, "Thanks, this helped our panel plan the next session.", ATM_SPAM,
              HONEST, "Could you share the budget template you used?"]
    posts = [_pending_reply(thread, member if n != 1 else other, body, minutes_ago=10 - n)
             for n, body in enumerate(bodies)]

    with transaction.atomic():
        for post in posts:
            screen_post(post=Post.objects.select_related("thread", "author").get(pk=post.pk))
        one_at_a_time = _verdicts(posts)
        penalties = TrustPenalty.objects.count()
        transaction.set_rollback(True)
    assert Post.objects.filter(status=PostStatus.PENDING).count() == len(posts)

    screen_pending_posts(first=posts[0].pk, limit=20)

    assert _verdicts(posts) == one_at_a_time
    assert TrustPenalty.objects.count() == penalties == 1
    # What the comparison covered: the level rose, then fell after the held advert.
    assert [row[6] for row in one_at_a_time] == [0, 0, 1, 0, 0]
    assert one_at_a_time[3][8] >= 1  # the repeated text counted as a near-duplicate


def test_a_failure_in_one_post_holds_that_post_and_the_rest_are_screened(
        thread_factory, member_factory, settings, caplog):
    settings.MODERATION_POLICY = "tests.moderation.screening.test_batch.FailsOnOnePost"
    thread = thread_factory()
    author = member_factory()
    before = _pending_reply(thread, author, HONEST, minutes_ago=3)
    broken = _pending_reply(thread, author, "Please trip the model with this one.", minutes_ago=2)
    after = _pending_reply(thread, member_factory(), f"{HONEST} Again.", minutes_ago=1)

    tasks.screen_post(before.pk)

    for post in (before, broken, after):
        post.refresh_from_db()
    assert before.status == after.status == PostStatus.PUBLISHED
    assert broken.status == PostStatus.HELD
    assert ModerationScore.objects.get(post=broken).reasons == ["classifier unavailable"]
    assert "screening failed for post" in caplog.text


def test_a_batch_of_one_screens_only_its_own_post(thread_factory, member_factory, settings):
    settings.MODERATION_SCREENING_BATCH = 1
    thread = thread_factory()
    first = _pending_reply(thread, member_factory(), HONEST, minutes_ago=2)
    second = _pending_reply(thread, member_factory(), f"{HONEST} Too.", minutes_ago=1)
    assert tasks.screen_post(second.pk) == "published"
    first.refresh_from_db()
    assert first.status == PostStatus.PENDING


@pytest.mark.django_db(transaction=True)
def test_a_post_another_worker_has_claimed_is_not_screened_by_this_one(thread_factory,
                                                                       member_factory):
    if connection.vendor != "postgresql":
        pytest.skip("workers claim posts with PostgreSQL row locks; on SQLite one writer at a "
                    "time screens")
    thread = thread_factory()
    claimed = _pending_reply(thread, member_factory(), HONEST, minutes_ago=2)
    free = _pending_reply(thread, member_factory(), f"{HONEST} Too.", minutes_ago=1)
    with _held_by_another_worker(claimed):
        assert tasks.screen_post(claimed.pk) == "screened by another job"
        assert not ModerationScore.objects.filter(post=claimed).exists()
        free.refresh_from_db()
        assert free.status == PostStatus.PUBLISHED  # this job screened what it could claim


@pytest.mark.django_db(transaction=True)
def test_a_batch_fills_up_with_posts_nobody_holds_when_another_worker_has_the_oldest(
        thread_factory, member_factory):
    if connection.vendor != "postgresql":
        pytest.skip("workers claim posts with PostgreSQL row locks; on SQLite one writer at a "
                    "time screens")
    thread = thread_factory()
    oldest = _pending_reply(thread, member_factory(), HONEST, minutes_ago=3)
    free = [_pending_reply(thread, member_factory(), f"{HONEST} Round {n}.", minutes_ago=2 - n)
            for n in range(2)]
    with _held_by_another_worker(oldest):
        # Two workers clearing a burst each take a full batch: the other worker's rows are
        # passed over before the batch is counted, not after.
        verdicts = screen_pending_posts(first=None, limit=2)
        assert sorted(verdicts) == sorted(post.pk for post in free)
    oldest.refresh_from_db()
    assert oldest.status == PostStatus.PENDING


@pytest.mark.django_db(transaction=True)
def test_two_workers_clearing_one_burst_screen_each_post_once(thread_factory, member_factory):
    if connection.vendor != "postgresql":
        pytest.skip("two workers at once need PostgreSQL; on SQLite one writer at a time screens")
    thread = thread_factory()
    authors = [member_factory() for _ in range(4)]
    posts = [_pending_reply(thread, authors[n % 4], f"{HONEST} Round {n}.", minutes_ago=30 - n)
             for n in range(30)]
    start = threading.Barrier(2)

    def worker(ids):
        start.wait()
        for post_id in ids:
            tasks.screen_post(post_id)

    ids = [post.pk for post in posts]
    assert side_by_side(worker, [ids[0::2], ids[1::2]]) == []
    assert not Post.objects.filter(pk__in=ids, status=PostStatus.PENDING).exists()
    assert ModerationScore.objects.filter(post_id__in=ids).count() == len(ids)


@pytest.mark.django_db(transaction=True)
def test_two_batches_crossing_threads_both_commit(thread_factory, member_factory):
    """Each batch publishes a reply in one thread and tells an author about a post in the
    other (a notice names its thread, which PostgreSQL checks at commit). The rows a batch
    locks to move its threads up must not stop the other's check: then neither commit waits
    for the other, and no batch is rolled back as a deadlock."""
    if connection.vendor != "postgresql":
        pytest.skip("two workers at once need PostgreSQL; on SQLite one writer at a time screens")
    first, second = thread_factory(), thread_factory()
    author = member_factory()
    work = {
        "a": (_pending_reply(first, author, f"{HONEST} In the first."),
              _pending_reply(second, author, f"{HONEST} Held in the second.")),
        "b": (_pending_reply(second, author, f"{HONEST} In the second."),
              _pending_reply(first, author, f"{HONEST} Held in the first.")),
    }
    locked = threading.Barrier(2, timeout=20)

    def batch(name):
        published, held = work[name]
        with transaction.atomic():
            with publishing.publishing_together():
                following.notify_author(post=held, message="Your post is waiting.")
                publishing.publish_post(post=published)
            locked.wait()  # both batches hold their threads' rows, and now commit

    assert side_by_side(batch, list(work)) == []
    assert Post.objects.filter(pk__in=[work["a"][0].pk, work["b"][0].pk],
                               status=PostStatus.PUBLISHED).count() == 2
    assert Notification.objects.filter(post__in=[work["a"][1], work["b"][1]]).count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_batch_postgresql_rolls_back_to_break_a_deadlock_is_screened_again_at_once(
        thread_factory, member_factory, caplog):
    """Another transaction locks the thread, then asks for the post the batch has claimed:
    a lock cycle, which PostgreSQL breaks by rolling the batch back (the batch waited first, so
    it finds the cycle). The job tries the batch again a moment later, and the post is public
    without waiting for the sweep."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's deadlock detection; on SQLite one writer at a time screens")
    thread = thread_factory()
    post = _pending_reply(thread, member_factory(), HONEST, minutes_ago=1)
    thread_locked, other_failures = threading.Event(), []

    def other_transaction():
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL deadlock_timeout = '20s'")  # the batch finds it
                Thread.objects.select_for_update().get(pk=thread.pk)
                thread_locked.set()
                _wait_until_a_lock_is_awaited()
                Post.objects.select_for_update().get(pk=post.pk)  # the batch has claimed it
        except Exception as error:  # noqa: BLE001 - reported below
            other_failures.append(error)
        finally:
            connection.close()

    other = threading.Thread(target=other_transaction)
    other.start()
    assert thread_locked.wait(timeout=30)
    with caplog.at_level("WARNING", logger="moderation.tasks"):
        outcome = tasks.screen_waiting(1)
    other.join(timeout=60)
    assert other_failures == []
    assert "deadlock detected" in caplog.text and "trying again" in caplog.text
    assert outcome == "screened 1 posts"
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    assert ModerationScore.objects.filter(post=post).count() == 1


def _wait_until_a_lock_is_awaited(timeout: float = 20.0) -> None:
    """Until another connection (the batch) is waiting for a row lock."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                           "AND datname = current_database() AND pid <> pg_backend_pid()")
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)
    raise AssertionError("the batch never waited for the thread's row")


def test_a_batch_moves_its_threads_up_tags_them_and_tells_their_followers(
        thread_factory, member_factory, django_capture_on_commit_callbacks):
    first, second = thread_factory(), thread_factory()
    long_ago = timezone.now() - timedelta(days=3)  # the threads' opening posts
    Post.objects.filter(thread__in=[first, second]).update(created_at=long_ago)
    Thread.objects.filter(pk__in=[first.pk, second.pk]).update(last_activity_at=long_ago)
    follower = member_factory()
    following.follow(user=follower, thread=first)
    authors = [member_factory() for _ in range(2)]
    tagged = _pending_reply(first, authors[0], f"{HONEST} #CoProduceGM", minutes_ago=3)
    other = _pending_reply(second, authors[1], f"{HONEST} Again.", minutes_ago=2)
    latest = _pending_reply(first, authors[1], f"{HONEST} And again.", minutes_ago=1)

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.screen_waiting(1) == "screened 3 posts"

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.last_activity_at == latest.created_at
    assert second.last_activity_at == other.created_at
    assert list(first.tags.values_list("slug", flat=True)) == ["coproducegm"]
    told = Notification.objects.filter(recipient=follower).values_list("post_id", flat=True)
    assert sorted(told) == sorted([tagged.pk, latest.pk])


def test_a_post_whose_publishing_was_undone_leaves_its_thread_as_it_was(
        thread_factory, member, django_capture_on_commit_callbacks):
    thread = thread_factory()
    before = thread.last_activity_at
    post = _pending_reply(thread, member, f"{HONEST} #PeerResearch")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic(), publishing.publishing_together():
            try:
                with transaction.atomic():
                    publishing.publish_post(post=post)
                    raise RuntimeError("recording failed")
            except RuntimeError:
                pass
    thread.refresh_from_db()
    post.refresh_from_db()
    assert post.status == PostStatus.PENDING
    assert thread.last_activity_at == before
    assert not thread.tags.exists()
    assert callbacks == []  # nobody is told about it


@contextmanager
def _database_refuses_scores_saying(words: str):
    """A trigger in the database that refuses to store a screening whose text has `words`:
    a real failure of the batch's write, undone with the test's transaction."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse_score() RETURNS trigger AS $$ BEGIN "
                f"IF NEW.text LIKE '%%{words}%%' THEN RAISE EXCEPTION 'score refused'; END IF; "
                "RETURN NEW; END $$ LANGUAGE plpgsql")
            cursor.execute("CREATE TRIGGER refuse_score BEFORE INSERT ON "
                           "moderation_moderationscore FOR EACH ROW EXECUTE FUNCTION "
                           "refuse_score()")
        else:
            cursor.execute(
                "CREATE TRIGGER refuse_score BEFORE INSERT ON moderation_moderationscore "
                f"WHEN NEW.text LIKE '%{words}%' BEGIN SELECT RAISE(ABORT, 'score refused'); END")
    yield


def test_when_the_database_refuses_one_posts_screening_the_others_are_still_published(
        thread_factory, member_factory, caplog):
    thread = thread_factory()
    before = _pending_reply(thread, member_factory(), HONEST, minutes_ago=3)
    refused = _pending_reply(thread, member_factory(), f"{HONEST} Refuse me.", minutes_ago=2)
    spam = _pending_reply(thread, member_factory(), ATM_SPAM, minutes_ago=1)

    with _database_refuses_scores_saying("Refuse me"):
        verdicts = screen_pending_posts(first=None, limit=20)

    for post in (before, refused, spam):
        post.refresh_from_db()
    assert sorted(verdicts) == sorted([before.pk, spam.pk])
    assert before.status == PostStatus.PUBLISHED
    assert spam.status in {PostStatus.HELD, PostStatus.QUARANTINED}
    assert Notification.objects.filter(recipient=spam.author, post=spam).count() == 1
    # Nothing was lost: the refused post waits, unscreened, for the sweep to try it again.
    assert refused.status == PostStatus.PENDING and refused.screened_at is None
    assert not ModerationScore.objects.filter(post=refused).exists()
    assert ModerationScore.objects.filter(post__in=[before, spam]).count() == 2
    assert "recording a batch of 3 screenings failed" in caplog.text
    assert f"post {refused.pk} stays pending for the sweep" in caplog.text


def test_a_batch_is_recorded_in_the_same_number_of_queries_however_many_posts_it_has(
        thread_factory, member_factory, django_assert_max_num_queries):
    """Each post's decision reads nothing of its own: what grows with the batch is work in
    memory, not round trips to the database."""
    thread = thread_factory()
    authors = [member_factory() for _ in range(3)]

    def burst(n, label):
        return [_pending_reply(thread, authors[i % 3],
                               ATM_SPAM if i == 1 else f"{HONEST} {label} {i}.",
                               minutes_ago=60 - i) for i in range(n)]

    burst(4, "Small")
    with django_assert_max_num_queries(40) as small:
        assert len(screen_pending_posts(first=None, limit=50)) == 4
    burst(24, "Large")
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        assert len(screen_pending_posts(first=None, limit=50)) == 24
    assert len(large.captured_queries) == len(small.captured_queries)
