"""Property-based tests: hostile input in every query parameter and every form of the site's own
pages, as a visitor, a member and a moderator, never gives a 500 and never half-saves anything.

The pages are found by walking the URL resolver (cop.urls, including the review area mounted in
the Wagtail admin) and the forms by reading each page's HTML, so a new page or field is fuzzed
without editing this file. Examples are derandomised: a CI failure reproduces locally.
"""

from __future__ import annotations

import itertools
import re
import sys
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import NoReverseMatch, Resolver404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cop.models import Thread
from tests.conftest import PersonClient

OURS = ("cop.", "moderation.", "cms.")
EXAMPLES = 4  # per page or form, per role: about a thousand requests in all
CASES = itertools.count()
# Query parameters any page might read, on top of those its own GET forms name.
COMMON_PARAMS = ["page", "q", "sort", "status", "next", "quote", "tag", "kind", "campaign",
                 "topic", "reason", "category", "author", "since", "id"]
COMMON_FIELDS = ["id", "action", "kind", "next", "quote", "body", "title", "note", "reason"]

HOSTILE = [
    "", " ", "0", "-1", "-99999999999999999999", "99999999999999999999", str(2**63), str(2**31),
    "1e309", "NaN", "١٢٣", "'; DROP TABLE cop_post; --", "' OR '1'='1", '"', '""', "a\"b",
    "<script>window.__xss=1</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)",
    "{{ 7*7 }}", "%s%s%n", "../../etc/passwd", "\r\nBcc: x@example.org", "\u202eevil",
    "\ufeff", "\U0001F600" * 50, "x" * 70_000, "#" * 5_000, "https://" + "a" * 3000 + ".example",
    "AND OR NOT NEAR *", "a*", "(", ")", "\\", "%", "_",
]
# Text Django's test client can send: any unicode but lone surrogates; NUL and the other
# control characters are kept, they are what a hand-made request can carry.
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
VALUE = st.one_of(st.sampled_from(HOSTILE), TEXT,
                  st.integers(min_value=-(2**70), max_value=2**70).map(str))


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            view = getattr(pattern.callback, "view_class", pattern.callback)
            if view.__module__.startswith(OURS):
                yield ":".join(filter(None, [namespace, pattern.name])), pattern


def _our_urls(forum) -> list[str]:
    """Every named address of our own views, filled in with rows of the small forum."""
    thread, post, held, reply = forum["thread"], forum["post"], forum["held"], forum["reply"]
    args_for = {"pk": post.pk, "post_id": held.pk, "slug": forum["category"].slug,
                "username": reply.author.username}
    by_name = {"cop:thread": {"pk": thread.pk}, "cop:reply": {"pk": thread.pk},
               "cop:edit_post": {"pk": reply.pk}, "cop:tag": {"slug": "payment"},
               "cop:tag_feed": {"slug": "payment"}}
    urls = {"/"}
    for name, pattern in _walk(get_resolver().url_patterns):
        keys = re.findall(r"<(?:\w+:)?(\w+)>", str(pattern.pattern))
        kwargs = by_name.get(name) or {key: args_for[key] for key in keys if key in args_for}
        try:
            urls.add(reverse(name, kwargs=kwargs or None))
        except NoReverseMatch:
            pass  # an address whose arguments this forum has no row for
    return sorted(urls)


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, str, set[str]]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(((attrs.get("method") or "get").lower(), attrs.get("action") or "",
                               set()))
        elif tag in {"input", "textarea", "select", "button"} and self.forms and attrs.get("name"):
            self.forms[-1][2].add(attrs["name"])


def _ours(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    view = getattr(match.func, "view_class", match.func)
    return view.__module__.startswith(OURS)


HUGE_ID = "99999999999999999999"


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count()
            for app in ("cop", "moderation") for model in apps.get_app_config(app).get_models()}


def _fuzz(client, method: str, path: str, fields: set[str], failures: list, role: str) -> None:
    names = sorted(fields | set(COMMON_PARAMS if method == "get" else COMMON_FIELDS))
    data_strategy = st.dictionaries(st.sampled_from(names), VALUE, max_size=len(names))

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck), print_blob=False)
    @given(data=data_strategy)
    def one_request(data):
        next(CASES)
        before = _row_counts() if method == "post" else None
        try:
            response = getattr(client, method)(path, data)
        except Exception as error:  # noqa: BLE001 - reported with the input that caused it
            failures.append((role, method.upper(), path, data, f"{type(error).__name__}: {error}"))
            return
        if response.status_code >= 500:
            failures.append((role, method.upper(), path, data, response.status_code))
        if method == "post" and response.status_code >= 400:
            after = _row_counts()
            changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
            if changed:
                failures.append((role, "POST", path, data, f"refused but saved {changed}"))
        assert not Thread.objects.exclude(posts__is_opening=True).exists(), "thread without post"

    one_request()


@pytest.mark.parametrize("role", ["visitor", "member", "moderator"])
def test_hostile_input_on_every_page_and_form_gives_no_500(role, request, small_forum):
    client = PersonClient()
    if role != "visitor":
        client.force_login(request.getfixturevalue(role))
    pages = _our_urls(small_forum)
    forms: dict[tuple[str, str], set[str]] = {}
    for path in pages:
        response = client.get(path)
        assert response.status_code < 500, path
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            parser = _Forms()
            parser.feed(response.content.decode())
            for method, action, fields in parser.forms:
                target = urlsplit(action).path or path
                if target.startswith("/") and _ours(target):
                    forms.setdefault((method, target), set()).update(fields)
    for path in pages:  # every address also takes a POST, form or not
        forms.setdefault(("post", path), set())
        forms.setdefault(("get", path), set())

    failures: list = []
    start = next(CASES)
    for (method, path), fields in sorted(forms.items()):
        if role != "visitor" and path.startswith("/accounts/"):
            continue
        _fuzz(client, method, path, fields - {"csrfmiddlewaretoken"}, failures, role)
    cases = next(CASES) - start - 1
    sys.stderr.write(f"\n{role}: {cases} fuzz cases over {len(forms)} pages and forms\n")
    report = "\n".join(f"{r} {m} {p} {d!r:.300} -> {e!s:.300}" for r, m, p, d, e in failures)
    assert not failures, f"{len(failures)} failing inputs:\n{report}"


def test_marking_a_notice_with_a_huge_id_is_refused(member):
    client = PersonClient()
    client.force_login(member)
    assert client.post("/forum/notifications/", {"id": HUGE_ID}).status_code == 400


def test_following_a_huge_id_is_refused(member):
    client = PersonClient()
    client.force_login(member)
    response = client.post("/forum/follow/", {"kind": "thread", "id": HUGE_ID})
    assert response.status_code in {400, 404}


def test_deciding_with_a_next_that_is_not_a_path_goes_back_to_the_queue(moderator, small_forum):
    moderator.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = PersonClient()
    client.force_login(moderator)
    response = client.post("/admin/moderation/decide/", {"next": "-5899875", "kind": "x"})
    assert response.status_code in {302, 400}
    if response.status_code == 302:
        assert response["Location"] == "/admin/moderation/"
