"""A post's edit history as everyone may read it: each version, and what changed between
versions as a word-by-word difference, within the limits moderators set."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from difflib import SequenceMatcher

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cop.models import HiddenRevision, Post, PostRevision, User

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class Segment:
    """A run of text that stayed (`same`), was added (`added`) or removed (`removed`)."""

    kind: str
    text: str


@dataclass
class Version:
    number: int
    body: str
    written_at: datetime
    written_by: User | None
    revision: PostRevision | None = None  # None for the current text
    hidden: HiddenRevision | None = None
    changes: list[Segment] = field(default_factory=list)


def word_diff(old: str, new: str) -> list[Segment]:
    """What changed from `old` to `new`, word by word (line breaks count as words, so
    changed lines show too). Plain text: the template escapes it."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(Segment("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment("removed", "".join(a[i1:i2])))
        if j2 > j1:
            segments.append(Segment("added", "".join(b[j1:j2])))
    return segments


def public_since() -> datetime | None:
    days = settings.FORUM_EDIT_HISTORY_PUBLIC_DAYS
    return timezone.now() - timedelta(days=days) if days else None


def post_versions(*, post: Post, moderator: bool) -> list[Version]:
    """The versions of a post, oldest first, each with the changes from the one shown before
    it. Members do not see versions a moderator hid or that are older than the public limit;
    moderators see everything, hidden versions marked."""
    revisions = list(
        PostRevision.objects.filter(post=post).select_related("edited_by", "hidden__hidden_by")
        .order_by("created_at", "id")
    )
    versions: list[Version] = []
    written_at, written_by = post.created_at, post.author
    for n, revision in enumerate(revisions, start=1):
        versions.append(Version(number=n, body=revision.body, written_at=written_at,
                                written_by=written_by, revision=revision,
                                hidden=getattr(revision, "hidden", None)))
        # The revision keeps the text as it was before this edit; the edit wrote the next.
        written_at, written_by = revision.created_at, revision.edited_by
    versions.append(Version(number=len(revisions) + 1, body=post.body, written_at=written_at,
                            written_by=written_by))
    if not moderator:
        since = public_since()
        versions = [
            v for v in versions
            if v.revision is None or (v.hidden is None and (since is None
                                                            or v.revision.created_at >= since))
        ]
    for before, after in zip(versions, versions[1:], strict=False):
        after.changes = word_diff(before.body, after.body)
    return versions


@transaction.atomic
def hide_revision(*, revision: PostRevision, moderator: User, reason: str = "") -> HiddenRevision:
    hidden, _ = HiddenRevision.objects.update_or_create(
        revision=revision, defaults={"hidden_by": moderator, "reason": reason.strip()[:300]}
    )
    return hidden


def show_revision(*, revision: PostRevision) -> None:
    HiddenRevision.objects.filter(revision=revision).delete()
