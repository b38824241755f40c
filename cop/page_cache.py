"""Whole pages kept for visitors who are not logged in.

A page that is the same for every such visitor (the forum index, a category, a thread, a tag, a
profile, the home and resource pages) is made once and then served from the cache until
something public changes: its key carries the forum generation (cop/aggregates.py), which every
publish, hold, edit, reaction, tidy and profile change raises. Only plain requests qualify: GET,
no session or messages cookie, and a response that sets no cookie, holds no form token and
leaves no message. Members' pages are always made afresh. FORUM_PAGE_CACHE_SECONDS = 0 turns it
off.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from cop import aggregates

# Headers of the view's response kept with the page; the middleware around it adds the rest
# (security headers, Vary) again on every answer.
_KEPT_HEADERS = ("Content-Type", "Content-Language", "X-Robots-Tag", "Link")
_MAX_BYTES = 512 * 1024
HIT_HEADER = "X-Page-Cache"


def for_visitors(view: Callable) -> Callable:
    """Mark a view whose answer is the same for every visitor who is not logged in."""
    view.cached_for_visitors = True
    return view


def _wagtail_serve() -> Callable | None:
    try:
        from wagtail.views import serve
    except ImportError:  # pragma: no cover - Wagtail is a dependency
        return None
    return serve


def _eligible_view(view_func: Callable) -> bool:
    return bool(getattr(view_func, "cached_for_visitors", False)) or view_func is _wagtail_serve()


def _plain_request(request: HttpRequest) -> bool:
    if request.method != "GET" or settings.FORUM_PAGE_CACHE_SECONDS <= 0:
        return False
    cookies = request.COOKIES
    # A session may hold a logged-in member, a half-finished sign-up or messages to show.
    return not (settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies)


def _key(request: HttpRequest) -> str:
    path = hashlib.sha256(
        f"{request.scheme}://{request.get_host()}{request.get_full_path()}".encode()
    ).hexdigest()[:32]
    return f"forum:page:{aggregates.generation()}:{get_language() or '-'}:{path}"


class VisitorPageCacheMiddleware:
    """Serves marked views from the cache for visitors with no session (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        key = getattr(request, "_visitor_page_key", None)
        if key and self._keepable(request, response):
            cache.set(key, (
                response.status_code,
                response.content,
                [(name, response[name]) for name in _KEPT_HEADERS if response.has_header(name)],
            ), settings.FORUM_PAGE_CACHE_SECONDS)
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if not _plain_request(request) or not _eligible_view(view_func):
            return None
        key = _key(request)
        kept = cache.get(key)
        if kept is None:
            request._visitor_page_key = key
            return None
        status, content, headers = kept
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response[HIT_HEADER] = "hit"
        return response

    @staticmethod
    def _keepable(request: HttpRequest, response: HttpResponse) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if len(response.content) > _MAX_BYTES:
            return False
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return False  # the page holds a form token of its own
        session = getattr(request, "session", None)
        if session is not None and session.modified:
            return False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return False
        messages = getattr(request, "_messages", None)
        return not (messages is not None and getattr(messages, "_queued_messages", None))
