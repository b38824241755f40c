"""The moderators' tidy page of a thread (move, merge, split), and the thread log's old address
(tidying is in the moderators' audit log)."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cop import selectors, tidy
from cop.models import Thread
from moderation.permissions import is_moderator


def moderators_only(view):
    @login_required
    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_moderator(request.user):
            return render(request, "403.html",
                          {"reason": _("Only moderators can tidy threads.")}, status=403)
        return view(request, *args, **kwargs)
    return guarded


def _thread(pk: int) -> Thread:
    return get_object_or_404(Thread.objects.select_related("category", "author"), pk=pk)


def _tidy_page(request: HttpRequest, thread: Thread, status: int = 200,
               error: str = "") -> HttpResponse:
    return render(request, "cop/tidy_thread.html", {
        "thread": thread, "error": error,
        "categories": selectors.visible_categories(user=request.user),
        "replies": thread.posts.filter(is_opening=False).select_related("author")
        .order_by("created_at", "pk")[:500],
        "actions": tidy.thread_actions(thread=thread)[:20],
    }, status=status)


@moderators_only
def tidy_thread(request: HttpRequest, pk: int) -> HttpResponse:
    return _tidy_page(request, _thread(pk))


@require_POST
@moderators_only
def tidy_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    thread = _thread(pk)
    note = request.POST.get("note", "")
    try:
        if action == "move":
            category = tidy.category_for(moderator=request.user,
                                         category_id=request.POST.get("category"))
            tidy.move_thread(thread=thread, category=category, moderator=request.user, note=note)
            messages.success(request, _("Moved to “%(name)s”.") % {"name": category.name})
            return redirect(thread)
        if action == "merge":
            target_id = request.POST.get("target", "").strip().lstrip("#")
            if not target_id.isdigit():
                raise tidy.TidyError(_("Give the number of the thread to merge into (it is in "
                                       "its address: /forum/t/NUMBER/)."))
            target = selectors.visible_thread(pk=int(target_id), user=request.user)
            if target is None:
                raise tidy.NotVisible(_("There is no thread %(n)s. Nothing was changed.")
                                      % {"n": target_id})
            tidy.merge_threads(source=thread, target=target, moderator=request.user, note=note)
            messages.success(request, _("Merged into “%(title)s”.") % {"title": target.title})
            return redirect(target)
        if action == "split":
            ids = request.POST.getlist("post")
            if not ids or any(not i.isdigit() for i in ids):
                raise tidy.TidyError(_("Please choose one or more replies to move."))
            category = tidy.category_for(moderator=request.user,
                                         category_id=request.POST.get("category"))
            done = tidy.split_thread(thread=thread, post_ids=[int(i) for i in ids],
                                     title=request.POST.get("title", ""), category=category,
                                     moderator=request.user, note=note)
            messages.success(request, _("The replies are now a thread of their own."))
            return redirect(done.thread)
    except tidy.TidyError as err:
        return _tidy_page(request, thread, status=err.status_code, error=str(err))
    raise Http404("There is no such action.")


@moderators_only
def thread_audit_log(request: HttpRequest) -> HttpResponse:
    """The thread log's old address: tidying is in the moderators' audit log now, in time
    order with their decisions; this leads there, showing tidying only."""
    return redirect(f"{reverse('review:audit_log')}?{urlencode({'source': 'threads'})}")
