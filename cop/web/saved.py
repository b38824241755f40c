"""Saved posts (bookmarks) and the draft a member is writing."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cop import bookmarks, drafts
from cop.errors import ForumError
from cop.web.common import back_to, page_or_404, post_or_404, thread_or_404


@login_required
@require_POST
def toggle_bookmark(request: HttpRequest, pk: int) -> HttpResponse:
    post = post_or_404(request, pk)
    if bookmarks.toggle_bookmark(user=request.user, post=post):
        messages.success(request, _("Saved. You can find it again under “Saved posts”."))
    else:
        messages.success(request, _("Removed from your saved posts."))
    return redirect(back_to(request, post.get_absolute_url()))


@login_required
def saved_posts(request: HttpRequest) -> HttpResponse:
    page = page_or_404(request, bookmarks.saved_posts(user=request.user),
                 settings.FORUM_THREADS_PER_PAGE)
    return render(request, "cop/saved_posts.html", {"page": page})


@login_required
@require_POST
def save_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """Called by the reply form's script every few seconds while the member writes."""
    thread = thread_or_404(request, pk)
    try:
        draft = drafts.save_draft(user=request.user, thread=thread,
                                  body=request.POST.get("body", ""))
    except ForumError as err:
        return JsonResponse({"saved": False, "message": str(err)}, status=err.status_code)
    if draft is None:
        return JsonResponse({"saved": False, "message": ""})
    when = time_format(timezone.localtime(draft.updated_at), "H:i")
    return JsonResponse({"saved": True, "message": _("Draft saved at %(time)s.") % {"time": when}})
