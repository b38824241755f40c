"""A patient spammer signs up and posts through the real pages (sign-up, email verification,
the writing forms and the edit page); none of its spam may reach an anonymous visitor, while an
honest newcomer's link-rich post must."""

from __future__ import annotations

import random

import pytest
from django.test import Client
from django.urls import reverse

from moderation.bots import runner
from moderation.bots.texts import HARMLESS_REPLIES, SPAM_KINDS, honest_text, spam_text

# Screening runs when each request's transaction commits (django-q2's sync path in tests).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def forum(category, thread_factory, member_factory):
    """A category with one published conversation for the bots to answer."""
    host = member_factory(username="host", display_name="Nadia Host")
    thread = thread_factory(category=category, author=host,
                            title="What helped your co-production group this year?",
                            body="Share one thing that made a difference to how you work.")
    return category, thread


def _anonymous_pages(thread, attempts) -> str:
    anonymous = Client()
    urls = [thread.get_absolute_url(), reverse("cop:feed"), reverse("cop:index")]
    urls += [reverse("cop:post", args=[a.post_id]) for a in attempts if a.post_id]
    pages = [anonymous.get(url, follow=True) for url in urls]
    for word in ("ATM", "subscribe", "helpline", "prayer", "diploma", "income"):
        pages.append(anonymous.get(reverse("cop:search"), {"q": word}))
    return "\n".join(p.content.decode() for p in pages if p.status_code == 200)


def _assert_nothing_public(thread, attempts):
    public = [a for a in attempts if runner.outcome(a) == "public"]
    assert not public, [(a.kind, a.text[:60]) for a in public]
    seen = _anonymous_pages(thread, attempts)
    for attempt in attempts:
        line = attempt.text.strip().splitlines()[-1][:50]
        assert line not in seen, attempt.kind


def test_patient_bot_spreading_spam_over_new_accounts_gets_none_public(forum):
    category, thread = forum
    rng = random.Random(10)
    bots = [runner.sign_up(prefix="patient") for _ in range(3)]
    attempts = []
    for i, kind in enumerate(SPAM_KINDS):
        bot = bots[i % len(bots)]
        title, body = spam_text(kind, rng)
        if i % 2:
            attempts.append(bot.reply(thread=thread, body=body, kind=kind))
        else:
            attempts.append(bot.start_thread(category=category, title=title, body=body,
                                             kind=kind))
    assert any(a.post_id for a in attempts)  # the forms took at least some of it
    _assert_nothing_public(thread, attempts)


def test_aged_account_bot_gets_no_spam_and_no_spam_edit_public(forum):
    category, thread = forum
    rng = random.Random(20)
    bot = runner.sign_up(prefix="aged")
    warmup = [bot.reply(thread=thread, body=text, kind="harmless")
              for text in HARMLESS_REPLIES[:4]]
    assert [runner.outcome(a) for a in warmup].count("public") >= 3
    attempts = []
    for kind in ("atm_card", "tech_support", "course"):
        title, body = spam_text(kind, rng)
        attempts.append(bot.reply(thread=thread, body=body, kind=kind))
    _title, advert = spam_text("get_rich", rng)
    advert += (" Call +1 (415) 555-0142. https://cash-fast.example.com "
               "https://cash-fast.example.net https://rich-now.example.org "
               "https://profit-club.example.biz https://easy-money.example.info")
    published = next(a for a in warmup if runner.outcome(a) == "public")
    attempts.append(bot.edit(post_id=published.post_id, body=advert, kind="edit"))
    _assert_nothing_public(thread, attempts)
    # The harmless reply that was edited still reads as it was published.
    page = Client().get(thread.get_absolute_url()).content.decode()
    assert published.text[:40] in page


def test_honest_newcomer_link_rich_post_is_public(forum):
    category, thread = forum
    rng = random.Random(30)
    person = runner.sign_up(prefix="newcomer")
    title, body = honest_text(rng, 1)
    attempt = person.start_thread(category=category, title=title, body=body, kind="honest")
    assert attempt.status_code == 302, "the form refused an honest post"
    assert runner.outcome(attempt) == "public"
    page = Client().get(reverse("cop:post", args=[attempt.post_id]), follow=True)
    assert "coordinator1@" in page.content.decode()


def test_spam_bots_command_refuses_production_settings(settings):
    from django.core.management import CommandError, call_command

    settings.SETTINGS_MODULE = "cop.settings.production"
    with pytest.raises(CommandError, match="only with development or test settings"):
        call_command("spam_bots", posts=1)
