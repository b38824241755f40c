"""Show the everyday features on the demo: a pinned "start here" welcome, pinned and closed
threads, a solved question, reactions, saved posts and what a member has read.

Safe to run again: every step sets a state or adds what is missing.
"""

from itertools import cycle

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from cop.enums import PostStatus, ReactionKind
from cop.models import Bookmark, Post, Reaction, ReadState, Thread, User

START_HERE = "New here? Introduce yourself"
PINNED = [
    "A one-page version of the definitions and principles, for meetings",
    "Moderation notes: spam getting through on the events board",
]
CLOSED = {
    "Spring online catch-up: Wednesday 18 March 2026, 10:00 to 12:00": (
        "The spring catch-up has happened. Thank you to everyone who came; the notes are in "
        "Outputs and the autumn catch-up has its own thread."
    ),
}
# A question and the reply its asker marks as the answer (by position in the thread).
SOLVED = {"Peer research training: how long is long enough?": 1}
REACTED = [
    "Our co-produced toolkit on paying peer researchers is out",
    "Participatory budgeting: how did you decide who gets to vote?",
    "Peer research training: how long is long enough?",
    "Is this co-production, or a consultation with a new name?",
    "Being paid for my expertise for the first time",
    START_HERE,
]
# The demo member has read most threads but for their last two posts, so "new" shows.
READER = "amina"
SAVED = ["Our co-produced toolkit on paying peer researchers is out",
         "Community reporting: getting consent right when stories get reused"]


class Command(BaseCommand):
    help = "Pin, close, solve, react and bookmark on the demo forum. Safe to run again."

    def handle(self, *args, **options):
        threads = {t.title: t for t in Thread.objects.filter(status=PostStatus.PUBLISHED)}
        missing = [title for title in [START_HERE, *PINNED, *CLOSED, *SOLVED, *REACTED]
                   if title not in threads]
        for title in missing:
            self.stdout.write(f"  skipped (no such thread): {title}")
        moderator = User.objects.filter(groups__name="Moderators").order_by("pk").first()
        with transaction.atomic():
            self._states(threads, moderator)
            reactions = self._reactions(threads)
            self._reader(threads)
        self.stdout.write(self.style.SUCCESS(
            f"Everyday features ready: start here, {len(PINNED)} pinned, {len(CLOSED)} closed, "
            f"{len(SOLVED)} solved, {reactions} reactions."
        ))

    def _states(self, threads, moderator) -> None:
        if START_HERE in threads:
            Thread.objects.filter(start_here=True).exclude(title=START_HERE).update(
                start_here=False
            )
            Thread.objects.filter(pk=threads[START_HERE].pk).update(start_here=True, pinned=True)
        Thread.objects.filter(title__in=PINNED).update(pinned=True)
        for title, reason in CLOSED.items():
            if title in threads and not threads[title].is_closed:
                Thread.objects.filter(pk=threads[title].pk).update(
                    closed_at=timezone.now(), closed_reason=reason, closed_by=moderator
                )
        for title, position in SOLVED.items():
            if title in threads:
                posts = list(threads[title].posts.filter(status=PostStatus.PUBLISHED))
                if len(posts) > position:
                    Thread.objects.filter(pk=threads[title].pk).update(
                        is_question=True, answer=posts[position]
                    )

    def _reactions(self, threads) -> int:
        members = list(User.objects.filter(
            is_active=True, posts__status=PostStatus.PUBLISHED
        ).distinct().order_by("username"))
        kinds = cycle(ReactionKind.values)
        wanted = []
        for title in REACTED:
            if title not in threads:
                continue
            for n, post in enumerate(threads[title].posts.filter(status=PostStatus.PUBLISHED)):
                # A few people on each post, varying by position, never the author.
                for k in range(n % 3 + 1):
                    reactor = members[(n * 3 + k) % len(members)]
                    if reactor.pk != post.author_id:
                        wanted.append(Reaction(post=post, user=reactor, kind=next(kinds)))
        Reaction.objects.bulk_create(wanted, ignore_conflicts=True)
        return Reaction.objects.count()

    def _reader(self, threads) -> None:
        reader = User.objects.filter(username=READER).first()
        if reader is None:
            return
        for thread in threads.values():
            posts = list(thread.posts.filter(status=PostStatus.PUBLISHED)
                         .values_list("created_at", flat=True))
            if len(posts) > 3:
                ReadState.objects.update_or_create(
                    user=reader, thread=thread, defaults={"read_until": posts[-3]}
                )
        for title in SAVED:
            post = Post.objects.filter(thread__title=title, is_opening=True).first()
            if post is not None:
                Bookmark.objects.get_or_create(user=reader, post=post)
