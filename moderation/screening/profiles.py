"""Profiles screened like posts: a member's display name, organisation and about text are scored
by the same model and policy, shown in public once published, held for a moderator otherwise."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cop import profiles
from cop.enums import ProfileStatus
from cop.models import User
from moderation.classifier import registry
from moderation.engine.context import PostContext
from moderation.models import ProfileScreening
from moderation.screening import reasons as why
from moderation.screening.policy import new_account_rule
from moderation.screening.reasons import Rule, RuleName
from moderation.screening.trust import standing

logger = logging.getLogger(__name__)

Outcome = ProfileScreening.Outcome


class ProfileDecisionError(Exception):
    """A decision on a profile that cannot be made; the message is for the moderator."""


def profile_text(user: User) -> str:
    return "\n\n".join(value for value in (user.display_name, user.organisation, user.bio)
                       if value)


def _verdict(user: User, text: str) -> tuple[str, float | None, float | None, list[Rule],
                                              list[str]]:
    who = standing(user)
    if who.level >= settings.MODERATION_PROFILE_TRUSTED_LEVEL:
        return Outcome.PUBLISHED, None, None, [], ["a member with trust: shown at once"]
    version, model = registry.active_model()
    context = PostContext(account_age_days=round(who.account_age_days, 2),
                          trust_level=who.level, approved_posts=who.approved_posts,
                          rejected_posts=who.rejected_posts)
    screening = model.screen(text, context)
    threshold = screening.threshold
    rules = [Rule(name=f.name, description=f.description, detail=f.detail)
             for f in screening.fired]
    strict_rule = new_account_rule(text=text, who=who,
                                   fired_names={f.name for f in screening.fired})
    if strict_rule is not None:
        # A profile has no thread to be off-topic in; contact details and promotion in a
        # new account's profile are what profile spam is made of.
        threshold = min(threshold, settings.MODERATION_STRICT_THRESHOLD)
        rules.append(Rule.of(strict_rule[0], detail=strict_rule[1]))
    outcome = Outcome.HELD if screening.score >= threshold else Outcome.PUBLISHED
    reasons = [why.outcome_reason(status="held" if outcome == Outcome.HELD else "published",
                                  score=screening.score, threshold=threshold, trusted=False)]
    return outcome, screening.score, threshold, rules, reasons


def screen_profile(*, user: User) -> ProfileScreening | None:
    """Screen a pending profile and show it or hold it; None if nothing is pending. If the
    model is missing or fails, the profile is held for a person, never shown unscreened."""
    if user.profile_status != ProfileStatus.PENDING:
        return None
    text = profile_text(user)
    try:
        outcome, score, threshold, rules, reasons = _verdict(user, text)
    except Exception as error:  # noqa: BLE001 - any failure must end in the review queue
        logger.exception("screening failed for the profile of member %s; holding it", user.pk)
        outcome, score, threshold, reasons = Outcome.HELD, None, None, [why.UNAVAILABLE]
        rules = [Rule.of(RuleName.CLASSIFIER_UNAVAILABLE, detail=str(error)[:300])]
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.profile_status != ProfileStatus.PENDING or profile_text(user) != text:
            return None  # changed again meanwhile: its own task screens the new words
        row = ProfileScreening.objects.create(
            user=user, display_name=user.display_name, organisation=user.organisation,
            bio=user.bio, score=score, threshold=threshold, outcome=outcome,
            rules=[rule.to_json() for rule in rules], reasons=reasons,
        )
        profiles.set_profile_status(user=user, status=ProfileStatus.PUBLISHED
                                 if outcome == Outcome.PUBLISHED else ProfileStatus.HELD)
    return row


def held_profiles():
    """Profiles waiting for a moderator: the latest held screening of each held member."""
    return (ProfileScreening.objects.filter(outcome=Outcome.HELD, decided_at__isnull=True,
                                            user__profile_status=ProfileStatus.HELD)
            .select_related("user").order_by("created_at"))


@transaction.atomic
def decide_profile(*, screening: ProfileScreening, moderator, approve: bool
                   ) -> ProfileScreening:
    """Show a held profile, or turn it down: its fields are cleared, this record kept."""
    screening = ProfileScreening.objects.select_for_update().select_related("user").get(
        pk=screening.pk)
    if screening.decided_at is not None or screening.outcome != Outcome.HELD:
        raise ProfileDecisionError("A moderator has decided on this profile already.")
    user = screening.user
    if approve:
        profiles.set_profile_status(user=user, status=ProfileStatus.PUBLISHED)
    else:
        profiles.reset_profile(user=user)
    screening.outcome = Outcome.APPROVED if approve else Outcome.REJECTED
    screening.decided_by, screening.decided_at = moderator, timezone.now()
    screening.save(update_fields=["outcome", "decided_by", "decided_at"])
    return screening
