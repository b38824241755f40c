"""Background jobs for moderation; each takes ids, loads rows and calls one service.

The django-q2 schedules created by the migrations name these functions by dotted path
("moderation.tasks.…"), so they stay here whatever moves behind them.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import OperationalError

from cop import edits
from cop import profiles as member_profiles
from cop import services as forum
from cop.enums import EditStatus, PostStatus
from cop.models import Post, PostEdit, User
from moderation.decisions import learn, retrain
from moderation.queue import alerts
from moderation.screening import profiles
from moderation.screening import service as screening
from operations.queue import enqueue, enqueue_again_first, job_started

logger = logging.getLogger(__name__)


def screen_post(post_id: int) -> str:
    """Screen the post, and with it up to MODERATION_SCREENING_BATCH - 1 other pending posts
    (a burst is cleared a batch at a time: their own jobs then find them screened)."""
    post = Post.objects.select_related("thread", "author").filter(pk=post_id).first()
    if post is None:
        return "gone"
    if post.status not in {PostStatus.PENDING, PostStatus.PUBLISHED}:
        # A moderator has it already; screening again would undo their work.
        return f"skipped: {post.status}"
    if screening.screened_since_last_change(post):
        return "screened already"
    if post.status == PostStatus.PUBLISHED:
        return screening.screen_post(post=post).status
    verdicts = screening.screen_pending_posts(first=post.pk,
                                              limit=settings.MODERATION_SCREENING_BATCH)
    if post.pk not in verdicts:
        return "screened by another job"
    others = len(verdicts) - 1
    return verdicts[post.pk].status + (f" (and {others} other posts)" if others else "")


def screen_waiting(slot: int = 1) -> str:
    """Screen every post waiting, MODERATION_SCREENING_BATCH at a time, oldest first (the job
    new posts queue: cop.services.queue_screening). Another worker's job takes other batches at
    the same time. After half its time limit it stops and queues itself again ahead of the
    jobs waiting: a long burst goes on being screened before the follow-up jobs (telling
    followers) it queued, and no job runs past its limit."""
    job_started(forum.SCREENING_JOB, slot)
    started = time.monotonic()
    screened = 0
    failures = 0
    while True:
        try:
            verdicts = screening.screen_pending_posts(first=None,
                                                      limit=settings.MODERATION_SCREENING_BATCH)
        except OperationalError as error:
            # PostgreSQL broke a lock cycle (or a serialisation conflict) by rolling this batch
            # back: its posts are pending again. Try again after a moment rather than leave them
            # for the sweep, a minute or more away.
            failures += 1
            if _sqlstate(error) not in RETRY_SQLSTATES or failures > BATCH_RETRIES:
                raise
            logger.warning("screening batch rolled back (%s); trying again", error)
            time.sleep(RETRY_PAUSE_SECONDS * failures)
            continue
        screened += len(verdicts)
        if not verdicts:
            break
        if time.monotonic() - started > settings.MODERATION_SCREENING_TIMEOUT_SECONDS / 2:
            enqueue_again_first(forum.SCREENING_JOB, slot)
            return f"screened {screened} posts; more were waiting, queued to go on"
    return f"screened {screened} posts"


# PostgreSQL's codes for "deadlock detected" and "could not serialize access": the
# transaction was rolled back whole, and the same work done again normally succeeds.
RETRY_SQLSTATES = frozenset({"40P01", "40001"})
BATCH_RETRIES = 3
RETRY_PAUSE_SECONDS = 0.2


def _sqlstate(error: Exception) -> str | None:
    return getattr(error.__cause__, "sqlstate", None)


def screen_profile(user_id: int) -> str:
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return "gone"
    row = profiles.screen_profile(user=user)
    return row.outcome if row else "nothing pending"


def screen_edit(edit_id: int) -> str:
    edit = PostEdit.objects.select_related("post__thread", "post__author").filter(
        pk=edit_id).first()
    if edit is None:
        return "gone"
    if edit.status != EditStatus.PENDING:
        return f"skipped: {edit.status}"
    return screening.screen_edit(edit=edit).status


def requeue_stale_pending() -> int:
    """Queue again any post, edit or profile still pending after a while (a worker was down or
    a job lost): the post stays unpublished, and an edit's post keeps its published text."""
    older_than = timedelta(seconds=settings.MODERATION_STALE_PENDING_SECONDS)
    ids = list(forum.stale_pending_posts(older_than=older_than)[:500])
    for post_id in ids:
        enqueue("moderation.tasks.screen_post", post_id)
    members = list(member_profiles.stale_pending_profiles(older_than=older_than)[:500])
    for user_id in members:
        enqueue("moderation.tasks.screen_profile", user_id)
    edit_ids = list(edits.stale_pending_edits(older_than=older_than)[:500])
    for edit_id in edit_ids:
        enqueue("moderation.tasks.screen_edit", edit_id)
    if learn.decisions_waiting():
        learn.queue_learning()
    if ids or members or edit_ids:
        logger.info("queued %s pending posts, %s profiles and %s edits again", len(ids),
                    len(members), len(edit_ids))
    return len(ids) + len(members) + len(edit_ids)


def learn_from_decisions() -> str:
    return f"learned {learn.learn_from_decisions()} decisions"


def retrain_model(why: str = "on schedule") -> str:
    version = retrain.retrain_model(why=why)
    return f"v{version.version} {'active' if version.is_active else 'kept aside'}"


def alert_moderators_of_waiting_posts() -> int:
    """Tell moderators, once per post, about posts waiting longer than the set time."""
    return alerts.alert_moderators(
        older_than=timedelta(minutes=settings.MODERATION_QUEUE_ALERT_MINUTES)
    )
