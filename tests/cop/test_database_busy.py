"""A database locked by another writer for longer than its timeout loses no member's text:
the form comes back with it, a plain message and a 503, and sending again works."""

import sqlite3
import threading

import pytest
from django.db import connection
from django.urls import reverse

from cop.models import Post, Thread, ThreadDraft
from tests.conftest import PASSWORD, person_stamp


class WriteLock:
    """Another connection holding the write lock on posts, as a second process would."""

    def __init__(self):
        self.ready, self.release = threading.Event(), threading.Event()

    def _hold(self):
        settings = connection.settings_dict
        if connection.vendor == "sqlite":
            other = sqlite3.connect(settings["NAME"], isolation_level=None)
            other.execute("BEGIN IMMEDIATE")
        else:
            import psycopg

            other = psycopg.connect(host=settings["HOST"], port=settings["PORT"] or 5432,
                                    user=settings["USER"], password=settings["PASSWORD"],
                                    dbname=settings["NAME"])
            other.execute("LOCK TABLE cop_post IN EXCLUSIVE MODE")
        self.ready.set()
        self.release.wait(30)
        other.rollback() if connection.vendor != "sqlite" else other.execute("ROLLBACK")
        other.close()

    def __enter__(self):
        self.thread = threading.Thread(target=self._hold)
        self.thread.start()
        assert self.ready.wait(10)
        # A short wait for the lock, so the test is quick; the site's default is 20 seconds.
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA busy_timeout = 300")
            else:
                cursor.execute("SET lock_timeout = '300ms'")
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.thread.join(10)
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                timeout = connection.settings_dict["OPTIONS"]["timeout"]
                cursor.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            else:
                cursor.execute("SET lock_timeout = DEFAULT")


@pytest.mark.django_db(transaction=True)
def test_reply_during_a_long_write_lock_keeps_the_text(client, member, thread_factory):
    thread = thread_factory(title="Room booking")
    client.login(username=member.username, password=PASSWORD)
    url = reverse("cop:reply", args=[thread.pk])
    text = "Could we book the community room for the 14th?"
    started = person_stamp(client)  # the member opened the form before the lock
    with WriteLock():
        response = client.post(url, {"body": text, "started": started})
    assert response.status_code == 503
    page = response.content.decode()
    assert "site is very busy" in page and "your text is still here" in page
    assert text.replace("'", "&#x27;") in page
    assert not Post.objects.filter(body=text).exists()
    assert client.post(url, {"body": text}).status_code == 302
    assert Post.objects.filter(body=text, thread=thread).count() == 1


@pytest.mark.django_db(transaction=True)
def test_new_thread_during_a_long_write_lock_keeps_the_text(client, member, category):
    client.login(username=member.username, password=PASSWORD)
    url = reverse("cop:new_thread_in", args=[category.slug])
    data = {"category": category.pk, "title": "Film night", "body": "Bring snacks, not phones.",
            "started": person_stamp(client)}  # the member opened the form before the lock
    with WriteLock():
        response = client.post(url, data)
    assert response.status_code == 503
    assert "Bring snacks, not phones." in response.content.decode()
    assert not Thread.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_new_thread_draft_kept_while_writing_outlasts_a_busy_database(client, member, category):
    client.login(username=member.username, password=PASSWORD)
    client.post(reverse("cop:save_thread_draft"),
                {"category": category.pk, "title": "Film night", "body": "Bring snacks."})
    url = reverse("cop:new_thread_in", args=[category.slug])
    data = {"category": category.pk, "title": "Film night", "draft_category": category.pk,
            "body": "Bring snacks, not phones.", "started": person_stamp(client)}
    with WriteLock():
        assert client.post(url, data).status_code == 503
    assert not Thread.objects.exists()
    page = client.get(url).content.decode()  # the member comes back once it is quiet
    assert 'value="Film night"' in page and "We kept the thread you were starting" in page
    assert ThreadDraft.objects.filter(user=member, category=category).exists()


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(db):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
