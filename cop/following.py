"""Following and notices: who is told about a post, and the notices the site writes.

Following a thread, a category or a tag; the in-site notices for followers and mentioned
members once a post is public; the moderation notices to a post's author and to moderators.
Email goes out from a job (`cop.tasks.email_notifications`), by the sender a setting names.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from cop.enums import NotificationKind, PostStatus
from cop.markup import extract_mentions
from cop.models import Notification, Post, Subscription, User
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


def _followers_of(post: Post) -> dict[int, str]:
    """Recipient id → the reason for telling them, strongest reason first."""
    thread = post.thread
    reasons: dict[int, str] = {}
    mentioned = User.objects.filter(
        username__in=extract_mentions(post.body), is_active=True
    ).values_list("pk", flat=True)
    for pk in mentioned:
        reasons.setdefault(pk, NotificationKind.MENTION)
    kind = NotificationKind.NEW_THREAD if post.is_opening else NotificationKind.REPLY
    subs = Subscription.objects.filter(thread=thread) | Subscription.objects.filter(
        category_id=thread.category_id
    ) | Subscription.objects.filter(tag__in=thread.tags.all())
    for pk in subs.values_list("user_id", flat=True):
        reasons.setdefault(pk, kind)
    reasons.pop(post.author_id, None)
    return reasons


def notify_about_post(*, post: Post) -> list[Notification]:
    """Create in-site notices for followers and mentioned members, then email those who want it."""
    if post.status != PostStatus.PUBLISHED:
        return []
    reasons = _followers_of(post)
    author = post.author.public_name
    notices = []
    for recipient_id, kind in reasons.items():
        if kind == NotificationKind.MENTION:
            message = f"{author} mentioned you in “{post.thread.title}”"
        elif kind == NotificationKind.NEW_THREAD:
            message = f"{author} started “{post.thread.title}”"
        else:
            message = f"{author} replied in “{post.thread.title}”"
        notices.append(
            Notification(
                recipient_id=recipient_id, kind=kind, thread=post.thread, post=post,
                message=message[:300],
            )
        )
    Notification.objects.bulk_create(notices, ignore_conflicts=True)
    to_email = list(
        Notification.objects.filter(post=post, emailed_at__isnull=True)
        .filter(email_wanted_q()).values_list("pk", flat=True)
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
