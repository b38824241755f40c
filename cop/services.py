"""Writes for the forum: start threads, reply, edit (publishing, holding and tags are in
`cop.publishing`; following and notices in `cop.following`).

Every new or edited post is stored first and screened after commit, so nothing a member writes
is lost if the worker or the classifier is down: it simply waits as pending.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.module_loading import import_string

from cop.enums import (
    OPEN_EDIT_STATUSES,
    EditStatus,
    PostStatus,
)
from cop.errors import ForumError
from cop.markup import (
    render_post_html,
    renderer_version,
    single_line,
)
from cop.models import (
    Attachment,
    Category,
    Post,
    PostEdit,
    PostRevision,
    Tag,
    Thread,
    ThreadTag,
    User,
)
from cop.preferences import follow_after_posting
from cop.publishing import publish_post
from cop.thread_states import check_open_for_replies
from operations.queue import enqueue, enqueue_coalesced

logger = logging.getLogger(__name__)


def _run_posting_checks(*, author: User, body: str, starting_thread: bool,
                        title: str = "", editing: Post | None = None) -> None:
    """Run the checks named in FORUM_POSTING_CHECKS (rate limits, link limits...). Each raises a
    ForumError (or subclass) to refuse the post; nothing has been saved at that point. Edits
    pass the same checks, naming the post edited (`editing`) so that counts of new posts on
    the first day do not count an edit as another post."""
    for path in settings.FORUM_POSTING_CHECKS:
        import_string(path)(author=author, body=body, starting_thread=starting_thread,
                            title=title, editing=editing)


SCREENING_JOB = "moderation.tasks.screen_waiting"


def queue_screening() -> bool:
    """Make sure a screening job will run: it screens every post waiting when it starts. At most
    MODERATION_SCREENING_JOBS wait in the queue at once, so a burst of posts queues a few jobs,
    not one a post. Never raises: with the broker down the posts stay pending for the sweep."""
    return enqueue_coalesced(SCREENING_JOB, slots=settings.MODERATION_SCREENING_JOBS,
                             stale_seconds=settings.MODERATION_STALE_PENDING_SECONDS)


def _enqueue_screening(post_id: int) -> None:
    # After the commit, so that the job sees the post; the member sees the usual "will appear
    # in a moment" whatever the broker does.
    transaction.on_commit(queue_screening)


def _stored_html(body: str) -> dict[str, str]:
    """A post's rendered HTML is stored when it is written, so pages do not render Markdown."""
    html, version = render_post_html(body)
    return {"body_html": html, "body_html_version": version}


def refresh_post_html(*, posts) -> int:
    """Render again, and store, the posts among these whose HTML is missing or was made by an
    older renderer; one query whatever their number. Returns how many were refreshed."""
    current = renderer_version()
    stale = [post for post in posts if post.body_html_version != current or not post.body_html]
    for post in stale:
        post.body_html, post.body_html_version = render_post_html(post.body)
    if stale:
        Post.objects.bulk_update(stale, ["body_html", "body_html_version"])
    return len(stale)


def _check_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ForumError("Please write something before posting.")
    if len(body) > settings.FORUM_MAX_POST_LENGTH:
        raise ForumError(
            f"Posts can be up to {settings.FORUM_MAX_POST_LENGTH:,} characters; "
            f"this one has {len(body):,}."
        )
    return body


@transaction.atomic
def start_thread(*, author: User, category: Category, title: str, body: str,
                 is_question: bool = False) -> Thread:
    title = single_line(title, limit=160)
    if not title:
        raise ForumError("Please give your thread a title.")
    body = _check_body(body)
    _run_posting_checks(author=author, body=body, starting_thread=True, title=title)
    thread, post = _create_thread(author=author, category=category, title=title, body=body,
                                  is_question=is_question)
    follow_after_posting(user=author, thread=thread)
    _enqueue_screening(post.pk)
    return thread


def _create_thread(*, author: User, category: Category, title: str, body: str,
                   is_question: bool = False) -> tuple[Thread, Post]:
    """A thread and its opening post, from a checked title and body."""
    now = timezone.now()
    thread = Thread.objects.create(
        category=category, title=title[:160], author=author, created_at=now, last_activity_at=now,
        is_question=is_question,
    )
    post = Post.objects.create(
        thread=thread, author=author, body=body, is_opening=True, created_at=now,
        **_stored_html(body),
    )
    return thread, post


