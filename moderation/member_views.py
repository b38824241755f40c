"""Members' side of moderation on the forum: reporting a post, and asking for a second look."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from cop import selectors
from moderation import services
from moderation.enums import FlagReason


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="What is wrong with this post?", choices=FlagReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose a reason.",
                        "invalid_choice": "Please choose one of the reasons listed."},
    )
    details = forms.CharField(
        label="Anything the moderators should know? (needed for “Something else”)",
        required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
    )


class AppealForm(forms.Form):
    text = forms.CharField(
        label="Why should this post be published?", max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Please say briefly why the post should be published."},
    )


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.visible_post(pk=pk, user=request.user)
    if post is None or not post.is_public:
        raise Http404("There is no such post to report.")
    form = ReportForm(request.POST or None)
    context = {"post": post, "form": form}
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "cop/report.html", context, status=400)
        try:
            services.report_post(post=post, reporter=request.user,
                                 reason=form.cleaned_data["reason"],
                                 details=form.cleaned_data["details"])
        except services.DecisionError as error:
            form.add_error(None, str(error))
            return render(request, "cop/report.html", context, status=400)
        messages.success(request, "Thank you for telling us. A moderator will take a look.")
        return redirect(post.thread)
    return render(request, "cop/report.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def appeal(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.visible_post(pk=pk, user=request.user)
    if post is None or post.author_id != request.user.pk:
        raise Http404("There is no such post of yours.")
    form = AppealForm(request.POST or None)
    context = {"post": post, "form": form}
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "cop/appeal.html", context, status=400)
        try:
            services.appeal_post(post=post, author=request.user, text=form.cleaned_data["text"])
        except services.DecisionError as error:
            form.add_error(None, str(error))
            return render(request, "cop/appeal.html", context, status=400)
        messages.success(request, "Thank you. A moderator will look at your post again soon.")
        return redirect("cop:post", pk=post.pk)
    return render(request, "cop/appeal.html", context)
