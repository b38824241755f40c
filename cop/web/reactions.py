"""One click to say thanks, helpful or "me too"; a plain form post, so it works without JS."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from cop.reactions import toggle_reaction
from cop.services import ForumError
from cop.web.common import post_or_404, refused


@login_required
@require_POST
def react(request: HttpRequest, pk: int) -> HttpResponse:
    post = post_or_404(request, pk)
    try:
        toggle_reaction(user=request.user, post=post, kind=request.POST.get("kind", ""))
    except ForumError as err:
        return refused(request, err, back=post.get_absolute_url())
    return redirect("cop:post", pk=post.pk)
