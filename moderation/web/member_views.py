"""Members' side of moderation on the forum: reporting a post, and asking for a second look.

Both pages are one form about one post; `_post_form` is their shared shape.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from cop import selectors
from moderation.reports import ReportError, appeal_post, report_post
from moderation.web.forms import AppealForm, ReportForm


def _post_form(request: HttpRequest, *, post, form, template: str, act: Callable[[dict], object],
               thanks: str, done: HttpResponse) -> HttpResponse:
    """Show the form; on a valid post, run `act` with the cleaned data, thank the member and
    go to `done`. Bad input or a refused request answers 400 with the reason on the form."""
    context = {"post": post, "form": form}
    if request.method != "POST":
        return render(request, template, context)
    if form.is_valid():
        try:
            act(form.cleaned_data)
        except ReportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, thanks)
            return done
    return render(request, template, context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.visible_post(pk=pk, user=request.user)
    if post is None or not post.is_public:
        raise Http404(gettext("There is no such post to report."))
    return _post_form(
        request, post=post, form=ReportForm(request.POST or None),
        template="moderation/report.html",
        act=lambda data: report_post(post=post, reporter=request.user, reason=data["reason"],
                                     details=data["details"]),
        thanks=gettext("Thank you for telling us. A moderator will take a look."),
        done=redirect(post.thread),
    )


@login_required
@require_http_methods(["GET", "POST"])
def appeal(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.visible_post(pk=pk, user=request.user)
    if post is None or post.author_id != request.user.pk:
        raise Http404(gettext("There is no such post of yours."))
    return _post_form(
        request, post=post, form=AppealForm(request.POST or None),
        template="moderation/appeal.html",
        act=lambda data: appeal_post(post=post, author=request.user, text=data["text"]),
        thanks=gettext("Thank you. A moderator will look at your post again soon."),
        done=redirect("cop:post", pk=post.pk),
    )
