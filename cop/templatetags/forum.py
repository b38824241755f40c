"""Template filters for member-written text; all of it goes through cop.markup."""

import functools

from django import template
from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from cop.links import path_to
from cop.markup import post_html, render_markdown, render_plain

register = template.Library()


@register.simple_tag
def path(route: str, **argument) -> str:
    """`{% path 'cop:post' pk=post.pk %}`: as `{% url %}` with one named argument, made
    without the URL resolver (cop.links); a thread page has a hundred of them."""
    ((name, value),) = argument.items()
    return path_to(route, name, value)


@register.filter(name="markdown")
def markdown_filter(text: str):
    return render_markdown(text)


@register.filter(name="excerpt")
def excerpt_filter(text: str, words: int = 30) -> str:
    return Truncator(render_plain(text)).words(words)


@register.filter(name="post_html")
def post_html_filter(post):
    """A post's body as HTML: its stored rendering while current, else rendered now."""
    return post_html(post)


def _fill(sentence: str, **values) -> SafeString:
    """A translated sentence with its placeholders filled, the sentence and every plain value
    escaped (a value that is already HTML, like a <time>, is kept)."""
    return mark_safe(  # noqa: S308 - every part escaped just here
        conditional_escape(sentence) % {k: conditional_escape(v) for k, v in values.items()})


@functools.lru_cache(maxsize=2048)
def _posts(language: str, total: int) -> str:
    """"12 posts" in the active language (the key names it), worked out once per number."""
    return ngettext("%(counter)s post", "%(counter)s posts", total) % {"counter": total}


@functools.lru_cache(maxsize=64)
def _month_names(language: str, *, short: bool = False) -> dict[int, str]:
    """The months' names in the active language (the key names it), as "F" writes them, or
    as "M" does when `short`."""
    if short:
        return {number: str(name).title() for number, name in MONTHS_3.items()}
    return {number: str(name) for number, name in MONTHS.items()}


@register.simple_tag
def moment(value):
    """`<time>` for a moment, in the site's time zone: as `|date:"j M Y, H:i"` inside,
    `|date:"c"` as its `datetime`, at a fraction of the two filters' cost (a list of 30
    notices spent a seventh of its page on them)."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    month = _month_names(get_language(), short=True)[local.month]
    return format_html('<time datetime="{}">{} {} {}, {}</time>', local.isoformat(),
                       local.day, month, local.year, f"{local:%H:%M}")


@register.simple_tag
def search_results(hits):
    """A page of search results as list items. Written in Python rather than as a template
    (twenty results cost most of the page's time that way), with each sentence translated once
    per page (each count and month name once per language), and the date a post was written
    rather than how long ago: a date reads the same however old the result, and costs a tenth
    as much to write."""
    written_by = _("Written by %(name)s on %(date)s")
    language = get_language()
    months = _month_names(language)
    reply_in = _("Reply in “%(title)s”")
    items = []
    for hit in hits:
        title = reply_in % {"title": hit.title} if hit.is_reply else hit.title
        snippet = ""
        if hit.snippet:
            snippet = format_html('<p class="search-snippet">{}</p>', hit.snippet)
        meta = ""
        if hit.post_id is not None:
            when = hit.written_at
            written = format_html('<time datetime="{}">{} {} {}</time>', when.isoformat(),
                                  when.day, months[when.month], when.year)
            meta = format_html(
                '<p class="meta">{} · <a href="{}">{}</a> · {}</p>',
                _fill(written_by, name=hit.author_name, date=written),
                hit.category_url, hit.category_name, _posts(language, hit.post_total),
            )
        items.append(format_html(
            '<li class="search-result"><p class="resource-kind"><span class="tag-label">{}</span>'
            '</p><h3 class="thread-title"><a href="{}">{}</a></h3>{}{}</li>',
            hit.kind, hit.url, title, snippet, meta,
        ))
    return mark_safe("".join(items))  # noqa: S308 - each item built by format_html above