@transaction.atomic
def reply(*, author: User, thread: Thread, body: str, quote_of: Post | None = None) -> Post:
    check_open_for_replies(thread=thread, author=author)
    body = _check_body(body)
    if quote_of is not None and quote_of.thread_id != thread.pk:
        raise ForumError("You can only quote a post from the same thread.")
    _run_posting_checks(author=author, body=body, starting_thread=False)
    post = Post.objects.create(thread=thread, author=author, body=body, quote_of=quote_of,
                               **_stored_html(body))
    follow_after_posting(user=author, thread=thread)
    _enqueue_screening(post.pk)
    return post


@transaction.atomic
def edit_post(*, post: Post, editor: User, body: str, title: str | None = None,
              adds_files: bool = False) -> Post:
    """Save a member's edit. A published post keeps showing its published text while the edit
    waits as a PostEdit to be screened (with the same checks and limits as a new post); a post
    nobody else can see yet is changed in place and screened again. Files added with an edit
    of a published post (`adds_files`) wait with it, so such an edit is made even when the
    text is unchanged."""
    body = _check_body(body)
    if editor.pk != post.author_id:
        raise ForumError("You can only edit your own posts.")
    title = single_line(title, limit=160) if post.is_opening else ""
    new_title = title if title and title != post.thread.title else ""
    waiting = post.edits.filter(status__in=OPEN_EDIT_STATUSES).first()
    if waiting is None and body == post.body and not new_title and not adds_files:
        return post
    if waiting is not None and body == waiting.body and new_title == waiting.title:
        return post
    _run_posting_checks(author=editor, body=body, starting_thread=False,
                        title=new_title, editing=post)
    if post.status != PostStatus.PUBLISHED:
        PostRevision.objects.create(post=post, body=post.body, edited_by=editor)
        post.body = body
        post.body_html, post.body_html_version = render_post_html(body)
        post.edited_at = timezone.now()
        post.save(update_fields=["body", "body_html", "body_html_version", "edited_at"])
        if new_title:
            retitle(post.thread, new_title)
        _enqueue_screening(post.pk)
        return post
    if waiting is not None:
        # The newer edit replaces the waiting one; the older text is kept for the record.
        waiting.status = EditStatus.REPLACED
        waiting.decided_at = timezone.now()
        waiting.save(update_fields=["status", "decided_at"])
    edit = PostEdit.objects.create(post=post, body=body, title=new_title, edited_by=editor)
    if waiting is not None:
        # The files added with the replaced edit wait with the newer one.
        Attachment.objects.filter(edit=waiting).update(edit=edit)
    transaction.on_commit(
        lambda: enqueue("moderation.tasks.screen_edit", edit.pk, task_name=f"edit-{edit.pk}")
    )
    return post


def retitle(thread: Thread, title: str) -> None:
    thread.title = title
    thread.save(update_fields=["title"])  # save(), not update(): search re-indexes on save


def stale_pending_posts(*, older_than: timedelta):
    """Pending posts no screening has finished for: their job was lost or is running late."""
    return Post.objects.filter(
        status=PostStatus.PENDING, created_at__lt=timezone.now() - older_than,
        screened_at__isnull=True,
    ).order_by("created_at").values_list("pk", flat=True)


# --- discussions of library resources ---

RESOURCES_CATEGORY_SLUG = "resources"


def _resources_category() -> Category:
    category = Category.objects.filter(slug=RESOURCES_CATEGORY_SLUG).first()
    if category is None:
        category = Category.objects.filter(name="Resources").first()
    if category is None:
        last = Category.objects.aggregate(m=Max("order"))["m"] or 0
        category = Category.objects.create(
            name="Resources", slug=RESOURCES_CATEGORY_SLUG, order=last + 1,
            description="Talk about the toolkits, reports and guides in the resource library.",
        )
    return category


@transaction.atomic
def start_resource_discussion(*, author: User, title: str, body: str, tags: list[Tag]) -> Thread:
    """Open the discussion of a library resource in the Resources category, tagged with its
    topics and published at once: an editor wrote it and a moderator approved the resource."""
    title = single_line(title, limit=160)
    if not title:
        raise ForumError("A discussion needs a title.")
    body = _check_body(body)
    thread, post = _create_thread(author=author, category=_resources_category(), title=title,
                                  body=body)
    ThreadTag.objects.bulk_create(
        [ThreadTag(thread=thread, tag=tag) for tag in tags], ignore_conflicts=True
    )
    publish_post(post=post)
    return thread
