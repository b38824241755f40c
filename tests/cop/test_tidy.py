"""Moderators move, merge and split threads; each is logged and old links keep working."""

import pytest
from django.urls import reverse

from cop.enums import ThreadActionKind
from cop.models import Post, Subscription, Thread, ThreadAction
from tests.conftest import PASSWORD


@pytest.fixture
def mod_client(client, moderator):
    client.login(username=moderator.username, password=PASSWORD)
    return client


def _act(client, thread, action, **data):
    return client.post(reverse("cop:tidy_action", args=[thread.pk, action]), data)


def test_moderator_moves_a_thread_and_its_address_still_works(
    mod_client, moderator, thread_factory, category_factory
):
    thread = thread_factory(title="Paying peer researchers")
    events = category_factory(name="Events")
    response = _act(mod_client, thread, "move", category=events.pk, note="It is an event")
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.category == events
    page = mod_client.get(thread.get_absolute_url()).content.decode()
    assert "Moved to “Events”." in page and f'href="{events.get_absolute_url()}"' in page
    action = ThreadAction.objects.get()
    assert (action.kind, action.moderator, action.to_category) == (
        ThreadActionKind.MOVE, moderator, events)
    log = mod_client.get(reverse("cop:thread_audit_log"), follow=True).content.decode()
    assert "moved from" in log and "to Events" in log and "It is an event" in log


@pytest.mark.parametrize("category", ["999999", "not-a-number", ""])
def test_move_into_a_category_that_cannot_be_seen_changes_nothing(
    mod_client, thread_factory, category
):
    thread = thread_factory()
    before = thread.category_id
    response = _act(mod_client, thread, "move", category=category)
    assert response.status_code in (400, 404)
    assert "Nothing was changed" in response.content.decode() or \
        "Please choose a category" in response.content.decode()
    thread.refresh_from_db()
    assert thread.category_id == before and not ThreadAction.objects.exists()


def test_members_cannot_tidy(client, member, thread_factory, category_factory):
    thread = thread_factory()
    client.login(username=member.username, password=PASSWORD)
    assert client.get(reverse("cop:tidy_thread", args=[thread.pk])).status_code == 403
    response = _act(client, thread, "move", category=category_factory().pk)
    assert response.status_code == 403 and not ThreadAction.objects.exists()


def test_merge_moves_every_post_and_the_old_address_redirects(
    mod_client, client, member, thread_factory, post_factory
):
    target = thread_factory(title="Peer research pay rates")
    source = thread_factory(title="How much do you pay peer researchers?")
    reply = post_factory(thread=source, body="We pay the real living wage.")
    Subscription.objects.create(user=member, thread=source)
    response = _act(mod_client, source, "merge", target=f"#{target.pk}")
    assert response.status_code == 302
    assert not Thread.objects.filter(pk=source.pk).exists()
    assert target.posts.count() == 3 and target.posts.filter(is_opening=True).count() == 1
    assert Subscription.objects.filter(user=member, thread=target).exists()
    old = client.get(reverse("cop:thread", args=[source.pk]))
    assert old.status_code == 301 and old["Location"] == target.get_absolute_url()
    permalink = client.get(reverse("cop:post", args=[reply.pk]))
    assert permalink["Location"].startswith(target.get_absolute_url())
    action = ThreadAction.objects.get()
    assert action.other_thread_title == "How much do you pay peer researchers?"
    assert action.post_count == 2


def test_merging_into_a_missing_thread_changes_nothing(mod_client, thread_factory):
    source = thread_factory()
    response = _act(mod_client, source, "merge", target="424242")
    assert response.status_code == 404
    assert "There is no thread 424242. Nothing was changed." in response.content.decode()
    assert Thread.objects.filter(pk=source.pk).exists() and not ThreadAction.objects.exists()
    assert _act(mod_client, source, "merge", target=str(source.pk)).status_code == 400


def test_split_makes_a_new_thread_and_permalinks_follow(
    mod_client, client, thread_factory, post_factory, category_factory
):
    thread = thread_factory(title="Introductions")
    stay = post_factory(thread=thread, body="Hello, I am new here.")
    aside = [post_factory(thread=thread, body=f"About the budget, part {i}") for i in (1, 2)]
    money = category_factory(name="Money")
    response = _act(mod_client, thread, "split", post=[p.pk for p in aside],
                    title="Budgets for co-production", category=money.pk)
    assert response.status_code == 302
    new = Thread.objects.get(title="Budgets for co-production")
    assert new.category == money and new.author == aside[0].author
    assert list(new.posts.values_list("pk", "is_opening")) == [(aside[0].pk, True),
                                                               (aside[1].pk, False)]
    assert Post.objects.get(pk=stay.pk).thread == thread
    assert client.get(reverse("cop:post", args=[aside[1].pk]))["Location"].startswith(
        new.get_absolute_url())
    assert ThreadAction.objects.get().kind == ThreadActionKind.SPLIT


def test_split_refuses_the_opening_post_and_other_threads_posts(
    mod_client, thread_factory, post_factory
):
    thread = thread_factory()
    other = post_factory(thread=thread_factory())
    opening = thread.posts.get()
    for ids in ([opening.pk], [other.pk], []):
        response = _act(mod_client, thread, "split", post=ids, title="New",
                        category=thread.category_id)
        assert response.status_code == 400
    assert Thread.objects.count() == 2 and not ThreadAction.objects.exists()
