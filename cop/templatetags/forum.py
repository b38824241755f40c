"""Template filters for member-written text; all of it goes through cop.markup."""

from django import template
from django.utils.text import Truncator

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
