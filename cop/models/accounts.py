"""Members: one user model carrying the public profile."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from cop.enums import DigestFrequency, MemberRole, ProfileStatus
from cop.links import path_to


class User(AbstractUser):
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    organisation = models.CharField(_("organisation"), max_length=120, blank=True)
    bio = models.TextField(_("about you"), max_length=600, blank=True)
    role = models.CharField(
        _("role"), max_length=32, choices=MemberRole.choices, blank=True, default=MemberRole.NONE
    )
    email_notifications = models.BooleanField(
        _("email me about replies and mentions"), default=True
    )
    digest = models.CharField(
        _("digest email"),
        max_length=16,
        choices=DigestFrequency.choices,
        default=DigestFrequency.WEEKLY,
    )

    # A change to the display name, organisation or about text is checked before the public
    # sees it; until then (and while a moderator looks) the public sees neutral defaults.
    profile_status = models.CharField(
        _("profile status"), max_length=16, choices=ProfileStatus.choices,
        default=ProfileStatus.PUBLISHED,
    )
    profile_changed_at = models.DateTimeField(null=True, blank=True)

    # The profile fields that are screened before they are public.
    SCREENED_PROFILE_FIELDS = ("display_name", "organisation", "bio")

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        indexes = [models.Index(fields=["profile_status", "profile_changed_at"])]

    def __str__(self) -> str:
        return self.public_name

    @property
    def profile_is_public(self) -> bool:
        return self.profile_status == ProfileStatus.PUBLISHED

    @property
    def public_name(self) -> str:
        return self.name_shown(self.username, self.display_name, self.profile_status)

    @staticmethod
    def name_shown(username: str, display_name: str, profile_status: str) -> str:
        """The name the public sees: the display name once the profile is published (a held
        profile shows the username), for pages that read these three columns without a row."""
        return (profile_status == ProfileStatus.PUBLISHED and display_name) or username

    @property
    def public_organisation(self) -> str:
        return self.organisation if self.profile_is_public else ""

    @property
    def public_bio(self) -> str:
        return self.bio if self.profile_is_public else ""

    def get_absolute_url(self) -> str:
        return path_to("cop:profile", "username", self.username)
