"""Saved posts, and replies and new threads in progress kept on the server."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from cop.enums import PostStatus
from cop.models import Bookmark, Draft, Post, Thread, ThreadDraft
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


# --- new threads in progress: one draft per member and category ---


def _thread_draft(client, category, **fields):
    return client.post(reverse("cop:save_thread_draft"),
                       {"category": category.pk, "title": "", "body": "", **fields})


def test_new_thread_draft_is_kept_and_restored_in_its_category(
    signed_in, member, category, category_factory
):
    other = category_factory(name="Events")
    response = _thread_draft(signed_in, category, title="Paying carers for their time",
                             body="We are drafting a policy and would like examples.")
    assert response.status_code == 200 and response.json()["saved"] is True
    assert "Draft saved" in response.json()["message"]
    assert response.json()["category"] == category.pk
    page = signed_in.get(reverse("cop:new_thread_in", args=[category.slug])).content.decode()
    assert 'value="Paying carers for their time"' in page
    assert "We are drafting a policy and would like examples.</textarea>" in page
    assert f'<option value="{category.pk}" selected>' in page
    assert "We kept the thread you were starting" in page
    # The plain "new thread" page offers the latest draft too; another category's does not.
    assert "Paying carers for their time" in signed_in.get(
        reverse("cop:new_thread")).content.decode()
    elsewhere = signed_in.get(reverse("cop:new_thread_in", args=[other.slug])).content.decode()
    assert "Paying carers" not in elsewhere and "We kept the thread" not in elsewhere


def test_choosing_another_category_moves_the_draft(signed_in, member, category,
                                                   category_factory):
    events = category_factory(name="Events")
    _thread_draft(signed_in, category, title="Film night")
    _thread_draft(signed_in, events, title="Film night", body="Bring snacks.",
                  draft_category=category.pk)
    assert list(ThreadDraft.objects.values_list("category", "title", "body")) == [
        (events.pk, "Film night", "Bring snacks.")]


def test_emptying_the_new_thread_form_discards_its_draft(signed_in, member, category):
    _thread_draft(signed_in, category, title="Something")
    _thread_draft(signed_in, category, title="  ", body="\n")
    assert not ThreadDraft.objects.exists()


@pytest.mark.parametrize(("data", "message"), [
    ({"started": "too quick"}, "That was very quick"),
    ({"title": ""}, "Please give your thread a title."),
])
def test_a_refused_new_thread_is_kept_as_a_draft_without_javascript(
    signed_in, member, category, settings, data, message
):
    settings.FORUM_MIN_SUBMIT_SECONDS = 5
    form = {"category": category.pk, "title": "Room for the carers' group",
            "body": "Which libraries lend rooms for free?",
            "started": person_stamp(signed_in, seconds_ago=30), **data}
    if form["started"] == "too quick":
        form["started"] = person_stamp(signed_in, seconds_ago=0)
    url = reverse("cop:new_thread_in", args=[category.slug])
    response = signed_in.post(url, form)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Thread.objects.filter(title="Room for the carers' group").exists()
    draft = ThreadDraft.objects.get(user=member, category=category)
    assert (draft.title, draft.body) == (form["title"], "Which libraries lend rooms for free?")
    page = signed_in.get(url).content.decode()  # coming back later, in a new page
    assert "Which libraries lend rooms for free?</textarea>" in page
    assert "We kept the thread you were starting" in page


def test_starting_the_thread_discards_its_draft_only(signed_in, member, category,
                                                      category_factory):
    events = category_factory(name="Events")
    _thread_draft(signed_in, events, title="Another idea for later")
    _thread_draft(signed_in, category, title="Draft title", body="Draft text")
    response = signed_in.post(reverse("cop:new_thread_in", args=[category.slug]),
                              {"category": category.pk, "title": "Final title",
                               "body": "Final text", "draft_category": category.pk})
    assert response.status_code == 302
    assert Thread.objects.filter(title="Final title").exists()
    assert list(ThreadDraft.objects.values_list("category", flat=True)) == [events.pk]


def test_new_thread_drafts_are_private_and_only_in_visible_categories(
    client, member, other_member, category, category_factory
):
    client.login(username=member.username, password=PASSWORD)
    _thread_draft(client, category, title="Sam's half-written thread")
    client.logout()
    assert _thread_draft(client, category, title="Visitor").status_code == 302  # log in first
    client.login(username=other_member.username, password=PASSWORD)
    page = client.get(reverse("cop:new_thread_in", args=[category.slug])).content.decode()
    assert "Sam's half-written thread" not in page
    for sent in ("999999", "not-a-number", ""):
        response = client.post(reverse("cop:save_thread_draft"),
                               {"category": sent, "title": "Lost"})
        assert response.status_code == 404
    assert list(ThreadDraft.objects.values_list("user", flat=True)) == [member.pk]


def test_a_new_thread_draft_too_long_is_refused_with_its_length(signed_in, category, settings):
    settings.FORUM_MAX_POST_LENGTH = 50
    response = _thread_draft(signed_in, category, title="Fine", body="x" * 60)
    assert response.status_code == 400
    assert "this one has 60" in response.json()["message"]
    response = _thread_draft(signed_in, category, title="t" * 161)
    assert response.status_code == 400 and "this one has 161" in response.json()["message"]
    assert not ThreadDraft.objects.exists()
