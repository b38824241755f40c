"""Proposed edits of published posts: the public keeps the published text until an edit is
screened or approved, then it becomes the post's text and the old one joins the history."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from cop import publishing, services
from cop.enums import OPEN_EDIT_STATUSES, EditStatus
from cop.markup import render_post_html
from cop.models import Post, PostEdit, PostRevision


def open_edit(*, post: Post) -> PostEdit | None:
    """The member's edit of this post still waiting to be checked, if any."""
    return post.edits.filter(status__in=OPEN_EDIT_STATUSES).first()


@transaction.atomic
def publish_edit(*, edit: PostEdit) -> Post:
    """Make a screened or approved edit the post's public text (and the files added with it
    part of the post); the text it replaces becomes a revision in the public edit history."""
    post = Post.objects.select_for_update(**publishing.POST_ONLY).select_related("thread").get(
        pk=edit.post_id)
    now = timezone.now()
    if edit.body != post.body or edit.title:  # adding files alone leaves the history as is
        PostRevision.objects.create(post=post, body=post.body, edited_by=edit.edited_by,
                                    created_at=now)
        post.body = edit.body
        post.body_html, post.body_html_version = render_post_html(edit.body)
    post.edited_at = now
    post.save(update_fields=["body", "body_html", "body_html_version", "edited_at"])
    if edit.title and post.is_opening:
        services.retitle(post.thread, edit.title)
    publishing.attach_hashtags(post.thread, post.body)
    _set_edit_status(edit, EditStatus.PUBLISHED)
    return post


def _set_edit_status(edit: PostEdit, status: str) -> None:
    now = timezone.now()
    edit.status = status
    edit.screened_at = edit.screened_at or now
    fields = ["status", "screened_at"]
    if status in {EditStatus.PUBLISHED, EditStatus.REJECTED}:
        edit.decided_at = now
        fields.append("decided_at")
    edit.save(update_fields=fields)


@transaction.atomic
def hold_edit(*, edit: PostEdit, status: str = EditStatus.HELD) -> PostEdit:
    if status not in {EditStatus.HELD, EditStatus.QUARANTINED}:
        raise ValueError(f"hold_edit cannot set status {status!r}")
    _set_edit_status(edit, status)
    return edit


@transaction.atomic
def reject_edit(*, edit: PostEdit) -> PostEdit:
    """Keep the published text; the edit stays on record (audit log, training), and so do the
    files added with it: stored, never public, open to moderators."""
    _set_edit_status(edit, EditStatus.REJECTED)
    return edit


def stale_pending_edits(*, older_than: timedelta):
    return PostEdit.objects.filter(
        status=EditStatus.PENDING, created_at__lt=timezone.now() - older_than
    ).values_list("pk", flat=True)
