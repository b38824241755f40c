"""Screening: every new post passes screen_post, and every edit of a published post
screen_edit, before it can be public."""

from __future__ import annotations

import copy
import inspect
import logging

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from cop import aggregates, edits, following, publishing
from cop.enums import EditStatus, PostStatus
from cop.models import Post, PostEdit
from moderation.enums import HELD_STATUSES
from moderation.models import ModerationScore, TrustPenalty
from moderation.screening import reasons as why
from moderation.screening.batch import Batch
from moderation.screening.policy import Verdict, text_of
from moderation.screening.reasons import Rule, RuleName
from moderation.screening.trust import penalise

logger = logging.getLogger(__name__)

HELD_NOTICE = (
    "Your post in “{title}” is waiting for a moderator to check it. "
    "This is usually quick, and you do not need to do anything."
)


def get_policy():
    return import_string(settings.MODERATION_POLICY)()


def screen_post(*, post: Post) -> Verdict:
    """Decide what happens to a post, record the score, and apply the outcome. If the model is
    missing or fails, the post is held for a person: never published unscreened, never lost."""
    verdict = _decide(post)
    with transaction.atomic():
        post = (Post.objects.select_for_update(**publishing.POST_ONLY).select_related("thread")
                .get(pk=post.pk))
        if screened_since_last_change(post):
            # A lost job put back by the sweep, or a retry, can reach a post another run has
            # screened already: doing it again would double the score and the author's notice.
            logger.info("post %s was screened already; nothing to do", post.pk)
            return verdict
        _record(post, verdict)
    return verdict


def screen_pending_posts(*, first: int | None, limit: int) -> dict[int, Verdict]:
    """Screen the pending post `first` (if any) and other pending posts up to `limit`, oldest
    first, in one transaction; returns the verdicts by post id (none for `first` when another
    worker is screening it). Jobs queued for them later find them screened already and stop.

    Each post is judged as screen_post would judge it, its batch's earlier posts counted as
    recorded (batch.py). The posts are claimed as they are read: another worker skips those
    rows (PostgreSQL row locks) or waits for this transaction (SQLite has one writer), so no
    post is screened twice. A post whose screening fails is held for a person, the others are
    screened all the same; if the transaction itself fails, they all stay pending for the
    retry or the sweep."""
    policy = get_policy()
    takes_batch = "batch" in inspect.signature(policy.decide).parameters
    with transaction.atomic(), aggregates.changes_together(), publishing.publishing_together():
        claim = (Post.objects.select_for_update(skip_locked=True, of=("self",))
                 .select_related("thread", "author").filter(status=PostStatus.PENDING))
        posts = list(claim.filter(pk=first)) if first is not None else []
        if limit > len(posts):
            # The others are the oldest pending posts nobody has claimed: rows another
            # worker's batch holds are skipped before the limit counts, so two workers
            # clearing a burst each take a full batch instead of colliding on the oldest.
            others = claim.exclude(pk=first) if first is not None else claim
            posts += others.order_by("created_at", "pk")[:limit - len(posts)]
        posts.sort(key=lambda post: (post.created_at, post.pk))
        posts = [post for post in posts if not screened_since_last_change(post)]
        if not posts:
            return {}
        batch = Batch(posts) if takes_batch else None
        # Decided one after another, each on what the batch's earlier outcomes changed; then
        # recorded together in a few queries. Should that fail, each post is recorded on its
        # own, and a post whose recording fails is held for a person.
        penalised_before = _penalised_posts(posts) if batch is not None else set()
        decided: list[tuple[Post, Verdict]] = []
        for post in posts:
            verdict = _decide(post, batch=batch, policy=policy)
            decided.append((post, verdict))
            if batch is not None:
                batch.recorded(post, status=verdict.status, fingerprint=verdict.fingerprint,
                               penalised=_penalises(verdict) and post.pk not in penalised_before)
        as_read = [(post.status, post.screened_at) for post, _ in decided]
        try:
            with transaction.atomic():
                _record_together(decided)
            return {post.pk: verdict for post, verdict in decided}
        except Exception:  # noqa: BLE001 - recorded one by one instead
            logger.exception("recording a batch of %d screenings failed; recording them one "
                             "at a time", len(decided))
        for (post, _), (status, screened_at) in zip(decided, as_read, strict=True):
            post.status, post.screened_at = status, screened_at  # as read: the writes undone
        return _record_one_by_one(decided)


def _record_one_by_one(decided: list[tuple[Post, Verdict]]) -> dict[int, Verdict]:
    """Each post recorded in its own savepoint; one whose recording fails is held for a
    person, or left pending for the sweep if even that fails. The verdicts recorded, by id."""
    verdicts: dict[int, Verdict] = {}
    for post, verdict in decided:
        try:
            with transaction.atomic():
                _record(post, verdict)
        except Exception as error:  # noqa: BLE001 - one post's failure holds that post
            logger.exception("recording the screening of post %s failed; holding it for "
                             "review", post.pk)
            verdict = _failed(post, error)
            try:
                with transaction.atomic():
                    _record(post, verdict)
            except Exception:  # noqa: BLE001 - the rest of the batch is still screened
                logger.exception("post %s stays pending for the sweep", post.pk)
                continue
        verdicts[post.pk] = verdict
    return verdicts


def _penalises(verdict: Verdict) -> bool:
    """Whether recording the verdict takes a trust level from the author: a held post by a
    member with some trust (lifted if a moderator approves it)."""
    return (verdict.status in HELD_STATUSES and verdict.score is not None
            and verdict.context.get("trust_level", 0) >= 1)


