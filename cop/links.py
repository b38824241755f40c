"""Addresses of forum objects (threads, posts, categories, tags) without running Django's URL
resolver for each one: a page lists dozens of them, and each `reverse()` walks the patterns.

The address is made once per route with a marker value, then the marker is replaced. Only
values that need no quoting (ids, ASCII slugs) take this path; anything else is reversed as
usual, so the result is always what `reverse()` gives."""

from __future__ import annotations

import re

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

MARK = "9876543210123"
_PLAIN = re.compile(r"[-a-zA-Z0-9_]+")
_made: dict[tuple, tuple[str, str] | None] = {}


def path_to(route: str, argument: str, value) -> str:
    """`reverse(route, kwargs={argument: value})`, quicker."""
    return _join(_parts(route, argument), route, argument, value)


def path_maker(route: str, argument: str):
    """`path_to` for one route, as a function of the value: for a list of addresses, the
    request's settings (URL configuration, script prefix, language) are read once."""
    parts = _parts(route, argument)
    return lambda value: _join(parts, route, argument, value)


def _parts(route: str, argument: str) -> tuple[str, str] | None:
    """The route's address before and after its value, under the request's settings."""
    key = (route, argument, settings.ROOT_URLCONF, get_urlconf(), get_script_prefix(),
           get_language())
    parts = _made.get(key, False)
    if parts is False:
        marked = reverse(route, kwargs={argument: MARK})
        parts = tuple(marked.split(MARK)) if marked.count(MARK) == 1 else None
        if len(_made) > 1000:
            _made.clear()
        _made[key] = parts
    return parts


def _join(parts: tuple[str, str] | None, route: str, argument: str, value) -> str:
    text = str(value)
    if (parts is None or value is None or (isinstance(value, int) and value < 0)
            or not _PLAIN.fullmatch(text)):
        return reverse(route, kwargs={argument: value})
    return f"{parts[0]}{text}{parts[1]}"
