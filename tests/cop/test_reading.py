"""Read tracking: "new" markers, unread counts, the first unread post and "mark all read"."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cop.models import Post, ReadState
from tests.conftest import PASSWORD


@pytest.fixture
def signed_in(client, member):
    client.login(username=member.username, password=PASSWORD)
    return client


def _reply(thread, author, body, minutes_ago=0):
    return Post.objects.create(thread=thread, author=author, body=body, status="published",
                               created_at=timezone.now() - timedelta(minutes=minutes_ago))


def test_new_posts_show_in_lists_after_another_member_replies(
    signed_in, member, other_member, category, thread_factory
):
    thread = thread_factory(category=category, author=member, title="Paying peer researchers")
    signed_in.get(thread.get_absolute_url())
    assert "new post" not in signed_in.get(category.get_absolute_url()).content.decode()
    _reply(thread, other_member, "We pay the living wage.")
    _reply(thread, other_member, "And travel.")
    page = signed_in.get(category.get_absolute_url()).content.decode()
    assert "2 new posts" in page
    assert reverse("cop:first_unread", args=[thread.pk]) in page


def test_first_unread_jumps_to_the_first_new_post(
    signed_in, member, other_member, thread_factory
):
    thread = thread_factory(author=member)
    signed_in.get(thread.get_absolute_url())
    first = _reply(thread, other_member, "First new one.")
    _reply(thread, other_member, "Second new one.")
    response = signed_in.get(reverse("cop:first_unread", args=[thread.pk]))
    assert response.url == reverse("cop:post", args=[first.pk])
    page = signed_in.get(thread.get_absolute_url()).content.decode()
    assert f'href="#post-{first.pk}"' in page  # "Jump to the first new post"
    assert page.count('class="marker marker-new"') == 2
    # Seen now: the markers go, and the jump leads to the latest post.
    page = signed_in.get(thread.get_absolute_url()).content.decode()
    assert 'class="marker marker-new"' not in page


def test_a_thread_never_opened_is_new_to_you(signed_in, other_member, category, thread_factory):
    thread_factory(category=category, author=other_member, title="Community reporting tips")
    page = signed_in.get(category.get_absolute_url()).content.decode()
    assert "New to you" in page


def test_threads_from_before_joining_are_not_new(signed_in, member, category, thread_factory):
    thread = thread_factory(category=category, title="An old conversation")
    Post.objects.filter(thread=thread).update(created_at=member.date_joined - timedelta(days=3))
    page = signed_in.get(category.get_absolute_url()).content.decode()
    assert "New to you" not in page and "new post" not in page


def test_mark_all_read_clears_every_marker(
    signed_in, member, other_member, category, thread_factory
):
    for i in range(3):
        thread_factory(category=category, author=other_member, title=f"Thread {i}")
    assert signed_in.get(category.get_absolute_url()).content.decode().count("New to you") == 3
    response = signed_in.post(reverse("cop:mark_all_read"),
                              {"next": category.get_absolute_url()})
    assert response.url == category.get_absolute_url()
    assert "New to you" not in signed_in.get(category.get_absolute_url()).content.decode()


def test_mark_all_read_ignores_a_next_address_off_the_site(signed_in):
    response = signed_in.post(reverse("cop:mark_all_read"), {"next": "https://evil.example/"})
    assert response.url == "/forum/"


def test_reading_keeps_one_row_per_member_and_thread_and_never_goes_back(
    signed_in, member, other_member, thread_factory, settings
):
    settings.FORUM_POSTS_PER_PAGE = 2
    thread = thread_factory(author=member)
    for i in range(3):
        _reply(thread, other_member, f"Reply {i}", minutes_ago=-i)
    signed_in.get(thread.get_absolute_url() + "?page=2")
    latest = ReadState.objects.get(user=member, thread=thread).read_until
    signed_in.get(thread.get_absolute_url())  # page 1 is older; the mark must not move back
    assert ReadState.objects.filter(user=member).count() == 1
    assert ReadState.objects.get(user=member, thread=thread).read_until == latest


def test_own_replies_are_never_new(signed_in, member, category, thread_factory):
    thread = thread_factory(category=category, author=member)
    signed_in.get(thread.get_absolute_url())
    _reply(thread, member, "My own follow-up.")
    assert "new post" not in signed_in.get(category.get_absolute_url()).content.decode()


def test_posts_read_counts_what_the_member_opened_for_trust(
    signed_in, member, other_member, thread_factory
):
    from cop.reading import mark_all_read, posts_read
    from moderation.screening.trust import standing

    thread = thread_factory(author=other_member, title="Easy read minutes")
    for i in range(3):
        _reply(thread, other_member, f"Minute {i}", minutes_ago=10 - i)
    _reply(thread, member, "My own note")  # never counted as read
    unopened = thread_factory(author=other_member, title="Budget lines")
    _reply(unopened, other_member, "Travel costs", minutes_ago=5)
    mark_all_read(user=member)  # marking is not reading
    assert posts_read(member) == 0
    signed_in.get(thread.get_absolute_url())
    assert posts_read(member) == 4  # the opening post and three replies by someone else
    assert standing(member).posts_read == 4
