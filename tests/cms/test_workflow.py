"""Editors submit resources; a moderator approves or sends them back; editors are told."""

from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.models import ResourcePage
from tests.conftest import PASSWORD


def _submit_toolkit(client, library, document) -> ResourcePage:
    data = nested_form_data({
        "title": "Co-designing a survey",
        "slug": "co-designing-a-survey",
        "summary": "Write a survey with the people who will answer it.",
        "resource_type": "toolkit",
        "audience": "practitioners",
        "body": streamfield([
            ("paragraph", rich_text("<p>Start from the questions people care about.</p>")),
            ("document", {"document": document.pk, "title": "", "description": ""}),
        ]),
        "authors": "Eddie Mensah",
        "organisation": "Commons Network",
        "date": "2026-05-01",
        "licence": "cc-by-4.0",
        "comments": inline_formset([]),
        "action-submit": "1",
    })
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["cms", "resourcepage", library.pk]), data
    )
    assert response.status_code == 302, response.context["form"].errors
    return ResourcePage.objects.get(slug="co-designing-a-survey")


def _act(client, page, action: str, comment: str = ""):
    task_state = page.current_workflow_state.current_task_state
    return client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk]),
        {"comment": comment},
    )


def test_editors_cannot_publish_resources_themselves(library, editor):
    perms = library.permissions_for_user(editor)
    assert perms.can_add_subpage() and not perms.can_publish_subpage()
    assert editor.has_perm("wagtailadmin.access_admin")
    assert editor.has_perm("wagtaildocs.add_document")
    assert library.get_workflow().name == "Review before publishing"


def test_submitted_toolkit_is_live_only_after_a_moderator_approves(
    client, library, editor, moderator, document_factory
):
    client.login(username=editor.username, password=PASSWORD)
    page = _submit_toolkit(client, library, document_factory())

    assert not page.live
    assert page.discussion_thread is None
    assert client.get(page.url).status_code == 404
    assert [m.to for m in mail.outbox] == [[moderator.email]]
    assert "Co-designing a survey" in mail.outbox[0].subject
    mail.outbox.clear()

    client.logout()
    client.login(username=moderator.username, password=PASSWORD)
    response = _act(client, page, "approve")
    assert response.status_code in {200, 302}

    page.refresh_from_db()
    assert page.live
    assert page.discussion_thread is not None
    assert page.discussion_thread.author == editor
    assert client.get(page.url).status_code == 200
    approved = [m for m in mail.outbox if m.to == [editor.email]]
    assert len(approved) == 1
    assert "approved" in approved[0].subject.lower()
    assert "Co-designing a survey" in approved[0].subject


def test_editor_is_told_when_a_moderator_sends_a_page_back(
    client, library, editor, moderator, document_factory
):
    client.login(username=editor.username, password=PASSWORD)
    page = _submit_toolkit(client, library, document_factory())
    mail.outbox.clear()
    client.logout()

    client.login(username=moderator.username, password=PASSWORD)
    _act(client, page, "reject", comment="Please add who made the survey questions.")

    page.refresh_from_db()
    assert not page.live and page.discussion_thread is None
    [email] = [m for m in mail.outbox if m.to == [editor.email]]
    assert "Co-designing a survey" in email.subject
    assert "Please add who made the survey questions." in email.body


def test_members_outside_the_groups_cannot_approve(client, library, editor, member,
                                                   document_factory):
    client.login(username=editor.username, password=PASSWORD)
    page = _submit_toolkit(client, library, document_factory())
    client.logout()
    assert not Group.objects.get(name="Moderators").user_set.filter(pk=member.pk).exists()

    client.login(username=member.username, password=PASSWORD)
    _act(client, page, "approve")
    page.refresh_from_db()
    assert not page.live
