"""In a real browser: a member attaches a picture and a PDF and reads an edit history, a
moderator moves, merges and splits, and a member leaves the digest from the email's link."""

import re

import pytest
from django.core import mail

from cop.digest import send_digests
from cop.enums import DigestFrequency, ThreadActionKind
from cop.models import Attachment, Thread, ThreadAction
from tests.browser.conftest import axe_violations, log_in
from tests.conftest import PASSWORD
from tests.cop.test_attachments import pdf_bytes, photo_bytes

pytestmark = pytest.mark.django_db(transaction=True)


def _no_violations(page, where: str) -> None:
    assert axe_violations(page) == [], where


def _fits(page, where: str) -> None:
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{where} scrolls sideways by {overflow}px"


def test_member_attaches_a_picture_and_a_pdf_and_anyone_reads_the_edit_history(
    page, phone_page, site_tree, member, thread_factory
):
    thread = thread_factory(title="Photos from the Oldham workshop")
    log_in(page, member.username, PASSWORD)
    page.goto(f"/forum/t/{thread.pk}/reply/")
    page.get_by_text("Add pictures or documents").click()
    _no_violations(page, "upload form")
    page.get_by_label("Your message").fill("Our wall of ideas, and the notes.")
    picture = {"name": "wall.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}
    notes = {"name": "notes.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
    page.get_by_label("Picture or document 1 (optional)").set_input_files(picture)
    page.get_by_role("button", name="Post reply").click()
    # A picture without words is refused, plainly, and the message is kept.
    assert page.get_by_text("Please describe the picture “wall.jpg”").first.is_visible()
    assert page.get_by_label("Your message").input_value() == "Our wall of ideas, and the notes."
    _no_violations(page, "upload form with an error")
    page.get_by_label("Picture or document 1 (optional)").set_input_files(picture)
    page.locator("#id_alt_text_1").fill("Sticky notes in five colours on a long wall")
    page.get_by_label("Picture or document 2 (optional)").set_input_files(notes)
    page.get_by_role("button", name="Post reply").click()
    page.wait_for_url(re.compile(r".*#post-\d+$"))
    thumbnail = page.get_by_role("img", name="Sticky notes in five colours on a long wall")
    assert thumbnail.is_visible()
    assert thumbnail.evaluate("img => img.naturalWidth") == 320
    assert page.get_by_role("link", name="notes.pdf").is_visible()
    assert Attachment.objects.count() == 2

    post_id = int(page.url.rsplit("#post-", 1)[1])
    page.goto(f"/forum/p/{post_id}/edit/")
    page.get_by_label("Your message").fill("Our wall of ideas, and the typed-up notes.")
    page.get_by_role("button", name="Save changes").click()
    page.get_by_role("link", name=re.compile("^edited")).first.click()
    page.wait_for_url(f"**/forum/p/{post_id}/history/")
    assert "typed-up" in page.locator("ins").first.inner_text()
    _no_violations(page, "edit history")

    # The member takes the PDF out again, by keyboard, after a plain-words question.
    page.goto(f"/forum/p/{post_id}/edit/")
    _no_violations(page, "edit page with its files")
    page.locator(".post-files summary", has_text="notes.pdf").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent")
    assert focused == "Yes, remove “notes.pdf”"
    assert "Nobody else will be able to open it." in page.locator(".post-files").inner_text()
    _no_violations(page, "edit page asking before removing a file")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "“notes.pdf” is removed from your post" in page.locator(".messages").inner_text()
    _no_violations(page, "edit page after removing a file")
    page.goto(f"/forum/t/{thread.pk}/")
    assert page.get_by_role("link", name="notes.pdf").count() == 0
    assert Attachment.objects.get(original_name="notes.pdf").removed_at is not None

    phone_page.goto(f"/forum/p/{post_id}/history/")  # public: no log-in needed
    _fits(phone_page, "edit history")
    _no_violations(phone_page, "edit history on a phone")
    log_in(phone_page, member.username, PASSWORD)
    phone_page.goto(f"/forum/t/{thread.pk}/reply/")
    phone_page.get_by_text("Add pictures or documents").click()
    _fits(phone_page, "upload form")
    _no_violations(phone_page, "upload form on a phone")


def test_moderator_moves_merges_and_splits_and_the_log_shows_each(
    page, phone_page, site_tree, moderator, category_factory, thread_factory, post_factory
):
    events = category_factory(name="Events")
    thread = thread_factory(title="Co-production Week plans")
    aside = post_factory(thread=thread, body="Separately: who pays for the room?")
    duplicate = thread_factory(title="Co-production Week ideas")
    log_in(page, moderator.username, PASSWORD)
    page.goto(thread.get_absolute_url())
    page.get_by_role("link", name=re.compile("Tidy this thread")).click()
    _no_violations(page, "tidy page")

    page.get_by_label("Category", exact=True).select_option(label="Events")
    page.get_by_role("button", name="Move thread").click()
    assert page.get_by_text("Moved to “Events”.").is_visible()

    page.goto(f"/forum/t/{duplicate.pk}/tidy/")
    page.get_by_label("Number of the thread to merge into").fill(str(thread.pk))
    page.get_by_role("button", name="Merge threads").click()
    page.wait_for_url(f"**/forum/t/{thread.pk}/")
    page.goto(f"/forum/t/{duplicate.pk}/")  # the old address leads to the merged thread
    assert page.url.endswith(f"/forum/t/{thread.pk}/")

    page.goto(f"/forum/t/{thread.pk}/tidy/")
    page.locator(f"#split-{aside.pk}").check()
    page.get_by_label("Title of the new thread").fill("Paying for venues")
    page.get_by_role("button", name="Split into a new thread").click()
    page.wait_for_url(re.compile(r".*/forum/t/\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Paying for venues"

    # The moderators' audit log lists each action with their decisions, linking the thread.
    page.goto("/admin/moderation/audit-log/")
    rows = page.locator("#review-content tbody tr").all_inner_texts()
    moved = [row for row in rows if "moved from" in row]
    merged = [row for row in rows if "merged “Co-production Week ideas”" in row]
    split = [row for row in rows if "split 1 reply out of" in row]
    assert len(moved) == len(merged) == len(split) == 1
    assert "to Events" in moved[0] and "Moved" in moved[0]
    assert all(moderator.username in row for row in moved + merged + split)
    assert rows.index(split[0]) < rows.index(merged[0]) < rows.index(moved[0])  # newest first
    _no_violations(page, "audit log with thread tidying")
    page.locator("#review-content tbody tr", has_text="split 1 reply out of").get_by_role(
        "link", name="Paying for venues").click()
    page.wait_for_url(re.compile(r".*/forum/t/\d+/$"))
    page.goto("/forum/thread-log/")  # the old address leads to the same log
    assert "source=threads" in page.url
    assert page.locator("#review-content tbody tr").count() == 3
    assert sorted(ThreadAction.objects.values_list("kind", flat=True)) == sorted(
        [ThreadActionKind.MOVE, ThreadActionKind.MERGE, ThreadActionKind.SPLIT])
    assert Thread.objects.get(title="Co-production Week plans").category == events

    log_in(phone_page, moderator.username, PASSWORD)
    phone_page.goto(f"/forum/t/{thread.pk}/tidy/")
    _fits(phone_page, "tidy page")
    _no_violations(phone_page, "tidy page on a phone")


def test_member_unsubscribes_from_the_digest_with_the_link_in_the_email(
    page, site_tree, member, other_member, thread_factory
):
    thread_factory(title="A new toolkit for peer researchers", author=other_member)
    send_digests(frequency=DigestFrequency.WEEKLY)
    [digest] = [m for m in mail.outbox if m.to == [member.email]]
    link = re.search(r"https?://\S+/forum/unsubscribe/\S+/", digest.body).group(0)
    assert digest.extra_headers["List-Unsubscribe"] == f"<{link}>"
    page.goto(link.split("/forum/", 1)[1].join(["/forum/", ""]))  # the live server's address
    assert page.get_by_role("heading", level=1).inner_text() == "Stop these emails?"
    _no_violations(page, "unsubscribe page")
    page.get_by_role("button", name="Unsubscribe").click()
    assert page.get_by_role("heading", level=1).inner_text() == "You are unsubscribed"
    _no_violations(page, "unsubscribed page")
    member.refresh_from_db()
    assert member.digest == DigestFrequency.NEVER
