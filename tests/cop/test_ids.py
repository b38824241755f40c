"""Ids from addresses and forms: a number too big for the database, or not a number at all,
is a clear 4xx on every page that takes one, never a server error."""

import pytest
from django.urls import reverse

from cop.ids import MAX_ID, parse_id, parse_ids
from cop.models import Notification
from tests.conftest import PASSWORD

HUGE = "99999999999999999999"


def test_parse_id_accepts_only_the_database_range():
    assert parse_id("42") == 42 and parse_id(str(MAX_ID)) == MAX_ID
    for bad in [HUGE, str(MAX_ID + 1), "0", "-1", "1e3", "٣", " ", "", None, True, "12a"]:
        assert parse_id(bad) is None, bad
    assert parse_ids(["1", "2"]) == [1, 2] and parse_ids(["1", HUGE]) is None


def test_mark_as_read_with_a_huge_id_is_refused_plainly(client, member, thread_factory):
    client.login(username=member.username, password=PASSWORD)
    thread = thread_factory()
    notice = Notification.objects.create(recipient=member, thread=thread, message="hello")
    response = client.post(reverse("cop:notifications"), {"id": [str(notice.pk), HUGE]})
    assert response.status_code == 400
    notice.refresh_from_db()
    assert notice.read_at is None


@pytest.mark.parametrize("path", [
    f"/forum/t/{HUGE}/", f"/forum/t/{HUGE}/reply/", f"/forum/p/{HUGE}/",
    f"/forum/p/{HUGE}/edit/", f"/forum/p/{HUGE}/history/", f"/forum/p/{HUGE}/report/",
    f"/forum/p/{HUGE}/appeal/",
])
def test_forum_addresses_with_a_huge_id_are_not_found(client, member, path):
    client.login(username=member.username, password=PASSWORD)
    assert client.get(path).status_code == 404


def test_reply_quoting_a_huge_id_is_refused(client, member, thread_factory):
    client.login(username=member.username, password=PASSWORD)
    thread = thread_factory()
    url = reverse("cop:reply", args=[thread.pk])
    assert client.get(url, {"quote": HUGE}).status_code == 400
    response = client.post(url, {"quote": HUGE, "body": "Hello"})
    assert response.status_code == 400
    assert not thread.posts.filter(body="Hello").exists()


def test_follow_a_huge_id_is_refused(client, member):
    client.login(username=member.username, password=PASSWORD)
    response = client.post(reverse("cop:follow"), {"kind": "thread", "id": HUGE})
    assert response.status_code == 400


def test_queue_decisions_with_a_huge_id_are_refused(client, moderator):
    client.login(username=moderator.username, password=PASSWORD)
    url = reverse("review:queue_decide")
    for data, message in [
        ({"item": f"{HUGE}:reject"}, "That button did not send a decision we know."),
        ({"selected": [HUGE], "bulk_action": "reject"}, "Please tick at least one post first."),
    ]:
        response = client.post(url, data, follow=True)
        assert response.status_code == 200, data
        assert message in response.content.decode()
