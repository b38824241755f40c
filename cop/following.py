"""Following and notices: who is told about a post, and the notices the site writes.

Following a thread, a category or a tag; the in-site notices for followers and mentioned
members once a post is public; the moderation notices to a post's author and to moderators.
Email goes out from a job (`cop.tasks.email_notifications`), by the sender a setting names.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q

from cop.enums import NotificationKind, PostStatus
from cop.markup import extract_mentions
from cop.models import Notification, Post, Subscription, ThreadTag, User
from cop.preferences import email_wanted_q, mark_seen
from operations.queue import enqueue


def follow(*, user: User, thread=None, category=None, tag=None) -> Subscription:
    try:
        with transaction.atomic():
            return Subscription.objects.create(
                user=user, thread=thread, category=category, tag=tag
            )
    except IntegrityError:
        return Subscription.objects.get(user=user, thread=thread, category=category, tag=tag)


def unfollow(*, user: User, thread=None, category=None, tag=None) -> None:
    Subscription.objects.filter(user=user, thread=thread, category=category, tag=tag).delete()


def _followers_of(posts: list[Post]) -> dict[int, dict[int, str]]:
    """For each post, recipient id → the reason for telling them, strongest reason first
    (mentioned, then following the thread, its category or one of its tags); never its
    author. Three queries whatever the number of posts."""
    mentions = {post.pk: set(extract_mentions(post.body)) for post in posts}
    wanted = set().union(*mentions.values())
    member_ids = dict(User.objects.filter(username__in=wanted, is_active=True)
                      .values_list("username", "pk")) if wanted else {}
    thread_ids = {post.thread_id for post in posts}
    category_ids = {post.thread.category_id for post in posts}
    tags_of: dict[int, set[int]] = {}
    for thread_id, tag_id in ThreadTag.objects.filter(thread_id__in=thread_ids).values_list(
            "thread_id", "tag_id"):
        tags_of.setdefault(thread_id, set()).add(tag_id)
    all_tags = set().union(*tags_of.values()) if tags_of else set()
    by_thread: dict[int, set[int]] = {}
    by_category: dict[int, set[int]] = {}
    by_tag: dict[int, set[int]] = {}
    subscriptions = Subscription.objects.filter(
        Q(thread_id__in=thread_ids) | Q(category_id__in=category_ids) | Q(tag_id__in=all_tags))
    for user_id, thread_id, category_id, tag_id in subscriptions.values_list(
            "user_id", "thread_id", "category_id", "tag_id"):
        for index, key in ((by_thread, thread_id), (by_category, category_id), (by_tag, tag_id)):
            if key is not None:
                index.setdefault(key, set()).add(user_id)
    reasons: dict[int, dict[int, str]] = {}
    for post in posts:
        told: dict[int, str] = {}
        for username in sorted(mentions[post.pk]):
            if username in member_ids:
                told.setdefault(member_ids[username], NotificationKind.MENTION)
        kind = NotificationKind.NEW_THREAD if post.is_opening else NotificationKind.REPLY
        followers = set(by_thread.get(post.thread_id, ()))
        followers |= by_category.get(post.thread.category_id, set())
        for tag_id in tags_of.get(post.thread_id, ()):
            followers |= by_tag.get(tag_id, set())
        for user_id in sorted(followers):
            told.setdefault(user_id, kind)
        told.pop(post.author_id, None)
        reasons[post.pk] = told
    return reasons


def notify_about_post(*, post: Post) -> list[Notification]:
    """Create in-site notices for followers and mentioned members, then email those who want it."""
    return notify_about_posts([post])


def notify_about_posts(posts: list[Post]) -> list[Notification]:
    """notify_about_post for many posts published together (a screening batch), in a fixed
    number of queries: the posts' followers and mentioned members read at once, every notice
    written in one INSERT, one job to email those who want it. Posts not public are skipped."""
    posts = [post for post in posts if post.status == PostStatus.PUBLISHED]
    if not posts:
        return []
    reasons = _followers_of(posts)
    notices = []
    for post in posts:
        author, title = post.author.public_name, post.thread.title
        for recipient_id, kind in reasons[post.pk].items():
            if kind == NotificationKind.MENTION:
                message = f"{author} mentioned you in “{title}”"
            elif kind == NotificationKind.NEW_THREAD:
                message = f"{author} started “{title}”"
            else:
                message = f"{author} replied in “{title}”"
            notices.append(Notification(recipient_id=recipient_id, kind=kind,
                                        thread=post.thread, post=post, message=message[:300]))
    if not notices:
        return []
    Notification.objects.bulk_create(notices, ignore_conflicts=True)
    to_email = list(
        Notification.objects.filter(post__in=posts, emailed_at__isnull=True)
        .filter(email_wanted_q()).order_by("pk").values_list("pk", flat=True)
    )
    if to_email:
        enqueue("cop.tasks.email_notifications", to_email)
    return notices


def notify_author(*, post: Post, message: str) -> None:
    """Tell the author about their post: their one notice about it is replaced (unread again),
    or made. Inside a transaction: the post is being screened or decided, so no other process
    writes the author's notice about it meanwhile."""
    fields = {"kind": NotificationKind.MODERATION, "thread_id": post.thread_id,
              "message": message[:300], "read_at": None}
    if not Notification.objects.filter(recipient_id=post.author_id, post=post).update(**fields):
        Notification.objects.create(recipient_id=post.author_id, post=post, **fields)


def notify_authors(notices: list[tuple[Post, str]]) -> None:
    """notify_author for many posts at once: the notices that exist are replaced one by one
    (rare: a post screened again), the others made in one INSERT."""
    wanted = {(post.author_id, post.pk): (post, message) for post, message in notices}
    existing = set(Notification.objects.filter(post_id__in=[pk for _, pk in wanted])
                   .values_list("recipient_id", "post_id"))
    for key in sorted(existing & wanted.keys()):
        notify_author(post=wanted[key][0], message=wanted[key][1])
    Notification.objects.bulk_create([
        Notification(recipient_id=post.author_id, post=post, kind=NotificationKind.MODERATION,
                     thread_id=post.thread_id, message=message[:300])
        for key, (post, message) in wanted.items() if key not in existing
    ])


def notify_moderator(*, moderator: User, post: Post, message: str) -> Notification | None:
    """Tell a moderator about a post, once: None when they have a notice about it already
    (one per member and post, by a database constraint, which also settles races)."""
    try:
        with transaction.atomic():
            return Notification.objects.create(
                recipient=moderator, kind=NotificationKind.MODERATION, post=post,
                thread=post.thread, message=message[:300],
            )
    except IntegrityError:
        return None


def mark_notifications_read(*, user: User, ids: list[int] | None = None) -> int:
    return mark_seen(user=user, ids=ids)
