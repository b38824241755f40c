"""The search page: the one search box over resources, pages and the forum, with filters."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cop import aggregates, search_results, selectors
from cop.enums import SearchSort
from cop.forms import SearchForm
from cop.web.common import page_or_404

logger = logging.getLogger(__name__)


SEARCH_UNAVAILABLE = _(
    "Sorry, search is not working just now. Please try again in a few minutes, or browse the "
    "categories instead."
)


FILTER_FIELDS = tuple(name for name in SearchForm.base_fields if name != "q")


def _plain_filters(request: HttpRequest, form: SearchForm) -> str:
    """With no filter chosen the filters look the same to everyone who sees the same
    categories, so they are kept whole in the cache (their category list is a query, and its
    widgets most of the form's cost) until something public changes. Chosen filters, and
    their error messages, are always written afresh ("" here)."""
    if any(request.GET.get(name) for name in FILTER_FIELDS):
        return ""
    return aggregates.cached(
        f"search-filters-{get_language()}", user=request.user,
        compute=lambda: render_to_string("cop/includes/search_filters.html", {"form": form}))


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None,
                      categories=selectors.visible_categories(user=request.user))
    context = {"form": form, "query": "", "page": None,
               "plain_filters": _plain_filters(request, form)}
    if not form.is_bound:
        return render(request, "cop/search.html", context)
    if not form.is_valid():
        return render(request, "cop/search.html", context, status=400)
    data = form.cleaned_data
    context["query"] = data["q"]
    filters = search_results.SearchFilters(
        kind=data["kind"], category=data["category"], tag=data["tag"], author=data["author"],
        since=data["since"], until=data["until"], sort=data["sort"] or SearchSort.RELEVANCE,
    )
    try:
        results = search_results.search_site(query=data["q"], user=request.user, filters=filters)
    except search_results.SearchUnavailable:
        logger.exception("search failed for %r", data["q"])
        context["unavailable"] = SEARCH_UNAVAILABLE
        return render(request, "cop/search.html", context, status=503)
    page = page_or_404(request, results.refs, settings.FORUM_THREADS_PER_PAGE)
    page.object_list = search_results.search_hits(refs=list(page.object_list), query=results.query)
    params = request.GET.copy()
    params.pop("page", None)
    context.update(page=page, capped=results.capped, searched=bool(results.query),
                   query_prefix=params.urlencode())
    return render(request, "cop/search.html", context)
