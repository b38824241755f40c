"""Forms for writing posts and editing a profile; limits come from settings."""

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cop.models import Category, User


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 8, "aria-describedby": "body-help"}),
        error_messages={"required": _("Please write something before posting.")},
    )

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        limit = settings.FORUM_MAX_POST_LENGTH
        if len(body) > limit:
            raise forms.ValidationError(
                _("Posts can be up to %(limit)s characters; this one has %(n)s. "
                  "Could you shorten it or split it into two posts?"),
                params={"limit": f"{limit:,}", "n": f"{len(body):,}"},
            )
        if not body:
            raise forms.ValidationError(_("Please write something before posting."))
        return body


class ReplyForm(PostForm):
    quote = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ThreadForm(PostForm):
    title = forms.CharField(
        label=_("Title"), max_length=160,
        error_messages={"required": _("Please give your thread a title.")},
    )
    field_order = ["title", "body"]


class NewThreadForm(ThreadForm):
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), empty_label=None,
        error_messages={"invalid_choice": _("Please choose one of the categories listed.")},
    )
    field_order = ["category", "title", "body"]

    def __init__(self, *args, categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        if categories is not None:
            self.fields["category"].queryset = categories


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "organisation", "role", "bio", "email_notifications", "digest"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "display_name": _("The name other members see. Leave empty to use your username."),
            "role": _("Optional. It helps others understand where you are coming from."),
        }


class LoginForm(AllauthLoginForm):
    """allauth's log-in form, with a label that says what to type."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Username or email")
        self.fields["remember"].label = _("Keep me logged in on this device")
