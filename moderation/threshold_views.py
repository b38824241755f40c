"""Admin pages for per-category thresholds: show the effect on last month, then save."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from cop.models import Category
from moderation import thresholds


class ThresholdForm(forms.Form):
    publish_below = forms.FloatField(
        label="Publish posts scoring below", min_value=0, max_value=1,
        help_text="Between 0 and 1. Lower holds more posts for review.",
    )
    quarantine_above = forms.FloatField(
        label="Quarantine posts scoring at or above", min_value=0, max_value=1,
        help_text="Between 0 and 1. Quarantined posts are collapsed in the review queue.",
    )

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("publish_below"), cleaned.get("quarantine_above")
        if low is not None and high is not None and low > high:
            raise forms.ValidationError(
                "The publish threshold cannot be above the quarantine threshold."
            )
        return cleaned


def _admin_only(request) -> None:
    if not request.user.is_superuser:
        raise PermissionDenied("Only site administrators can change screening thresholds.")


def index(request):
    _admin_only(request)
    default = thresholds.model_threshold()
    rows = [(category, *thresholds.current_thresholds(category, default=default))
            for category in Category.objects.select_related("thresholds")]
    return render(request, "cop/admin/thresholds_index.html", {
        "page_title": "Screening thresholds", "rows": rows,
    })


def edit(request, pk: int):
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
            return render(request, "cop/admin/thresholds_edit.html", context, status=400)
        new_publish = form.cleaned_data["publish_below"]
        new_quarantine = form.cleaned_data["quarantine_above"]
        if "save" in request.POST:
            thresholds.set_thresholds(category=category, publish_below=new_publish,
                                      quarantine_above=new_quarantine, by=request.user)
            messages.success(request, f"Thresholds for {category.name} saved.")
            return redirect("cop_thresholds:index")
        context["proposed"] = thresholds.effect_of(
            category=category, publish_below=new_publish, quarantine_above=new_quarantine)
    return render(request, "cop/admin/thresholds_edit.html", context)
