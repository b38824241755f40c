"""One-line fields are folded on input, and notice emails are built safely: a title with a line
break or a refused address fails no email but its own."""

from django.core import mail
from django.urls import reverse

from cop import following, publishing
from cop.models import Category, Notification, Post, Subscription, Thread
from cop.tasks import email_notifications
from tests.conftest import PASSWORD


def test_thread_title_sent_with_line_breaks_is_saved_on_one_line(client, member, category):
    client.login(username=member.username, password=PASSWORD)
    response = client.post(reverse("cop:new_thread_in", args=[category.slug]), {
        "category": category.pk, "title": "Budget day\r\nBcc: all@example.org\x00\u200b",
        "body": "Who is coming?",
    })
    assert response.status_code == 302
    assert Thread.objects.get().title == "Budget day Bcc: all@example.org"


def test_profile_name_is_saved_on_one_line(client, member):
    client.login(username=member.username, password=PASSWORD)
    client.post(reverse("cop:profile_edit"), {
        "display_name": "Sam\nPatel", "organisation": "Carers\r\n\tNetwork", "role": "",
        "bio": "Line one\nLine two", "digest": "never",
    })
    member.refresh_from_db()
    assert (member.display_name, member.organisation) == ("Sam Patel", "Carers Network")
    assert member.bio == "Line one\nLine two"


def _followers(member_factory, thread, n):
    people = [member_factory() for _ in range(n)]
    for person in people:
        Subscription.objects.create(user=person, thread=thread)
    return people


def test_a_title_with_a_line_break_still_brings_every_email(
    member, member_factory, django_capture_on_commit_callbacks
):
    # A title stored before titles were folded on input, straight in the database.
    category = Category.objects.create(name="Events", slug="events")
    thread = Thread.objects.create(category=category, author=member, status="published",
                                   title="Walk\nBcc: everyone@example.org")
    followers = _followers(member_factory, thread, 2)
    post = Post.objects.create(thread=thread, author=member, body="Meet at ten.")
    publishing.publish_post(post=post)
    with django_capture_on_commit_callbacks(execute=True):
        following.notify_about_post(post=post)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f.email for f in followers)
    assert all("\n" not in m.subject and "Bcc" in m.subject for m in mail.outbox)
    assert all(not m.bcc for m in mail.outbox)


def test_one_refused_address_does_not_stop_the_others(member, member_factory, thread_factory):
    thread = thread_factory(title="Consent forms")
    good, bad, also_good = _followers(member_factory, thread, 3)
    bad.email = "broken\n@example.org"
    bad.save(update_fields=["email"])
    notices = [Notification.objects.create(recipient=p, thread=thread, message="News")
               for p in (good, bad, also_good)]
    assert email_notifications([n.pk for n in notices]) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([good.email, also_good.email])
    emailed = set(Notification.objects.filter(emailed_at__isnull=False)
                  .values_list("recipient_id", flat=True))
    assert emailed == {good.pk, also_good.pk}
