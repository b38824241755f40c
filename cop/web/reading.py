"""Jump to the first unread post of a thread, and mark everything read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cop import reading, selectors
from cop.web.common import back_to, thread_or_404


@login_required
def first_unread(request: HttpRequest, pk: int) -> HttpResponse:
    thread = thread_or_404(request, pk)
    posts = selectors.thread_posts(thread=thread, user=request.user)
    post = reading.first_unread_post(user=request.user, thread=thread, posts=posts)
    if post is None:
        return redirect(thread)
    return redirect("cop:post", pk=post.pk)


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    reading.mark_all_read(user=request.user)
    messages.success(request, _("Everything is marked as read. New posts will show from now."))
    return redirect(back_to(request, "/forum/"))
