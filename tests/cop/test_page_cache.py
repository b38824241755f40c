"""Visitors who are not logged in get whole pages from the cache, and never a stale one: a
published reply, a reaction, a renamed member or a tidied thread shows on the next visit."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from cop import aggregates, publishing, reactions, services, tidy
from cop.enums import PostStatus
from cop.models import ForumGeneration, Post
from cop.page_cache import HIT_HEADER

pytestmark = pytest.mark.usefixtures("_page_cache_on")


@pytest.fixture
def _page_cache_on(settings):
    settings.FORUM_PAGE_CACHE_SECONDS = 300


def _visit(url, client=None):
    response = (client or Client()).get(url)
    return response, response.content.decode()


def test_a_visitor_gets_the_thread_from_the_cache_with_no_query(
    thread_factory, django_assert_num_queries
):
    thread = thread_factory(body="Peer researchers are paid for their time.")
    first, page = _visit(thread.get_absolute_url())
    assert first.status_code == 200 and HIT_HEADER not in first
    with django_assert_num_queries(0):
        again, cached = _visit(thread.get_absolute_url())
    assert again[HIT_HEADER] == "hit"
    assert cached == page and "Peer researchers are paid" in cached
    # The usual headers are still added to a page from the cache.
    assert again["Content-Type"].startswith("text/html")
    assert again["X-Content-Type-Options"] == "nosniff"


def test_a_published_reply_shows_to_the_next_visitor(
    thread_factory, other_member, django_capture_on_commit_callbacks
):
    thread = thread_factory()
    url = thread.get_absolute_url()
    _visit(url)
    assert _visit(url)[0][HIT_HEADER] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        post = services.reply(author=other_member, thread=thread,
                              body="We pay vouchers, and cash when people ask for it.")
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    response, page = _visit(url)
    assert HIT_HEADER not in response
    assert "cash when people ask for it" in page
    # Held again: gone for visitors at once.
    with django_capture_on_commit_callbacks(execute=True):
        publishing.hold_post(post=post)
    assert "cash when people ask for it" not in _visit(url)[1]


def test_reactions_names_and_tidying_show_at_once(
    thread_factory, member, other_member, moderator, category_factory,
    django_capture_on_commit_callbacks,
):
    thread = thread_factory(author=member)
    url = thread.get_absolute_url()
    opening = Post.objects.get(thread=thread)
    before = _visit(url)[1]
    with django_capture_on_commit_callbacks(execute=True):
        reactions.toggle_reaction(user=other_member, post=opening, kind="thanks")
    after = _visit(url)[1]
    assert after != before

    with django_capture_on_commit_callbacks(execute=True):
        member.display_name = "Ada Renamed"
        member.save(update_fields=["display_name"])
    assert "Ada Renamed" in _visit(url)[1]

    elsewhere = category_factory(name="Funding and pay")
    with django_capture_on_commit_callbacks(execute=True):
        tidy.move_thread(thread=thread, category=elsewhere, moderator=moderator)
    assert "Funding and pay" in _visit(url)[1]


def test_logging_in_changes_nothing_for_visitors(thread_factory, member, client):
    thread = thread_factory()
    url = thread.get_absolute_url()
    _visit(url)
    client.force_login(member)  # saves last_login only
    assert _visit(url)[0][HIT_HEADER] == "hit"


def test_members_always_get_a_page_made_for_them(thread_factory, member, client):
    thread = thread_factory()
    url = thread.get_absolute_url()
    _visit(url)
    _visit(url)
    services.reply(author=member, thread=thread, body="My reply, still being checked.")
    client.force_login(member)
    response = client.get(url)
    assert HIT_HEADER not in response
    assert "My reply, still being checked." in response.content.decode()
    assert "Log out" in response.content.decode()


def test_a_visitor_with_a_session_or_messages_is_not_served_from_the_cache(thread_factory):
    thread = thread_factory()
    url = thread.get_absolute_url()
    _visit(url)
    with_session = Client()
    with_session.cookies["sessionid"] = "abc"
    assert HIT_HEADER not in with_session.get(url)
    with_messages = Client()
    with_messages.cookies["messages"] = "xyz"
    assert HIT_HEADER not in with_messages.get(url)


def test_missing_pages_and_forms_are_never_kept(thread_factory):
    url = reverse("cop:thread", kwargs={"pk": 999999})
    assert Client().get(url).status_code == 404
    assert HIT_HEADER not in Client().get(url)
    login = reverse("account_login")
    Client().get(login)
    response = Client().get(login)  # its form holds a token of its own
    assert HIT_HEADER not in response


def test_a_change_made_by_another_process_reaches_this_one(thread_factory, post_factory):
    """The worker publishes in its own process: the generation it raises is in the database,
    and this process reads it again after FORUM_GENERATION_LOCAL_SECONDS."""
    thread = thread_factory()
    url = thread.get_absolute_url()
    with override_settings(FORUM_GENERATION_LOCAL_SECONDS=0):
        aggregates._local.update(value=None, until=0.0)
        _visit(url)
        assert _visit(url)[0][HIT_HEADER] == "hit"
        post_factory(thread=thread, body="Written by the worker's process.")
        ForumGeneration.objects.filter(pk=1).update(value=aggregates.generation() + 1)
        response, page = _visit(url)
    assert HIT_HEADER not in response
    assert "Written by the worker's process." in page


def test_turned_off_with_zero_seconds(thread_factory, settings):
    settings.FORUM_PAGE_CACHE_SECONDS = 0
    thread = thread_factory()
    _visit(thread.get_absolute_url())
    assert HIT_HEADER not in _visit(thread.get_absolute_url())[0]
