"""Members' profiles: a changed display name, organisation or about text waits, unseen by the
public, until moderation has screened it."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from cop import aggregates
from cop.enums import ProfileStatus
from cop.models import User
from operations.queue import enqueue


@transaction.atomic
def update_profile(*, user: User, **fields) -> User:
    """Save a member's profile. A changed display name, organisation or about text waits as
    pending (the public sees the username and nothing else) until it is screened."""
    allowed = {"display_name", "organisation", "bio", "role", "email_notifications", "digest"}
    # Compared with the stored row: a ModelForm has already copied its values onto `user`.
    stored = User.objects.filter(pk=user.pk).values(*User.SCREENED_PROFILE_FIELDS).first() or {}
    changed = False
    for name, value in fields.items():
        if name not in allowed:
            raise ValueError(f"{name} is not a profile field")
        changed |= name in User.SCREENED_PROFILE_FIELDS and stored.get(name) != value
        setattr(user, name, value)
    user.full_clean(exclude=["password", "username", "email"])
    update = list(fields)
    if changed and any(getattr(user, name) for name in User.SCREENED_PROFILE_FIELDS):
        user.profile_status = ProfileStatus.PENDING
        user.profile_changed_at = timezone.now()
        update += ["profile_status", "profile_changed_at"]
        user_id = user.pk
        transaction.on_commit(lambda: enqueue("moderation.tasks.screen_profile", user_id))
    elif changed:
        user.profile_status = ProfileStatus.PUBLISHED  # all cleared: nothing left to check
        update.append("profile_status")
    user.save(update_fields=update)
    return user


def set_profile_status(*, user: User, status: str) -> User:
    User.objects.filter(pk=user.pk).update(profile_status=status)
    aggregates.changed()
    user.profile_status = status
    return user


def reset_profile(*, user: User) -> User:
    """Clear the screened profile fields (a moderator turned them down)."""
    for name in User.SCREENED_PROFILE_FIELDS:
        setattr(user, name, "")
    user.profile_status = ProfileStatus.PUBLISHED
    user.save(update_fields=[*User.SCREENED_PROFILE_FIELDS, "profile_status"])
    return user


def stale_pending_profiles(*, older_than: timedelta):
    return User.objects.filter(
        profile_status=ProfileStatus.PENDING,
        profile_changed_at__lt=timezone.now() - older_than,
    ).values_list("pk", flat=True)
