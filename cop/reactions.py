"""Reactions: a member says thanks, helpful or "me too" to a post with one click."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cop.enums import PostStatus, ReactionKind
from cop.errors import ForumError, ForumForbidden
from cop.models import Post, Reaction, User


def toggle_reaction(*, user: User, post: Post, kind: str) -> bool:
    """Add the reaction, or take it back if it is already there; True when it is now on."""
    if kind not in ReactionKind.values:
        raise ForumError(_("Please choose one of the reactions shown: thanks, helpful or me too."))
    if post.status != PostStatus.PUBLISHED:
        raise ForumError(_("You can react once the post is public."))
    if post.author_id == user.pk:
        raise ForumForbidden(_("Reactions are for other people's posts."))
    removed, _count = Reaction.objects.filter(user=user, post=post, kind=kind).delete()
    if removed:
        return False
    try:
        with transaction.atomic():
            Reaction.objects.create(user=user, post=post, kind=kind)
    except IntegrityError:
        pass  # a double click: the first one already saved it
    return True


@dataclass
class ReactionSummary:
    kind: str
    label: str
    count: int = 0
    names: list[str] = field(default_factory=list)
    mine: bool = False

    @property
    def sentence(self) -> str:
        """Who reacted, in words: "Thanks from Jo Lee, Sam Patel (2 people)"."""
        return ngettext(
            "%(label)s from %(names)s (%(count)s person)",
            "%(label)s from %(names)s (%(count)s people)", self.count,
        ) % {"label": self.label, "names": ", ".join(self.names), "count": self.count}

    def as_json(self) -> dict:
        return {"kind": self.kind, "count": self.count, "mine": self.mine,
                "sentence": self.sentence if self.count else ""}


def reaction_summaries(*, posts: list[Post], user) -> dict[int, list[ReactionSummary]]:
    """Every kind for every post (so each has its buttons), with counts, names and the viewer's
    own, from one query whatever the number of posts."""
    summaries = {
        post.pk: {kind: ReactionSummary(kind=kind, label=str(label))
                  for kind, label in ReactionKind.choices}
        for post in posts
    }
    reactions = Reaction.objects.filter(post__in=list(summaries)).select_related("user")
    for reaction in reactions:
        summary = summaries[reaction.post_id][reaction.kind]
        summary.count += 1
        summary.names.append(reaction.user.public_name)
        if user.is_authenticated and reaction.user_id == user.pk:
            summary.mine = True
    return {pk: list(kinds.values()) for pk, kinds in summaries.items()}
