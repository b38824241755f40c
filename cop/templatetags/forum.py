"""Template filters for member-written text; all of it goes through cop.markup."""

from django import template
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.utils.dateformat import format as format_date
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cop.markup import post_html, render_markdown, render_plain

register = template.Library()


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


@register.simple_tag
def search_result(hit):
    """One search result as a list item. Written in Python rather than as a template: a page
    of results is twenty of them, and the template version cost most of the page's time."""
    reply = hit.post is not None and not hit.post.is_opening
    title = _("Reply in “%(title)s”") % {"title": hit.title} if reply else hit.title
    snippet = format_html('<p class="search-snippet">{}</p>', hit.snippet) if hit.snippet else ""
    meta = ""
    if hit.thread is not None:
        post, thread = hit.post, hit.thread
        meta = format_html(
            '<p class="meta">{} <time datetime="{}">{}</time> · <a href="{}">{}</a> · {}</p>',
            _("Written by %(name)s") % {"name": post.author.public_name},
            format_date(post.created_at, "c"), naturaltime(post.created_at),
            thread.category.get_absolute_url(), thread.category.name,
            ngettext("%(counter)s post", "%(counter)s posts", thread.reply_total)
            % {"counter": thread.reply_total},
        )
    return format_html(
        '<li class="search-result"><p class="resource-kind"><span class="tag-label">{}</span>'
        '</p><h3 class="thread-title"><a href="{}">{}</a></h3>{}{}</li>',
        hit.kind, hit.url, title, snippet, meta,
    )
