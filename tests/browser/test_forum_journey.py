"""A newcomer's journey in a real browser, and accessibility checks with axe-core."""

import re

import pytest
from django.core import mail

from cop.enums import PostStatus
from cop.models import Thread
from tests.browser.conftest import axe_violations, log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_up_verify_post_with_hashtag_and_find_it(page, category):
    page.goto("/accounts/signup/")
    page.get_by_label("Email", exact=True).fill("newcomer@example.org")
    page.get_by_label("Username", exact=True).fill("newcomer")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/accounts/confirm-email/")

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[0].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()

    page.goto("/forum/new/")
    page.get_by_label("Category").select_option(label=category.name)
    page.get_by_label("Title").fill("Storytelling circle in Oldham")
    page.get_by_label("Your message").fill(
        "We are starting a storytelling circle for carers. #CoProduceGM\n\nAll welcome."
    )
    page.get_by_role("button", name="Preview").click()
    assert page.locator(".preview").inner_text().startswith("Preview")
    page.get_by_role("button", name="Start thread").click()
    page.wait_for_url(re.compile(r".*/forum/t/\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Storytelling circle in Oldham"
    assert Thread.objects.get().status == PostStatus.PUBLISHED

    page.get_by_role("link", name="#CoProduceGM").first.click()
    page.wait_for_url("**/forum/tags/coproducegm/")
    assert page.get_by_role("link", name="Storytelling circle in Oldham").is_visible()

    page.get_by_label("Search", exact=True).fill("storytelling carers")
    page.get_by_label("Search", exact=True).press("Enter")
    page.wait_for_url("**/forum/search/?q=*")
    assert page.get_by_role("link", name="Storytelling circle in Oldham").is_visible()


@pytest.fixture
def community(site_tree, member, other_member, category, thread_factory, post_factory):
    thread = thread_factory(
        category=category, author=member, title="Paying peer researchers fairly",
        body="We pay **£15 an hour** and cover travel. #PeerResearch",
    )
    for i in range(3):
        post_factory(thread=thread, author=other_member, body=f"Reply {i}: [our policy](https://example.org/p{i})")
    from cop.publishing import attach_hashtags

    attach_hashtags(thread, "#PeerResearch")
    return thread


def _pages(thread, member):
    return {
        "home": "/",
        "forum": "/forum/",
        "category": thread.category.get_absolute_url(),
        "thread": thread.get_absolute_url(),
        "tag": "/forum/tags/peerresearch/",
        "search": "/forum/search/?q=peer",
        "profile": member.get_absolute_url(),
        "sign-up": "/accounts/signup/",
        "log-in": "/accounts/login/",
    }


def test_pages_have_no_wcag_violations(page, community, member):
    problems = {}
    for name, url in _pages(community, member).items():
        response = page.goto(url)
        assert response.status == 200, f"{name} ({url}) answered {response.status}"
        found = axe_violations(page)
        if found:
            problems[name] = found
    log_in(page, member.username, PASSWORD)
    for name, url in {"thread signed in": community.get_absolute_url(),
                      "new thread": "/forum/new/", "notifications": "/forum/notifications/",
                      "edit profile": "/forum/members/me/edit/"}.items():
        page.goto(url)
        found = axe_violations(page)
        if found:
            problems[name] = found
    assert problems == {}


def test_pages_work_on_a_phone(phone_page, community, member):
    for name, url in _pages(community, member).items():
        phone_page.goto(url)
        overflow = phone_page.evaluate(
            "() => document.documentElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways on a phone by {overflow}px"
        assert axe_violations(phone_page) == [], name


def test_keyboard_reaches_the_reply_form_and_posts(page, community, member):
    log_in(page, member.username, PASSWORD)
    page.goto(community.get_absolute_url())
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    body = page.get_by_label("Your message")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.name") == "body":
            break
    assert body.evaluate("el => el === document.activeElement")
    page.keyboard.type("Thanks, this helps with our budget.")
    page.keyboard.press("Tab")  # Add pictures or documents (closed)
    page.keyboard.press("Tab")  # Preview
    page.keyboard.press("Tab")  # Post reply
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*#post-\d+$"))
    assert page.get_by_text("Thanks, this helps with our budget.").is_visible()


def test_axe_check_catches_a_real_violation(page):
    # Guards the accessibility tests above: an image with no text alternative must be reported.
    page.set_content("<html lang='en'><title>t</title><main><img src='x.png'></main></html>")
    assert "image-alt" in [v["id"] for v in axe_violations(page)]
