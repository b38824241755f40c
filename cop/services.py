"""Writes for the forum: start threads, reply, edit, publish and hold (following and notices are
in `cop.following`).

Every new or edited post is stored first and screened after commit, so nothing a member writes
is lost if the worker or the classifier is down: it simply waits as pending.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import slugify

from cop import aggregates
from cop.enums import (
    OPEN_EDIT_STATUSES,
    EditStatus,
    PostStatus,
)
from cop.errors import ForumError
from cop.markup import (
    extract_hashtags,
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


# The row lock taken to change a post (or an edit): on that row alone, and the lock an UPDATE
# of a column no key uses takes (FOR NO KEY UPDATE OF the post). Not on the discussion or the
# author read with it: FOR UPDATE on those made every reply in the discussion, and every post
# by the author, wait at commit for the change (PostgreSQL then checks, with FOR KEY SHARE,
# that the rows a new post names exist), and could cross with a screening batch's locks.
POST_ONLY = {"no_key": True, "of": ("self",)}


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


def tags_named(names) -> list[Tag]:
    """One tag per slug (its first spelling kept), created when new; names with no usable
    letters are skipped. Hashtags in posts and topic tags on resources share this rule."""
    tags = []
    for name in names:
        slug = slugify(name)[:50]
        if slug:
            tags.append(Tag.objects.get_or_create(slug=slug, defaults={"name": name})[0])
    return tags


def attach_hashtags(thread: Thread, body: str) -> list[Tag]:
    tags = tags_named(extract_hashtags(body))
    ThreadTag.objects.bulk_create(
        [ThreadTag(thread=thread, tag=tag) for tag in tags], ignore_conflicts=True
    )
    return tags


def _set_status(post: Post, status: str) -> None:
    post.status = status
    post.screened_at = timezone.now()
    post.save(update_fields=["status", "screened_at"])
    if post.is_opening:
        Thread.objects.filter(pk=post.thread_id).update(status=status)
    # Saving the post raises the forum generation (cop/signal_handlers.py), so cached totals
    # and pages, which count public posts only, are made again.


@transaction.atomic(savepoint=False)  # a caller's block is all or nothing
def publish_post(*, post: Post) -> Post:
    """Make a post public, tag its thread, move the thread up and tell the followers."""
    was_public = post.status == PostStatus.PUBLISHED
    _set_status(post, PostStatus.PUBLISHED)
    batch = getattr(_publishing, "posts", None)
    if batch is not None:
        # Its thread is brought up to date, and its followers told, with the batch's others.
        batch.append((post.pk, was_public))
        return post
    thread = post.thread
    attach_hashtags(thread, post.body)
    # The discussion is locked before its latest public post is read, so a post published
    # beside this one meanwhile is counted: its transaction has committed when the lock comes.
    list(Thread.objects.select_for_update(no_key=True).filter(pk=thread.pk).values_list("pk"))
    latest = thread.posts.filter(status=PostStatus.PUBLISHED).aggregate(m=Max("created_at"))["m"]
    if latest:
        Thread.objects.filter(pk=thread.pk).update(last_activity_at=latest)
    if not was_public:
        transaction.on_commit(lambda: enqueue("cop.tasks.notify_about_post", post.pk))
    return post


_publishing = threading.local()


@contextmanager
def publishing_together() -> Iterator[None]:
    """Inside one transaction that publishes many posts (a screening batch): the threads'
    hashtags and last activity are brought up to date once, at the end, tags in name order
    and threads in id order, and one job tells the followers of all the newly public posts.
    Two workers' batches in the same threads then hold those rows only from the end of a
    batch to its commit, and take them in the same order, so neither waits long and they
    never deadlock. Posts whose publishing was rolled back (a savepoint) are left out: only
    posts published when the block ends count."""
    if getattr(_publishing, "posts", None) is not None:
        yield  # nested: the outer block brings the threads up to date
        return
    _publishing.posts = []
    try:
        yield
        published = _publishing.posts
    finally:
        _publishing.posts = None
    _bring_threads_up_to_date(published)


def _bring_threads_up_to_date(published: list[tuple[int, bool]]) -> None:
    rows = list(Post.objects.filter(pk__in=[pk for pk, _ in published],
                                    status=PostStatus.PUBLISHED)
                .order_by("created_at", "pk").values_list("pk", "thread_id", "body"))
    if not rows:
        return
    hashtags: dict[int, list[str]] = {}
    for _, thread_id, body in rows:
        hashtags.setdefault(thread_id, []).extend(extract_hashtags(body))
    names = sorted((name for names in hashtags.values() for name in names),
                   key=lambda name: slugify(name)[:50])
    tags = {tag.slug: tag.pk for tag in tags_named(names)}
    links = sorted({(thread_id, tags[slugify(name)[:50]]) for thread_id, names in hashtags.items()
                    for name in names if slugify(name)[:50] in tags})
    ThreadTag.objects.bulk_create([ThreadTag(thread_id=thread_id, tag_id=tag_id)
                                   for thread_id, tag_id in links], ignore_conflicts=True)
    latest = (Post.objects.filter(thread=OuterRef("pk"), status=PostStatus.PUBLISHED)
              .order_by().values("thread").annotate(m=Max("created_at")).values("m"))
    # The rows are locked in id order first (another batch takes them in the same order, so
    # neither waits for the other in a cycle), then moved up in one UPDATE. The lock is the
    # one an UPDATE of a column no key uses takes (FOR NO KEY UPDATE): it leaves alone the
    # check PostgreSQL makes at another transaction's commit that the threads its new rows
    # name exist (FOR KEY SHARE). FOR UPDATE would block that check, in no fixed order: two
    # batches, each telling an author about a post in a thread the other had locked,
    # deadlocked at commit.
    threads = list(Thread.objects.select_for_update(no_key=True).filter(pk__in=hashtags)
                   .order_by("pk").values_list("pk", flat=True))
    Thread.objects.filter(pk__in=threads).update(last_activity_at=Subquery(latest))
    was_public = {pk for pk, public in published if public}
    newly_public = [pk for pk, _, _ in rows if pk not in was_public]
    if newly_public:
        transaction.on_commit(lambda: enqueue("cop.tasks.notify_about_posts", newly_public))


@transaction.atomic(savepoint=False)  # a caller's block is all or nothing
def hold_post(*, post: Post, status: str = PostStatus.HELD) -> Post:
    if status not in {PostStatus.HELD, PostStatus.QUARANTINED, PostStatus.PENDING}:
        raise ValueError(f"hold_post cannot set status {status!r}")
    _set_status(post, status)
    return post


@transaction.atomic(savepoint=False)  # a caller's block is all or nothing
def reject_post(*, post: Post) -> Post:
    _set_status(post, PostStatus.REJECTED)
    return post


SCREENED_STATUSES = frozenset({PostStatus.PUBLISHED, PostStatus.HELD, PostStatus.QUARANTINED,
                               PostStatus.REJECTED})


@transaction.atomic(savepoint=False)  # a caller's block is all or nothing
def screened_together(outcomes: list[tuple[Post, str]]) -> None:
    """Give many screened posts their outcome at once (a screening batch, inside
    publishing_together): one UPDATE for each outcome's posts and one for the threads they
    open. The same as publish_post, hold_post or reject_post for each, in a few queries."""
    published = getattr(_publishing, "posts", None)
    if published is None:
        raise RuntimeError("screened_together() runs inside publishing_together()")
    now = timezone.now()
    posts: dict[str, list[int]] = {}
    threads: dict[str, list[int]] = {}
    for post, status in outcomes:
        if status not in SCREENED_STATUSES:
            raise ValueError(f"screened_together cannot set status {status!r}")
        posts.setdefault(status, []).append(post.pk)
        if post.is_opening:
            threads.setdefault(status, []).append(post.thread_id)
        if status == PostStatus.PUBLISHED:
            published.append((post.pk, post.status == PostStatus.PUBLISHED))
        post.status, post.screened_at = status, now
    for status in sorted(posts):
        Post.objects.filter(pk__in=posts[status]).update(status=status, screened_at=now)
    for status in sorted(threads):
        Thread.objects.filter(pk__in=sorted(threads[status])).update(status=status)
    if posts:
        aggregates.changed()  # as saving each post would


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
