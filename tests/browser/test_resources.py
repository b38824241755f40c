"""A toolkit's journey in a real browser: written and submitted by an editor in the Wagtail
admin, approved by a moderator, found and discussed by a practitioner; and axe-core checks of
the public resource pages."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from cms.models import ResourceIndexPage, ResourcePage
from cop.enums import PostStatus
from cop.models import Tag
from tests.browser.conftest import axe_violations, log_in
from tests.conftest import PASSWORD, _rebuild_what_the_migrations_wrote

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def editor(library, member_factory):
    user = member_factory(username="eddie", display_name="Eddie Brennan")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def library():
    if not ResourceIndexPage.objects.exists():
        _rebuild_what_the_migrations_wrote()
    return ResourceIndexPage.objects.get()


@pytest.fixture
def second_page(browser, live_server):
    """A second person's browser, signed in separately from `page`."""
    context = browser.new_context(base_url=live_server.url,
                                  viewport={"width": 1280, "height": 900})
    other = context.new_page()
    other.set_default_timeout(15_000)
    yield other
    context.close()


def _write_toolkit_in_admin(page, library, tmp_path):
    checklist = tmp_path / "survey-checklist.txt"
    checklist.write_text("Questions to ask before you write a survey together.\n")

    page.goto(f"/admin/pages/add/cms/resourcepage/{library.pk}/")
    page.locator("#id_title").fill("Co-designing a survey with residents")
    page.get_by_role("textbox", name="Summary*").fill(
        "Write your survey questions with the people who will answer them."
    )
    page.get_by_label("#Toolkit").check()
    page.get_by_role("button", name="Insert a block").click()
    page.get_by_role("option", name="Document download").click()
    page.get_by_role("button", name="Choose a document").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("tab", name="Upload").click()
    dialog.get_by_label("Title*").fill("Survey checklist")
    dialog.get_by_label("File*").set_input_files(str(checklist))
    dialog.get_by_role("button", name="Upload").click()
    page.locator("[data-chooser-title]", has_text="Survey checklist").wait_for()

    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to Review before publishing").click()
    page.get_by_text("submitted for moderation").wait_for()


def test_editor_submits_moderator_approves_practitioner_discusses(
    library, page, second_page, editor, moderator, member, tmp_path
):
    Tag.objects.create(name="Toolkit", slug="toolkit")

    log_in(page, editor.username, PASSWORD)
    _write_toolkit_in_admin(page, library, tmp_path)
    toolkit = ResourcePage.objects.get(title="Co-designing a survey with residents")
    assert not toolkit.live and toolkit.discussion_thread is None
    assert [block.value["document"].title for block in toolkit.get_latest_revision_as_object().body
            if block.block_type == "document"] == ["Survey checklist"]
    assert [m.to for m in mail.outbox] == [[moderator.email]]

    log_in(second_page, moderator.username, PASSWORD)
    second_page.goto("/admin/")
    second_page.get_by_role("link", name="Co-designing a survey with residents").click()
    second_page.get_by_role("button", name="More actions").click()
    second_page.get_by_role("button", name="Approve and Publish").click()
    second_page.get_by_text("has been updated").wait_for()

    toolkit.refresh_from_db()
    assert toolkit.live
    thread = toolkit.discussion_thread
    assert thread is not None and thread.author == editor
    assert any(m.to == [editor.email] and "approved" in m.subject.lower() for m in mail.outbox)

    # A practitioner finds the toolkit with the one search box and joins its discussion.
    page.context.clear_cookies()
    log_in(page, member.username, PASSWORD)
    page.get_by_label("Search", exact=True).fill("survey residents")
    page.get_by_label("Search", exact=True).press("Enter")
    page.wait_for_url("**/forum/search/?q=*")
    result = page.locator(".search-result", has=page.get_by_text("Resource", exact=True))
    result.get_by_role("link", name="Co-designing a survey with residents").click()
    page.wait_for_url(f"**{toolkit.url}")
    assert page.get_by_role("link", name=re.compile(r"Download: Survey checklist")).is_visible()

    page.get_by_role("link", name="Reply in the discussion").click()
    page.get_by_label("Your message").fill(
        "We used this with our carers group in Bolton. Reading the questions aloud together "
        "helped a lot."
    )
    page.get_by_role("button", name="Post reply").click()
    page.wait_for_url(re.compile(r".*#post-\d+$"))
    reply = thread.posts.get(is_opening=False)
    assert reply.author == member and reply.status == PostStatus.PUBLISHED

    page.goto(toolkit.url)
    discussion = page.get_by_role("region", name="Discussion")
    assert discussion.get_by_text("helped a lot").is_visible()
    assert discussion.get_by_text("1 reply so far").is_visible()


@pytest.fixture
def published_toolkit(library, editor, member, post_factory, tmp_path):
    gm, _ = Tag.objects.get_or_create(slug="coproducegm", defaults={"name": "CoProduceGM"})
    toolkit = ResourcePage(
        title="Planning together toolkit", slug="planning-together", live=False, owner=editor,
        summary="Plan a co-produced project with the people it is for.",
        authors="Sam Patel", organisation="Commons Network",
        body=[
            {"type": "paragraph", "value": "<p>Start with a conversation.</p>"},
            {"type": "steps", "value": {"title": "How to use it", "steps": [
                {"title": "Invite widely", "text": "<p>Ask people first.</p>"},
                {"title": "Agree payment", "text": "<p>Before the first meeting.</p>"},
            ]}},
            {"type": "callout", "value": {"title": "A tip", "text": "<p>Stop and ask.</p>"}},
            {"type": "quote", "value": {"quote": "It changed how we meet.",
                                        "attribution": "A member"}},
        ],
    )
    toolkit.topic_tags = [gm]
    library.add_child(instance=toolkit)
    toolkit.save_revision(user=editor).publish()
    toolkit.refresh_from_db()
    post_factory(thread=toolkit.discussion_thread, author=member, body="We tried it. **Good.**")
    return toolkit


def test_resource_pages_have_no_wcag_violations(page, phone_page, published_toolkit, library):
    pages = {
        "home": "/",
        "library filtered": f"{library.url}?type=toolkit&topic=coproducegm&audience=researchers",
        "library with a bad filter": f"{library.url}?type=spaceship",
        "resource": published_toolkit.url,
        "tag with resources": "/forum/tags/coproducegm/",
        "search": "/forum/search/?q=planning",
    }
    problems = {}
    for viewer in (page, phone_page):
        for name, url in pages.items():
            viewer.goto(url)
            found = axe_violations(viewer)
            if found:
                problems[f"{name} ({viewer.viewport_size['width']}px)"] = found
            overflow = viewer.evaluate(
                "() => document.documentElement.scrollWidth - window.innerWidth"
            )
            assert overflow <= 0, f"{name} scrolls sideways by {overflow}px"
    assert problems == {}
