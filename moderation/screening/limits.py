"""Posting limits that slow down new accounts and flooding, checked before a post is saved.

Every number is a setting (MODERATION_LIMITS), e.g. how many links a new member may post.
Edits of posts pass the same checks on their new text.
Moderators are never limited. Once saved, a new account's post with links or contact details
also meets a stricter spam threshold (see SpamEnginePolicy in policy.py).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from cop.errors import ForumError
from cop.models import Post
from moderation.engine.contacts import extract_contacts
from moderation.engine.text.normalise import comparable_text
from moderation.screening.trust import standing

# How many of the author's posts inside the duplicate window are compared (a flood beyond this
# is stopped by the gap between posts first).
_DUPLICATE_CANDIDATES = 20


class PostingLimit(ForumError):
    """The member cannot post this right now; the message says why and what to do."""

    status_code = 429


def _written(title: str, body: str) -> str:
    return f"{title}\n\n{body}" if title else body


def _links_in(text: str) -> int:
    """Links as the spam engine reads them, disguises undone (fullwidth letters, split
    domains, Markdown reference links...), each written link counted."""
    contacts = extract_contacts(text)
    return max(contacts.links, len(contacts.domains))


def _is_repeat(posts, *, since, text: str) -> bool:
    """Whether the author posted the same text (as a reader sees it) since `since`."""
    wanted = comparable_text(text)
    recent = (posts.filter(created_at__gte=since).order_by("-created_at")
              .values_list("body", "is_opening", "thread__title")[:_DUPLICATE_CANDIDATES])
    return any(
        comparable_text(_written(title if is_opening else "", body)) == wanted
        or comparable_text(body) == wanted
        for body, is_opening, title in recent
    )


def check_posting(*, author, body: str, starting_thread: bool, title: str = "",
                  editing=None) -> None:
    """Raise PostingLimit if this post (its title and body) breaks one of the limits for the
    author's trust level.

    An edit (`editing` is the post edited) meets the same limits on what the text holds (links,
    repeats); the counts of new posts and the gap between posts are about adding posts, so an
    edit neither counts as one nor has to wait (a member fixing a typo should not be told to)."""
    text = _written(title, body)
    who = standing(author)
    if who.is_moderator:
        return
    limits = settings.MODERATION_LIMITS
    now = timezone.now()
    posts = Post.objects.filter(author=author)
    if who.level == 0:
        if _links_in(text) > limits["new_links_per_post"]:
            raise PostingLimit(
                f"New members can include up to {limits['new_links_per_post']} links in a "
                f"post. Please remove some; you can add more once you have posted a little."
            )
        first_day = now - timedelta(days=1)
        if who.account_age_days < 1 and editing is None:
            if starting_thread:
                made = posts.filter(is_opening=True, created_at__gte=first_day).count()
                if made >= limits["new_threads_first_day"]:
                    raise PostingLimit(
                        f"New members can start {limits['new_threads_first_day']} threads on "
                        "their first day. You can still reply, or start another tomorrow."
                    )
            else:
                made = posts.filter(is_opening=False, created_at__gte=first_day).count()
                if made >= limits["new_replies_first_day"]:
                    raise PostingLimit(
                        f"New members can post {limits['new_replies_first_day']} replies on "
                        "their first day. Thank you for joining in; you can post more tomorrow."
                    )
    gap = limits["seconds_between_posts_new"] if who.level == 0 else \
        limits["seconds_between_posts"]
    if editing is not None:
        posts = posts.exclude(pk=editing.pk)
    latest = posts.order_by("-created_at").values_list("created_at", flat=True).first()
    if editing is None and latest and (now - latest).total_seconds() < gap:
        wait = int(gap - (now - latest).total_seconds()) + 1
        raise PostingLimit(f"Please wait {wait} seconds before posting again.")
    window = now - timedelta(seconds=limits["duplicate_window_seconds"])
    if _is_repeat(posts, since=window, text=text):
        raise PostingLimit("You posted exactly this a moment ago, so we have not posted it twice.")
