"""Saved posts (bookmarks) and the drafts a member is writing (replies and new threads)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cop import bookmarks, drafts, selectors
from cop.errors import ForumError
from cop.ids import parse_id
from cop.models import Category, ThreadDraft
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
    return JsonResponse({"saved": True, "message": _saved_at(draft.updated_at)})


def _saved_at(moment) -> str:
    when = time_format(timezone.localtime(moment), "H:i")
    return _("Draft saved at %(time)s.") % {"time": when}


def thread_draft_category(request: HttpRequest) -> Category | None:
    """The category a new-thread form names, if this member can see it."""
    pk = parse_id(request.POST.get("category", ""))
    if pk is None:
        return None
    return selectors.visible_categories(user=request.user).filter(pk=pk).first()


def keep_thread_draft(request: HttpRequest) -> ThreadDraft | None:
    """Save what a new-thread form sent as the member's draft (before anything can refuse
    it). Raises ForumError when it is too long to keep; returns None when there was nothing
    to keep or no category it could be kept under."""
    category = thread_draft_category(request)
    if category is None:
        return None
    return drafts.save_thread_draft(
        user=request.user, category=category, title=request.POST.get("title", ""),
        body=request.POST.get("body", ""),
        moved_from=parse_id(request.POST.get("draft_category", "")),
    )


@login_required
@require_POST
def save_thread_draft(request: HttpRequest) -> HttpResponse:
    """Called by the new-thread form's script a moment after each pause in writing."""
    if thread_draft_category(request) is None:
        raise Http404(_("There is no such category."))
    try:
        draft = keep_thread_draft(request)
    except ForumError as err:
        return JsonResponse({"saved": False, "message": str(err)}, status=err.status_code)
    if draft is None:
        return JsonResponse({"saved": False, "message": ""})
    return JsonResponse({"saved": True, "category": draft.category_id,
                         "message": _saved_at(draft.updated_at)})
