"""Edits of published posts: the published text stays what everyone sees until the edit is
screened and published; held edits wait in the review queue with what they change."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cop import edits
from cop.enums import EditStatus, PostStatus
from cop.models import Attachment, PostEdit, PostRevision
from moderation.enums import Label
from moderation.models import CategoryThreshold, ModerationDecision, TrainingLabel
from moderation.screening.reasons import QueueReason, RuleName
from moderation.tasks import requeue_stale_pending
from tests.conftest import PASSWORD, PersonClient

HARMLESS = "Our peer researchers meet on Tuesday in Bolton to plan the next round of interviews."
ADVERT = (
    "BEST LOANS IN 1 HOUR!!! Call 0800 555 0199 or WhatsApp +44 7700 900123 now. "
    "https://quick-cash-loans.example.com https://fast-money-now.example.net "
    "https://cheap-credit.example.org https://loans-today.example.biz "
    "https://cash-advance.example.info Guaranteed approval, no credit check!"
)


@pytest.fixture
def author_client(member):
    client = PersonClient()
    client.login(username=member.username, password=PASSWORD)
    return client


@pytest.fixture
def published(member, thread_factory):
    """A harmless published opening post by `member`."""
    return thread_factory(author=member, title="Peer research planning", body=HARMLESS
                          ).posts.get()


@pytest.fixture
def edit(author_client, django_capture_on_commit_callbacks):
    """Send an edit through the edit page as its author would; the screening job runs when
    the request's transaction commits (unless `worker_down`)."""

    def send(post, body, *, title=None, worker_down=False):
        data = {"body": body}
        if post.is_opening:
            data["title"] = title or post.thread.title
        with django_capture_on_commit_callbacks(execute=not worker_down):
            return author_client.post(reverse("cop:edit_post", args=[post.pk]), data)

    return send


def _public_texts(post) -> str:
    """Everything an anonymous visitor can read about the post, in one string."""
    anonymous = Client()
    pages = [
        anonymous.get(post.thread.get_absolute_url()),
        anonymous.get(reverse("cop:post", args=[post.pk]), follow=True),
        anonymous.get(reverse("cop:search"), {"q": "loans"}),
        anonymous.get(reverse("cop:search"), {"q": "Bolton"}),
        anonymous.get("/forum/feeds/threads/"),
        anonymous.get(reverse("cop:post_history", args=[post.pk])),
    ]
    return "\n".join(page.content.decode() for page in pages if page.status_code == 200)


def test_edit_waits_unpublished_while_the_worker_is_down_and_the_sweep_screens_it(
    edit, author_client, published, settings
):
    # Limits are not what this is about: let the five-link advert through them to the queue.
    settings.MODERATION_LIMITS = {**settings.MODERATION_LIMITS, "new_links_per_post": 10}
    response = edit(published, ADVERT, worker_down=True)  # the screening job is lost
    assert response.status_code == 302
    public = _public_texts(published)
    assert "0800 555 0199" not in public and "quick-cash-loans" not in public
    assert "Bolton" in public
    # The author sees their edit with a plain note; the published text stays one click away.
    own = author_client.get(published.thread.get_absolute_url()).content.decode()
    assert "Your edit is waiting for a check" in own and "0800 555 0199" in own
    waiting = PostEdit.objects.get(post=published)
    assert waiting.status == EditStatus.PENDING

    settings.MODERATION_STALE_PENDING_SECONDS = 0
    assert requeue_stale_pending() >= 1  # runs the screening job (sync in tests)
    waiting.refresh_from_db()
    assert waiting.status in {EditStatus.HELD, EditStatus.QUARANTINED}, \
        waiting.scores.first().reasons
    published.refresh_from_db()
    assert published.body == HARMLESS and published.status == PostStatus.PUBLISHED
    assert "0800 555 0199" not in _public_texts(published)


