"""Who counts as a moderator: superusers and members of the Moderators group."""

from django.db.models import Q

MODERATORS_GROUP = "Moderators"


def moderator_q() -> Q:
    """The same rule as is_moderator, as a filter on users (join on groups: use distinct())."""
    return Q(is_superuser=True) | Q(groups__name=MODERATORS_GROUP)


def is_moderator(user) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_moderator", None)
    if cached is None:
        cached = user.groups.filter(name=MODERATORS_GROUP).exists()
        user._is_moderator = cached
    return cached
