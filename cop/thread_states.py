"""Moderators' verbs on a thread's state: pin it, make it the site's "start here", close and
reopen it; and the one rule that keeps replies out of a closed thread."""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cop.enums import ThreadActionKind
from cop.errors import ForumError, ForumForbidden
from cop.models import Thread, User
from cop.models import ThreadAction as ThreadLogEntry
from moderation.permissions import is_moderator


class ThreadAction(models.TextChoices):
    PIN = "pin", gettext_lazy("Pin")
    UNPIN = "unpin", gettext_lazy("Unpin")
    START_HERE = "start_here", gettext_lazy("Make it the start here thread")
    NOT_START_HERE = "not_start_here", gettext_lazy("Stop pointing newcomers here")
    CLOSE = "close", gettext_lazy("Close")
    REOPEN = "reopen", gettext_lazy("Reopen")


def _require_moderator(user: User) -> None:
    if not is_moderator(user):
        raise ForumForbidden(_("Only moderators can pin or close threads."))


def _log(*, moderator: User, thread: Thread, kind: str, note: str = "") -> None:
    """Each change of state goes in the thread log beside moves, merges and splits."""
    ThreadLogEntry.objects.create(kind=kind, moderator=moderator, thread=thread,
                                  from_category=thread.category, note=note[:300])


def check_open_for_replies(*, thread: Thread, author: User) -> None:
    """A closed thread takes no new replies, except from moderators (to explain or wrap up)."""
    if thread.is_closed and not is_moderator(author):
        raise ForumForbidden(
            _("This thread is closed, so it cannot take new replies. %(reason)s You are welcome "
              "to start a new thread about it.") % {"reason": thread.closed_reason}
        )


@transaction.atomic
def set_pinned(*, moderator: User, thread: Thread, pinned: bool) -> Thread:
    _require_moderator(moderator)
    thread.pinned = pinned
    thread.save(update_fields=["pinned"])
    _log(moderator=moderator, thread=thread,
         kind=ThreadActionKind.PIN if pinned else ThreadActionKind.UNPIN)
    return thread


@transaction.atomic
def set_start_here(*, moderator: User, thread: Thread, start_here: bool) -> Thread:
    """Make this the one site-wide "start here" thread (the previous one steps down)."""
    _require_moderator(moderator)
    if start_here:
        if not thread.is_public:
            raise ForumError(_("Only a public thread can be the place newcomers start."))
        Thread.objects.filter(start_here=True).exclude(pk=thread.pk).update(start_here=False)
    thread.start_here = start_here
    thread.save(update_fields=["start_here"])
    _log(moderator=moderator, thread=thread,
         kind=ThreadActionKind.START_HERE if start_here else ThreadActionKind.NOT_START_HERE)
    return thread


@transaction.atomic
def close_thread(*, moderator: User, thread: Thread, reason: str) -> Thread:
    _require_moderator(moderator)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ForumError(_("Please say why the thread is closing; members will see it."))
    limit = settings.FORUM_CLOSED_REASON_MAX_LENGTH
    if len(reason) > limit:
        raise ForumError(
            _("Please keep the reason to %(limit)s characters; it has %(n)s.")
            % {"limit": limit, "n": len(reason)}
        )
    thread.closed_at = timezone.now()
    thread.closed_reason = reason
    thread.closed_by = moderator
    thread.save(update_fields=["closed_at", "closed_reason", "closed_by"])
    _log(moderator=moderator, thread=thread, kind=ThreadActionKind.CLOSE, note=reason)
    return thread


@transaction.atomic
def reopen_thread(*, moderator: User, thread: Thread) -> Thread:
    _require_moderator(moderator)
    thread.closed_at = None
    thread.closed_reason = ""
    thread.closed_by = None
    thread.save(update_fields=["closed_at", "closed_reason", "closed_by"])
    _log(moderator=moderator, thread=thread, kind=ThreadActionKind.REOPEN)
    return thread
