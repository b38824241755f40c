"""Pictures and documents attached to posts, stored through Django's storage API."""

import uuid

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop.enums import AttachmentKind

from .forum import Post


def _stored_name(instance: "Attachment", filename: str) -> str:
    # The member's file name never reaches the storage: a random name cannot be guessed and
    # cannot clash, and the original is kept in `original_name` for the link text.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"forum/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{ext}"


class Attachment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=16, choices=AttachmentKind.choices)
    file = models.FileField(upload_to=_stored_name, max_length=200)
    thumbnail = models.FileField(upload_to=_stored_name, max_length=200, blank=True)
    original_name = models.CharField(max_length=160)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    thumb_width = models.PositiveIntegerField(null=True, blank=True)
    thumb_height = models.PositiveIntegerField(null=True, blank=True)
    alt_text = models.CharField(_("description of the picture"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            # Every picture carries words for people who cannot see it.
            models.CheckConstraint(
                condition=~Q(kind=AttachmentKind.IMAGE) | ~Q(alt_text=""),
                name="attachment_image_has_alt_text",
            ),
            models.CheckConstraint(condition=Q(size__gt=0), name="attachment_not_empty"),
        ]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("cop:attachment", kwargs={"pk": self.pk, "name": self.original_name})

    def get_thumbnail_url(self) -> str:
        return reverse("cop:attachment_thumb", kwargs={"pk": self.pk})

    @property
    def is_image(self) -> bool:
        return self.kind == AttachmentKind.IMAGE
