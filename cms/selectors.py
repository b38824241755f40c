"""Reads for the forum's pages and the library's address; the pages' own reads live beside
them in cms/models.py."""

from __future__ import annotations

from cms.models import ResourcePage, library_page, public_resources
from cop import aggregates
from cop.models import Tag, Thread

__all__ = ["library_page", "resource_for_thread", "resources_for_tag"]


def resources_for_tag(*, tag: Tag, limit: int = 6) -> list[ResourcePage]:
    return list(public_resources().filter(topic_tags=tag).order_by("-date", "-pk")[:limit])


def resource_for_thread(*, thread: Thread) -> ResourcePage | None:
    """The public resource a discussion thread belongs to, if any. Most threads are not a
    resource's discussion: a cached list of those that are spares them two queries."""
    discussions = aggregates.cached("resource-discussions", user=None, compute=lambda: set(
        ResourcePage.objects.filter(discussion_thread__isnull=False)
        .values_list("discussion_thread_id", flat=True)
    ))
    if thread.pk not in discussions:
        return None
    return public_resources().filter(discussion_thread=thread).first()
