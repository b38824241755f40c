"""Edit history that everyone can read, with what changed, within moderators' limits."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cop import services
from cop.enums import PostStatus
from cop.history import word_diff
from cop.models import HiddenRevision, PostRevision
from tests.conftest import PASSWORD


@pytest.fixture
def edited(member, thread_factory, django_capture_on_commit_callbacks):
    thread = thread_factory(author=member, body="We meet on Tuesday in Bolton.")
    post = thread.posts.get()
    # Each edit is screened before the next (an edit still waiting is replaced by a newer one).
    with django_capture_on_commit_callbacks(execute=True):
        services.edit_post(post=post, editor=member, body="We meet on Thursday in Bolton.")
    with django_capture_on_commit_callbacks(execute=True):
        services.edit_post(post=post, editor=member,
                           body="We meet on Thursday in Bolton.\nBring <b>a friend</b>.")
    post.refresh_from_db()
    return post


def test_anyone_sees_edited_and_the_changes_word_by_word(client, edited):
    thread_page = client.get(edited.thread.get_absolute_url()).content.decode()
    history_url = reverse("cop:post_history", args=[edited.pk])
    assert f'<a href="{history_url}">edited' in thread_page
    response = client.get(history_url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<del><span class=\"visually-hidden\">[removed: </span>Tuesday" in page
    assert "<ins><span class=\"visually-hidden\">[added: </span>Thursday" in page
    # Member-written text is escaped, never rendered as markup.
    assert "&lt;b&gt;a friend&lt;/b&gt;" in page and "<b>a friend</b>" not in page
    assert page.count('class="history-version') == 3


def test_history_of_a_post_nobody_may_see_is_not_found(client, member, thread_factory):
    held = thread_factory(author=member, status=PostStatus.HELD).posts.get()
    PostRevision.objects.create(post=held, body="Earlier", edited_by=member)
    assert client.get(reverse("cop:post_history", args=[held.pk])).status_code == 404


def test_moderator_hides_a_version_from_members(client, moderator, member, edited):
    first = PostRevision.objects.filter(post=edited).order_by("created_at").first()
    client.login(username=member.username, password=PASSWORD)
    refused = client.post(reverse("cop:revision_visibility", args=[first.pk]), {"action": "hide"})
    assert refused.status_code == 403 and not HiddenRevision.objects.exists()
    client.login(username=moderator.username, password=PASSWORD)
    client.post(reverse("cop:revision_visibility", args=[first.pk]),
                {"action": "hide", "reason": "It named a person's address."})
    moderator_view = client.get(reverse("cop:post_history", args=[edited.pk])).content.decode()
    assert "Hidden from members by Maya Okafor." in moderator_view
    assert "Tuesday" in moderator_view
    public = Client().get(reverse("cop:post_history", args=[edited.pk])).content.decode()
    assert "Tuesday" not in public and public.count('class="history-version') == 2
    client.post(reverse("cop:revision_visibility", args=[first.pk]), {"action": "show"})
    assert "Tuesday" in Client().get(reverse("cop:post_history", args=[edited.pk])).content.decode()


def test_history_older_than_the_public_limit_is_for_moderators_only(
    client, moderator, edited, settings
):
    settings.FORUM_EDIT_HISTORY_PUBLIC_DAYS = 30
    PostRevision.objects.filter(post=edited, body__contains="Tuesday").update(
        created_at=timezone.now() - timedelta(days=60))
    public = client.get(reverse("cop:post_history", args=[edited.pk])).content.decode()
    assert "Tuesday" not in public and "last 30 days" in public
    client.login(username=moderator.username, password=PASSWORD)
    assert "Tuesday" in client.get(reverse("cop:post_history", args=[edited.pk])).content.decode()


def test_word_diff_marks_added_and_removed_words():
    parts = [(s.kind, s.text) for s in word_diff("pay £10 an hour", "pay £15 an hour")]
    assert ("removed", "10") in parts and ("added", "15") in parts
    assert "".join(t for k, t in parts if k != "removed") == "pay £15 an hour"
