"""The edit history page everyone can read, and the moderators' hide and show buttons."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cop import history, selectors
from cop.models import PostRevision
from moderation.permissions import is_moderator


def post_history(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.visible_post(pk=pk, user=request.user)
    if post is None:
        raise Http404("There is no such post, or it is not public.")
    moderator = is_moderator(request.user)
    versions = history.post_versions(post=post, moderator=moderator)
    return render(request, "cop/post_history.html", {
        "post": post, "versions": list(reversed(versions)), "is_moderator": moderator,
        "public_days": settings.FORUM_EDIT_HISTORY_PUBLIC_DAYS,
    })


@login_required
@require_POST
def change_revision_visibility(request: HttpRequest, pk: int) -> HttpResponse:
    if not is_moderator(request.user):
        return render(request, "403.html",
                      {"reason": _("Only moderators can hide a version of a post.")}, status=403)
    revision = get_object_or_404(PostRevision, pk=pk)
    if request.POST.get("action") == "show":
        history.show_revision(revision=revision)
        messages.success(request, _("That version is public again."))
    else:
        history.hide_revision(revision=revision, moderator=request.user,
                              reason=request.POST.get("reason", ""))
        messages.success(request, _("That version is hidden from members."))
    return redirect("cop:post_history", pk=revision.post_id)
