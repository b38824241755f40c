"""Pinned, "start here" and closed threads, as moderators and members see them."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from cop.models import Post, Thread
from tests.conftest import PASSWORD


def _signed_in(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def test_moderator_pins_a_thread_and_it_comes_first_in_its_category(
    client, moderator, category, thread_factory
):
    older = thread_factory(category=category, title="House rules for this category")
    thread_factory(category=category, title="A newer conversation")
    _signed_in(client, moderator)
    response = client.post(reverse("cop:moderate_thread", args=[older.pk]), {"action": "pin"})
    assert response.status_code == 302
    page = client.get(category.get_absolute_url()).content.decode()
    assert page.index("House rules for this category") < page.index("A newer conversation")
    assert "Pinned" in page


def test_member_cannot_pin_or_close_and_nothing_changes(client, member, thread_factory):
    thread = thread_factory()
    _signed_in(client, member)
    for data in ({"action": "pin"}, {"action": "close", "reason": "Done"}):
        response = client.post(reverse("cop:moderate_thread", args=[thread.pk]), data)
        assert response.status_code == 403
        assert "Only moderators" in response.content.decode()
    thread.refresh_from_db()
    assert not thread.pinned and not thread.is_closed


def test_closing_needs_a_reason(client, moderator, thread_factory):
    thread = thread_factory()
    _signed_in(client, moderator)
    response = client.post(reverse("cop:moderate_thread", args=[thread.pk]),
                           {"action": "close", "reason": "   "})
    assert response.status_code == 400
    assert "Please say why the thread is closing" in response.content.decode()
    thread.refresh_from_db()
    assert not thread.is_closed


def test_unknown_moderation_action_is_refused(client, moderator, thread_factory):
    thread = thread_factory()
    _signed_in(client, moderator)
    response = client.post(reverse("cop:moderate_thread", args=[thread.pk]), {"action": "burn"})
    assert response.status_code == 400


def test_closed_thread_says_why_and_refuses_replies_politely(
    client, moderator, member, thread_factory
):
    thread = thread_factory(title="Spring festival plans")
    _signed_in(client, moderator)
    client.post(reverse("cop:moderate_thread", args=[thread.pk]),
                {"action": "close", "reason": "The festival has happened; thank you all!"})
    client.logout()
    _signed_in(client, member)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "This thread is closed." in page
    assert "The festival has happened; thank you all!" in page
    assert 'id="reply-heading"' not in page
    response = client.post(reverse("cop:reply", args=[thread.pk]), {"body": "One more thing"})
    assert response.status_code == 403
    assert "cannot take new replies" in response.content.decode()
    assert not Post.objects.filter(body="One more thing").exists()
    assert "Closed" in client.get(thread.category.get_absolute_url()).content.decode()


def test_moderator_can_still_reply_to_a_closed_thread_and_reopen_it(
    client, moderator, thread_factory
):
    thread = thread_factory()
    _signed_in(client, moderator)
    url = reverse("cop:moderate_thread", args=[thread.pk])
    client.post(url, {"action": "close", "reason": "Off topic now."})
    response = client.post(reverse("cop:reply", args=[thread.pk]),
                           {"body": "Closing this one; the new thread is linked from the index."})
    assert response.status_code == 302
    client.post(url, {"action": "reopen"})
    thread.refresh_from_db()
    assert not thread.is_closed and thread.closed_reason == ""


def test_start_here_is_one_thread_site_wide(client, moderator, thread_factory):
    first = thread_factory(title="Welcome and introductions")
    second = thread_factory(title="Introduce yourself")
    _signed_in(client, moderator)
    for thread in (first, second):
        client.post(reverse("cop:moderate_thread", args=[thread.pk]), {"action": "start_here"})
    assert list(Thread.objects.filter(start_here=True)) == [second]
    page = client.get(reverse("cop:index")).content.decode()
    assert "New here? Start here" in page and "Introduce yourself" in page


def test_database_keeps_one_start_here_thread(thread_factory):
    first, second = thread_factory(), thread_factory()
    Thread.objects.filter(pk=first.pk).update(start_here=True)
    with pytest.raises(IntegrityError):
        Thread.objects.filter(pk=second.pk).update(start_here=True)


def test_pins_closes_and_reopens_are_in_the_thread_log(client, moderator, member, thread_factory):
    thread = thread_factory(title="Spring catch-up")
    _signed_in(client, moderator)
    url = reverse("cop:moderate_thread", args=[thread.pk])
    client.post(url, {"action": "pin"})
    client.post(url, {"action": "close", "reason": "The catch-up has happened; notes are up."})
    client.post(url, {"action": "reopen"})
    log = client.get(reverse("cop:thread_audit_log"), follow=True).content.decode()
    for words in ("pinned", "closed", "reopened", "The catch-up has happened; notes are up."):
        assert words in log
    assert log.index("reopened") < log.index("closed") < log.index("pinned")  # newest first
    _signed_in(client, member)
    assert client.post(url, {"action": "unpin"}).status_code == 403  # refused: nothing logged
    _signed_in(client, moderator)
    assert "unpinned" not in client.get(reverse("cop:thread_audit_log"),
                                        follow=True).content.decode()


def test_pins_closes_and_reopens_are_in_the_thread_log_for_each_kind(moderator, thread_factory):
    from cop import thread_states
    from cop.enums import ThreadActionKind
    from cop.models import ThreadAction

    thread = thread_factory()
    thread_states.set_pinned(moderator=moderator, thread=thread, pinned=True)
    thread_states.set_start_here(moderator=moderator, thread=thread, start_here=True)
    thread_states.close_thread(moderator=moderator, thread=thread, reason="Finished")
    thread_states.reopen_thread(moderator=moderator, thread=thread)
    assert list(ThreadAction.objects.order_by("id").values_list("kind", flat=True)) == [
        ThreadActionKind.PIN, ThreadActionKind.START_HERE, ThreadActionKind.CLOSE,
        ThreadActionKind.REOPEN,
    ]
