"""The digest email: for each member who asked for one, the threads that moved since the last.

A member's digest lists only threads they can see, with posts by other people since their last
digest that they have not read (read tracking: a thread opened since, or "mark all read", is
read), counts those posts, leaves out resource placeholders (a library discussion nobody has
replied to yet), and is not sent at all when there is nothing unread to tell.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cop import selectors
from cop.enums import DigestFrequency, PostStatus
from cop.models import MemberPreferences, Post, Thread, User
from cop.notifications import send_each
from cop.reading import all_read_at_subquery, remember_horizon, with_unread
from cop.services import RESOURCES_CATEGORY_SLUG
from cop.unsubscribe import DIGEST, email_to

logger = logging.getLogger(__name__)

WINDOWS = {DigestFrequency.DAILY: timedelta(days=1), DigestFrequency.WEEKLY: timedelta(days=7)}
DIGEST_LIMIT = 10


def _count(posts: QuerySet[Post]) -> Coalesce:
    counts = posts.order_by().values("thread").annotate(c=Count("pk")).values("c")
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def digest_threads(*, user: User, since: datetime, limit: int = DIGEST_LIMIT
                   ) -> QuerySet[Thread]:
    """Threads this member can see with posts by others they have not read, written since
    `since`, most unread first; each carries `unread_total` (those posts) and `reply_total`
    (every public post). Read tracking decides what is unread: a thread opened since, or
    "mark all read", takes its posts out."""
    published = Post.objects.filter(thread=OuterRef("pk"), status=PostStatus.PUBLISHED)
    return (
        with_unread(selectors.public_threads(user=user), user=user, since=since)
        .annotate(reply_total=_count(published))
        .filter(unread_total__gt=0)
        # A library resource's discussion starts with a placeholder post; until someone
        # replies there is nothing to read.
        .exclude(Q(category__slug=RESOURCES_CATEGORY_SLUG) & Q(reply_total__lte=1))
        .order_by("-unread_total", "-last_activity_at", "-pk")[:limit]
    )


@dataclass(frozen=True)
class Digest:
    subject: str
    body: str


def compose_digest(*, user: User, since: datetime) -> Digest | None:
    threads = list(digest_threads(user=user, since=since))
    if not threads:
        return None
    lines = []
    for thread in threads:
        new = ngettext("%(n)s new post", "%(n)s new posts", thread.unread_total) % {
            "n": thread.unread_total}
        lines.append(f"- {thread.title} ({new}): {settings.SITE_URL}{thread.get_absolute_url()}")
    intro = ngettext(
        "Hello %(name)s,\n\nOne conversation on %(site)s has moved since your last digest:",
        "Hello %(name)s,\n\n%(n)s conversations on %(site)s have moved since your last digest:",
        len(threads),
    ) % {"name": user.public_name, "site": settings.SITE_NAME, "n": len(threads)}
    subject = _("What is new on %(site)s") % {"site": settings.SITE_NAME}
    return Digest(subject=subject, body=intro + "\n\n" + "\n".join(lines) + "\n")


def send_digests(*, frequency: str, now: datetime | None = None) -> int:
    """Email the digest to every member on this frequency who has something to read."""
    now = now or timezone.now()
    window = WINDOWS[DigestFrequency(frequency)]
    members = (
        User.objects.filter(is_active=True, digest=frequency).exclude(email="")
        .select_related("preferences").annotate(all_read_at=all_read_at_subquery())
        .order_by("pk")
    )
    messages, sent_to = [], []
    for user in members.iterator(chunk_size=500):
        last = getattr(getattr(user, "preferences", None), "last_digest_at", None)
        since = max(last, now - window) if last else now - window
        remember_horizon(user=user, all_read_at=user.all_read_at)
        digest = compose_digest(user=user, since=since)
        if digest is None:
            continue
        messages.append(email_to(user=user, kind=DIGEST, subject=digest.subject, body=digest.body))
        sent_to.append(user.pk)
    # One connection for the whole run, as notices are sent.
    sent = sum(send_each(messages))  # one refused address does not stop the others
    MemberPreferences.objects.bulk_create(
        [MemberPreferences(user_id=pk, last_digest_at=now) for pk in sent_to],
        update_conflicts=True, unique_fields=["user"], update_fields=["last_digest_at"],
    )
    logger.info("%s digest sent to %s members (%s had nothing new)", frequency, sent,
                members.count() - len(sent_to))
    return sent
