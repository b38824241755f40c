"""Moderators pin, close and reopen threads; askers (or moderators) choose the answer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cop import answers, thread_states
from cop.errors import ForumError
from cop.thread_states import ThreadAction
from cop.web.common import post_or_404, refused, thread_or_404

DONE = {
    ThreadAction.PIN: gettext_lazy("Pinned: it now shows first in its category."),
    ThreadAction.UNPIN: gettext_lazy("No longer pinned."),
    ThreadAction.START_HERE: gettext_lazy("This is now the thread newcomers are pointed to first."),
    ThreadAction.NOT_START_HERE: gettext_lazy("Newcomers are no longer pointed to this thread."),
    ThreadAction.CLOSE: gettext_lazy("Closed. Members can read it but not reply."),
    ThreadAction.REOPEN: gettext_lazy("Reopened for replies."),
}


@login_required
@require_POST
def moderate_thread(request: HttpRequest, pk: int) -> HttpResponse:
    thread = thread_or_404(request, pk)
    action = request.POST.get("action", "")
    user = request.user
    try:
        if action not in ThreadAction.values:
            raise ForumError(_("Please choose pin, unpin, start here, close or reopen."))
        if action in (ThreadAction.PIN, ThreadAction.UNPIN):
            thread_states.set_pinned(moderator=user, thread=thread,
                                     pinned=action == ThreadAction.PIN)
        elif action in (ThreadAction.START_HERE, ThreadAction.NOT_START_HERE):
            thread_states.set_start_here(moderator=user, thread=thread,
                                         start_here=action == ThreadAction.START_HERE)
        elif action == ThreadAction.CLOSE:
            thread_states.close_thread(moderator=user, thread=thread,
                                       reason=request.POST.get("reason", ""))
        else:
            thread_states.reopen_thread(moderator=user, thread=thread)
    except ForumError as err:
        return refused(request, err, back=thread.get_absolute_url())
    messages.success(request, str(DONE[action]))
    return redirect(thread)


@login_required
@require_POST
def choose_answer(request: HttpRequest, pk: int) -> HttpResponse:
    post = post_or_404(request, pk)
    try:
        if request.POST.get("action") == "clear":
            answers.clear_answer(user=request.user, thread=post.thread)
            messages.success(request, _("The answer is unmarked."))
        else:
            answers.mark_answer(user=request.user, post=post)
            messages.success(request, _("Marked as the answer. Thank you for closing the loop."))
    except ForumError as err:
        return refused(request, err, back=post.thread.get_absolute_url())
    return redirect("cop:post", pk=post.pk)
