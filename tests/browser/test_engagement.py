"""Everyday features in a real browser: reactions, saved posts, "new" markers, drafts, pinned
and closed threads, the welcome; each new page and state checked with axe-core."""

import re

import pytest

from cop.models import Post, Thread
from tests.browser.conftest import axe_violations, log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def conversation(site_tree, member, other_member, category, thread_factory, post_factory):
    thread = thread_factory(
        category=category, author=other_member, title="Paying peer researchers fairly",
        body="We pay the living wage and cover travel. How do you do it?",
    )
    post_factory(thread=thread, author=other_member, body="We also pay for training time.")
    Thread.objects.filter(pk=thread.pk).update(is_question=True)
    thread.refresh_from_db()
    return thread


def _no_violations(page, name, problems):
    found = axe_violations(page)
    if found:
        problems[name] = found


def test_member_reacts_saves_and_jumps_to_the_first_new_post(
    page, conversation, member, other_member
):
    problems = {}
    log_in(page, member.username, PASSWORD)
    page.goto(conversation.get_absolute_url())
    opening = conversation.posts.get(is_opening=True)
    article = page.locator(f"#post-{opening.pk}")
    article.get_by_role("button", name=re.compile(r"^Thanks")).click()
    # The page updates in place and says so to screen readers.
    article.locator("button[value=thanks][aria-pressed=true]").wait_for()
    article.get_by_text("Thanks from Sam Patel (1 person)").wait_for()
    assert article.get_by_role("status").first.inner_text() == "You reacted: Thanks."
    assert page.evaluate("() => document.activeElement.value") == "thanks"
    page.reload()
    assert article.locator("button[value=thanks]").get_attribute("aria-pressed") == "true"
    _no_violations(page, "thread with a reaction", problems)

    page.locator(f"#post-{opening.pk}").get_by_role("button", name=re.compile("^Save")).click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Saved posts").click()
    page.wait_for_url("**/forum/saved/")
    assert page.get_by_role("link", name="Paying peer researchers fairly").is_visible()
    _no_violations(page, "saved posts", problems)

    first_new = Post.objects.create(thread=conversation, author=other_member, status="published",
                                    body="Update: our finance team now pays within a week.")
    Post.objects.create(thread=conversation, author=other_member, status="published",
                        body="And we pay in vouchers when people prefer that.")
    page.goto(conversation.category.get_absolute_url())
    _no_violations(page, "category with new markers", problems)
    page.get_by_role("link", name=re.compile("2 new posts")).click()
    page.wait_for_url(re.compile(rf".*#post-{first_new.pk}$"))
    assert page.locator(f"#post-{first_new.pk} .marker-new").is_visible()
    _no_violations(page, "thread with new posts", problems)

    page.goto("/forum/")
    page.get_by_role("button", name="Mark everything as read").click()
    page.wait_for_load_state()
    assert "Everything is marked as read" in page.locator(".messages").inner_text()
    assert problems == {}


def test_a_draft_survives_a_reload(page, conversation, member):
    log_in(page, member.username, PASSWORD)
    page.goto(conversation.get_absolute_url())
    box = page.get_by_label("Your message")
    box.fill("We are still working out how to pay people who are on benefits.")
    box.press("End")
    page.keyboard.type(" More soon.")
    status = page.locator(".draft-status")
    status.filter(has_text="Draft saved").wait_for()
    page.reload()
    assert page.get_by_label("Your message").input_value() == (
        "We are still working out how to pay people who are on benefits. More soon."
    )
    assert "We kept the reply you were writing" in status.inner_text()
    assert axe_violations(page) == []

    # A new thread in progress is kept the same way: title, text and category.
    page.goto(f"/forum/c/{conversation.category.slug}/new/")
    page.get_by_label("Title", exact=True).fill("Paying people who are on benefits")
    page.get_by_label("Your message").fill("What do your finance teams need from you?")
    page.locator(".draft-status").filter(has_text="Draft saved").wait_for()
    page.reload()
    title = page.get_by_label("Title", exact=True)
    assert title.input_value() == "Paying people who are on benefits"
    assert page.get_by_label("Your message").input_value() == (
        "What do your finance teams need from you?"
    )
    assert page.get_by_label("Category", exact=True).input_value() == str(conversation.category_id)
    assert "We kept the thread you were starting" in page.locator(".draft-status").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Start thread").click()
    page.get_by_role("heading", level=1, name="Paying people who are on benefits").wait_for()
    page.goto(f"/forum/c/{conversation.category.slug}/new/")
    assert page.get_by_label("Title", exact=True).input_value() == ""


