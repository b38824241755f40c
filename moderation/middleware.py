"""Keeps the review pages in the Wagtail admin to moderators, answering others with 403."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseForbidden
from django.template.loader import render_to_string

from moderation.permissions import is_moderator

# The URL namespace of the review pages (see moderation/web/urls.py).
NAMESPACE = "review"


class ReviewAreaGuard:
    """Wagtail redirects members without admin access to its log-in page and turns a raised
    PermissionDenied into a redirect to the dashboard; the review pages must instead say no
    plainly, so this runs before the admin's own checks. Visitors who are not signed in still
    go to the log-in page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or NAMESPACE not in match.namespaces:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or is_moderator(user):
            return None
        return HttpResponseForbidden(render_to_string("403.html", request=request))
