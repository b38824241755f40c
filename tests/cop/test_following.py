"""Following threads, categories and tags; notices in the site and by email; the digest."""

from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
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


def test_a_batch_of_published_posts_tells_each_follower_once_in_a_few_queries(
    member_factory, category_factory, thread_factory, post_factory, django_assert_max_num_queries
):
    """A screening batch publishes posts together; the job that tells followers reads them
    all at once: its queries do not grow with the batch, and each post's readers are told
    for the strongest reason (mentioned, then following the thread, category or tag)."""
    from cop.models import Tag, ThreadTag
    from cop.tasks import notify_about_posts

    thread_fan, category_fan, tag_fan = (member_factory(username=name)
                                         for name in ("thread_fan", "category_fan", "tag_fan"))
    writer = member_factory(username="writer")
    watched = category_factory()
    following.follow(user=category_fan, category=watched)
    tag = Tag.objects.create(name="CoProduceGM", slug="coproducegm")
    following.follow(user=tag_fan, tag=tag)

    def batch(size):
        posts = []
        for n in range(size):
            thread = thread_factory(category=watched if n % 2 else None, title=f"Thread {n}")
            ThreadTag.objects.create(thread=thread, tag=tag)
            following.follow(user=thread_fan, thread=thread)
            body = "Over to you, @thread_fan and @writer." if n == 0 else f"Reply {n}."
            posts.append(post_factory(thread=thread, author=writer, body=body))
        return [post.pk for post in posts]

    small, large = batch(2), batch(8)
    # (The tests run jobs at once, so the email job queued at the end is counted too.)
    with CaptureQueriesContext(connection) as small_queries:
        notify_about_posts(small)
    with django_assert_max_num_queries(len(small_queries)):
        notify_about_posts(large)

    def told(post_id):
        return dict(Notification.objects.filter(post_id=post_id)
                    .values_list("recipient__username", "kind"))

    # The first post mentions the thread's follower (a mention outranks following) and its
    # own author (never told of their own post).
    assert told(small[0]) == {"thread_fan": NotificationKind.MENTION,
                              "tag_fan": NotificationKind.REPLY}
    assert told(small[1]) == {"thread_fan": NotificationKind.REPLY,
                              "category_fan": NotificationKind.REPLY,
                              "tag_fan": NotificationKind.REPLY}
    assert Notification.objects.filter(post_id__in=large).count() == 8 * 2 + 4  # odd ones: +1
    notify_about_posts(large)  # a job run twice tells no one twice
    assert Notification.objects.filter(post_id__in=large).count() == 20


def test_the_notifications_list_links_each_notice_in_the_same_queries_however_many(
    client, follower, member, thread_factory, django_assert_max_num_queries
):
    """A notice about a post links to the post, one about a discussion to the discussion, one
    about neither back to the list; thirty notices cost the queries of three."""
    thread = thread_factory(title="Consent forms")
    post = thread.posts.get()
    Notification.objects.create(recipient=follower, kind=NotificationKind.REPLY, thread=thread,
                                post=post, message="About the post")
    Notification.objects.create(recipient=follower, kind=NotificationKind.MODERATION,
                                thread=thread, message="About the discussion")
    Notification.objects.create(recipient=follower, kind=NotificationKind.MODERATION,
                                message="About your account")
    client.login(username=follower.username, password=PASSWORD)
    client.get(reverse("cop:notifications"))  # the session and the notices' first sight
    with CaptureQueriesContext(connection) as few:
        page = client.get(reverse("cop:notifications")).content.decode()
    # Neither the posts nor the discussions are read: the links need only their numbers.
    assert not [q for q in few.captured_queries
                if '"cop_post"' in q["sql"] or '"cop_thread"' in q["sql"]]
    few = len(few)  # counted now: the next request empties Django's list of queries
    assert few <= 12
    assert f'<a href="{reverse("cop:post", args=[post.pk])}">About the post</a>' in page
    assert f'<a href="{thread.get_absolute_url()}">About the discussion</a>' in page
    assert f'<a href="{reverse("cop:notifications")}">About your account</a>' in page
    Notification.objects.bulk_create([
        Notification(recipient=follower, kind=NotificationKind.REPLY, thread=thread,
                     message=f"Notice {n}") for n in range(27)])
    client.get(reverse("cop:notifications"))
    with django_assert_max_num_queries(few):
        page = client.get(reverse("cop:notifications")).content.decode()
    assert page.count("<li") >= 30
