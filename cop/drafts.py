"""Replies and new threads in progress kept on the server, so a closed tab or a refused submit
loses nothing."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cop.errors import ForumError
from cop.markup import single_line
from cop.models import Category, Draft, Thread, ThreadDraft, User

TITLE_LIMIT = 160


def _check_length(body: str) -> None:
    limit = settings.FORUM_MAX_POST_LENGTH
    if len(body) > limit:
        raise ForumError(
            _("Drafts can be up to %(limit)s characters, like posts; this one has %(n)s.")
            % {"limit": f"{limit:,}", "n": f"{len(body):,}"}
        )


def save_draft(*, user: User, thread: Thread, body: str) -> Draft | None:
    """Keep the text as the member's draft for this thread; an empty text discards it."""
    body = (body or "").strip()
    if not body:
        discard_draft(user=user, thread=thread)
        return None
    _check_length(body)
    draft, _created = Draft.objects.update_or_create(
        user=user, thread=thread, defaults={"body": body, "updated_at": timezone.now()}
    )
    return draft


def draft_for(*, user, thread: Thread) -> Draft | None:
    if not user.is_authenticated:
        return None
    return Draft.objects.filter(user=user, thread=thread).first()


def discard_draft(*, user: User, thread: Thread) -> None:
    Draft.objects.filter(user=user, thread=thread).delete()


# --- new threads: one draft per member and category ---


@transaction.atomic
def save_thread_draft(*, user: User, category: Category, title: str, body: str,
                      moved_from: int | None = None) -> ThreadDraft | None:
    """Keep the title and text as the member's draft of a new thread in this category; both
    empty discards it. `moved_from` names the category the draft was kept under before the
    member chose another one: that copy goes, so one thread in progress is kept once."""
    title = single_line(title)
    body = (body or "").strip()
    if title and len(title) > TITLE_LIMIT:
        raise ForumError(
            _("Titles can be up to %(limit)s characters; this one has %(n)s.")
            % {"limit": TITLE_LIMIT, "n": len(title)}
        )
    _check_length(body)
    if moved_from is not None and moved_from != category.pk:
        ThreadDraft.objects.filter(user=user, category_id=moved_from).delete()
    if not title and not body:
        discard_thread_draft(user=user, category=category)
        return None
    draft, _created = ThreadDraft.objects.update_or_create(
        user=user, category=category,
        defaults={"title": title, "body": body, "updated_at": timezone.now()},
    )
    return draft


def thread_draft_for(*, user, categories: QuerySet[Category],
                     category: Category | None = None) -> ThreadDraft | None:
    """The member's draft of a new thread in `category`, or (when none is named) their latest
    in any category they can still see."""
    if not user.is_authenticated:
        return None
    found = ThreadDraft.objects.filter(user=user, category__in=categories)
    if category is not None:
        found = found.filter(category=category)
    return found.select_related("category").order_by("-updated_at", "-pk").first()


def discard_thread_draft(*, user: User, category: Category) -> None:
    ThreadDraft.objects.filter(user=user, category=category).delete()
