"""Profiles screened by the same engine and policy: held profiles show neutral defaults in
public, wait in the review queue with reasons, and moderators approve or clear them."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cop import profiles
from cop.enums import ProfileStatus
from moderation import tasks
from moderation.models import ProfileScreening
from moderation.screening.reasons import RuleName
from tests.conftest import PersonClient

SPAM_PROFILE = {
    "display_name": "Rich Life Hackers richlife.hackers@gmail.com",
    "organisation": "Blank ATM card dealers",
    "bio": "We sell programmed blank ATM cards. Withdraw $5,000 a day! Email "
           "richlife.hackers@gmail.com or WhatsApp +234 801 234 5678 now.",
    "role": "",
}
HONEST_PROFILE = {
    "display_name": "Jo Hughes",
    "organisation": "Salford Care Leavers Network",
    "bio": "I coordinate peer research with care leavers and love a good co-design workshop.",
    "role": "",
}


def _edit(client, member, fields, capture):
    client.force_login(member)
    with capture(execute=True):
        response = client.post(reverse("cop:profile_edit"), fields)
    member.refresh_from_db()
    return response


def test_profile_screening_holds_a_new_accounts_spam_profile_and_shows_neutral_defaults(
    client, member_factory, thread_factory, django_capture_on_commit_callbacks
):
    spammer = member_factory(username="fresh42")
    thread = thread_factory(author=spammer, title="Hello all", body="Glad to be here.")
    response = _edit(client, spammer, SPAM_PROFILE, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert spammer.profile_status == ProfileStatus.HELD
    assert "once they have been checked" in client.get(response.url).content.decode()
    own_page = client.get(spammer.get_absolute_url()).content.decode()
    assert "waiting to be checked" in own_page
    for page in (PersonClient().get(spammer.get_absolute_url()),
                 PersonClient().get(thread.get_absolute_url())):
        html = page.content.decode()
        assert "fresh42" in html
        assert "hackers" not in html.lower() and "ATM" not in html
    screening = ProfileScreening.objects.get(user=spammer)
    assert screening.outcome == ProfileScreening.Outcome.HELD
    assert any(rule["name"] == RuleName.NEW_MEMBER_LINKS for rule in screening.rules)


def test_profile_screening_shows_an_honest_newcomers_profile(
    client, member_factory, django_capture_on_commit_callbacks
):
    newcomer = member_factory(username="jo")
    _edit(client, newcomer, HONEST_PROFILE, django_capture_on_commit_callbacks)
    assert newcomer.profile_status == ProfileStatus.PUBLISHED
    page = PersonClient().get(newcomer.get_absolute_url()).content.decode()
    assert "Jo Hughes" in page and "Salford Care Leavers Network" in page


def test_profile_screening_held_profile_waits_in_the_queue_for_a_moderator(
    client, member_factory, moderator_client, django_capture_on_commit_callbacks
):
    first, second = member_factory(username="spam1"), member_factory(username="spam2")
    for member in (first, second):
        _edit(client, member, SPAM_PROFILE, django_capture_on_commit_callbacks)
    queue = moderator_client.get(reverse("review:queue")).content.decode()
    assert "Profiles waiting (2)" in queue
    assert "Profile of spam1" in queue and "held for review" in queue
    held = {row.user.username: row for row in ProfileScreening.objects.all()}
    approve = moderator_client.post(
        reverse("review:profile_decide", args=[held["spam1"].pk]), {"action": "approve"})
    assert approve.status_code == 302
    first.refresh_from_db()
    assert first.profile_status == ProfileStatus.PUBLISHED
    reject = moderator_client.post(
        reverse("review:profile_decide", args=[held["spam2"].pk]), {"action": "reject"})
    assert reject.status_code == 302
    second.refresh_from_db()
    assert (second.display_name, second.organisation, second.bio) == ("", "", "")
    record = ProfileScreening.objects.get(user=second)
    assert record.outcome == ProfileScreening.Outcome.REJECTED
    assert "hackers" in record.bio  # kept for the record
    again = moderator_client.post(
        reverse("review:profile_decide", args=[held["spam2"].pk]), {"action": "approve"})
    assert again.status_code == 302
    second.refresh_from_db()
    assert second.display_name == ""  # a second decision changes nothing
    bad = moderator_client.post(
        reverse("review:profile_decide", args=[held["spam1"].pk]), {"action": "delete"})
    assert bad.status_code == 400
    assert "Profiles waiting" not in moderator_client.get(reverse("review:queue")).content.decode()


def test_profile_screening_waits_while_the_worker_is_down_and_the_sweep_picks_it_up(
    member_factory, django_capture_on_commit_callbacks, settings
):
    member = member_factory(username="patient")
    with django_capture_on_commit_callbacks(execute=False):  # the worker is down
        profiles.update_profile(user=member, **SPAM_PROFILE)
    member.refresh_from_db()
    assert member.profile_status == ProfileStatus.PENDING
    assert member.public_name == "patient" and member.public_bio == ""
    member.profile_changed_at = timezone.now() - timedelta(hours=1)
    member.save(update_fields=["profile_changed_at"])
    assert tasks.requeue_stale_pending() == 1
    member.refresh_from_db()
    assert member.profile_status == ProfileStatus.HELD


def test_profile_screening_trusted_members_profiles_show_at_once(
    client, moderator, django_capture_on_commit_callbacks
):
    _edit(client, moderator, {**HONEST_PROFILE, "display_name": "Mo the moderator"},
          django_capture_on_commit_callbacks)
    assert moderator.profile_status == ProfileStatus.PUBLISHED
    assert ProfileScreening.objects.get(user=moderator).score is None
