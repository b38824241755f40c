"""The moderators' pages in the Wagtail admin (queue, item, decisions, purge, audit log,
dashboard) and the admins' threshold pages.

Views parse input, call one selector or service and render; the logic lives in queue/,
decisions/, campaigns/, audit.py, dashboard/ and screening/thresholds.py.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.admin import messages

from cop.models import Category, Post
from moderation import audit
from moderation.campaigns.find import find_campaign
from moderation.campaigns.purge import purge_campaign
from moderation.contacts import describe_campaign_key
from moderation.dashboard import charts, figures
from moderation.decisions import bulk
from moderation.decisions.decide import DecisionError
from moderation.models import ProfileScreening
from moderation.permissions import is_moderator
from moderation.queue import item as one_item
from moderation.queue import items as queue_items
from moderation.screening import profiles, thresholds
from moderation.web.forms import (
    AuditFilterForm,
    BulkDecisionForm,
    DecisionForm,
    PurgeForm,
    QueueFilterForm,
    ThresholdForm,
)

DONE = {
    "approve": _("Published"),
    "reject": _("Not published"),
    "reject_suspend": _("Not published, and the author's account suspended"),
}


def moderator_required(view):
    """Say no with 403 to anyone who is not a moderator (the middleware does too; this keeps
    each view safe wherever it is mounted)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_moderator(request.user):
            return HttpResponseForbidden(gettext("Only moderators can open the review pages."))
        return view(request, *args, **kwargs)

    return wrapped


def _next_url(request: HttpRequest, default: str) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path on this site: redirect() would read a bare word as a view's name and fail.
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default


def _report(request: HttpRequest, outcome: bulk.Outcome, action: str) -> None:
    if outcome.decided:
        count = len(outcome.decided)
        what = ngettext("%(count)d post", "%(count)d posts", count) % {"count": count}
        messages.success(request, gettext("%(done)s: %(what)s.") % {"done": DONE[action],
                                                                     "what": what})
    for post, why in outcome.skipped:
        messages.warning(request, gettext("Left post %(number)d (“%(title)s”) alone: %(why)s.")
                         % {"number": post.pk, "title": post.thread.title, "why": why})


@moderator_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    form.is_valid()  # the campaign choices are only known after reading the queue
    filters = form.filters() if form.is_bound else queue_items.QueueFilters()
    items, everything = queue_items.review_queue(filters)
    campaign_choices = [(key, f"{describe_campaign_key(key)} ({count} posts)")
                        for key, count in queue_items.shared_campaigns(everything)]
    form = QueueFilterForm(request.GET or None, campaigns=campaign_choices)
    if form.is_bound and form.is_valid() and form.filters() != filters:
        filters = form.filters()
        items = queue_items.filter_and_sort(everything, filters)
    page = Paginator(items, settings.MODERATION_QUEUE_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "moderation/queue.html", {
        "page_title": "Review queue", "page": page, "filter_form": form,
        "profiles": queue_items.profile_items(limit=settings.MODERATION_QUEUE_PER_PAGE),
        "total": len(everything), "shown": len(items),
        "query": query.urlencode(), "next": request.get_full_path(),
        "filtered": any(v for k, v in request.GET.items() if k not in {"page", "sort"}),
    })


@moderator_required
@require_POST
def profile_decide(request: HttpRequest, screening_id: int) -> HttpResponse:
    """Show a held profile or turn it down (its fields cleared, the record kept)."""
    screening = get_object_or_404(ProfileScreening, pk=screening_id)
    action = request.POST.get("action")
    if action not in {"approve", "reject"}:
        return HttpResponseBadRequest(gettext("Choose to approve or reject the profile."))
    try:
        profiles.decide_profile(screening=screening, moderator=request.user,
                                approve=action == "approve")
    except profiles.ProfileDecisionError as error:
        messages.error(request, str(error))
    else:
        done = (gettext("Profile of %(name)s approved.") if action == "approve"
                else gettext("Profile of %(name)s turned down and cleared."))
        messages.success(request, done % {"name": screening.user.username})
    return redirect(_next_url(request, reverse("review:queue")))


@moderator_required
@require_POST
def queue_decide(request: HttpRequest) -> HttpResponse:
    back = _next_url(request, reverse("review:queue"))
    form = BulkDecisionForm(request.POST)
    if not form.is_valid():
        for error in form.non_field_errors() or [gettext("Please try that again.")]:
            messages.error(request, error)
        return redirect(back)
    data = form.cleaned_data
    try:
        outcome = bulk.decide(post_ids=data["post_ids"], moderator=request.user,
                                action=data["action"], reason=data["note"])
    except DecisionError as error:
        messages.error(request, str(error))
        return redirect(back)
    _report(request, outcome, data["action"])
    return redirect(back)


@moderator_required
@require_GET
def item(request: HttpRequest, post_id: int) -> HttpResponse:
    found = one_item.review_item(post_id=post_id)
    if found is None:
        raise Http404(gettext("There is no such post."))
    post = found.post
    return render(request, "moderation/item.html", {
        "page_title": f"Post {post.pk}: {post.thread.title}", "item": found, "post": post,
        "in_queue": one_item.in_queue(post),
        "answered": one_item.answered_post(post),
        "changes": one_item.edit_changes(item=found),
        "files": one_item.item_files(post=post),
        "history": one_item.author_history(post=post),
        "revisions": post.revisions.select_related("edited_by"),
        "decisions": one_item.post_decisions(post=post),
        "form": DecisionForm(), "next": _next_url(request, reverse("review:queue")),
    })


