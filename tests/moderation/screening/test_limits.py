"""Posting limits for new members and floods, bot traps, and trust from accurate reports."""

from datetime import timedelta

from django.core.cache import cache
from django.urls import reverse

from moderation.decisions.decide import decide_post
from moderation.enums import DecisionAction
from moderation.reports import report_post
from tests.conftest import PASSWORD, person_stamp
from tests.moderation.conftest import log_in

# --- limits (every number is a setting; the test settings relax them, these tests restore) ---

LIMITS = {
    "new_links_per_post": 2, "new_threads_first_day": 3, "new_replies_first_day": 10,
    "seconds_between_posts_new": 30, "seconds_between_posts": 5,
    "duplicate_window_seconds": 300,
}


def test_new_member_limits_links_threads_and_pace(client, member_factory, category, settings):
    settings.MODERATION_LIMITS = {**LIMITS, "seconds_between_posts_new": 0}
    log_in(client, member_factory(username="newbie"))
    url = reverse("cop:new_thread")
    three_links = "See https://a.example https://b.example and https://c.example"
    response = client.post(url, {"category": category.pk, "title": "Links", "body": three_links})
    assert response.status_code == 429
    assert "up to 2 links" in response.content.decode()
    for i in range(3):
        assert client.post(url, {"category": category.pk, "title": f"T{i}",
                                 "body": f"Thread number {i}"}).status_code == 302
    fourth = client.post(url, {"category": category.pk, "title": "T4", "body": "One more"})
    assert fourth.status_code == 429
    assert "start 3 threads on their first day" in fourth.content.decode()


def test_posting_too_fast_and_twice_is_refused(client, member, thread_factory, settings):
    settings.MODERATION_LIMITS = LIMITS
    thread = thread_factory()
    log_in(client, member)
    url = reverse("cop:reply", args=[thread.pk])
    assert client.post(url, {"body": "First reply"}).status_code == 302
    too_fast = client.post(url, {"body": "Second reply"})
    assert too_fast.status_code == 429 and "Please wait" in too_fast.content.decode()
    settings.MODERATION_LIMITS = {**LIMITS, "seconds_between_posts_new": 0,
                                  "seconds_between_posts": 0}
    twice = client.post(url, {"body": "First reply"})
    assert twice.status_code == 429 and "posted exactly this" in twice.content.decode()


def test_moderators_are_not_limited(client, moderator, category, settings):
    settings.MODERATION_LIMITS = {**LIMITS, "new_links_per_post": 0}
    log_in(client, moderator)
    response = client.post(reverse("cop:new_thread"), {
        "category": category.pk, "title": "Event", "body": "Tickets: https://example.org/t"})
    assert response.status_code == 302


def test_honeypot_and_time_trap_refuse_scripts(client, member, thread_factory, settings):
    thread = thread_factory()
    log_in(client, member)
    url = reverse("cop:reply", args=[thread.pk])
    filled = client.post(url, {"body": "Hello", "homepage": "http://spam.example"})
    assert filled.status_code == 400 and "should stay empty" in filled.content.decode()
    settings.FORUM_MIN_SUBMIT_SECONDS = 5
    quick = client.post(url, {"body": "Hello", "started": person_stamp(client, seconds_ago=1)})
    assert quick.status_code == 400 and "That was very quick" in quick.content.decode()
    forged = client.post(url, {"body": "Hello", "started": "12345"})
    assert forged.status_code == 400
    ok = client.post(url, {"body": "Hello", "started": person_stamp(client, seconds_ago=10)})
    assert ok.status_code == 302
    assert thread.posts.count() == 2


def test_sign_up_has_the_same_bot_traps(client, db):
    response = client.post(reverse("account_signup"), {
        "email": "bot@example.org", "username": "bot", "password1": PASSWORD,
        "password2": PASSWORD, "homepage": "http://seo.example",
    })
    assert response.status_code == 400  # the form again, with the message
    assert "should stay empty" in response.content.decode()


def test_log_in_is_throttled_after_repeated_failures(client, member, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/5m/ip"}
    cache.clear()
    for _ in range(3):
        client.post(reverse("account_login"), {"login": member.username, "password": "wrong"})
    blocked = client.post(reverse("account_login"), {"login": member.username,
                                                      "password": PASSWORD})
    assert "too many tries with a wrong password" in blocked.content.decode()
    assert client.get(reverse("cop:notifications")).status_code == 302  # still logged out
    cache.clear()


def test_accurate_reporters_gain_a_trust_level(member_factory, thread_factory, moderator,
                                               settings):
    from moderation.screening.trust import standing

    reporter = member_factory()
    # Not on a member's first days (reporting is no shortcut for a new account).
    reporter.date_joined -= timedelta(days=settings.MODERATION_TRUST_STEPS[0]["days_since_joining"])
    reporter.save(update_fields=["date_joined"])
    assert standing(reporter).level == 0
    for i in range(5):
        post = thread_factory(title=f"Scam {i}").posts.get()
        report_post(post=post, reporter=reporter, reason="spam")
        decide_post(post=post, moderator=moderator, action=DecisionAction.REJECT,
                             retrain=False)
    assert standing(reporter).level == 1
