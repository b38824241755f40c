"""Moderators tidying threads: move a thread to another category, merge two threads, split
replies into a new thread. Each action is one transaction, recorded as a ThreadAction (the
thread audit log), and old addresses keep working: a merged thread's address redirects, and a
post's permanent link follows the post wherever it goes."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cop import selectors
from cop.enums import PostStatus, ThreadActionKind
from cop.errors import ForumError
from cop.models import (
    Category,
    Notification,
    Post,
    Subscription,
    Thread,
    ThreadAction,
    ThreadRedirect,
    ThreadTag,
    User,
)


class TidyError(ForumError):
    """A tidying request that cannot be carried out; nothing has changed."""


class NotVisible(TidyError):
    status_code = 404


def category_for(*, moderator: User, category_id: str | int | None) -> Category:
    """A category the moderator can see, or NotVisible (a missing one looks the same)."""
    if category_id is None or not str(category_id).isdigit():
        raise TidyError(_("Please choose a category from the list."))
    category = selectors.visible_categories(user=moderator).filter(pk=int(category_id)).first()
    if category is None:
        raise NotVisible(_("There is no such category, or you cannot see it. "
                           "Nothing was changed."))
    return category


def _refresh_activity(thread_ids: list[int]) -> None:
    for thread_id in thread_ids:
        latest = Post.objects.filter(thread_id=thread_id, status=PostStatus.PUBLISHED).aggregate(
            m=Max("created_at"))["m"]
        if latest:
            Thread.objects.filter(pk=thread_id).update(last_activity_at=latest)


@transaction.atomic
def move_thread(*, thread: Thread, category: Category, moderator: User, note: str = ""
                ) -> ThreadAction:
    if thread.category_id == category.pk:
        raise TidyError(_("This thread is already in “%(name)s”.") % {"name": category.name})
    from_category = thread.category
    thread.category = category
    thread.save(update_fields=["category"])  # save(): search re-indexes its category filter
    return ThreadAction.objects.create(
        kind=ThreadActionKind.MOVE, moderator=moderator, thread=thread,
        from_category=from_category, to_category=category, note=note.strip()[:300],
        post_count=thread.posts.count(),
    )


@transaction.atomic
def merge_threads(*, source: Thread, target: Thread, moderator: User, note: str = ""
                  ) -> ThreadAction:
    """Move every post of `source` into `target`, then remove `source`, leaving a redirect."""
    if source.pk == target.pk:
        raise TidyError(_("A thread cannot be merged into itself."))
    if source.resource_pages.exists():
        raise TidyError(_("“%(title)s” is the discussion of a library resource. Merge the "
                          "other thread into it instead.") % {"title": source.title})
    moved = Post.objects.filter(thread=source).update(thread=target, is_opening=False)
    ThreadTag.objects.bulk_create(
        [ThreadTag(thread=target, tag_id=tag_id)
         for tag_id in ThreadTag.objects.filter(thread=source).values_list("tag_id", flat=True)],
        ignore_conflicts=True,
    )
    already = Subscription.objects.filter(thread=target).values("user_id")
    Subscription.objects.filter(thread=source).exclude(user_id__in=already).update(thread=target)
    Notification.objects.filter(thread=source).update(thread=target)
    ThreadRedirect.objects.filter(thread=source).update(thread=target)
    ThreadRedirect.objects.create(old_thread_id=source.pk, thread=target)
    action = ThreadAction.objects.create(
        kind=ThreadActionKind.MERGE, moderator=moderator, thread=target,
        other_thread_id=source.pk, other_thread_title=source.title,
        from_category=source.category, to_category=target.category, post_count=moved,
        note=note.strip()[:300],
    )
    source.delete()
    _refresh_activity([target.pk])
    return action


@transaction.atomic
def split_thread(*, thread: Thread, post_ids: list[int], title: str, category: Category,
                 moderator: User, note: str = "") -> ThreadAction:
    """Move the chosen replies into a new thread; the earliest of them opens it."""
    title = (title or "").strip()
    if not title:
        raise TidyError(_("Please give the new thread a title."))
    posts = list(Post.objects.filter(thread=thread, pk__in=post_ids).order_by("created_at", "pk"))
    if not posts or len(posts) != len(set(post_ids)):
        raise TidyError(_("Please choose one or more replies of this thread to move."))
    if any(post.is_opening for post in posts):
        raise TidyError(_("The opening post stays with its thread; choose replies only."))
    first = posts[0]
    new = Thread.objects.create(
        category=category, title=title[:160], author=first.author, status=first.status,
        created_at=first.created_at, last_activity_at=timezone.now(),
    )
    Post.objects.filter(pk__in=[p.pk for p in posts]).update(thread=new)
    Post.objects.filter(pk=first.pk).update(is_opening=True)
    Notification.objects.filter(post__in=posts).update(thread=new)
    _refresh_activity([thread.pk, new.pk])
    return ThreadAction.objects.create(
        kind=ThreadActionKind.SPLIT, moderator=moderator, thread=new,
        other_thread_id=thread.pk, other_thread_title=thread.title,
        from_category=thread.category, to_category=category, post_count=len(posts),
        note=note.strip()[:300],
    )


def redirect_for(*, old_thread_id: int) -> Thread | None:
    found = ThreadRedirect.objects.select_related("thread").filter(
        old_thread_id=old_thread_id).first()
    return found.thread if found else None


def thread_actions(*, thread: Thread | None = None) -> QuerySet[ThreadAction]:
    """The thread audit log, newest first; for one thread, the actions that made it what it
    is (and the splits taken out of it)."""
    qs = ThreadAction.objects.select_related("moderator", "thread", "from_category",
                                             "to_category")
    if thread is not None:
        qs = qs.filter(thread=thread) | qs.filter(other_thread_id=thread.pk)
    return qs.order_by("-created_at", "-id")
