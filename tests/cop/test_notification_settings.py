"""Notices that behave: the badge clears, replying follows, email settings, one-click
unsubscribe and a digest that counts right and says nothing when there is nothing."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cop import following, preferences, services
from cop.digest import send_digests
from cop.enums import DigestFrequency, NotificationKind, PostStatus
from cop.models import MemberPreferences, Notification, Post, ReadState, Subscription
from cop.services import RESOURCES_CATEGORY_SLUG
from cop.tasks import send_weekly_digest
from cop.unsubscribe import make_token
from tests.conftest import PASSWORD


def _reply(author, thread, body, capture):
    with capture(execute=True):
        return services.reply(author=author, thread=thread, body=body)


def _badge(client) -> str:
    page = client.get(reverse("cop:index")).content.decode()
    found = re.search(r'<span class="badge">(\d+)', page)
    return found.group(1) if found else "none"


def test_badge_clears_when_the_notices_page_is_seen(
    client, member, other_member, thread_factory, django_capture_on_commit_callbacks
):
    thread = thread_factory(author=member, title="Paying peer researchers")
    following.follow(user=member, thread=thread)
    _reply(other_member, thread, "We pay the living wage.", django_capture_on_commit_callbacks)
    client.login(username=member.username, password=PASSWORD)
    assert _badge(client) == "1"
    page = client.get(reverse("cop:notifications")).content.decode()
    assert "<strong>New:</strong>" in page  # still marked new on the page that shows it
    assert _badge(client) == "none"
    assert Notification.objects.get(recipient=member).read_at is not None


def test_opening_the_thread_clears_its_notices_only(
    client, member, other_member, thread_factory, django_capture_on_commit_callbacks
):
    first = thread_factory(author=member, title="First")
    second = thread_factory(author=member, title="Second")
    for thread in (first, second):
        following.follow(user=member, thread=thread)
        _reply(other_member, thread, "A reply.", django_capture_on_commit_callbacks)
    client.login(username=member.username, password=PASSWORD)
    assert _badge(client) == "2"
    client.get(first.get_absolute_url())
    assert _badge(client) == "1"
    assert Notification.objects.get(recipient=member, read_at__isnull=True).thread == second


def test_replying_follows_the_thread_unless_switched_off(
    member, other_member, thread_factory, django_capture_on_commit_callbacks
):
    thread = thread_factory(author=other_member)
    _reply(member, thread, "Count me in.", django_capture_on_commit_callbacks)
    assert Subscription.objects.filter(user=member, thread=thread).exists()
    _reply(other_member, thread, "Welcome!", django_capture_on_commit_callbacks)
    assert Notification.objects.filter(recipient=member, kind=NotificationKind.REPLY).exists()

    preferences.update_preferences(user=other_member, follow_on_reply=False)
    another = thread_factory(author=member)
    _reply(other_member, another, "Just passing by.", django_capture_on_commit_callbacks)
    assert not Subscription.objects.filter(user=other_member, thread=another).exists()


def test_email_settings_page_saves_each_kind_and_the_digest(
    client, member, other_member, thread_factory, django_capture_on_commit_callbacks
):
    client.login(username=member.username, password=PASSWORD)
    response = client.post(reverse("cop:email_settings"), {
        "follow_on_reply": "on", "email_mentions": "on", "email_new_threads": "on",
        "email_moderation": "on", "digest": "daily",
    })
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.digest == DigestFrequency.DAILY
    assert member.preferences.email_replies is False
    thread = thread_factory(author=member)
    following.follow(user=member, thread=thread)
    _reply(other_member, thread, "A reply you asked not to be emailed about.",
           django_capture_on_commit_callbacks)
    _reply(other_member, thread, "But @sam, a mention is still emailed.",
           django_capture_on_commit_callbacks)
    assert Notification.objects.filter(recipient=member).count() == 2
    assert [m.subject for m in mail.outbox if m.to == [member.email]] == [
        "Jo Lee mentioned you in “How do you pay peer researchers?”"]


def test_email_settings_refuse_an_unknown_digest_choice(client, member):
    client.login(username=member.username, password=PASSWORD)
    response = client.post(reverse("cop:email_settings"), {"digest": "hourly"})
    assert response.status_code == 400
    assert "Please choose never, daily or weekly." in response.content.decode()
    member.refresh_from_db()
    assert member.digest == DigestFrequency.WEEKLY
    assert not MemberPreferences.objects.filter(user=member).exists()


def test_every_notice_email_has_one_click_unsubscribe_headers(
    member, other_member, thread_factory, django_capture_on_commit_callbacks
):
    thread = thread_factory(author=member)
    following.follow(user=member, thread=thread)
    _reply(other_member, thread, "Hello", django_capture_on_commit_callbacks)
    [email] = mail.outbox
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = email.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in email.body and "/forum/unsubscribe/" in link
    assert "List-Unsubscribe" in email.message().as_string()


def test_one_click_unsubscribe_works_logged_out_without_a_csrf_token(member):
    browserless = Client(enforce_csrf_checks=True)
    url = reverse("cop:unsubscribe", args=[make_token(user=member, kind="digest")])
    page = browserless.get(url)
    assert page.status_code == 200 and "Stop these emails?" in page.content.decode()
    member.refresh_from_db()
    assert member.digest == DigestFrequency.WEEKLY  # looking is not unsubscribing
    done = browserless.post(url, "List-Unsubscribe=One-Click",
                            content_type="application/x-www-form-urlencoded")
    assert done.status_code == 200 and "You are unsubscribed" in done.content.decode()
    member.refresh_from_db()
    assert member.digest == DigestFrequency.NEVER


def test_unsubscribe_from_one_kind_leaves_the_others(member):
    Client().post(reverse("cop:unsubscribe", args=[make_token(user=member, kind="reply")]))
    prefs = MemberPreferences.objects.get(user=member)
    assert (prefs.email_replies, prefs.email_mentions) == (False, True)
    member.refresh_from_db()
    assert member.email_notifications and member.digest == DigestFrequency.WEEKLY


def test_a_tampered_unsubscribe_link_is_refused_plainly(member):
    token = make_token(user=member, kind="digest")
    response = Client().post(reverse("cop:unsubscribe", args=[token[:-3] + "abc"]))
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    member.refresh_from_db()
    assert member.digest == DigestFrequency.WEEKLY


@pytest.fixture
def reader(member_factory):
    return member_factory(username="reader", display_name="Rea")


def test_digest_counts_one_post_and_many_posts(reader, member, thread_factory, post_factory):
    one = thread_factory(title="One new post here", author=member)
    many = thread_factory(title="Busy thread", author=member)
    post_factory(thread=many, author=member)
    sent = send_digests(frequency=DigestFrequency.WEEKLY)
    assert sent >= 1
    [digest] = [m for m in mail.outbox if m.to == [reader.email]]
    assert f"One new post here (1 new post): {settings.SITE_URL}{one.get_absolute_url()}" \
        in digest.body
    assert "Busy thread (2 new posts)" in digest.body
    assert "(1 posts)" not in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_digest_leaves_out_own_posts_hidden_threads_and_placeholders(
    reader, member, thread_factory, post_factory, category_factory
):
    thread_factory(title="Only my own words", author=reader)
    thread_factory(title="Waiting for a moderator", author=member, status=PostStatus.HELD)
    resources = category_factory(name="Resources", slug=RESOURCES_CATEGORY_SLUG)
    thread_factory(title="Discussion of a toolkit", author=member, category=resources)
    discussed = thread_factory(title="Discussion of a report", author=member, category=resources)
    post_factory(thread=discussed, author=member, body="Page 4 is useful.")
    send_digests(frequency=DigestFrequency.WEEKLY)
    [digest] = [m for m in mail.outbox if m.to == [reader.email]]
    assert "Discussion of a report" in digest.body
    for left_out in ("Only my own words", "Waiting for a moderator", "Discussion of a toolkit"):
        assert left_out not in digest.body


def _digest_for(user) -> str:
    [digest] = [m for m in mail.outbox if m.to == [user.email]]
    return digest.body


def test_digest_lists_only_what_the_member_has_not_read_and_counts_it(
    client, reader, member, thread_factory, post_factory
):
    opened = thread_factory(title="Read on the site already", author=member)
    post_factory(thread=opened, author=member)
    half = thread_factory(title="Half read", author=member)
    seen = post_factory(thread=half, author=member, body="Seen.")
    for body in ("New one.", "New two."):
        post_factory(thread=half, author=member, body=body)
    three = thread_factory(title="Not opened", author=member)
    for _ in range(2):
        post_factory(thread=three, author=member)
    post_factory(thread=three, author=member, status=PostStatus.HELD)  # not for readers
    client.login(username=reader.username, password=PASSWORD)
    client.get(opened.get_absolute_url())  # reading the thread marks it read
    ReadState.objects.create(user=reader, thread=half, read_until=seen.created_at)
    send_digests(frequency=DigestFrequency.WEEKLY)
    body = _digest_for(reader)
    assert "Read on the site already" not in body
    assert "Half read (2 new posts)" in body
    assert "Not opened (3 new posts)" in body
    assert "Hello Rea,\n\n2 conversations on" in body
    assert body.index("Not opened") < body.index("Half read")  # most unread first


def test_digest_says_one_new_post_for_one_unread_post(client, reader, member, thread_factory,
                                                      post_factory):
    thread = thread_factory(title="Budget questions", author=member)
    client.login(username=reader.username, password=PASSWORD)
    client.get(thread.get_absolute_url())
    post_factory(thread=thread, author=member, body="A later answer.")
    send_digests(frequency=DigestFrequency.WEEKLY)
    body = _digest_for(reader)
    assert "Budget questions (1 new post)" in body and "(1 new posts)" not in body
    assert "One conversation on" in body


def test_digest_is_skipped_once_everything_is_marked_read(client, reader, member,
                                                          thread_factory, post_factory):
    thread = thread_factory(title="Lots to read", author=member)
    post_factory(thread=thread, author=member)
    client.login(username=reader.username, password=PASSWORD)
    client.post(reverse("cop:mark_all_read"))
    sent = send_digests(frequency=DigestFrequency.WEEKLY)
    assert [m for m in mail.outbox if m.to == [reader.email]] == []
    assert sent == len(mail.outbox)
    assert not MemberPreferences.objects.filter(user=reader, last_digest_at__isnull=False)


def test_digest_costs_one_query_per_member_whatever_the_threads(
    reader, member, member_factory, thread_factory, post_factory
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    others = [member_factory() for _ in range(3)]

    def queries_for_a_digest(threads: int) -> int:
        MemberPreferences.objects.all().delete()
        mail.outbox.clear()
        for n in range(threads):
            post_factory(thread=thread_factory(title=f"Thread {n}", author=member),
                         author=member)
        with CaptureQueriesContext(connection) as done:
            send_digests(frequency=DigestFrequency.WEEKLY)
        assert all("new posts)" in _digest_for(user) for user in [reader, *others])
        return len(done)

    few, many = queries_for_a_digest(2), queries_for_a_digest(20)
    members = 2 + len(others)  # the reader, the writer (nothing to tell) and the others
    # The members with their "mark all read", one per member, then the record and a count.
    assert few == many == 1 + members + 2


def test_digest_is_skipped_when_there_is_nothing_new(reader, thread_factory):
    old = thread_factory(title="Last month's thread")
    Post.objects.filter(thread=old).update(created_at=timezone.now() - timedelta(days=30))
    assert send_weekly_digest() == 0
    assert mail.outbox == []


def test_digest_starts_after_the_last_one(reader, member, thread_factory):
    thread_factory(title="Before the last digest", author=member)
    assert send_digests(frequency=DigestFrequency.WEEKLY) >= 1
    mail.outbox.clear()
    assert send_digests(frequency=DigestFrequency.WEEKLY) == 0
    thread_factory(title="After the last digest", author=member)
    send_digests(frequency=DigestFrequency.WEEKLY)
    [digest] = [m for m in mail.outbox if m.to == [reader.email]]
    assert "After the last digest" in digest.body and "Before the last" not in digest.body


def test_daily_digest_goes_only_to_daily_readers(reader, member, thread_factory):
    preferences.update_preferences(user=reader, digest=DigestFrequency.DAILY)
    thread_factory(title="Fresh today", author=member)
    send_digests(frequency=DigestFrequency.DAILY)
    assert [m.to for m in mail.outbox] == [[reader.email]]