def test_harmless_edit_becomes_public_and_enters_the_history(
    edit, author_client, published
):
    response = edit(published, HARMLESS.replace("Tuesday", "Thursday"))
    assert response.status_code == 302
    published.refresh_from_db()
    assert "Thursday" in published.body
    assert PostRevision.objects.filter(post=published, body=HARMLESS).exists()
    public = _public_texts(published)
    assert "Thursday" in public
    assert "Until it is published, everyone else sees" not in author_client.get(
        published.thread.get_absolute_url()).content.decode()


def test_edit_meets_the_new_member_link_limit(edit, published, settings):
    # One published post no longer lifts this account out of level 0.
    response = edit(published, ADVERT)
    assert response.status_code == 429
    assert "New members can include up to 2 links" in response.content.decode()
    assert not PostEdit.objects.filter(post=published).exists()
    published.refresh_from_db()
    assert published.body == HARMLESS


def test_low_trust_edit_adding_contacts_meets_the_strict_threshold(edit, published, settings):
    body = HARMLESS + " Book a place: call Jane on 0161 496 0000 or email jane@example.org."
    assert edit(published, body).status_code == 302
    score = PostEdit.objects.get(post=published).scores.get()
    assert any(rule["name"] == RuleName.NEW_MEMBER_LINKS for rule in score.rules)
    assert score.threshold == settings.MODERATION_STRICT_THRESHOLD


@pytest.fixture
def held_edit(edit, published):
    """An edit held for review: the category holds every post from a score of 0."""
    CategoryThreshold.objects.create(category=published.thread.category, publish_below=0.0,
                                     quarantine_above=1.0)
    edit(published, HARMLESS + "\n\nCall 0800 555 0199 for cheap loans.")
    held = PostEdit.objects.get(post=published)
    assert held.status == EditStatus.HELD
    return held


def test_held_edit_shows_in_the_queue_with_what_it_changes(
    held_edit, published, moderator_client
):
    queue = moderator_client.get(reverse("review:queue")).content.decode()
    assert str(QueueReason.EDIT.label) in queue and "Proposed edit:" in queue
    page = moderator_client.get(reverse("review:item", args=[published.pk])).content.decode()
    assert "What the edit changes" in page
    assert '<ins><span class="w-sr-only">[added: </span>' in page
    assert "0800 555 0199" in page.split("data-edit-diff")[1].split("</div>")[0]
    assert "Your decision on the edit" in page
    # The public still reads the published text.
    assert "0800 555 0199" not in _public_texts(published)


def test_moderator_approves_an_edit_and_it_becomes_public(
    held_edit, published, moderator, moderator_client
):
    moderator_client.post(reverse("review:item_decide", args=[published.pk]),
                          {"action": "approve", "note": ""})
    held_edit.refresh_from_db()
    published.refresh_from_db()
    assert held_edit.status == EditStatus.PUBLISHED
    assert "0800 555 0199" in published.body and published.status == PostStatus.PUBLISHED
    assert "0800 555 0199" in _public_texts(published)
    decision = ModerationDecision.objects.get(edit=held_edit)
    assert decision.moderator == moderator and decision.was_auto_held
    assert TrainingLabel.objects.get(edit=held_edit).label == Label.HAM


def test_moderator_rejects_an_edit_and_the_published_text_stays(
    held_edit, published, member, moderator_client, author_client
):
    moderator_client.post(reverse("review:item_decide", args=[published.pk]),
                          {"action": "reject", "note": "Advertising"})
    held_edit.refresh_from_db()
    published.refresh_from_db()
    assert held_edit.status == EditStatus.REJECTED  # kept for the audit log and training
    assert published.body == HARMLESS and published.status == PostStatus.PUBLISHED
    assert "0800 555 0199" not in _public_texts(published)
    label = TrainingLabel.objects.get(edit=held_edit)
    assert label.label == Label.SPAM and "0800 555 0199" in label.text
    notices = author_client.get(reverse("cop:notifications")).content.decode()
    assert "decided not to publish your edit" in notices
    queue = moderator_client.get(reverse("review:queue")).content.decode()
    assert f'id="item-{published.pk}"' not in queue


