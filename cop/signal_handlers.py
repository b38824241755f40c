"""Raise the forum generation (cop/aggregates.py) when something public is saved or deleted, so
cached figures and visitors' pages are made again. Plain `.update()` calls send no signal: the
services that use them call `aggregates.changed()` themselves."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from cop import aggregates
from cop.enums import PostStatus

# What a member's public profile and their name beside posts are made of.
PUBLIC_USER_FIELDS = frozenset({
    "username", "display_name", "organisation", "bio", "role", "is_active", "profile_status",
    "first_name", "last_name",
})


def _post_saved(sender, instance, **kwargs):
    # A post waiting for its first screening is seen by its author only; publishing it (or
    # holding it after it was public) raises the generation in cop.publishing._set_status.
    if instance.status != PostStatus.PENDING:
        aggregates.changed()


def _user_saved(sender, instance, created=False, update_fields=None, **kwargs):
    # Logging in saves last_login only: that changes nothing anyone else sees.
    if created or update_fields is None or PUBLIC_USER_FIELDS & set(update_fields):
        aggregates.changed()


def _public_change(sender, **kwargs):
    aggregates.changed()


def connect() -> None:
    from cop.models import (
        Attachment,
        Category,
        HiddenRevision,
        Post,
        Reaction,
        Tag,
        Thread,
        ThreadAction,
        ThreadTag,
        User,
    )

    post_save.connect(_post_saved, sender=Post, dispatch_uid="cop-generation-post")
    post_delete.connect(_public_change, sender=Post, dispatch_uid="cop-generation-post-del")
    post_save.connect(_user_saved, sender=User, dispatch_uid="cop-generation-user")
    post_delete.connect(_public_change, sender=User, dispatch_uid="cop-generation-user-del")
    # Tidying a thread (move, merge, split, pin, close, start here) always logs a ThreadAction.
    for model in (Thread, Category, Tag, ThreadTag, Reaction, Attachment, HiddenRevision,
                  ThreadAction):
        uid = f"cop-generation-{model._meta.model_name}"
        post_save.connect(_public_change, sender=model, dispatch_uid=uid)
        post_delete.connect(_public_change, sender=model, dispatch_uid=f"{uid}-del")
