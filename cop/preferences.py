"""Members' notification settings: reading them, changing them, and what follows from them."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cop.enums import DigestFrequency, NotificationKind
from cop.models import MemberPreferences, Notification, Subscription, Thread, User

# Which setting lets each kind of notice be emailed.
EMAIL_FIELD_FOR_KIND = {
    NotificationKind.REPLY: "email_replies",
    NotificationKind.MENTION: "email_mentions",
    NotificationKind.NEW_THREAD: "email_new_threads",
    NotificationKind.MODERATION: "email_moderation",
}
PREFERENCE_FIELDS = ("follow_on_reply", *EMAIL_FIELD_FOR_KIND.values())


def preferences_for(*, user: User) -> MemberPreferences:
    """The member's settings, or unsaved defaults when they never changed them."""
    try:
        return user.preferences
    except MemberPreferences.DoesNotExist:
        return MemberPreferences(user=user)


def update_preferences(*, user: User, digest: str | None = None, **fields: bool
                       ) -> MemberPreferences:
    unknown = set(fields) - set(PREFERENCE_FIELDS)
    if unknown:
        raise ValueError(f"not a notification setting: {sorted(unknown)}")
    with transaction.atomic():
        prefs, _ = MemberPreferences.objects.get_or_create(user=user)
        for name, value in fields.items():
            setattr(prefs, name, bool(value))
        prefs.save()
        if digest is not None:
            if digest not in DigestFrequency.values:
                raise ValueError(f"not a digest frequency: {digest!r}")
            user.digest = digest
            user.save(update_fields=["digest"])
    user.preferences = prefs
    return prefs


def email_wanted_q(prefix: str = "recipient__") -> Q:
    """Notices the recipient wants by email: their master switch, then the notice's own kind.
    Members who never saved settings have every kind switched on."""
    no_row = Q(**{f"{prefix}preferences__isnull": True})
    kinds = Q()
    for kind, field in EMAIL_FIELD_FOR_KIND.items():
        kinds |= Q(kind=kind) & (no_row | Q(**{f"{prefix}preferences__{field}": True}))
    return Q(**{f"{prefix}email_notifications": True}) & kinds


def follow_after_posting(*, user: User, thread: Thread) -> None:
    """Follow a thread the member wrote in, unless they said not to; called inside the
    transaction that saves the post."""
    if not preferences_for(user=user).follow_on_reply:
        return
    # One INSERT that does nothing when the member already follows the thread (the usual case
    # for a reply), or a second tab followed it at the same moment: following once is enough.
    Subscription.objects.bulk_create([Subscription(user=user, thread=thread)],
                                     ignore_conflicts=True)


def mark_seen(*, user: User, ids: list[int] | None = None, thread: Thread | None = None) -> int:
    """Notices the member has now seen (listed on their page, or their thread opened): the
    header's count drops at once."""
    if not user.is_authenticated:
        return 0
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    if thread is not None:
        qs = qs.filter(thread=thread)
    return qs.update(read_at=timezone.now())

