"""Members: one user model carrying the public profile."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cop.enums import DigestFrequency, MemberRole


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

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        return self.display_name or self.username

    def get_absolute_url(self) -> str:
        return reverse("cop:profile", kwargs={"username": self.username})
