"""Replies in progress kept on the server, so a closed tab or a refused submit loses nothing."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from cop.errors import ForumError
from cop.models import Draft, Thread, User


def save_draft(*, user: User, thread: Thread, body: str) -> Draft | None:
    """Keep the text as the member's draft for this thread; an empty text discards it."""
    body = (body or "").strip()
    if not body:
        discard_draft(user=user, thread=thread)
        return None
    limit = settings.FORUM_MAX_POST_LENGTH
    if len(body) > limit:
        raise ForumError(
            _("Drafts can be up to %(limit)s characters, like posts; this one has %(n)s.")
            % {"limit": f"{limit:,}", "n": f"{len(body):,}"}
        )
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
