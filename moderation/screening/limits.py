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

from cop.models import Post
from cop.services import ForumError
from moderation.engine.contacts import extract_contacts
from moderation.screening.trust import standing


class PostingLimit(ForumError):
    """The member cannot post this right now; the message says why and what to do."""

    status_code = 429


def _links_in(body: str) -> int:
    """Links as a reader would count them: written addresses, or disguised domains."""
    lowered = body.lower()
    written = lowered.count("http://") + lowered.count("https://") + lowered.count("www.")
    return max(written, len(extract_contacts(body).domains))


def check_posting(*, author, body: str, starting_thread: bool, editing=None) -> None:
    """Raise PostingLimit if this post breaks one of the limits for the author's trust level.

    An edit (`editing` is the post edited) meets the same limits on what the text holds (links,
    repeats); the counts of new posts and the gap between posts are about adding posts, so an
    edit neither counts as one nor has to wait (a member fixing a typo should not be told to)."""
    who = standing(author)
    if who.is_moderator:
        return
    limits = settings.MODERATION_LIMITS
    now = timezone.now()
    posts = Post.objects.filter(author=author)
    if who.level == 0:
        if _links_in(body) > limits["new_links_per_post"]:
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
    if posts.filter(created_at__gte=window, body=body.strip()).exists():
        raise PostingLimit("You posted exactly this a moment ago, so we have not posted it twice.")
