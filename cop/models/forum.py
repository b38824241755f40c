"""Categories, threads, posts, their edit history and hashtags."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from cop.enums import PostStatus
from cop.links import path_to

from .thread_state import ThreadState


class Category(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("web address"), max_length=80, unique=True)
    description = models.TextField(_("description"), max_length=500, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    members_only = models.BooleanField(
        _("members only"), default=False, help_text=_("Only signed-in members can see it.")
    )

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return path_to("cop:category", "slug", self.slug)


class Tag(models.Model):
    # The name keeps the writer's capitals (#CoProduceGM); the slug is its lower-case key.
    name = models.CharField(_("name"), max_length=50)
    slug = models.SlugField(_("web address"), max_length=50, unique=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return f"#{self.name}"

    def get_absolute_url(self) -> str:
        return path_to("cop:tag", "slug", self.slug)


class Thread(ThreadState, models.Model):
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="threads")
    title = models.CharField(_("title"), max_length=160)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="threads"
    )
    # Mirrors the opening post's status: a thread is public only once its first post is.
    status = models.CharField(
        max_length=16, choices=PostStatus.choices, default=PostStatus.PENDING, db_index=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Kept so lists can sort by activity without scanning posts; moved by publish_post only.
    last_activity_at = models.DateTimeField(default=timezone.now)
    tags = models.ManyToManyField(Tag, through="ThreadTag", related_name="threads", blank=True)

    class Meta(ThreadState.Meta):
        ordering = ["-last_activity_at"]
        indexes = [
            models.Index(fields=["category", "status", "-last_activity_at"]),
            models.Index(fields=["status", "-last_activity_at"]),
            models.Index(fields=["status", "-created_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return path_to("cop:thread", "pk", self.pk)

    @property
    def is_public(self) -> bool:
        return self.status == PostStatus.PUBLISHED


class ThreadTag(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "tag"], name="unique_thread_tag")]

    def __str__(self) -> str:
        return f"{self.tag} on {self.thread_id}"


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts"
    )
    body = models.TextField(_("message"))
    # The body rendered by cop.markup when it was written, and that renderer's version; pages
    # show it while the version is current and render afresh (and store again) when not.
    body_html = models.TextField(blank=True, default="")
    body_html_version = models.CharField(max_length=16, blank=True, default="")
    status = models.CharField(
        max_length=16, choices=PostStatus.choices, default=PostStatus.PENDING
    )
    is_opening = models.BooleanField(default=False)
    quote_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="quoted_by"
    )
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Set by the moderation service when it reaches a decision; pending posts older than a few
    # minutes without it are queued again by the sweep.
    screened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["thread", "status", "created_at"]),
            # With all that a member's standing counts (screening reads it for every post), so
            # that counting their history reads this index alone, not a table page per post.
            models.Index(fields=["author", "status", "-created_at", "screened_at", "id"],
                         name="cop_post_author_standing"),
            models.Index(fields=["status", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(body=""), name="post_body_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"Post {self.pk} in {self.thread_id}"

    def get_absolute_url(self) -> str:
        return path_to("cop:post", "pk", self.pk)

    @property
    def is_public(self) -> bool:
        return self.status == PostStatus.PUBLISHED


class PostRevision(models.Model):
    """The text a post had before an edit; moderators can read the whole history."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Revision of post {self.post_id} from {self.created_at:%Y-%m-%d %H:%M}"
