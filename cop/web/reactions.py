"""One click to say thanks, helpful or "me too": a plain form post, so it works without JS;
with JS the page asks for JSON and updates in place."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cop.enums import ReactionKind
from cop.errors import ForumError
from cop.reactions import reaction_summaries, toggle_reaction
from cop.web.common import post_or_404, refused


@login_required
@require_POST
def react(request: HttpRequest, pk: int) -> HttpResponse:
    post = post_or_404(request, pk)
    wants_json = "application/json" in request.headers.get("Accept", "")
    kind = request.POST.get("kind", "")
    try:
        now_on = toggle_reaction(user=request.user, post=post, kind=kind)
    except ForumError as err:
        if wants_json:
            return JsonResponse({"message": str(err)}, status=err.status_code)
        return refused(request, err, back=post.get_absolute_url())
    if wants_json:
        # The page's script updates the buttons and names in place and says what happened.
        summaries = reaction_summaries(posts=[post], user=request.user)[post.pk]
        label = ReactionKind(kind).label
        message = (_("You reacted: %(label)s.") if now_on else _("Reaction taken back: %(label)s."))
        return JsonResponse({"message": message % {"label": label},
                             "reactions": [s.as_json() for s in summaries]})
    return redirect("cop:post", pk=post.pk)
