"""Starting threads, replying, quoting and editing, as a member sees it."""

import pytest
from django.urls import reverse

from cop.enums import PostStatus
from cop.models import Post, PostRevision, Thread
from tests.conftest import PASSWORD


@pytest.fixture
def signed_in(client, member):
    client.login(username=member.username, password=PASSWORD)
    return client


def test_new_thread_is_screened_after_commit_and_published(
    signed_in, category, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(reverse("cop:new_thread"), {
            "category": category.pk, "title": "Paying peer researchers",
            "body": "We pay £15 an hour. What do you do? #PeerResearch",
        })
    thread = Thread.objects.get(title="Paying peer researchers")
    assert response.status_code == 302 and response.url == thread.get_absolute_url()
    assert thread.status == PostStatus.PUBLISHED
    assert [t.slug for t in thread.tags.all()] == ["peerresearch"]
    page = signed_in.get(thread.get_absolute_url()).content.decode()
    assert "We pay £15 an hour." in page


def test_new_post_stays_pending_until_screened(signed_in, category):
    # Without the commit hook firing (no worker), the post is saved and waits: nothing is lost.
    signed_in.post(reverse("cop:new_thread"), {
        "category": category.pk, "title": "Waiting", "body": "Still here.",
    })
    post = Post.objects.get(body="Still here.")
    assert post.status == PostStatus.PENDING
    assert post.thread.status == PostStatus.PENDING


def test_pending_thread_visible_to_its_author_with_notice_but_not_to_others(
    client, member, other_member, thread_factory
):
    thread = thread_factory(author=member, status=PostStatus.HELD, body="Held words")
    client.login(username=member.username, password=PASSWORD)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Held words" in page and "waiting for a moderator to check it" in page
    client.logout()
    assert client.get(thread.get_absolute_url()).status_code == 404
    client.login(username=other_member.username, password=PASSWORD)
    assert client.get(thread.get_absolute_url()).status_code == 404


def test_reply_with_quote_links_to_quoted_post(
    signed_in, thread_factory, django_capture_on_commit_callbacks
):
    thread = thread_factory(body="First thoughts on consent forms.")
    opening = thread.posts.get()
    form_page = signed_in.get(reverse("cop:reply", args=[thread.pk]) + f"?quote={opening.pk}")
    assert "&gt; First thoughts on consent forms." in form_page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(reverse("cop:reply", args=[thread.pk]), {
            "body": "> First thoughts\n\nAgreed.", "quote": opening.pk,
        })
    reply = Post.objects.get(body__endswith="Agreed.")
    assert reply.quote_of == opening and reply.status == PostStatus.PUBLISHED
    assert response.url == reverse("cop:post", args=[reply.pk])


def test_edit_keeps_history_for_moderators(
    client, member, moderator, thread_factory, django_capture_on_commit_callbacks
):
    thread = thread_factory(author=member, body="Version one")
    post = thread.posts.get()
    client.login(username=member.username, password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("cop:edit_post", args=[post.pk]),
                    {"title": thread.title, "body": "Version two"})
    post.refresh_from_db()
    assert post.body == "Version two" and post.edited_at is not None
    assert list(PostRevision.objects.values_list("body", flat=True)) == ["Version one"]
    client.login(username=moderator.username, password=PASSWORD)
    history = client.get(reverse("cop:post_history", args=[post.pk])).content.decode()
    assert "Version" in history and "one" in history and "two" in history


def test_member_cannot_edit_someone_elses_post(signed_in, thread_factory):
    thread = thread_factory(body="Not yours")
    post = thread.posts.get()
    response = signed_in.post(reverse("cop:edit_post", args=[post.pk]),
                              {"title": "x", "body": "Hijack"})
    assert response.status_code == 403
    post.refresh_from_db()
    assert post.body == "Not yours"


def test_permalink_lands_on_the_right_page(client, thread_factory, post_factory):
    thread = thread_factory()
    posts = [post_factory(thread=thread, body=f"Reply {i}") for i in range(45)]
    # 46 posts: the 41st post (index 40 overall) is the first on page 3.
    target = posts[39]
    response = client.get(reverse("cop:post", args=[target.pk]))
    assert response.url == f"{thread.get_absolute_url()}?page=3#post-{target.pk}"
    page = client.get(response.url).content.decode()
    assert f'id="post-{target.pk}"' in page


def test_post_preview_shows_rendered_text_without_saving(signed_in, thread_factory):
    thread = thread_factory()
    response = signed_in.post(reverse("cop:reply", args=[thread.pk]),
                              {"body": "**bold idea**", "preview": "1"})
    assert response.status_code == 200
    assert "<strong>bold idea</strong>" in response.content.decode()
    assert thread.posts.count() == 1


# --- bad input: a clear message or a 4xx, never a 500, nothing saved lost ---


def test_empty_post_gets_a_clear_message(signed_in, thread_factory):
    thread = thread_factory()
    response = signed_in.post(reverse("cop:reply", args=[thread.pk]), {"body": "   "})
    assert response.status_code == 400
    assert "Please write something before posting." in response.content.decode()
    assert thread.posts.count() == 1


def test_very_long_post_is_refused_with_its_length(signed_in, thread_factory):
    thread = thread_factory()
    response = signed_in.post(reverse("cop:reply", args=[thread.pk]), {"body": "a" * 100_000})
    assert response.status_code == 400
    assert "this one has 100,000" in response.content.decode()
    assert thread.posts.count() == 1


def test_unknown_thread_is_404(client, db):
    assert client.get(reverse("cop:thread", args=[999999])).status_code == 404
    assert client.get(reverse("cop:post", args=[999999])).status_code == 404


def test_malformed_form_data_is_4xx(signed_in, thread_factory, category):
    thread = thread_factory()
    assert signed_in.post(reverse("cop:reply", args=[thread.pk]),
                          {"body": "hi", "quote": "abc"}).status_code == 400
    bad_category = signed_in.post(reverse("cop:new_thread"),
                                  {"category": "not-a-number", "title": "t", "body": "b"})
    assert bad_category.status_code == 400
    assert "Please choose one of the categories listed." in bad_category.content.decode()
    assert signed_in.post(reverse("cop:follow"), {"kind": "planet", "id": "1"}).status_code == 400
    assert signed_in.post(reverse("cop:notifications"), {"id": "x"}).status_code == 400


@pytest.mark.parametrize("page", ["99", "0", "-1", "abc"])
def test_page_number_out_of_range_is_404(client, thread_factory, category, page):
    thread = thread_factory(category=category)
    assert client.get(f"{thread.get_absolute_url()}?page={page}").status_code == 404
    assert client.get(f"{category.get_absolute_url()}?page={page}").status_code == 404


def test_script_in_a_post_is_rendered_inert_on_the_thread_page(client, thread_factory):
    thread = thread_factory(body="<script>alert('boo')</script> **ok**")
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


def test_posting_needs_login(client, thread_factory):
    thread = thread_factory()
    response = client.post(reverse("cop:reply", args=[thread.pk]), {"body": "hi"})
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_moderators_can_open_a_held_post_to_review_it(client, moderator, thread_factory):
    thread = thread_factory(status=PostStatus.HELD, body="Waiting words")
    post = thread.posts.get()
    client.login(username=moderator.username, password=PASSWORD)
    response = client.get(reverse("cop:post", args=[post.pk]), follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and "Waiting words" in page
    assert "you can see it because you moderate the forum" in page
