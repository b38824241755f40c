"""Members' reports and appeals, and the plain reasons authors see."""

import pytest
from django.urls import reverse

from cop import services as forum
from cop.enums import PostStatus
from moderation.decisions.decide import decide_post
from moderation.enums import DecisionAction, ReportOutcome
from moderation.models import Appeal, Report
from moderation.reports import report_post, reporter_weight
from tests.moderation.conftest import log_in


@pytest.fixture
def published_post(thread_factory, member):
    thread = thread_factory(author=member, title="Community fund", body="Our fund opens soon.")
    return thread.posts.get()


def test_report_form_records_one_report_per_member_post_and_reason(client, published_post,
                                                                   other_member):
    log_in(client, other_member)
    url = reverse("cop:report", args=[published_post.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "off_topic"})
    assert response.status_code == 302
    again = client.post(url, {"reason": "off_topic"})
    assert again.status_code == 400
    assert "already reported this post for that reason" in again.content.decode()
    assert client.post(url, {"reason": "spam"}).status_code == 302
    assert Report.objects.filter(post=published_post, reporter=other_member).count() == 2


def test_report_needs_a_known_reason_and_details_for_other(client, published_post, other_member):
    log_in(client, other_member)
    url = reverse("cop:report", args=[published_post.pk])
    assert client.post(url, {"reason": "boring"}).status_code == 400
    response = client.post(url, {"reason": "other", "details": "  "})
    assert response.status_code == 400
    assert "tell the moderators what is wrong" in response.content.decode()
    assert not Report.objects.exists()


def test_enough_weighted_reports_hide_a_post_and_tell_its_author(
    client, published_post, member_factory, settings
):
    settings.MODERATION_FLAG_HIDE_WEIGHT = 1.2
    reporters = [member_factory() for _ in range(3)]
    report_post(post=published_post, reporter=reporters[0], reason="spam")
    published_post.refresh_from_db()
    assert published_post.status == PostStatus.PUBLISHED  # one new member is not enough
    report_post(post=published_post, reporter=reporters[1], reason="spam")
    report_post(post=published_post, reporter=reporters[2], reason="abusive")
    published_post.refresh_from_db()
    assert published_post.status == PostStatus.HELD
    assert client.get(published_post.thread.get_absolute_url()).status_code == 404
    notice = published_post.author.notifications.get()
    assert "hidden until a moderator has checked it" in notice.message


def test_report_weight_grows_with_trust_and_accuracy(member_factory, thread_factory, moderator):
    reporter = member_factory()
    first = reporter_weight(reporter)
    for i in range(4):
        post = thread_factory(title=f"Spam {i}").posts.get()
        report_post(post=post, reporter=reporter, reason="spam")
        decide_post(post=post, moderator=moderator, action=DecisionAction.REJECT)
    assert set(Report.objects.values_list("outcome", flat=True)) == {ReportOutcome.UPHELD}
    assert reporter_weight(reporter) > first


def test_author_cannot_report_own_post(client, published_post, member):
    log_in(client, member)
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
    log_in(client, member)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "awaiting review by a moderator" in page
    assert "Our automatic check was not sure about it" in page
    decide_post(post=post, moderator=moderator, action=DecisionAction.REJECT,
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
    log_in(client, member)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Posts from new members that include links or contact details" in page


def test_other_members_cannot_appeal_someone_elses_post(client, other_member, thread_factory):
    post = thread_factory(status=PostStatus.HELD).posts.get()
    log_in(client, other_member)
    assert client.post(reverse("cop:appeal", args=[post.pk]), {"text": "x"}).status_code == 404


def test_one_member_reporting_under_every_reason_counts_once(published_post, member_factory,
                                                             settings):
    settings.MODERATION_FLAG_HIDE_WEIGHT = 1.0
    reporter = member_factory()
    for reason in ("spam", "off_topic", "abusive"):
        report_post(post=published_post, reporter=reporter, reason=reason)
    published_post.refresh_from_db()
    assert published_post.status == PostStatus.PUBLISHED  # one new member weighs under 1.0
    assert Report.objects.filter(post=published_post).count() == 3  # each reason is kept
    report_post(post=published_post, reporter=member_factory(), reason="spam")
    published_post.refresh_from_db()
    assert published_post.status == PostStatus.HELD  # a second member tips it


@pytest.mark.parametrize("role", ["moderator", "editor"])
def test_reports_alone_never_hide_a_moderators_or_editors_post(
    role, request, thread_factory, member_factory, moderator_client, settings
):
    settings.MODERATION_FLAG_HIDE_WEIGHT = 0.5
    author = request.getfixturevalue(role)
    post = thread_factory(author=author, title="Quarterly round-up",
                          body="Notes from the steering group.").posts.get()
    for _ in range(4):
        report_post(post=post, reporter=member_factory(), reason="spam")
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    assert not author.notifications.exists()
    queue = moderator_client.get(reverse("review:queue")).content.decode()
    assert "Quarterly round-up" in queue and "Reported by members" in queue
