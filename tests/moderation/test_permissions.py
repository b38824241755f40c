"""The one rule for who moderates."""

from moderation.permissions import is_moderator, moderators


def test_is_moderator_counts_superusers_and_the_moderators_group(member_factory, moderator):
    admin = member_factory(username="root", is_superuser=True, is_staff=True)
    staff_only = member_factory(username="clerk", is_staff=True)
    member = member_factory(username="plain")

    assert is_moderator(admin)
    assert is_moderator(moderator)
    assert not is_moderator(staff_only)
    assert not is_moderator(member)


def test_moderators_lists_active_moderators_once(member_factory, moderator):
    admin = member_factory(username="root", is_superuser=True)
    gone = member_factory(username="former", is_superuser=True, is_active=False)
    member_factory(username="plain")

    found = list(moderators())

    assert sorted(user.username for user in found) == sorted([admin.username, moderator.username])
    assert gone not in found
    assert not is_moderator(gone)
