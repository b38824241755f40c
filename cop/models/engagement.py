"""How members take part beyond writing: reactions, what they have read, saved posts, drafts."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop.enums import ReactionKind

from .forum import Category, Post, Thread


class Reaction(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions"
    )
    kind = models.CharField(_("reaction"), max_length=16, choices=ReactionKind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["post", "user", "kind"], name="one_reaction_per_kind"),
            models.CheckConstraint(
                condition=models.Q(kind__in=ReactionKind.values), name="reaction_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} from {self.user_id} on post {self.post_id}"


class ReadState(models.Model):
    """How far a member has read a thread: every post created up to `read_until` is read."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="read_states"
    )
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_states")
    read_until = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="one_read_state_per_thread"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.thread_id} until {self.read_until:%Y-%m-%d %H:%M}"


class ReadHorizon(models.Model):
    """"Mark all read" in one row: posts before `all_read_at` count as read everywhere, so the
    button costs one write however many threads there are."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="read_horizon"
    )
    all_read_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.user_id} read everything before {self.all_read_at:%Y-%m-%d %H:%M}"


class Bookmark(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks"
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "post"], name="one_bookmark_per_post"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} saved post {self.post_id}"


class Draft(models.Model):
    """A reply being written, kept so a closed tab or a refused submit loses nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts"
    )
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="drafts")
    body = models.TextField()
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="one_draft_per_thread"),
            models.CheckConstraint(condition=~models.Q(body=""), name="draft_not_empty"),
        ]

    def __str__(self) -> str:
        return f"Draft by {self.user_id} in {self.thread_id}"


class ThreadDraft(models.Model):
    """A new thread being written (its title and first post), one per member and category,
    kept so a closed tab or a refused submit loses nothing; removed once the thread is
    started."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_drafts"
    )
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=160, blank=True)
    body = models.TextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "category"],
                                    name="one_thread_draft_per_category"),
            models.CheckConstraint(condition=~models.Q(title="", body=""),
                                   name="thread_draft_not_empty"),
        ]

    def __str__(self) -> str:
        return f"New thread draft by {self.user_id} in {self.category_id}"
