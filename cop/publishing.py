"""Making posts public or not: publishing (its thread's tags and last activity brought up
to date, its followers told), holding and rejecting, one post at a time or a screening batch
together; and the row lock that a change to a post takes. The forum's other writes are in
`cop.services`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone
from django.utils.text import slugify

from cop import aggregates
from cop.enums import PostStatus
from cop.markup import extract_hashtags
from cop.models import Post, Tag, Thread, ThreadTag
from operations.queue import enqueue

# The row lock taken to change a post (or an edit): on that row alone, and the lock an UPDATE
# of a column no key uses takes (FOR NO KEY UPDATE OF the post). Not on the discussion or the
# author read with it: FOR UPDATE on those made every reply in the discussion, and every post
# by the author, wait at commit for the change (PostgreSQL then checks, with FOR KEY SHARE,
# that the rows a new post names exist), and could cross with a screening batch's locks.
POST_ONLY = {"no_key": True, "of": ("self",)}


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
