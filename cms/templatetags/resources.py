"""Template tags that let forum pages mention the resource library."""

from django import template

from cms import selectors

register = template.Library()


@register.simple_tag
def resource_for_thread(thread):
    """The public resource a discussion thread was opened for, or None."""
    return selectors.resource_for_thread(thread=thread)


@register.simple_tag
def resources_for_tag(tag):
    """A few public resources about a forum tag, newest first."""
    return selectors.resources_for_tag(tag=tag)


@register.simple_tag
def library_page():
    """The resource library's page, or None before it is published."""
    return selectors.library_page()
