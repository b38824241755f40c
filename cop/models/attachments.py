"""Pictures and documents attached to posts, stored through Django's storage API."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop.enums import AttachmentKind, EditStatus

from .forum import Post
from .history import PostEdit


def _stored_name(instance: "Attachment", filename: str) -> str:
    # The member's file name never reaches the storage: a random name cannot be guessed and
    # cannot clash, and the original is kept in `original_name` for the link text.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"forum/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{ext}"


class AttachmentQuerySet(models.QuerySet):
    def shown(self) -> "AttachmentQuerySet":
        """The files posts show: those that came with the post, and those of published edits,
        unless removed (one join, so a page's files still come in one query)."""
        return self.filter(Q(edit__isnull=True) | Q(edit__status=EditStatus.PUBLISHED),
                           removed_at__isnull=True)


class Attachment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    # Added with a proposed edit of a published post: shown with the post only once that edit
    # is published, never if it is rejected (then kept for moderators). Empty for files that
    # came with the post itself, which are as public as the post.
    edit = models.ForeignKey(PostEdit, on_delete=models.RESTRICT, null=True, blank=True,
                             related_name="attachments")
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
    # Removed by its author or a moderator: hidden from everyone else at once, and kept (the
    # file too) with who removed it and when, for moderators and the record.
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            # Every picture carries words for people who cannot see it.
            models.CheckConstraint(
                condition=~Q(kind=AttachmentKind.IMAGE) | ~Q(alt_text=""),
                name="attachment_image_has_alt_text",
            ),
            models.CheckConstraint(condition=Q(size__gt=0), name="attachment_not_empty"),
            models.CheckConstraint(
                condition=Q(removed_at__isnull=True) | Q(removed_by__isnull=False),
                name="removed_attachment_says_by_whom",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("cop:attachment", kwargs={"pk": self.pk, "name": self.original_name})

    def get_thumbnail_url(self) -> str:
        return reverse("cop:attachment_thumb", kwargs={"pk": self.pk})

    @property
    def is_shown(self) -> bool:
        """Shown with its post: it came with the post, or with an edit since published, and
        nobody removed it."""
        return not self.is_removed and (
            self.edit_id is None or self.edit.status == EditStatus.PUBLISHED)

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None

    @property
    def is_waiting(self) -> bool:
        """Added with an edit that is still waiting for its check (and not removed)."""
        return not self.is_removed and self.edit_id is not None and self.edit.is_open

    @property
    def is_image(self) -> bool:
        return self.kind == AttachmentKind.IMAGE
