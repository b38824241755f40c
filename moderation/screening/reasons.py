"""Why a post was held, in one place: the screening rules by name, and the words that explain
an outcome to moderators (the queue's reasons, the policy's account) and to the post's author.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from cop.enums import PostStatus
from moderation.enums import HELD_STATUSES


class RuleName(models.TextChoices):
    """The screening policy's own rules; the label is what moderators read."""

    NEW_MEMBER_LINKS = "new_member_links", _("new account posting links or contact details")
    NEW_MEMBER_PROMOTION = "new_member_promotion", _(
        "new account posting promotional, get-rich or off-topic wording")
    CLASSIFIER_UNAVAILABLE = "classifier_unavailable", _("classifier unavailable")


@dataclass(frozen=True)
class Rule:
    """A rule that fired at screening: one of the policy's (a RuleName) or a signal the spam
    engine names. Stored on ModerationScore.rules as {"name", "description", "detail"}."""

    name: str
    description: str
    detail: str = ""

    @classmethod
    def of(cls, name: RuleName, *, detail: str = "") -> Rule:
        return cls(name=name.value, description=str(name.label), detail=detail)

    @classmethod
    def from_json(cls, data: dict) -> Rule:
        return cls(name=str(data.get("name", "")), description=str(data.get("description", "")),
                   detail=str(data.get("detail", "")))

    def to_json(self) -> dict:
        return asdict(self)


def rules_of(score) -> list[Rule]:
    """The typed rules of a ModerationScore."""
    return [Rule.from_json(data) for data in score.rules]


def fired(rules: Iterable[Rule], name: RuleName) -> bool:
    return any(rule.name == name for rule in rules)


# --- the policy's account of an outcome, kept on the score for moderators ---


def strict_threshold_reason(strict: float, *, rule: RuleName = RuleName.NEW_MEMBER_LINKS
                            ) -> str:
    return f"{rule.label}: posts from {strict:.2f} up wait for review"


def outcome_reason(*, status: str, score: float, threshold: float, trusted: bool) -> str:
    """One line saying how the score and threshold led to the outcome."""
    if trusted:
        return f"spam score {score:.2f}, but a trusted member's post is published at once"
    if status == PostStatus.QUARANTINED:
        return f"spam score {score:.2f}, at or above {threshold:.2f}: quarantined"
    if status == PostStatus.HELD:
        return f"spam score {score:.2f}, at or above {threshold:.2f}: held for review"
    return f"spam score {score:.2f}, below {threshold:.2f}: published"


PUBLISHED_AT_ONCE = "published at once by policy"
UNAVAILABLE = "classifier unavailable"


# --- why an item is in the review queue, for moderators ---


class QueueReason(models.TextChoices):
    """Why an item is in the queue; an item can have several reasons."""

    APPEAL = "appeal", _("Author asked for a second look")
    CLASSIFIER = "classifier", _("Held by the spam check")
    QUARANTINE = "quarantine", _("Quarantined: very likely spam")
    UNAVAILABLE = "unavailable", _("Spam check was unavailable")
    REPORTS = "reports", _("Reported by members")
    NEW_ACCOUNT = "new_account", _("New account: links, contact details or promotion")
    EDIT = "edit", _("Edit of a published post")


def queue_reasons(*, post, score, has_reports: bool, has_appeal: bool,
                  edit=None) -> list[QueueReason]:
    """The queue's reasons for a post, from its latest score (model version loaded). With a
    held `edit` of the post, the reasons are the edit's, from the edit's latest score."""
    reasons = []
    if has_appeal:
        reasons.append(QueueReason.APPEAL)
    if has_reports:
        reasons.append(QueueReason.REPORTS)
    status = post.status
    if edit is not None:
        reasons.append(QueueReason.EDIT)
        status = edit.status
    if status not in HELD_STATUSES:
        return reasons
    if status == PostStatus.QUARANTINED:
        reasons.append(QueueReason.QUARANTINE)
    if score is None:
        return reasons or [QueueReason.UNAVAILABLE]
    rules = rules_of(score)
    if score.score is None or fired(rules, RuleName.CLASSIFIER_UNAVAILABLE):
        reasons.append(QueueReason.UNAVAILABLE)
        return reasons
    if score.outcome not in HELD_STATUSES:
        return reasons  # published by screening, hidden later (by reports)
    # Held only because the policy's new-account rule lowered the threshold (it records the
    # rule; a category's own lower threshold is not this reason): the score is under the
    # threshold the post would otherwise have met (recorded since it was; older screenings
    # fall back on their model version's).
    usual = score.usual_threshold
    if usual is None and score.model_version is not None:
        usual = score.model_version.threshold
    new_member_rule = (fired(rules, RuleName.NEW_MEMBER_LINKS)
                       or fired(rules, RuleName.NEW_MEMBER_PROMOTION))
    if new_member_rule and usual is not None and score.score < usual:
        reasons.append(QueueReason.NEW_ACCOUNT)
    elif status == PostStatus.HELD:
        reasons.append(QueueReason.CLASSIFIER)
    return reasons


# --- why a post is waiting, for its author ---

MEMBER_WORDS = {
    "rejected": "A moderator decided not to publish it.",
    "unavailable": "Our automatic check was not available just then, so a moderator will look "
                   "at it instead.",
    "reported": "Some members asked a moderator to look at it.",
    "new_member": "Posts from new members that include links or contact details are checked by "
                  "a person first.",
    "new_member_promotion": "Some posts from new members, such as ones that look like "
                            "adverts, are checked by a person first.",
    "check": "Our automatic check was not sure about it, so a moderator will take a look.",
}


def member_reason(post) -> str:
    """Why the author's post is waiting, from its latest screening (prefetched as `scores`)."""
    if post.status == PostStatus.REJECTED:
        return MEMBER_WORDS["rejected"]
    scores = sorted(post.scores.all(), key=lambda s: (s.created_at, s.pk), reverse=True)
    latest = scores[0] if scores else None
    if latest is None or latest.outcome == PostStatus.PUBLISHED:
        return MEMBER_WORDS["reported"] if post.status == PostStatus.HELD else ""
    rules = rules_of(latest)
    if fired(rules, RuleName.CLASSIFIER_UNAVAILABLE):
        return MEMBER_WORDS["unavailable"]
    if fired(rules, RuleName.NEW_MEMBER_LINKS):
        return MEMBER_WORDS["new_member"]
    if fired(rules, RuleName.NEW_MEMBER_PROMOTION):
        return MEMBER_WORDS["new_member_promotion"]
    return MEMBER_WORDS["check"]
