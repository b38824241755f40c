"""A moderator's decision on one post: every decision goes through decide_post, which writes
the audit log and a training label."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from cop import edits, following, publishing
from cop.enums import HELD_EDIT_STATUSES, PostStatus
from cop.models import Post, PostEdit
from moderation.decisions.retrain import retrain_after_commit
from moderation.enums import HELD_STATUSES, DecisionAction, Label, ReportOutcome
from moderation.models import Appeal, ModerationDecision, TrainingLabel, TrustPenalty
from moderation.screening.policy import text_of
from moderation.screening.service import edited_post, latest_edit_score, latest_score
from moderation.screening.trust import lift_penalty, penalise

REJECTED_NOTICE = "A moderator decided not to publish your post in “{title}”."
EDIT_REJECTED_NOTICE = ("A moderator decided not to publish your edit of your post in "
                        "“{title}”; the earlier version stays up.")
EDIT_APPROVED_NOTICE = "Your edit of your post in “{title}” is now published."


class DecisionError(Exception):
    """A decision that cannot be made; the message says why, for the moderator."""


def suspend_account(*, user) -> None:
    """Stop an account from signing in; its posts and records are kept."""
    user.is_active = False
    user.save(update_fields=["is_active"])


def decide_post(
    *, post: Post, moderator, action: str, reason: str = "", retrain: bool = True,
) -> ModerationDecision:
    """Apply a moderator's decision, write it to the audit log and keep it as a training label.

    This one service serves the review queue, bulk actions, campaign purges and spam_replay.
    """
    if action not in DecisionAction.values:
        raise DecisionError(f"Unknown action {action!r}.")
    with transaction.atomic():
        post = (Post.objects.select_for_update(**publishing.POST_ONLY)
                .select_related("thread", "author").get(pk=post.pk))
        edit = PostEdit.objects.select_for_update(**publishing.POST_ONLY).filter(
            post=post, status__in=HELD_EDIT_STATUSES).first()
        if edit is not None and post.status == PostStatus.PUBLISHED:
            decision = _decide_edit(edit=edit, post=post, moderator=moderator, action=action,
                                    reason=reason)
        else:
            decision = _decide_post(post=post, moderator=moderator, action=action,
                                    reason=reason)
    if retrain:
        retrain_after_commit()
    return decision


def _decide_edit(*, edit: PostEdit, post: Post, moderator, action: str,
                 reason: str) -> ModerationDecision:
    """Publish a held edit (the published text becomes a revision) or keep the published text
    (the edit stays on record); either way it is audited and becomes a training label."""
    previous = edit.status
    score = latest_edit_score(edit)
    title = post.thread.title
    if action == DecisionAction.APPROVE:
        edits.publish_edit(edit=edit)
        following.notify_author(post=post, message=EDIT_APPROVED_NOTICE.format(title=title))
        label = Label.HAM
    else:
        edits.reject_edit(edit=edit)
        following.notify_author(post=post, message=EDIT_REJECTED_NOTICE.format(title=title)
                            + (f" Reason: {reason}" if reason else ""))
        label = Label.SPAM
        penalise(post=post, cause=TrustPenalty.Cause.REJECTED)
        if action == DecisionAction.REJECT_AND_SUSPEND and post.author.is_active:
            suspend_account(user=post.author)
    decision = ModerationDecision.objects.create(
        post=post, edit=edit, moderator=moderator, action=action, reason=reason,
        score=score.score if score else None, previous_status=previous,
        was_auto_held=bool(score and score.outcome in HELD_STATUSES),
    )
    TrainingLabel.objects.update_or_create(
        edit=edit,
        defaults={
            "decision": decision, "label": label,
            "text": score.text if score else text_of(edited_post(edit)),
            "context": score.context if score else {},
            "source": "moderator",
        },
    )
    return decision


def _decide_post(*, post: Post, moderator, action: str, reason: str) -> ModerationDecision:
    previous = post.status
    score = latest_score(post)
    auto_held = previous in HELD_STATUSES and bool(score and score.outcome in HELD_STATUSES)
    if action == DecisionAction.APPROVE:
        publishing.publish_post(post=post)
        lift_penalty(post=post)
        label = Label.HAM
    else:
        publishing.reject_post(post=post)
        following.notify_author(post=post, message=REJECTED_NOTICE.format(title=post.thread.title)
                            + (f" Reason: {reason}" if reason else ""))
        label = Label.SPAM
        penalise(post=post, cause=TrustPenalty.Cause.REJECTED)
        if action == DecisionAction.REJECT_AND_SUSPEND and post.author.is_active:
            suspend_account(user=post.author)
    decision = ModerationDecision.objects.create(
        post=post, moderator=moderator, action=action, reason=reason,
        score=score.score if score else None, previous_status=previous,
        was_auto_held=auto_held,
    )
    post.reports.filter(outcome=ReportOutcome.OPEN).update(
        outcome=ReportOutcome.DISMISSED if label == Label.HAM else ReportOutcome.UPHELD,
        resolved_at=timezone.now(),
    )
    Appeal.objects.filter(post=post, resolved_at__isnull=True).update(
        resolved_at=timezone.now()
    )
    TrainingLabel.objects.update_or_create(
        post=post,
        defaults={
            "decision": decision, "label": label,
            "text": score.text if score else text_of(post),
            "context": score.context if score else {},
            "source": "moderator",
        },
    )
    return decision
