"""Script injection: a corpus of payloads in every field a member or moderator writes, shown on
every page that displays it, public and moderator side, runs no script in a real browser."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cop.enums import PostStatus
from cop.models import Tag, ThreadTag
from moderation.enums import DecisionAction, ReportReason
from moderation.models import ModerationDecision, Report

from .conftest import log_in
from .test_moderation import moderator  # noqa: F401 - the moderator with admin access

PAYLOADS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=1">',
    "<svg onload=window.__xss=1>",
    '"><script>window.__xss=1</script>',
    "'><img src=x onerror=alert(1)>",
    '<a href="javascript:window.__xss=1">open</a>',
    '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
    "<details open ontoggle=window.__xss=1>",
    "[notes](javascript:window.__xss=1)",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
    "</textarea><script>window.__xss=1</script>",
    "<input autofocus onfocus=window.__xss=1>",
    "{{ request }}<style>*{background:url(javascript:window.__xss=1)}</style>",
    "<body onload=alert(document.domain)>",
]
ALL = " ".join(PAYLOADS)


@pytest.fixture
def hostile_forum(member_factory, moderator, category_factory, thread_factory,  # noqa: F811
                  post_factory):
    author = member_factory(display_name=PAYLOADS[1][:80], organisation=PAYLOADS[0],
                            bio=ALL[:600])
    category = category_factory(name="Shared practice")
    threads = [thread_factory(category=category, author=author, title=f"xss {payload}"[:160],
                              body=f"xss {ALL}") for payload in PAYLOADS]
    thread = threads[0]
    for payload in PAYLOADS[:4]:
        tag = Tag.objects.create(name=payload[:50], slug=f"xss-{len(payload)}")
        ThreadTag.objects.create(thread=thread, tag=tag)
    held = post_factory(thread=thread, author=author, body=f"xss {ALL}", status=PostStatus.HELD)
    published = thread.posts.get(is_opening=True)
    Report.objects.create(post=published, reporter=moderator, reason=ReportReason.SPAM,
                          details=ALL[:1000])
    ModerationDecision.objects.create(post=published, moderator=moderator,
                                      action=DecisionAction.APPROVE, reason=ALL)
    return {"author": author, "thread": thread, "held": held, "category": category,
            "tag": tag}


def _visit_all(page, paths) -> list[str]:
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"),
                                      dialog.dismiss()))
    ran = []
    for path in paths:
        response = page.goto(path)
        assert response.status < 400, path
        page.wait_for_load_state("load")
        if page.evaluate("() => window.__xss !== undefined"):
            ran.append(path)
        assert page.locator('a[href^="javascript:"]').count() == 0, path
    return ran + dialogs


def test_injected_payloads_run_no_script_on_public_and_moderator_pages(
    page, site_tree, hostile_forum, moderator  # noqa: F811
):
    thread, held = hostile_forum["thread"], hostile_forum["held"]
    public = [reverse("cop:index"), reverse("cop:category", args=[hostile_forum["category"].slug]),
              thread.get_absolute_url(), reverse("cop:search") + "?q=xss",
              reverse("cop:profile", args=[hostile_forum["author"].username]),
              reverse("cop:tag", args=[hostile_forum["tag"].slug]), reverse("cop:feed")]
    assert _visit_all(page, public) == []

    log_in(page, moderator.username, "a-long-test-password-42")
    moderator_side = public[:4] + [reverse("review:queue"), reverse("review:item", args=[held.pk]),
                                   reverse("review:audit_log"), reverse("review:dashboard")]
    assert _visit_all(page, moderator_side) == []
