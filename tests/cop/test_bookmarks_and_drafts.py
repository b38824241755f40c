"""Saved posts, and replies in progress kept on the server."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from cop.enums import PostStatus
from cop.models import Bookmark, Draft, Post
from tests.conftest import PASSWORD, person_stamp


@pytest.fixture
def signed_in(client, member):
    client.login(username=member.username, password=PASSWORD)
    return client


def test_member_saves_a_post_and_finds_it_on_the_saved_page(
    signed_in, member, thread_factory
):
    thread = thread_factory(title="Co-designed survey questions",
                            body="Here are the questions our parents' group wrote.")
    post = thread.posts.get()
    response = signed_in.post(reverse("cop:bookmark", args=[post.pk]),
                              {"next": thread.get_absolute_url()})
    assert response.url == thread.get_absolute_url()
    page = signed_in.get(reverse("cop:saved_posts")).content.decode()
    assert "Co-designed survey questions" in page
    assert "Here are the questions our parents" in page
    signed_in.post(reverse("cop:bookmark", args=[post.pk]))
    assert "Nothing saved yet" in signed_in.get(reverse("cop:saved_posts")).content.decode()


def test_saved_page_leaves_out_posts_no_longer_public(signed_in, member, thread_factory):
    post = thread_factory(title="Later withdrawn").posts.get()
    Bookmark.objects.create(user=member, post=post)
    Post.objects.filter(pk=post.pk).update(status=PostStatus.REJECTED)
    assert "Later withdrawn" not in signed_in.get(reverse("cop:saved_posts")).content.decode()


def test_saving_a_post_the_member_cannot_see_is_404(signed_in, thread_factory, post_factory):
    held = post_factory(thread=thread_factory(), status=PostStatus.HELD)
    assert signed_in.post(reverse("cop:bookmark", args=[held.pk])).status_code == 404
    assert not Bookmark.objects.exists()


def test_database_keeps_one_bookmark_per_member_and_post(member, thread_factory):
    post = thread_factory().posts.get()
    Bookmark.objects.create(user=member, post=post)
    with pytest.raises(IntegrityError):
        Bookmark.objects.create(user=member, post=post)


def test_draft_is_kept_and_restored_into_the_reply_box(signed_in, member, thread_factory):
    thread = thread_factory()
    response = signed_in.post(reverse("cop:save_draft", args=[thread.pk]),
                              {"body": "Half a thought about budgets"})
    assert response.status_code == 200 and response.json()["saved"] is True
    assert "Draft saved" in response.json()["message"]
    page = signed_in.get(thread.get_absolute_url()).content.decode()
    assert "Half a thought about budgets</textarea>" in page
    assert "We kept the reply you were writing" in page
    assert Draft.objects.filter(user=member, thread=thread).count() == 1


def test_emptying_the_box_discards_the_draft(signed_in, member, thread_factory):
    thread = thread_factory()
    url = reverse("cop:save_draft", args=[thread.pk])
    signed_in.post(url, {"body": "Something"})
    signed_in.post(url, {"body": "  "})
    assert not Draft.objects.exists()


def test_a_refused_reply_is_kept_as_a_draft(signed_in, member, thread_factory, settings):
    settings.FORUM_MIN_SUBMIT_SECONDS = 5
    thread = thread_factory()
    # Sent back faster than a person could write it: refused, but nothing is lost.
    response = signed_in.post(reverse("cop:reply", args=[thread.pk]),
                              {"body": "A careful reply",
                               "started": person_stamp(signed_in, seconds_ago=0)})
    assert response.status_code == 400
    assert Draft.objects.get(user=member, thread=thread).body == "A careful reply"
    page = signed_in.get(thread.get_absolute_url()).content.decode()
    assert "A careful reply</textarea>" in page


def test_posting_the_reply_discards_the_draft(signed_in, member, thread_factory):
    thread = thread_factory()
    signed_in.post(reverse("cop:save_draft", args=[thread.pk]), {"body": "Draft text"})
    response = signed_in.post(reverse("cop:reply", args=[thread.pk]), {"body": "Final text"})
    assert response.status_code == 302
    assert not Draft.objects.exists()


def test_a_draft_too_long_is_refused_with_its_length(signed_in, thread_factory, settings):
    settings.FORUM_MAX_POST_LENGTH = 50
    thread = thread_factory()
    response = signed_in.post(reverse("cop:save_draft", args=[thread.pk]), {"body": "x" * 60})
    assert response.status_code == 400
    assert "this one has 60" in response.json()["message"]
    assert not Draft.objects.exists()


def test_drafts_for_threads_the_member_cannot_see_are_404(
    signed_in, thread_factory, member_factory
):
    hidden = thread_factory(status=PostStatus.HELD, author=member_factory())
    response = signed_in.post(reverse("cop:save_draft", args=[hidden.pk]), {"body": "Hi"})
    assert response.status_code == 404
    assert not Draft.objects.exists()
