"""Plain words for a post's author about why it is waiting or was not published."""

from django import template

from moderation.screening.reasons import member_reason

register = template.Library()


@register.filter
def hold_reason(post) -> str:
    """Why the author's post is waiting (the wording lives in moderation.screening.reasons)."""
    return member_reason(post)
