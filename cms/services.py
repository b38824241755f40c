"""Writes for the resource library: open a resource's discussion when it is first published."""

from __future__ import annotations

import logging

from django.db import transaction

from cms.models import ResourcePage
from cop import services as forum
from cop.models import Thread

logger = logging.getLogger(__name__)


def _markdown_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def discussion_opening(*, page: ResourcePage, tags) -> str:
    """The opening post of a resource's discussion, in the forum's Markdown."""
    url = page.get_url() or page.url_path
    kind = page.get_resource_type_display().lower()
    lines = [
        page.summary.strip(),
        "",
        f"Read the {kind} in our resource library: [{_markdown_text(page.title)}]({url})",
        "",
        "Have you used it? Tell us what worked, what you changed and what you would add.",
    ]
    hashtags = " ".join(f"#{tag.name}" for tag in tags)
    if hashtags:
        lines += ["", hashtags]
    return "\n".join(lines)


@transaction.atomic
def open_resource_discussion(*, page: ResourcePage, user=None) -> Thread | None:
    """Start the forum thread for a resource the first time it is published.

    The thread is written by the page's owner (or whoever published it), carries the page's
    topic tags and is stored on the page. Publishing again later changes nothing.
    """
    current = (
        ResourcePage.objects.select_for_update().filter(pk=page.pk)
        .values_list("discussion_thread_id", flat=True).first()
    )
    if current is not None:
        page.discussion_thread_id = current
        return None
    author = page.owner or user
    if author is None:
        logger.warning("Resource %s has no owner or publisher to start its discussion", page.pk)
        return None
    tags = list(page.topic_tags.all())
    thread = forum.start_resource_discussion(
        author=author, title=page.title, body=discussion_opening(page=page, tags=tags), tags=tags,
    )
    # A plain update: saving the page would make a revision and re-run publishing hooks.
    ResourcePage.objects.filter(pk=page.pk).update(discussion_thread=thread)
    page.discussion_thread = thread
    return thread
