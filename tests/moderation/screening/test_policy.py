"""The spam engine inside the product: scores stored with reasons, holds, and the fail-safe."""

from pathlib import Path

import pytest
from django.urls import reverse

from cop import services as forum
from cop.enums import PostStatus
from moderation.classifier import registry
from moderation.models import ModelVersion, ModerationScore
from moderation.screening.reasons import UNAVAILABLE, RuleName, rules_of
from tests.conftest import PASSWORD

ATM_TESTIMONY = (
    "I was broke until I met the hackers who sell a programmed blank ATM card. I withdrew "
    "$5,000 a day with no questions asked! Email them now at richlife.hackers@gmail.com "
    "or WhatsApp +234 801 234 5678 and be rich like me."
)
EVENT_NOTICE = (
    "Our next community reporting workshop is on 14 March at Bolton Library. Tickets are "
    "free: https://www.eventbrite.co.uk/e/community-reporting-bolton. Step-free access and "
    "a quiet room. Questions to hello@boltoncarers.org.uk #CoProduceGM"
)


def _post(author, category, title, body, capture):
    with capture(execute=True):
        thread = forum.start_thread(author=author, category=category, title=title, body=body)
    return thread.posts.get()


def test_atm_card_testimony_from_new_account_is_never_public(
    client, moderator_client, member_factory, category, django_capture_on_commit_callbacks
):
    newcomer = member_factory(username="fresh")
    post = _post(newcomer, category, "My testimony", ATM_TESTIMONY,
                 django_capture_on_commit_callbacks)
    assert post.status in {PostStatus.HELD, PostStatus.QUARANTINED}
    score = ModerationScore.objects.get(post=post)
    assert score.score >= score.threshold
    assert len(score.top_features) == 5 and all("weight" in f for f in score.top_features)
    rule_text = " ".join(r["description"] for r in score.rules).lower()
    assert "email" in rule_text or "contact" in rule_text
    assert client.get(post.thread.get_absolute_url()).status_code == 404
    assert "My testimony" not in client.get(reverse("cop:index")).content.decode()
    # The moderator sees how the screening reached its outcome, in plain words.
    decided = " ".join(score.reasons)
    assert "new account posting links or contact details" in decided
    assert "held for review" in decided or "quarantined" in decided
    page = moderator_client.get(reverse("review:item", args=[post.pk])).content.decode()
    assert "How the screening decided" in page
    assert f"Spam score {score.score:.2f}, at or above" in page


def test_trusted_member_event_notice_publishes_at_once_but_is_scored(
    moderator, category, django_capture_on_commit_callbacks
):
    post = _post(moderator, category, "Community reporting workshop", EVENT_NOTICE,
                 django_capture_on_commit_callbacks)
    assert post.status == PostStatus.PUBLISHED
    score = ModerationScore.objects.get(post=post)
    assert score.score is not None and score.model_version.is_active
    assert score.reasons == [f"spam score {score.score:.2f}, but a trusted member's post is "
                             "published at once"]


def test_ordinary_reply_from_a_member_publishes(
    member, thread_factory, django_capture_on_commit_callbacks
):
    thread = thread_factory()
    with django_capture_on_commit_callbacks(execute=True):
        post = forum.reply(author=member, thread=thread,
                           body="We pay peer researchers £15 an hour and cover travel. "
                                "Happy to share our policy.")
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED


def test_missing_artefact_holds_posts_as_classifier_unavailable(
    member, category, spam_model_version, tmp_path, django_capture_on_commit_callbacks, caplog
):
    ModelVersion.objects.filter(pk=spam_model_version.pk).update(
        artefact_path=str(tmp_path / "gone.joblib"), sha256="0" * 64)
    registry._loaded.clear()
    post = _post(member, category, "A question", "How do you pay people?",
                 django_capture_on_commit_callbacks)
    assert post.status == PostStatus.HELD
    score = ModerationScore.objects.get(post=post)
    assert score.score is None
    rule = rules_of(score)[0]
    assert rule.name == RuleName.CLASSIFIER_UNAVAILABLE
    assert rule.description == UNAVAILABLE
    assert "missing" in rule.detail


def test_altered_artefact_is_refused_before_loading(
    member, category, spam_model_version, tmp_path, django_capture_on_commit_callbacks
):
    tampered = tmp_path / "tampered.joblib"
    tampered.write_bytes(Path(spam_model_version.artefact_path).read_bytes() + b"x")
    ModelVersion.objects.filter(pk=spam_model_version.pk).update(artefact_path=str(tampered))
    registry._loaded.clear()
    post = _post(member, category, "Another question", "Any consent form templates?",
                 django_capture_on_commit_callbacks)
    assert post.status == PostStatus.HELD
    assert "does not match its recorded sha256" in ModerationScore.objects.get(
        post=post).rules[0]["detail"]


@pytest.mark.no_spam_model
def test_no_model_at_all_holds_and_the_author_is_told(
    client, member, category, django_capture_on_commit_callbacks
):
    assert not ModelVersion.objects.exists()
    post = _post(member, category, "Hello", "Hello everyone", django_capture_on_commit_callbacks)
    assert post.status == PostStatus.HELD
    client.login(username=member.username, password=PASSWORD)
    page = client.get(post.thread.get_absolute_url()).content.decode()
    assert "waiting for a moderator to check it" in page