@moderator_required
@require_POST
def item_decide(request: HttpRequest, post_id: int) -> HttpResponse:
    back = _next_url(request, reverse("review:queue"))
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Please choose approve, reject, or reject and suspend."))
        return redirect("review:item", post_id=post_id)
    action = form.cleaned_data["action"]
    outcome = bulk.decide(post_ids=[post_id], moderator=request.user, action=action,
                            reason=form.cleaned_data["note"])
    _report(request, outcome, action)
    return redirect(back)


@moderator_required
@require_http_methods(["GET", "POST"])
def campaign(request: HttpRequest, post_id: int) -> HttpResponse:
    post = Post.objects.filter(pk=post_id).first()
    if post is None:
        raise Http404(gettext("There is no such post."))
    if request.method == "POST":
        form = PurgeForm(request.POST)
        if form.is_valid():
            result = purge_campaign(
                post=post, moderator=request.user, reason=form.cleaned_data["note"],
                post_ids=set(form.cleaned_data["posts"]),
                account_ids=set(form.cleaned_data["accounts"]),
            )
            return render(request, "moderation/campaign_done.html", {
                "page_title": "Campaign removed", "post": post, "result": result,
            })
    found = find_campaign(post=post)
    return render(request, "moderation/campaign.html", {
        "page_title": f"The campaign of post {post.pk}", "post": post,
        "days": settings.MODERATION_CAMPAIGN_DAYS, "campaign": found, "form": PurgeForm(),
    })


@moderator_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    decisions = audit.audit_log(form.filters() if form.is_bound else audit.AuditFilters())
    page = Paginator(decisions, settings.MODERATION_AUDIT_PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "moderation/audit_log.html", {
        "page_title": "Moderation audit log", "header_icon": "history", "page": page,
        "filter_form": form, "query": query.urlencode(),
    })


@moderator_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    found = figures.dashboard()
    day_labels = [f"{day.day:%-d %b}" for day in found.days]
    week_labels = [f"w/c {week.week:%-d %b}" for week in found.weeks]
    daily = charts.bar_chart(
        title="Posts screened, held and rejected each day, last 30 days", labels=day_labels,
        series=[
            charts.Series("Screened", "#2e5c8a", [d.screened for d in found.days]),
            charts.Series("Held for review", "#b35900", [d.held for d in found.days]),
            charts.Series("Rejected by a moderator", "#a3153d", [d.rejected for d in found.days]),
        ],
    )
    weekly = charts.line_chart(
        title="How well the spam check did each week, from moderators' decisions",
        labels=week_labels,
        series=[
            charts.Series("Precision", "#2e5c8a", [w.precision for w in found.weeks]),
            charts.Series("False-hold rate", "#a3153d",
                          [w.false_hold_rate for w in found.weeks]),
        ],
    )
    model = found.model
    return render(request, "moderation/dashboard.html", {
        "page_title": "Moderation dashboard", "header_icon": "view", "figures": found,
        "daily": daily, "weekly": weekly,
        "median": figures.duration_words(found.median_minutes_to_clear),
        "metrics": figures.metric_rows(model.metrics) if model else [],
        "counts": list((model.training_counts.get("by_label") or {}).items()) if model else [],
    })


# --- screening thresholds, for site administrators ---


def _admin_only(request) -> None:
    if not request.user.is_superuser:
        raise PermissionDenied("Only site administrators can change screening thresholds.")


def thresholds_index(request):
    _admin_only(request)
    default = thresholds.model_threshold()
    rows = [(category, *thresholds.current_thresholds(category, default=default))
            for category in Category.objects.select_related("thresholds")]
    return render(request, "moderation/thresholds_index.html", {
        "page_title": "Screening thresholds", "rows": rows,
    })


def thresholds_edit(request, pk: int):
    _admin_only(request)
    category = get_object_or_404(Category, pk=pk)
    publish, quarantine = thresholds.current_thresholds(category)
    form = ThresholdForm(request.POST or None,
                         initial={"publish_below": publish, "quarantine_above": quarantine})
    context = {"page_title": f"Screening thresholds: {category.name}", "category": category,
               "form": form, "current": thresholds.effect_of(
                   category=category, publish_below=publish, quarantine_above=quarantine)}
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "moderation/thresholds_edit.html", context, status=400)
        new_publish = form.cleaned_data["publish_below"]
        new_quarantine = form.cleaned_data["quarantine_above"]
        if "save" in request.POST:
            thresholds.set_thresholds(category=category, publish_below=new_publish,
                                      quarantine_above=new_quarantine, by=request.user)
            messages.success(request, gettext("Thresholds for %(category)s saved.")
                             % {"category": category.name})
            return redirect("thresholds:index")
        context["proposed"] = thresholds.effect_of(
            category=category, publish_below=new_publish, quarantine_above=new_quarantine)
    return render(request, "moderation/thresholds_edit.html", context)