def test_a_newer_edit_replaces_the_waiting_one(edit, published):
    edit(published, HARMLESS + " First try.", worker_down=True)
    edit(published, HARMLESS + " Second try.")
    statuses = dict(PostEdit.objects.filter(post=published).values_list("body", "status"))
    assert statuses[HARMLESS + " First try."] == EditStatus.REPLACED
    assert statuses[HARMLESS + " Second try."] == EditStatus.PUBLISHED


# --- files added while editing a published post wait with the edit ---


@pytest.fixture
def edit_with_file(author_client, published, django_capture_on_commit_callbacks):
    """Send an edit with a PDF through the edit page; every edit in this category is held."""
    from tests.cop.test_attachments import pdf_bytes, upload

    CategoryThreshold.objects.create(category=published.thread.category, publish_below=0.0,
                                     quarantine_above=1.0)

    def send(body=HARMLESS + " The agenda is attached."):
        with django_capture_on_commit_callbacks(execute=True):
            response = author_client.post(reverse("cop:edit_post", args=[published.pk]), {
                "body": body, "title": published.thread.title,
                "attachment_1": upload("agenda.pdf", pdf_bytes()),
            })
        assert response.status_code == 302
        return Attachment.objects.get(original_name="agenda.pdf")

    return send


def test_a_file_added_with_an_edit_is_not_public_until_the_edit_is(
    edit_with_file, published, author_client, moderator_client,
    django_capture_on_commit_callbacks
):
    agenda = edit_with_file()
    url = agenda.get_absolute_url()
    assert agenda.edit.status == EditStatus.HELD and agenda.post == published
    assert Client().get(url).status_code == 404
    assert "agenda.pdf" not in _public_texts(published)
    assert author_client.get(url).status_code == 200  # its author can check what they sent
    item = moderator_client.get(reverse("review:item", args=[published.pk])).content.decode()
    assert "Files added with the edit" in item and f'href="{url}"' in item
    assert moderator_client.get(url).status_code == 200

    # Committed, as a request is: cached pages and posts' parts are made again then.
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(reverse("review:item_decide", args=[published.pk]),
                              {"action": "approve", "note": ""})
    assert Client().get(url).status_code == 200
    assert "agenda.pdf" in Client().get(published.thread.get_absolute_url()).content.decode()


def test_a_file_added_with_a_rejected_edit_is_never_public_but_kept(
    edit_with_file, published, moderator_client
):
    from django.core.files.storage import default_storage

    agenda = edit_with_file()
    url = agenda.get_absolute_url()
    moderator_client.post(reverse("review:item_decide", args=[published.pk]),
                          {"action": "reject", "note": "Not this file"})
    agenda.refresh_from_db()
    assert agenda.edit.status == EditStatus.REJECTED
    assert Client().get(url).status_code == 404
    assert "agenda.pdf" not in _public_texts(published)
    assert default_storage.exists(agenda.file.name)  # nothing is lost
    assert moderator_client.get(url).status_code == 200
    item = moderator_client.get(reverse("review:item", args=[published.pk])).content.decode()
    assert "Files of edits that were not published" in item and f'href="{url}"' in item


def test_a_file_added_without_changing_the_text_still_waits_for_a_check(
    edit_with_file, published
):
    agenda = edit_with_file(body=HARMLESS)
    assert agenda.edit.status == EditStatus.HELD
    assert Client().get(agenda.get_absolute_url()).status_code == 404
    edits.publish_edit(edit=agenda.edit)
    assert Client().get(agenda.get_absolute_url()).status_code == 200
    assert not PostRevision.objects.filter(post=published).exists()  # the text is the same


def test_a_newer_edit_takes_the_waiting_edits_files_with_it(edit_with_file, edit, published):
    agenda = edit_with_file()
    first = agenda.edit
    edit(published, HARMLESS + " The agenda is attached, with the room number.")
    agenda.refresh_from_db()
    first.refresh_from_db()
    assert first.status == EditStatus.REPLACED
    assert agenda.edit != first and agenda.edit.is_open
    assert Client().get(agenda.get_absolute_url()).status_code == 404
