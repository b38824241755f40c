"""The demo shows the everyday features: start here, pinned, closed, solved, reactions."""

from io import StringIO

from django.core.management import call_command
from django.db.models import F

from cop.management.commands import seed_engagement as seed
from cop.models import Bookmark, Reaction, ReadState, Thread


def test_seed_engagement_sets_up_the_demo_states_and_can_run_again(
    thread_factory, post_factory, member_factory, moderator
):
    amina = member_factory(username="amina")
    others = [member_factory() for _ in range(3)]
    titles = {seed.START_HERE, *seed.PINNED, *seed.CLOSED, *seed.SOLVED, *seed.REACTED,
              *seed.SAVED}
    for title in titles:
        thread = thread_factory(title=title, author=others[0])
        for i in range(4):
            post_factory(thread=thread, author=others[(i + 1) % 3], body=f"Reply {i}")
    for _ in range(2):
        out = StringIO()
        call_command("seed_engagement", stdout=out)
    assert "Everyday features ready" in out.getvalue()
    start = Thread.objects.get(start_here=True)
    assert start.title == seed.START_HERE and start.pinned
    assert Thread.objects.filter(title__in=seed.PINNED, pinned=True).count() == len(seed.PINNED)
    closed = Thread.objects.get(title=next(iter(seed.CLOSED)))
    assert closed.is_closed and closed.closed_by == moderator
    solved = Thread.objects.get(title=next(iter(seed.SOLVED)))
    assert solved.is_question and solved.answer is not None and not solved.answer.is_opening
    reactions = Reaction.objects.count()
    assert reactions > 10
    assert not Reaction.objects.filter(user_id=F("post__author_id")).exists()  # not one's own
    assert Bookmark.objects.filter(user=amina).count() == len(seed.SAVED)
    assert ReadState.objects.filter(user=amina).count() == len(titles)