def test_moderator_pins_closes_and_the_asker_marks_the_answer(
    page, conversation, moderator, other_member
):
    problems = {}
    log_in(page, moderator.username, PASSWORD)
    page.goto(conversation.get_absolute_url())
    page.get_by_text("Moderate this thread").click()
    _no_violations(page, "moderation tools open", problems)
    page.get_by_role("button", name="Pin to the top of its category").click()
    page.wait_for_load_state()
    page.get_by_text("Moderate this thread").click()
    page.get_by_role("button", name="Make this the “start here” thread").click()
    page.wait_for_load_state()
    page.get_by_text("Moderate this thread").click()
    page.get_by_label("Why are you closing it?").fill("Answered, and the guide is now published.")
    page.get_by_role("button", name="Close the thread").click()
    page.wait_for_load_state()
    assert "This thread is closed." in page.locator(".notice-closed").inner_text()
    assert page.locator("#reply-heading").count() == 1  # moderators may still reply
    _no_violations(page, "closed thread (moderator)", problems)
    page.goto("/forum/")
    assert "New here? Start here" in page.inner_text("main")
    _no_violations(page, "forum with start here", problems)
    page.goto("/forum/welcome/")
    assert page.get_by_role("link", name="Go to “Paying peer researchers fairly”").is_visible()
    _no_violations(page, "welcome", problems)
    page.goto("/forum/thread-log/")  # now the thread tidying in the moderators' audit log
    log = page.inner_text("#review-content")
    assert "pinned" in log and "closed" in log and "made the start here thread" in log
    assert "Answered, and the guide is now published." in log
    _no_violations(page, "thread log with pins and closes", problems)

    page.context.clear_cookies()
    log_in(page, other_member.username, PASSWORD)
    page.goto(conversation.get_absolute_url())
    assert page.locator("#reply-heading").count() == 0
    reply = conversation.posts.get(is_opening=False)
    page.locator(f"#post-{reply.pk}").get_by_role(
        "button", name=re.compile("^Mark as the answer")).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Solved").is_visible()
    _no_violations(page, "solved and closed thread", problems)
    page.goto(conversation.category.get_absolute_url())
    markers = page.locator(".thread-item").first.inner_text()
    assert "Start here" in markers and "Solved" in markers and "Closed" in markers
    assert problems == {}


def test_new_pages_work_on_a_phone(phone_page, conversation, member, thread_factory):
    from cop.models import Bookmark, Reaction

    opening = conversation.posts.get(is_opening=True)
    Reaction.objects.create(post=opening, user=member, kind="helpful")
    Bookmark.objects.create(post=opening, user=member)
    Thread.objects.filter(pk=conversation.pk).update(
        pinned=True, start_here=True, answer=conversation.posts.get(is_opening=False),
    )
    log_in(phone_page, member.username, PASSWORD)
    for name, url in {"welcome": "/forum/welcome/", "saved posts": "/forum/saved/",
                      "thread": conversation.get_absolute_url(), "forum": "/forum/",
                      "category": conversation.category.get_absolute_url()}.items():
        phone_page.goto(url)
        overflow = phone_page.evaluate(
            "() => document.documentElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways on a phone by {overflow}px"
        assert axe_violations(phone_page) == [], name
