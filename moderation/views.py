"""The moderators' pages in the Wagtail admin: queue, item, decisions, purge, audit log, dashboard.

Views parse input, call one selector or service and render; the logic lives in selectors.py,
review.py and campaigns.py.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.admin import messages

from moderation import campaigns, charts, review, selectors
from moderation.forms import (
    AuditFilterForm,
    BulkDecisionForm,
    DecisionForm,
    PurgeForm,
    QueueFilterForm,
)
from moderation.permissions import is_moderator
from moderation.services import DecisionError

DONE = {
    "approve": "Published",
    "reject": "Not published",
    "reject_suspend": "Not published, and the author's account suspended",
}


def moderator_required(view):
    """Say no with 403 to anyone who is not a moderator (the middleware does too; this keeps
    each view safe wherever it is mounted)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_moderator(request.user):
            return HttpResponseForbidden("Only moderators can open the review pages.")
        return view(request, *args, **kwargs)

    return wrapped


def _next_url(request: HttpRequest, default: str) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return default


def _report(request: HttpRequest, outcome: review.Outcome, action: str) -> None:
    if outcome.decided:
        count = len(outcome.decided)
        what = "1 post" if count == 1 else f"{count} posts"
        messages.success(request, f"{DONE[action]}: {what}.")
    for post, why in outcome.skipped:
        messages.warning(request, f"Left post {post.pk} (“{post.thread.title}”) alone: {why}.")


@moderator_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    form.is_valid()  # the campaign choices are only known after reading the queue
    filters = form.filters() if form.is_bound else selectors.QueueFilters()
    items, everything = selectors.review_queue(filters)
    campaign_choices = [(key, f"{selectors.describe_campaign_key(key)} ({count} posts)")
                        for key, count in selectors.shared_campaigns(everything)]
    form = QueueFilterForm(request.GET or None, campaigns=campaign_choices)
    if form.is_bound and form.is_valid() and form.filters() != filters:
        filters = form.filters()
        items = selectors.filter_and_sort(everything, filters)
    page = Paginator(items, settings.MODERATION_QUEUE_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "moderation/queue.html", {
        "page_title": "Review queue", "page": page, "filter_form": form,
        "total": len(everything), "shown": len(items),
        "query": query.urlencode(), "next": request.get_full_path(),
        "filtered": any(v for k, v in request.GET.items() if k not in {"page", "sort"}),
    })


@moderator_required
@require_POST
def queue_decide(request: HttpRequest) -> HttpResponse:
    back = _next_url(request, reverse("review:queue"))
    form = BulkDecisionForm(request.POST)
    if not form.is_valid():
        for error in form.non_field_errors() or ["Please try that again."]:
            messages.error(request, error)
        return redirect(back)
    data = form.cleaned_data
    try:
        outcome = review.decide(post_ids=data["post_ids"], moderator=request.user,
                                action=data["action"], reason=data["note"])
    except DecisionError as error:
        messages.error(request, str(error))
        return redirect(back)
    _report(request, outcome, data["action"])
    return redirect(back)


@moderator_required
@require_GET
def item(request: HttpRequest, post_id: int) -> HttpResponse:
    found = selectors.review_item(post_id=post_id)
    if found is None:
        raise Http404("There is no such post.")
    post = found.post
    return render(request, "moderation/item.html", {
        "page_title": f"Post {post.pk}: {post.thread.title}", "item": found, "post": post,
        "in_queue": selectors.in_queue(post),
        "answered": selectors.answered_post(post),
        "history": selectors.author_history(post=post),
        "revisions": post.revisions.select_related("edited_by"),
        "decisions": selectors.post_decisions(post=post),
        "form": DecisionForm(), "next": _next_url(request, reverse("review:queue")),
    })


