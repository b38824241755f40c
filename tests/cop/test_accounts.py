"""Signing up with email verification, logging in, and the profile page."""

import re

from django.core import mail
from django.urls import reverse

from cop.enums import PostStatus
from cop.models import User
from tests.conftest import PASSWORD


def test_sign_up_needs_email_verification_then_logs_in(client, db):
    response = client.post(reverse("account_signup"), {
        "email": "new@example.org", "username": "newbie",
        "password1": PASSWORD, "password2": PASSWORD,
    })
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[-1]
    confirm = client.get(path)
    assert confirm.status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    assert client.get(reverse("cop:notifications")).status_code == 200  # logged in now
    assert User.objects.get(username="newbie").emailaddress_set.get().verified


def test_unverified_member_cannot_log_in(client, member_factory):
    member_factory(username="unverified", verified=False)
    response = client.post(reverse("account_login"),
                           {"login": "unverified", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert client.get(reverse("cop:notifications")).status_code == 302


def test_profile_shows_public_posts_only_to_others(client, member, thread_factory):
    thread_factory(author=member, title="Public one", body="Shared widely")
    thread_factory(author=member, title="Held one", body="Waiting", status=PostStatus.HELD)
    page = client.get(member.get_absolute_url()).content.decode()
    assert "Public one" in page and "Held one" not in page
    client.login(username=member.username, password=PASSWORD)
    page = client.get(member.get_absolute_url()).content.decode()
    assert "Held one" in page and "only you can see this" in page


def test_profile_edit_saves_and_rejects_bad_role(client, member):
    client.login(username=member.username, password=PASSWORD)
    response = client.post(reverse("cop:profile_edit"), {
        "display_name": "Sam P", "organisation": "Bolton Carers", "role": "lived_experience",
        "bio": "Carer and peer researcher.", "email_notifications": "on", "digest": "weekly",
    })
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.display_name, member.role) == ("Sam P", "lived_experience")
    bad = client.post(reverse("cop:profile_edit"), {"display_name": "x", "role": "wizard",
                                                    "digest": "weekly"})
    assert bad.status_code == 400
    member.refresh_from_db()
    assert member.display_name == "Sam P"
