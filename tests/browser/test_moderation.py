"""The moderators' side in a real browser: spam held and rejected by keyboard, a trusted
member published at once, reports hiding a post, the audit log, and axe-core checks."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from cop.enums import PostStatus
from cop.models import Post, ReadState, Thread
from moderation.enums import ReportReason
from moderation.permissions import MODERATORS_GROUP
from moderation.reports import report_post
from tests.browser.conftest import axe_violations, log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

SPAM_TITLE = "How I became rich with a blank ATM card"
SPAM_BODY = (
    "I lost my job last year and could not pay my rent. Then a friend told me about a "
    "programmed blank ATM card that lets you withdraw up to $5,000 a day from any cash machine. "
    "I emailed the hackers and got my card in three days, and now I am free of debt. "
    "Email the hackers today at atmcardwizards@gmail.com and change your life too!"
)
EVENT_TITLE = "Co-production Week storytelling evening in Bolton"
EVENT_BODY = (
    "We are hosting a storytelling evening for Co-production Week, with peer researchers "
    "sharing what they learned from the tenants' panel. Free tickets: "
    "https://www.eventbrite.co.uk/e/coproduction-week-storytelling-tickets-55512345"
)


@pytest.fixture
def trusted_member(member_factory, category, thread_factory):
    """A member of long standing: an old account with many published posts (trust level 3)."""
    from moderation.screening.trust import TRUSTED, standing

    user = member_factory(username="priya", display_name="Priya Shah")
    user.date_joined = timezone.now() - timedelta(days=400)
    user.save(update_fields=["date_joined"])
    thread = thread_factory(category=category, author=user, title="Our peer research notes")
    Post.objects.bulk_create([
        Post(thread=thread, author=user, body=f"Notes from session {i}",
             status=PostStatus.PUBLISHED, created_at=timezone.now() - timedelta(days=i))
        for i in range(60)
    ])
    # ...who has read the network's threads as long (trust counts posts read).
    notes = thread_factory(category=category, title="Network notes")
    Post.objects.bulk_create([
        Post(thread=notes, author=notes.author, body=f"Network note {i}",
             status=PostStatus.PUBLISHED, created_at=timezone.now() - timedelta(hours=i + 1))
        for i in range(600)
    ])
    ReadState.objects.create(user=user, thread=notes, read_until=timezone.now())
    assert standing(user).level == TRUSTED
    return user


@pytest.fixture
def moderator(moderator):
    """The Moderators group's admin access comes from a migration; tests that flush the
    database (as browser tests do) lose it, so give it back."""
    from django.contrib.auth.models import Permission

    group = moderator.groups.get(name=MODERATORS_GROUP)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    return moderator


def _start_thread(page, category, title: str, body: str) -> None:
    page.goto("/forum/new/")
    page.get_by_label("Category").select_option(label=category.name)
    page.get_by_label("Title").fill(title)
    page.get_by_label("Your message").fill(body)
    page.get_by_role("button", name="Start thread").click()
    page.wait_for_load_state()


def _log_out(page) -> None:
    page.context.clear_cookies()


def test_moderator_clears_spam_by_keyboard_and_the_audit_log_shows_all_three(
    page, category, member_factory, moderator, trusted_member, thread_factory
):
    # A new account posts the ATM card testimony through the new-thread page.
    newcomer = member_factory(username="richquick")
    log_in(page, newcomer.username, PASSWORD)
    _start_thread(page, category, SPAM_TITLE, SPAM_BODY)
    spam = Thread.objects.get(title=SPAM_TITLE)
    spam_post = spam.posts.get()
    assert spam_post.status in {PostStatus.HELD, PostStatus.QUARANTINED}
    assert "flagged" not in page.content().lower()

    # A trusted member's event with a ticket link is published at once.
    _log_out(page)
    log_in(page, trusted_member.username, PASSWORD)
    _start_thread(page, category, EVENT_TITLE, EVENT_BODY)
    event = Thread.objects.get(title=EVENT_TITLE)
    assert event.status == PostStatus.PUBLISHED

    # Enough reports hide a post.
    reported = thread_factory(category=category, title="Visit my channel for daily vlogs",
                              body="Subscribe to my channel, link in bio!").posts.get()
    reporters = [member_factory(username=f"reporter{i}") for i in range(12)]
    for reporter in reporters:
        report_post(post=reported, reporter=reporter, reason=ReportReason.SPAM)
        reported.refresh_from_db()
        if reported.status != PostStatus.PUBLISHED:
            break
    assert reported.status == PostStatus.HELD

    # A visitor never sees the spam, and no longer sees the reported post; the event is public.
    _log_out(page)
    assert page.goto(spam.get_absolute_url()).status == 404
    assert page.goto(f"/forum/p/{spam_post.pk}/").status == 404
    assert page.goto(reported.thread.get_absolute_url()).status == 404
    page.goto("/forum/")
    listing = page.content()
    assert SPAM_TITLE not in listing and "Visit my channel" not in listing
    assert EVENT_TITLE in listing
    assert page.goto(event.get_absolute_url()).status == 200

    # The moderator finds the spam in the queue, with its contact and money signals.
    log_in(page, moderator.username, PASSWORD)
    page.goto(f"/admin/moderation/posts/{spam_post.pk}/")
    item_text = page.locator("#review-content").inner_text()
    assert "Email address atmcardwizards@gmail.com" in item_text
    assert "free webmail address" in item_text
    assert re.search(r"money|get-rich", item_text, re.IGNORECASE)

    page.goto("/admin/moderation/")
    titles = page.locator("[data-review-item] h2").all_inner_texts()
    assert SPAM_TITLE in titles and "Visit my channel for daily vlogs" in titles
    assert EVENT_TITLE not in titles
    target = titles.index(SPAM_TITLE)

    # j to the item (going one past and back with k when there is one), then r to reject.
    page.locator("body").click(position={"x": 5, "y": 5})
    for _ in range(target + 1):
        page.keyboard.press("j")
    if target + 1 < len(titles):
        page.keyboard.press("j")
        page.keyboard.press("k")
    assert page.evaluate("() => document.querySelector('.is-current').id") == \
        f"item-{spam_post.pk}"
    with page.expect_navigation():
        page.keyboard.press("r")
    spam_post.refresh_from_db()
    assert spam_post.status == PostStatus.REJECTED
    assert "Not published: 1 post." in page.content()
    titles = page.locator("[data-review-item] h2").all_inner_texts()
    assert SPAM_TITLE not in titles

    # The reported post is upheld with its button, still without the mouse: Tab and Enter.
    reject = page.locator(f"button[value='{reported.pk}:reject']")
    reject.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    reported.refresh_from_db()
    assert reported.status == PostStatus.REJECTED

    # The audit log shows all three: the rejected spam, the published event, the hidden post.
    page.goto("/admin/moderation/audit-log/")
    rows = page.locator("#review-content tbody tr").all_inner_texts()
    spam_rows = [row for row in rows if SPAM_TITLE in row]
    assert any("Rejected" in row and moderator.username in row for row in spam_rows)
    assert any("Spam check: held for review" in row or "Spam check: quarantined" in row
               for row in spam_rows)
    assert any(EVENT_TITLE in row and "Spam check: published" in row for row in rows)
    assert any("Visit my channel" in row and "Rejected" in row for row in rows)


def test_review_pages_have_no_wcag_violations(page, moderator, category, member_factory,
                                              thread_factory):
    from moderation.decisions.decide import decide_post
    from moderation.screening.service import screen_post

    author = member_factory(username="spammer")
    spam = Post.objects.create(
        thread=Thread.objects.create(category=category, author=author, title=SPAM_TITLE),
        author=author, body=SPAM_BODY, is_opening=True,
    )
    screen_post(post=spam)
    other = thread_factory(category=category, title="Thanks for sharing",
                           status=PostStatus.HELD).posts.get()
    screen_post(post=other)
    decided = thread_factory(category=category, title="Tenant panel minutes").posts.get()
    screen_post(post=decided)
    decide_post(post=decided, moderator=moderator, action="approve")

    log_in(page, moderator.username, PASSWORD)
    problems = {}
    for name, url in {
        "queue": "/admin/moderation/",
        "item": f"/admin/moderation/posts/{spam.pk}/",
        "campaign": f"/admin/moderation/posts/{spam.pk}/campaign/",
        "audit log": "/admin/moderation/audit-log/",
        "dashboard": "/admin/moderation/dashboard/",
    }.items():
        assert page.goto(url).status == 200, name
        found = axe_violations(page)
        if found:
            problems[name] = found
    assert problems == {}


def test_queue_shortcuts_do_not_fire_while_typing(page, moderator, category, thread_factory):
    post = thread_factory(category=category, title="Held for a look",
                          status=PostStatus.HELD).posts.get()
    log_in(page, moderator.username, PASSWORD)
    page.goto("/admin/moderation/")
    page.get_by_label("Note (optional)").fill("jar")  # j, a and r typed into the note
    post.refresh_from_db()
    assert post.status == PostStatus.HELD
    assert page.locator(".is-current").count() == 0
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("j")
    page.keyboard.press("x")
    assert page.locator(f"#select-{post.pk}").is_checked()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert f"/admin/moderation/posts/{post.pk}/" in page.url
