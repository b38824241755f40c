"""Who counts as a moderator: the one rule, as a predicate and as a filter on users.

Superusers and members of the Moderators group moderate. Django's `is_staff` grants nothing
here (the site mounts no Django admin and the Wagtail admin checks its own permission), so it is
not part of the rule: every staff account the project creates is a superuser anyway.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

MODERATORS_GROUP = "Moderators"


def moderator_q() -> Q:
    """The same rule as is_moderator, as a filter on users (join on groups: use distinct())."""
    return Q(is_superuser=True) | Q(groups__name=MODERATORS_GROUP)


def moderators() -> QuerySet:
    """Active accounts that moderate, once each."""
    return get_user_model().objects.filter(is_active=True).filter(moderator_q()).distinct()


def is_moderator(user) -> bool:
    """True for an active, signed-in superuser or member of the Moderators group (cached on the
    user object for the request)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_moderator", None)
    if cached is None:
        cached = user.groups.filter(name=MODERATORS_GROUP).exists()
        user._is_moderator = cached
    return cached
