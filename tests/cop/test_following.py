"""Following threads, categories and tags; notices in the site and by email; the digest."""

from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from cop import following, services
from cop.enums import NotificationKind
from cop.models import Notification, Subscription
from cop.tasks import send_weekly_digest
from tests.conftest import PASSWORD


@pytest.fixture
def follower(member_factory):
    return member_factory(username="follower", display_name="Fola")


def _reply(author, thread, body, capture):
    with capture(execute=True):
        return services.reply(author=author, thread=thread, body=body)


def test_following_a_thread_brings_a_notice_and_an_email(
    client, follower, member, thread_factory, django_capture_on_commit_callbacks
):
    thread = thread_factory(title="Consent forms")
    client.login(username=follower.username, password=PASSWORD)
    client.post(reverse("cop:follow"), {"kind": "thread", "id": thread.pk})
    assert Subscription.objects.filter(user=follower, thread=thread).exists()
    _reply(member, thread, "Here is ours.", django_capture_on_commit_callbacks)
    notice = Notification.objects.get(recipient=follower)
    assert notice.kind == NotificationKind.REPLY
    assert "Sam Patel replied in “Consent forms”" == notice.message
    assert [m.to for m in mail.outbox] == [[follower.email]]
    # The email's link to the email settings is the real settings page.
    settings_link = f"{settings.SITE_URL}{reverse('cop:email_settings')}"
    assert settings_link in mail.outbox[0].body
    assert client.get(reverse("cop:email_settings")).status_code == 200
    page = client.get(reverse("cop:index")).content.decode()
    assert '<span class="badge">1<span class="visually-hidden"> unread</span>' in page
    # The list links to the reply and says when it came, in the site's time zone.
    summer = datetime(2026, 7, 5, 13, 5, tzinfo=UTC)
    Notification.objects.filter(pk=notice.pk).update(created_at=summer)
    listed = client.get(reverse("cop:notifications")).content.decode()
    post_url = reverse("cop:post", args=[notice.post_id])
    assert "<strong>New:</strong>" in listed
    assert f'<a href="{post_url}">Sam Patel replied in “Consent forms”</a>' in listed
    assert '<time datetime="2026-07-05T14:05:00+01:00">5 Jul 2026, 14:05</time>' in listed
    client.post(reverse("cop:notifications"))
    assert Notification.objects.get(recipient=follower).read_at is not None


def test_mention_notifies_the_person_once(
    member, follower, thread_factory, django_capture_on_commit_callbacks
):
    thread = thread_factory()
    following.follow(user=follower, thread=thread)
    _reply(member, thread, "What do you think, @follower?", django_capture_on_commit_callbacks)
    notices = Notification.objects.filter(recipient=follower)
    assert [n.kind for n in notices] == [NotificationKind.MENTION]


def test_following_a_tag_hears_of_new_threads_with_it(
    member, follower, category, django_capture_on_commit_callbacks
):
    tag_thread = None
    with django_capture_on_commit_callbacks(execute=True):
        tag_thread = services.start_thread(author=member, category=category, title="First",
                                           body="#CoProduceGM launch")
    tag = tag_thread.tags.get()
    following.follow(user=follower, tag=tag)
    with django_capture_on_commit_callbacks(execute=True):
        services.start_thread(author=member, category=category, title="Second",
                              body="More #coproducegm news")
    notice = Notification.objects.get(recipient=follower)
    assert notice.kind == NotificationKind.NEW_THREAD and "Second" in notice.message


def test_author_is_not_notified_of_own_post(
    member, thread_factory, django_capture_on_commit_callbacks
):
    thread = thread_factory(author=member)
    following.follow(user=member, thread=thread)
    _reply(member, thread, "Adding a note", django_capture_on_commit_callbacks)
    assert not Notification.objects.filter(recipient=member).exists()


def test_members_who_opt_out_get_no_email(
    member, follower, thread_factory, django_capture_on_commit_callbacks
):
    follower.email_notifications = False
    follower.save()
    thread = thread_factory()
    following.follow(user=follower, thread=thread)
    _reply(member, thread, "Hello", django_capture_on_commit_callbacks)
    assert Notification.objects.filter(recipient=follower).count() == 1
    assert mail.outbox == []


def test_weekly_digest_lists_active_threads(member, follower, thread_factory, post_factory):
    thread = thread_factory(title="Budget for peer researchers")
    post_factory(thread=thread, author=member)
    sent = send_weekly_digest()
    assert sent >= 2
    digest = next(m for m in mail.outbox if m.to == [follower.email])
    assert "Budget for peer researchers (2 new posts)" in digest.body
