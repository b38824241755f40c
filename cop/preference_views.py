"""The page where a member chooses which notices they are emailed and how often the digest."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cop import preferences
from cop.enums import DigestFrequency


class EmailSettingsForm(forms.Form):
    follow_on_reply = forms.BooleanField(
        required=False, label=gettext_lazy("Follow the threads I start or reply to"))
    email_replies = forms.BooleanField(
        required=False, label=gettext_lazy("New replies in threads I follow"))
    email_mentions = forms.BooleanField(
        required=False, label=gettext_lazy("When someone mentions me"))
    email_new_threads = forms.BooleanField(
        required=False, label=gettext_lazy("New threads in categories and tags I follow"))
    email_moderation = forms.BooleanField(
        required=False, label=gettext_lazy("News about my own posts"))
    digest = forms.ChoiceField(
        label=gettext_lazy("Digest email"), choices=DigestFrequency.choices,
        widget=forms.RadioSelect,
        help_text=gettext_lazy("A short list of the conversations that moved since the last one."),
        error_messages={"invalid_choice": gettext_lazy("Please choose never, daily or weekly.")},
    )


@login_required
def email_settings(request: HttpRequest) -> HttpResponse:
    prefs = preferences.preferences_for(user=request.user)
    initial = {name: getattr(prefs, name) for name in preferences.PREFERENCE_FIELDS}
    initial["digest"] = request.user.digest
    form = EmailSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "cop/email_settings.html", {"form": form}, status=400)
        data = dict(form.cleaned_data)
        preferences.update_preferences(user=request.user, **data)
        messages.success(request, _("Your email settings are saved."))
        return redirect("cop:email_settings")
    return render(request, "cop/email_settings.html", {"form": form})
