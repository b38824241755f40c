"""Solved questions: the starter of a question (or a moderator) marks one reply as the answer."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from cop.enums import PostStatus
from cop.errors import ForumError, ForumForbidden
from cop.models import Post, Thread, User
from moderation.permissions import is_moderator


def can_choose_answer(*, user, thread: Thread) -> bool:
    return bool(
        thread.is_question and user.is_authenticated
        and (user.pk == thread.author_id or is_moderator(user))
    )


@transaction.atomic
def mark_answer(*, user: User, post: Post) -> Thread:
    thread = post.thread
    if not thread.is_question:
        raise ForumError(_("Only a thread started as a question can have an answer."))
    if not can_choose_answer(user=user, thread=thread):
        raise ForumForbidden(
            _("Only the person who asked, or a moderator, can choose the answer.")
        )
    if post.is_opening or post.status != PostStatus.PUBLISHED:
        raise ForumError(_("Please choose a published reply as the answer."))
    thread.answer = post
    thread.save(update_fields=["answer"])
    return thread


@transaction.atomic
def clear_answer(*, user: User, thread: Thread) -> Thread:
    if not can_choose_answer(user=user, thread=thread):
        raise ForumForbidden(
            _("Only the person who asked, or a moderator, can choose the answer.")
        )
    thread.answer = None
    thread.save(update_fields=["answer"])
    return thread


def answer_post(*, thread: Thread) -> Post | None:
    """The chosen answer, if it is still public (a later hold hides it from the top too)."""
    if thread.answer_id is None:
        return None
    return (
        Post.objects.filter(pk=thread.answer_id, status=PostStatus.PUBLISHED)
        .select_related("author").first()
    )
