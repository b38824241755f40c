"""Wrong-password limits: per account, with a gentle per-address limit, so one office network
is not locked out by one person, and a plain message says when to try again."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from cop.settings import base
from tests.conftest import PASSWORD


@pytest.fixture
def login_limits(settings):
    settings.ACCOUNT_RATE_LIMITS = base.ACCOUNT_RATE_LIMITS
    cache.clear()
    yield settings
    cache.clear()


def _log_in(client, username, password):
    return client.post(reverse("account_login"), {"login": username, "password": password},
                       REMOTE_ADDR="10.20.30.40")


def test_wrong_passwords_lock_that_account_only(login_limits, client, member, other_member):
    for _ in range(login_limits.LOGIN_FAILED_PER_ACCOUNT):
        assert _log_in(client, member.username, "not-it").status_code == 200
    refused = _log_in(client, member.username, PASSWORD)
    page = refused.content.decode()
    assert "too many tries with a wrong password" in page
    assert f"wait {login_limits.LOGIN_FAILED_MINUTES} minutes" in page
    assert "reset your password" in page
    assert "_auth_user_id" not in client.session
    # A colleague behind the same office address signs in as usual.
    assert _log_in(client, other_member.username, PASSWORD).status_code == 302


def test_many_people_behind_one_address_can_mistype(login_limits, client, member_factory):
    people = [member_factory() for _ in range(10)]
    for person in people:
        _log_in(client, person.username, "typo")
    for person in people:
        response = _log_in(client, person.username, PASSWORD)
        assert response.status_code == 302, person.username
        client.logout()


def test_address_limit_still_stops_a_sweep(login_limits, client, member):
    login_limits.ACCOUNT_RATE_LIMITS = {"login_failed": "3/15m/ip,8/15m/key"}
    for n in range(3):
        _log_in(client, f"guess{n}", "guess")
    assert "too many tries" in _log_in(client, member.username, PASSWORD).content.decode()
