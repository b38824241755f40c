"""The parts of a post that read the same to everyone who may see it: who wrote it, when (with
the link to its edits), its text and its files. A page's posts get theirs at once: the public
posts' from the shared cache while nothing public has changed (aggregates.generation), made
and kept otherwise. A page of twenty posts then renders only what differs from one reader to
the next (markers, reactions, the reader's own buttons).

A post nobody else can see yet (pending, held, rejected: its author and moderators see it)
is made afresh on every view and never kept: its changes do not all change the generation.
"""

from __future__ import annotations

import hashlib

from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from cop import aggregates
from cop.markup import renderer_version

PARTS = ("author", "when", "body", "files")
TEMPLATE = "includes/post_parts.html"


def _make(post) -> dict[str, str]:
    template = get_template(TEMPLATE)
    return {part: template.render({"post": post, "part": part}).strip() for part in PARTS}


def _safe(parts: dict[str, str]) -> dict[str, SafeString]:
    # Rendered by TEMPLATE, which escapes every value and shows the body through the one
    # sanitiser (post_html): the output is HTML to keep as it is.
    return {part: mark_safe(html) for part, html in parts.items()}  # noqa: S308


def attach_parts(posts, *, user) -> None:
    """Give each post `parts`: its author, when, body and files as HTML, for includes/post.html."""
    public = [post for post in posts if post.is_public]
    if public:
        # One entry for the page's public posts (every reader of that page asks for the same
        # ones), so a page adds one entry to the cache, as a visitor's page does, not twenty.
        # The stored HTML is made again, without a signal, when the renderer changes: its
        # version is in the key, with the language and time zone the parts are written in.
        ids = ",".join(str(post.pk) for post in public)
        name = (f"post-parts:{renderer_version()}:{translation.get_language()}:"
                f"{timezone.get_current_timezone_name()}:"
                f"{hashlib.blake2b(ids.encode(), digest_size=16).hexdigest()}")
        kept = aggregates.cached_many(
            [name], user=user, local=False,
            compute=lambda missing: {name: {post.pk: _make(post) for post in public}})[name]
        for post in public:
            post.parts = _safe(kept.get(post.pk) or _make(post))
    for post in posts:
        if not post.is_public:
            post.parts = _safe(_make(post))
