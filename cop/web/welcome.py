"""The short welcome a new member lands on: where to start, where to say hello, what to follow."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cop import selectors, welcome


@login_required
def welcome_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(request, "cop/welcome.html", {
        "start_here": welcome.start_here_thread(user=user),
        "pinned": welcome.pinned_threads(user=user),
        "categories": selectors.visible_categories(user=user),
        "followed": welcome.followed_category_ids(user=user),
    })
