"""Template tags that let forum pages mention the resource library."""

from django import template

from cms import selectors

register = template.Library()


@register.simple_tag
def resource_for_thread(thread):
    """The public resource a discussion thread was opened for, or None."""
    return selectors.resource_for_thread(thread=thread)
