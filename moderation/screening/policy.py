"""Screening policies: given a post, decide whether it is published or held, and why.

The policy in use is named by the MODERATION_POLICY setting, so the forum never needs to know
which one runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from cop.enums import PostStatus
from moderation.classifier import registry
from moderation.engine.contacts import extract_contacts
from moderation.engine.context import PostContext
from moderation.engine.fingerprint import count_near_duplicates, fingerprint
from moderation.engine.signals import TEXT_INDEX, analyse
from moderation.models import ModerationScore
from moderation.screening import reasons as why
from moderation.screening.batch import Batch
from moderation.screening.reasons import Rule, RuleName
from moderation.screening.thresholds import category_thresholds
from moderation.screening.trust import TRUSTED, standing


@dataclass
class Verdict:
    status: str
    reasons: list[str] = field(default_factory=list)
    score: float | None = None
    threshold: float | None = None
    usual_threshold: float | None = None  # before the new-account rule lowered it
    model_version_id: int | None = None
    top_features: list[dict] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    text: str = ""
    context: dict = field(default_factory=dict)
    fingerprint: int | None = None


class PublishAtOncePolicy:
    """Publishes every post as soon as it is screened (for sites that moderate after the fact)."""

    def decide(self, post, batch=None) -> Verdict:
        return Verdict(status=PostStatus.PUBLISHED, reasons=[why.PUBLISHED_AT_ONCE])


def text_of(post) -> str:
    """What is scored: the title and the opening post together, or a reply on its own."""
    if post.is_opening:
        return f"{post.thread.title}\n\n{post.body}"
    return post.body


def _near_duplicates(post, print_: int) -> int:
    since = timezone.now() - timedelta(days=7)
    recent = (
        ModerationScore.objects.filter(created_at__gte=since, fingerprint__isnull=False)
        .exclude(post=post).order_by("-created_at").values_list("fingerprint", flat=True)[:2000]
    )
    return count_near_duplicates(print_, recent)


def build_context(post, batch: Batch | None = None) -> tuple[PostContext, object]:
    """What the model reads beside the text; `batch` when the post is screened in one."""
    if batch is None:
        hour_ago = timezone.now() - timedelta(hours=1)
        who = standing(post.author, recent_since=hour_ago, other_than=post.pk)
    else:
        who = batch.standing(post)
    recent = who.posts_since
    print_ = fingerprint(text_of(post))
    context = PostContext(
        account_age_days=round(who.account_age_days, 2),
        trust_level=who.level,
        approved_posts=who.approved_posts,
        rejected_posts=who.rejected_posts,
        posts_last_hour=recent,
        thread_title=None if post.is_opening else post.thread.title,
        near_duplicate_count=(_near_duplicates(post, print_) if batch is None
                              else batch.near_duplicates(post, print_)),
    )
    return context, (who, print_)


def scrutiny_signals(text: str, fired_names: set[str]) -> list[str]:
    """The MODERATION_NEW_ACCOUNT_SCRUTINY signals present in a post: promotional, get-rich or
    off-topic wording that earns a new account's post the strict threshold even without links.
    Lexicon counts are read from the engine's analysis (the engine names them), off-topic from
    the model's fired signals (it needs the community's vocabulary)."""
    names = settings.MODERATION_NEW_ACCOUNT_SCRUTINY["signals"]
    values = analyse(text).base
    return [name for name in names
            if (name in TEXT_INDEX and values[TEXT_INDEX[name]] > 0) or name in fired_names]


def new_account_rule(*, text: str, who, fired_names: set[str]) -> tuple[RuleName, str] | None:
    """Which strict rule a new account's post meets, if any: links or contact details first,
    then promotional, get-rich or off-topic wording (with the signals named as its detail)."""
    if who.level != 0:
        return None
    if extract_contacts(text):
        return RuleName.NEW_MEMBER_LINKS, ""
    signals = scrutiny_signals(text, fired_names)
    if signals:
        return RuleName.NEW_MEMBER_PROMOTION, ", ".join(signals)
    return None


class SpamEnginePolicy:
    """Scores every post with the active spam model and decides by thresholds.

    Trusted members and moderators publish at once (still scored, for the record). New
    accounts whose post carries links or contact details meet a stricter threshold
    (MODERATION_STRICT_THRESHOLD; the posting limits in limits.py apply before that), and so
    do their posts with promotional, get-rich or off-topic signals
    (MODERATION_NEW_ACCOUNT_SCRUTINY), links or not.
    """

    def decide(self, post, batch: Batch | None = None) -> Verdict:
        """The verdict on `post`; with `batch`, the reads it shares with the batch's other
        posts come from there (the verdict is the same)."""
        version, model = registry.active_model() if batch is None else batch.active_model()
        if batch is not None and not batch.hashed_ahead:
            model.hash_ahead([text_of(other) for other in batch.posts])
            batch.hashed_ahead = True
        context, (who, print_) = build_context(post, batch)
        text = text_of(post)
        screening = model.screen(text, context)
        thresholds = category_thresholds if batch is None else batch.category_thresholds
        publish_below, quarantine_above = thresholds(post.thread.category_id,
                                                     screening.threshold)
        usual_threshold = publish_below
        reasons: list[str] = []
        strict_rule = new_account_rule(text=text, who=who,
                                       fired_names={f.name for f in screening.fired})
        if strict_rule is not None:
            links = strict_rule[0] == RuleName.NEW_MEMBER_LINKS
            strict = (settings.MODERATION_STRICT_THRESHOLD if links
                      else settings.MODERATION_NEW_ACCOUNT_SCRUTINY["threshold"])
            # The wording rule is named only where it decides (the score falls between the
            # two thresholds), so that an advert the model holds anyway is explained as such.
            decisive = links or strict <= screening.score < publish_below
            if strict < publish_below and decisive:
                publish_below = strict
                reasons.append(why.strict_threshold_reason(strict, rule=strict_rule[0]))
            else:
                strict_rule = None
        quarantine_above = max(quarantine_above, publish_below)
        score = screening.score
        trusted = who.level >= TRUSTED
        if trusted:
            status, threshold = PostStatus.PUBLISHED, publish_below
        elif score >= quarantine_above:
            status, threshold = PostStatus.QUARANTINED, quarantine_above
        elif score >= publish_below:
            status, threshold = PostStatus.HELD, publish_below
        else:
            status, threshold = PostStatus.PUBLISHED, publish_below
        reasons.append(why.outcome_reason(status=status, score=score, threshold=threshold,
                                          trusted=trusted))
        rules = [Rule(name=f.name, description=f.description, detail=f.detail)
                 for f in screening.fired]
        if strict_rule is not None:
            rules.append(Rule.of(strict_rule[0], detail=strict_rule[1]))
        return Verdict(
            status=status, reasons=reasons, score=score, threshold=publish_below,
            usual_threshold=usual_threshold, model_version_id=version.pk,
            top_features=[{"feature": r.feature, "weight": round(r.contribution, 4)}
                          for r in screening.reasons],
            rules=rules, text=text, context=registry.context_to_json(context),
            fingerprint=print_,
        )
