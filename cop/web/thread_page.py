"""What the thread page adds to its posts: the parts the same for every reader, reactions,
saved marks, "new" markers, the chosen answer and the member's draft; and moving the member's
read mark, all in constant queries."""

from __future__ import annotations

from django.http import HttpRequest

from cop import answers, drafts, reading
from cop.bookmarks import saved_post_ids
from cop.models import Thread
from cop.post_parts import attach_parts
from cop.reactions import reaction_summaries
from moderation.permissions import is_moderator


def thread_page_context(request: HttpRequest, *, thread: Thread, page) -> dict:
    user = request.user
    posts = list(page.object_list)
    page.object_list = posts
    attach_parts(posts, user=user)
    summaries = reaction_summaries(posts=posts, user=user)
    saved = saved_post_ids(user=user, posts=posts)
    read = reading.thread_read_mark(user=user, thread=thread)
    first_new = None
    for post in posts:
        post.reaction_list = summaries[post.pk]
        post.is_saved = post.pk in saved
        post.is_new = bool(read and post.is_public and post.created_at > read.mark
                           and post.author_id != user.pk)
        if post.is_new and first_new is None:
            first_new = post
    if user.is_authenticated and posts:
        reading.mark_thread_read(user=user, thread=thread, known=read,
                                 until=max(post.created_at for post in posts))
    draft = drafts.draft_for(user=user, thread=thread)
    return {
        "answer": answers.answer_post(thread=thread),
        "can_choose_answer": answers.can_choose_answer(user=user, thread=thread),
        "first_new": first_new,
        "draft": draft,
        "can_reply": thread.is_public and (not thread.is_closed or is_moderator(user)),
    }
