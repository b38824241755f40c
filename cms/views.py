"""A stable address for the resource library, whatever its page is called in Wagtail."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from cms import selectors


def library(request: HttpRequest) -> HttpResponse:
    # Looked up only when followed, so the header link costs no query on every page.
    page = selectors.library_page()
    if page is None:
        raise Http404("The resource library has not been published yet.")
    return redirect(page.url)
