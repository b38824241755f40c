"""`manage.py setup` makes an empty database a working site; demo commands refuse real sites."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from django_q.models import Schedule
from wagtail.models import Site

from cms.models import HomePage, ResourcePage
from cop.models import Category, Post, Thread, User
from moderation.models import ModelVersion
from operations.setup import DEFAULT_CATEGORIES

ADMIN = {"SETUP_ADMIN_USERNAME": "rowan", "SETUP_ADMIN_EMAIL": "rowan@example.org",
         "SETUP_ADMIN_PASSWORD": "a-long-admin-password-77"}


@pytest.fixture
def setup_env(db, monkeypatch, settings):
    for key, value in ADMIN.items():
        monkeypatch.setenv(key, value)
    settings.SITE_NAME = "Riverside Commons"
    settings.SITE_URL = "https://forum.example.org"


def test_setup_noinput_gives_a_working_site_with_one_admin_and_no_demo_content(
    client, setup_env, capsys,
):
    call_command("setup", interactive=False)
    output = capsys.readouterr().out
    assert "[3/7] administrator 'rowan' created" in output
    assert output.strip().splitlines()[-1].startswith("Set-up done: https://forum.example.org")

    admin = User.objects.get()
    assert admin.username == "rowan" and admin.is_superuser
    assert EmailAddress.objects.get(user=admin).verified
    assert sorted(Category.objects.values_list("slug", flat=True)) == sorted(
        c.slug for c in DEFAULT_CATEGORIES)
    assert not Thread.objects.exists() and not Post.objects.exists()
    assert not ResourcePage.objects.exists()
    assert ModelVersion.objects.filter(is_active=True).count() == 1
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.site_name) == (
        "forum.example.org", 443, "Riverside Commons")
    assert HomePage.objects.get().title == "Welcome to Riverside Commons"
    # The nightly retrain and the weekly digest do not run the moment the worker first starts.
    assert not Schedule.objects.filter(schedule_type=Schedule.CRON,
                                       next_run__lte=timezone.now()).exists()

    # The admin can log in straight away (no email confirmation) and the forum lists categories.
    response = client.post(reverse("account_login"),
                           {"login": "rowan", "password": ADMIN["SETUP_ADMIN_PASSWORD"]})
    assert response.status_code == 302
    page = client.get(reverse("cop:index"))
    assert page.wsgi_request.user == admin
    assert "Practice and methods" in page.content.decode()
    assert client.get("/").status_code == 200


def test_setup_is_safe_to_run_again(setup_env, capsys):
    call_command("setup", interactive=False, skip_migrate=True)
    call_command("setup", interactive=False, skip_migrate=True)
    output = capsys.readouterr().out
    assert "administrator 'rowan' already there" in output
    assert "0 of 4 default categories created" in output
    assert User.objects.count() == 1 and Category.objects.count() == len(DEFAULT_CATEGORIES)


def test_setup_noinput_names_the_missing_variables(monkeypatch, db):
    for key in ADMIN:
        monkeypatch.delenv(key, raising=False)
    with pytest.raises(CommandError, match="Set SETUP_ADMIN_USERNAME, SETUP_ADMIN_EMAIL, "
                                           "SETUP_ADMIN_PASSWORD"):
        call_command("setup", interactive=False, skip_migrate=True)


def test_setup_refuses_a_weak_admin_password(setup_env, monkeypatch):
    monkeypatch.setenv("SETUP_ADMIN_PASSWORD", "12345678")
    with pytest.raises(CommandError, match="password is too weak"):
        call_command("setup", interactive=False, skip_migrate=True)
    assert not User.objects.exists()


def test_empty_forum_says_where_categories_come_from(client, db):
    assert "There are no categories yet" in client.get(reverse("cop:index")).content.decode()


@pytest.mark.parametrize("command", ["seed_demo", "seed_resources"])
def test_demo_commands_refuse_production_settings(command, settings, db):
    settings.SETTINGS_MODULE = "cop.settings.production"
    with pytest.raises(CommandError, match="refuses to run with the production settings"):
        call_command(command)
    assert not User.objects.exists()
