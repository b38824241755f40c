"""What the feature views share: finding what a member may touch and refusing politely."""

from __future__ import annotations

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from cop import selectors
from cop.errors import ForumError
from cop.models import Post, Thread


def post_or_404(request: HttpRequest, pk: int) -> Post:
    """The post if this member may see it; 404 otherwise, so nothing about it leaks."""
    post = selectors.visible_post(pk=pk, user=request.user)
    if post is None:
        raise Http404(_("There is no such post, or it is not public."))
    return post


def thread_or_404(request: HttpRequest, pk: int) -> Thread:
    thread = selectors.visible_thread(pk=pk, user=request.user)
    if thread is None:
        raise Http404(_("There is no such thread, or it is not public."))
    return thread


def refused(request: HttpRequest, err: ForumError, *, back: str) -> HttpResponse:
    """A page saying why, with the error's status (400 or 403) and a way back."""
    return render(request, "cop/refused.html", {"reason": str(err), "back": back},
                  status=err.status_code)


def back_to(request: HttpRequest, fallback: str) -> str:
    """Where the form came from, when it is on this site; the fallback otherwise."""
    wanted = request.POST.get("next", "")
    # Only a path: anything else (a bare word, a number) would be read as a view's name.
    if wanted.startswith("/") and url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return wanted
    return fallback


def page_or_404(request: HttpRequest, items, per_page: int):
    """The requested page, or 404 for a page number that is not a number or out of range."""
    paginator = Paginator(items, per_page)
    number = request.GET.get("page", "1")
    try:
        return paginator.page(number)
    except (EmptyPage, PageNotAnInteger) as err:
        raise Http404("There is no such page.") from err
