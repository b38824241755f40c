"""Plain words for a post's author about why it is waiting or was not published."""

from django import template

from cop.enums import PostStatus

register = template.Library()

REASONS = {
    "classifier_unavailable": "Our automatic check was not available just then, so a "
                              "moderator will look at it instead.",
    "reported": "Some members asked a moderator to look at it.",
    "new_member": "Posts from new members that include links or contact details are checked by "
                  "a person first.",
    "check": "Our automatic check was not sure about it, so a moderator will take a look.",
}


@register.filter
def hold_reason(post) -> str:
    """Why the author's post is waiting, from its latest screening (prefetched as `scores`)."""
    if post.status == PostStatus.REJECTED:
        return "A moderator decided not to publish it."
    scores = sorted(post.scores.all(), key=lambda s: (s.created_at, s.pk), reverse=True)
    latest = scores[0] if scores else None
    if latest is None or latest.outcome == PostStatus.PUBLISHED:
        return REASONS["reported"] if post.status == PostStatus.HELD else ""
    if any(rule.get("name") == "classifier_unavailable" for rule in latest.rules):
        return REASONS["classifier_unavailable"]
    if any(rule.get("name") == "new_member_links" for rule in latest.rules):
        return REASONS["new_member"]
    return REASONS["check"]
