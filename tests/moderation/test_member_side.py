"""Members' side of moderation: reports, appeals, plain reasons, limits and bot traps."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from cop import services as forum
from cop.enums import PostStatus
from moderation import services
from moderation.enums import DecisionAction, FlagOutcome
from moderation.models import Appeal, Flag
from tests.conftest import PASSWORD, person_stamp


@pytest.fixture
def published_post(thread_factory, member):
    thread = thread_factory(author=member, title="Community fund", body="Our fund opens soon.")
    return thread.posts.get()


def _login(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def test_report_form_records_one_report_per_member_post_and_reason(client, published_post,
                                                                   other_member):
    _login(client, other_member)
    url = reverse("cop:report", args=[published_post.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "off_topic"})
    assert response.status_code == 302
    again = client.post(url, {"reason": "off_topic"})
    assert again.status_code == 400
    assert "already reported this post for that reason" in again.content.decode()
    assert client.post(url, {"reason": "spam"}).status_code == 302
    assert Flag.objects.filter(post=published_post, reporter=other_member).count() == 2


def test_report_needs_a_known_reason_and_details_for_other(client, published_post, other_member):
    _login(client, other_member)
    url = reverse("cop:report", args=[published_post.pk])
    assert client.post(url, {"reason": "boring"}).status_code == 400
    response = client.post(url, {"reason": "other", "details": "  "})
    assert response.status_code == 400
    assert "tell the moderators what is wrong" in response.content.decode()
    assert not Flag.objects.exists()


def test_enough_weighted_reports_hide_a_post_and_tell_its_author(
    client, published_post, member_factory, settings
):
    settings.MODERATION_FLAG_HIDE_WEIGHT = 1.2
    reporters = [member_factory() for _ in range(3)]
    services.report_post(post=published_post, reporter=reporters[0], reason="spam")
    published_post.refresh_from_db()
    assert published_post.status == PostStatus.PUBLISHED  # one new member is not enough
    services.report_post(post=published_post, reporter=reporters[1], reason="spam")
    services.report_post(post=published_post, reporter=reporters[2], reason="abusive")
    published_post.refresh_from_db()
    assert published_post.status == PostStatus.HELD
    assert client.get(published_post.thread.get_absolute_url()).status_code == 404
    notice = published_post.author.notifications.get()
    assert "hidden until a moderator has checked it" in notice.message


def test_report_weight_grows_with_trust_and_accuracy(member_factory, thread_factory, moderator):
    reporter = member_factory()
    first = services.reporter_weight(reporter)
    for i in range(4):
        post = thread_factory(title=f"Spam {i}").posts.get()
        services.report_post(post=post, reporter=reporter, reason="spam")
        services.decide_post(post=post, moderator=moderator, action=DecisionAction.REJECT)
    assert set(Flag.objects.values_list("outcome", flat=True)) == {FlagOutcome.UPHELD}
    assert services.reporter_weight(reporter) > first


def test_author_cannot_report_own_post(client, published_post, member):
    _login(client, member)
    response = client.post(reverse("cop:report", args=[published_post.pk]), {"reason": "spam"})
    assert response.status_code == 400


def test_held_author_sees_plain_reason_and_may_appeal_once(
    client, member, category, django_capture_on_commit_callbacks, moderator
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = forum.start_thread(
            author=member, category=category, title="Cheap prizes",
            body="WIN cash now!!! Claim your £1000 prize, text CLAIM to 80088 today",
        )
    post = thread.posts.get()
    assert post.status in {PostStatus.HELD, PostStatus.QUARANTINED}
    _login(client, member)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "awaiting review by a moderator" in page
    assert "Our automatic check was not sure about it" in page
    services.decide_post(post=post, moderator=moderator, action=DecisionAction.REJECT,
                         reason="prize scam")
    url = reverse("cop:appeal", args=[post.pk])
    assert client.post(url, {"text": "It was a joke between friends"}).status_code == 302
    post.refresh_from_db()
    assert post.status == PostStatus.HELD and Appeal.objects.filter(post=post).exists()
    second = client.post(url, {"text": "Please?"})
    assert second.status_code == 400 and "already asked" in second.content.decode()


def test_new_member_with_links_is_told_why_in_plain_words(
    client, member, category, django_capture_on_commit_callbacks, settings
):
    settings.MODERATION_STRICT_THRESHOLD = 0.0  # any link from a new member waits for a person
    with django_capture_on_commit_callbacks(execute=True):
        thread = forum.start_thread(author=member, category=category, title="Our new report",
                                    body="The findings are at https://example.org.uk/report")
    _login(client, member)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Posts from new members that include links or contact details" in page


def test_other_members_cannot_appeal_someone_elses_post(client, other_member, thread_factory):
    post = thread_factory(status=PostStatus.HELD).posts.get()
    _login(client, other_member)
    assert client.post(reverse("cop:appeal", args=[post.pk]), {"text": "x"}).status_code == 404


# --- limits (every number is a setting; the test settings relax them, these tests restore) ---

LIMITS = {
    "new_links_per_post": 2, "new_threads_first_day": 3, "new_replies_first_day": 10,
    "seconds_between_posts_new": 30, "seconds_between_posts": 5,
    "duplicate_window_seconds": 300,
}


def test_new_member_limits_links_threads_and_pace(client, member_factory, category, settings):
    settings.MODERATION_LIMITS = {**LIMITS, "seconds_between_posts_new": 0}
    _login(client, member_factory(username="newbie"))
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
    _login(client, member)
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
    _login(client, moderator)
    response = client.post(reverse("cop:new_thread"), {
        "category": category.pk, "title": "Event", "body": "Tickets: https://example.org/t"})
    assert response.status_code == 302


def test_honeypot_and_time_trap_refuse_scripts(client, member, thread_factory, settings):
    thread = thread_factory()
    _login(client, member)
    url = reverse("cop:reply", args=[thread.pk])
    filled = client.post(url, {"body": "Hello", "website": "http://spam.example"})
    assert filled.status_code == 400 and "could not accept this form" in filled.content.decode()
    settings.FORUM_MIN_SUBMIT_SECONDS = 5
    quick = client.post(url, {"body": "Hello", "started": person_stamp(seconds_ago=1)})
    assert quick.status_code == 400 and "That was very quick" in quick.content.decode()
    forged = client.post(url, {"body": "Hello", "started": "12345"})
    assert forged.status_code == 400
    ok = client.post(url, {"body": "Hello", "started": person_stamp(seconds_ago=10)})
    assert ok.status_code == 302
    assert thread.posts.count() == 2


def test_sign_up_has_the_same_bot_traps(client, db):
    response = client.post(reverse("account_signup"), {
        "email": "bot@example.org", "username": "bot", "password1": PASSWORD,
        "password2": PASSWORD, "website": "http://seo.example",
    })
    assert response.status_code == 200  # the form again, with the message
    assert "could not accept this form" in response.content.decode()


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


def test_accurate_reporters_gain_a_trust_level(member_factory, thread_factory, moderator):
    from moderation.trust import standing

    reporter = member_factory()
    assert standing(reporter).level == 0
    for i in range(5):
        post = thread_factory(title=f"Scam {i}").posts.get()
        services.report_post(post=post, reporter=reporter, reason="spam")
        services.decide_post(post=post, moderator=moderator, action=DecisionAction.REJECT,
                             retrain=False)
    assert standing(reporter).level == 1