def _penalised_posts(posts: list[Post]) -> set[int]:
    """Posts that cost their author a level already (a post is penalised once)."""
    return set(TrustPenalty.objects.filter(post_id__in=[post.pk for post in posts])
               .values_list("post_id", flat=True))


def _score(post: Post, verdict: Verdict) -> ModerationScore:
    return ModerationScore(
        post=post, model_version_id=verdict.model_version_id, score=verdict.score,
        threshold=verdict.threshold,
        usual_threshold=verdict.usual_threshold, outcome=verdict.status,
        top_features=verdict.top_features, rules=[rule.to_json() for rule in verdict.rules],
        reasons=verdict.reasons, text=verdict.text or text_of(post), context=verdict.context,
        fingerprint=verdict.fingerprint,
    )


def _record_together(decided: list[tuple[Post, Verdict]]) -> None:
    """_record for each post of a batch (locked, in a transaction), in a few queries: the
    scores in one INSERT, the outcomes one UPDATE each, the held posts' notices together."""
    ModerationScore.objects.bulk_create([_score(post, verdict) for post, verdict in decided])
    publishing.screened_together([(post, verdict.status) for post, verdict in decided
                             if verdict.status in publishing.SCREENED_STATUSES])
    held = [(post, verdict) for post, verdict in decided if verdict.status in HELD_STATUSES]
    following.notify_authors([(post, HELD_NOTICE.format(title=post.thread.title))
                          for post, _ in held])
    for post, verdict in held:
        if _penalises(verdict):
            penalise(post=post, cause=TrustPenalty.Cause.HELD)


def _record(post: Post, verdict: Verdict) -> None:
    """Save the screening of a post (locked, in a transaction) and apply its outcome."""
    _score(post, verdict).save()
    if verdict.status == PostStatus.PUBLISHED:
        publishing.publish_post(post=post)
    elif verdict.status in HELD_STATUSES:
        publishing.hold_post(post=post, status=verdict.status)
        following.notify_author(post=post, message=HELD_NOTICE.format(title=post.thread.title))
        if _penalises(verdict):
            penalise(post=post, cause=TrustPenalty.Cause.HELD)
    elif verdict.status == PostStatus.REJECTED:
        publishing.reject_post(post=post)


def screened_since_last_change(post: Post) -> bool:
    return post.screened_at is not None and post.screened_at >= (post.edited_at or post.created_at)


EDIT_HELD_NOTICE = (
    "Your edit of your post in “{title}” is waiting for a moderator to check it. Until then "
    "everyone else sees the earlier version; you do not need to do anything."
)


def _decide(post: Post, text: str | None = None, *, batch: Batch | None = None,
            policy=None) -> Verdict:
    try:
        policy = policy or get_policy()
        return policy.decide(post) if batch is None else policy.decide(post, batch=batch)
    except Exception as error:  # noqa: BLE001 - any failure must end in the review queue
        logger.exception("screening failed for post %s; holding it for review", post.pk)
        return _failed(post, error, text=text)


def _failed(post: Post, error: Exception, *, text: str | None = None) -> Verdict:
    """The verdict when screening could not decide: held for a person, the error named."""
    return Verdict(
        status=PostStatus.HELD, reasons=[why.UNAVAILABLE], text=text or text_of(post),
        rules=[Rule.of(RuleName.CLASSIFIER_UNAVAILABLE, detail=str(error)[:300])],
    )


def edited_post(edit: PostEdit) -> Post:
    """The post as it would read with the edit published (unsaved), for the policy to judge
    exactly as it judges a new post: same text rules, author, thread and thresholds."""
    candidate = copy.copy(edit.post)
    candidate.body = edit.body
    if edit.title and candidate.is_opening:
        thread = copy.copy(edit.post.thread)
        thread.title = edit.title
        candidate.thread = thread
    return candidate


def screen_edit(*, edit: PostEdit) -> Verdict:
    """Decide whether a proposed edit of a published post becomes its public text. The post
    stays as published meanwhile; if the model fails the edit waits for a moderator."""
    candidate = edited_post(edit)
    verdict = _decide(candidate)
    with transaction.atomic():
        edit = (PostEdit.objects.select_for_update(**publishing.POST_ONLY)
                .select_related("post__thread").get(pk=edit.pk))
        if edit.status != EditStatus.PENDING:
            return verdict  # replaced by a later edit or decided meanwhile
        ModerationScore.objects.create(
            post=edit.post, edit=edit, model_version_id=verdict.model_version_id,
            score=verdict.score, threshold=verdict.threshold,
            usual_threshold=verdict.usual_threshold, outcome=verdict.status,
            top_features=verdict.top_features, rules=[rule.to_json() for rule in verdict.rules],
            reasons=verdict.reasons, text=verdict.text or text_of(candidate),
            context=verdict.context, fingerprint=verdict.fingerprint,
        )
        if verdict.status == PostStatus.PUBLISHED:
            edits.publish_edit(edit=edit)
        elif verdict.status in HELD_STATUSES:
            edits.hold_edit(edit=edit, status=verdict.status)
            following.notify_author(post=edit.post,
                                message=EDIT_HELD_NOTICE.format(title=edit.post.thread.title))
        elif verdict.status == PostStatus.REJECTED:
            edits.reject_edit(edit=edit)
    return verdict


def latest_score(post: Post) -> ModerationScore | None:
    """The latest screening of the post itself (not of an edit proposed to it)."""
    return post.scores.filter(edit__isnull=True).order_by("-created_at", "-pk").first()


def latest_edit_score(edit: PostEdit) -> ModerationScore | None:
    return edit.scores.order_by("-created_at", "-pk").first()