@moderator_required
@require_POST
def item_decide(request: HttpRequest, post_id: int) -> HttpResponse:
    back = _next_url(request, reverse("review:queue"))
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Please choose approve, reject, or reject and suspend.")
        return redirect("review:item", post_id=post_id)
    action = form.cleaned_data["action"]
    outcome = review.decide(post_ids=[post_id], moderator=request.user, action=action,
                            reason=form.cleaned_data["note"])
    _report(request, outcome, action)
    return redirect(back)


@moderator_required
@require_http_methods(["GET", "POST"])
def campaign(request: HttpRequest, post_id: int) -> HttpResponse:
    from cop.models import Post

    post = Post.objects.filter(pk=post_id).first()
    if post is None:
        raise Http404("There is no such post.")
    if request.method == "POST":
        form = PurgeForm(request.POST)
        if form.is_valid():
            result = campaigns.purge_campaign(
                post=post, moderator=request.user, reason=form.cleaned_data["note"],
                post_ids=set(form.cleaned_data["posts"]),
                account_ids=set(form.cleaned_data["accounts"]),
            )
            return render(request, "moderation/campaign_done.html", {
                "page_title": "Campaign removed", "post": post, "result": result,
            })
    found = campaigns.find_campaign(post=post)
    return render(request, "moderation/campaign.html", {
        "page_title": f"The campaign of post {post.pk}", "post": post,
        "days": settings.MODERATION_CAMPAIGN_DAYS, "campaign": found, "form": PurgeForm(),
    })


@moderator_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    decisions = selectors.audit_log(form.filters() if form.is_bound else selectors.AuditFilters())
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
    figures = selectors.dashboard()
    day_labels = [f"{day.day:%-d %b}" for day in figures.days]
    week_labels = [f"w/c {week.week:%-d %b}" for week in figures.weeks]
    daily = charts.bar_chart(
        title="Posts screened, held and rejected each day, last 30 days", labels=day_labels,
        series=[
            charts.Series("Screened", "#2e5c8a", [d.screened for d in figures.days]),
            charts.Series("Held for review", "#b35900", [d.held for d in figures.days]),
            charts.Series("Rejected by a moderator", "#a3153d", [d.rejected for d in figures.days]),
        ],
    )
    weekly = charts.line_chart(
        title="How well the spam check did each week, from moderators' decisions",
        labels=week_labels,
        series=[
            charts.Series("Precision", "#2e5c8a", [w.precision for w in figures.weeks]),
            charts.Series("False-hold rate", "#a3153d",
                          [w.false_hold_rate for w in figures.weeks]),
        ],
    )
    model = figures.model
    return render(request, "moderation/dashboard.html", {
        "page_title": "Moderation dashboard", "header_icon": "view", "figures": figures,
        "daily": daily, "weekly": weekly, "median": _duration(figures.median_minutes_to_clear),
        "metrics": _metric_rows(model.metrics) if model else [],
        "counts": list((model.training_counts.get("by_label") or {}).items()) if model else [],
    })


METRIC_NAMES = {
    "n": "Examples",
    "spam": "Spam examples",
    "ham": "Legitimate examples",
    "precision": "Precision at the threshold",
    "recall": "Share of spam held at the threshold (recall)",
    "false_hold_rate": "False-hold rate at the threshold",
    "recall_at_1pct_fhr": "Share of spam held when at most 1% of legitimate posts are",
    "roc_auc": "ROC AUC",
    "average_precision": "Average precision",
    "threshold": "Threshold",
}


def _metric_rows(metrics: dict) -> list[tuple[str, str]]:
    rows = []
    for key, name in METRIC_NAMES.items():
        value = metrics.get(key)
        if value is None:
            continue
        rows.append((name, f"{value:g}" if isinstance(value, int) else f"{value:.3f}"))
    return rows


def _duration(minutes: float | None) -> str:
    if minutes is None:
        return ""
    if minutes < 60:
        return f"{minutes:.0f} min"
    hours, rest = divmod(round(minutes), 60)
    if hours < 48:
        return f"{hours} h {rest} min"
    return f"{hours / 24:.1f} days"
