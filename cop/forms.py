"""Forms for writing posts and editing a profile; limits come from settings."""

import secrets
import time

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import context as allauth_context
from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from cop.enums import SearchKind, SearchSort
from cop.ids import IdField
from cop.markup import single_line
from cop.models import Category, Tag, User
from cop.search import MAX_QUERY_LENGTH, clean_text


class SingleLineField(forms.CharField):
    """A one-line text field: line breaks, control and format characters are folded into
    single spaces on input, whoever sends the form (a browser or a script)."""

    def to_python(self, value):
        return single_line(super().to_python(value))

HUMAN_CHECK_SESSION_KEY = "cop.human_check"
_STAMP_SALT = "cop.forms.started"


def make_stamp(*, secret: str, form: str, started_at: float | None = None) -> str:
    """A signed stamp saying when a form was shown: tied to one visitor's session (`secret`) and
    one kind of form, and carrying a once-only number so it can be sent only once."""
    payload = {"t": time.time() if started_at is None else started_at,
               "n": secrets.token_urlsafe(12)}
    return signing.dumps(payload, salt=f"{_STAMP_SALT}:{form}:{secret}")


class HumanCheckMixin:
    """A honeypot field people never see and a signed time stamp: forms filled in by scripts
    are refused, and so are forms sent back faster than a person could write them.

    The stamp is tied to the visitor's session and to the kind of form, works once (a replayed
    stamp is refused), and every answer carries a fresh one, never one already old enough, so
    a script has to wait for every single post. The honeypot looks like an ordinary optional
    field to a script; people and screen readers never meet it (see human_check.html).
    """

    honeypot_name = "homepage"
    human_check_form = "post"

    def __init__(self, *args, request=None, **kwargs):
        # allauth builds the sign-up form without the request; its middleware keeps it.
        self.request = request if request is not None else allauth_context.request
        super().__init__(*args, **kwargs)
        self.add_human_checks()

    def clean(self):
        self.check_human(self.cleaned_data)  # first: the other checks must not skip it
        return super().clean()

    def _secret(self) -> str:
        session = getattr(self.request, "session", None)
        if session is None:
            return ""
        secret = session.get(HUMAN_CHECK_SESSION_KEY)
        if not secret:
            secret = session[HUMAN_CHECK_SESSION_KEY] = secrets.token_urlsafe(16)
        return secret

    def fresh_stamp(self) -> str:
        return make_stamp(secret=self._secret(), form=self.human_check_form)

    def add_human_checks(self) -> None:
        self.fields[self.honeypot_name] = forms.CharField(
            required=False, label=_("Your website"),
            widget=forms.URLInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )
        self.fields["started"] = forms.CharField(required=False, widget=forms.HiddenInput)
        self.initial["started"] = self.fresh_stamp()

    def _hand_back_fresh_stamp(self) -> None:
        """Whatever happens to this send, the form comes back with a new stamp (the one sent
        is used up) and an empty honeypot (so a person refused by mistake is not refused
        again); the member's own text is kept."""
        self.data = self.data.copy()
        self.data["started"] = self.fresh_stamp()
        self.data[self.honeypot_name] = ""

    def check_human(self, cleaned: dict) -> None:
        sent = self.data.get("started") or ""
        honeypot = cleaned.get(self.honeypot_name)
        self._hand_back_fresh_stamp()
        if honeypot:
            raise forms.ValidationError(
                _("A field that should stay empty was filled in, which a browser's autofill "
                  "sometimes does. We have kept your text: please check it and send it again."),
                code="honeypot",
            )
        max_age = settings.FORUM_FORM_STAMP_MAX_AGE_SECONDS
        try:
            stamp = signing.loads(sent, salt=f"{_STAMP_SALT}:{self.human_check_form}:"
                                            f"{self._secret()}", max_age=max_age)
            started, once = float(stamp["t"]), str(stamp["n"])
        except (signing.BadSignature, TypeError, ValueError, KeyError):
            raise forms.ValidationError(
                _("This form was open too long or came from another page, so we could not "
                  "accept it. We have kept your text: please send it again."),
                code="stale",
            ) from None
        if not cache.add(f"cop:form-stamp:{once}", 1, timeout=max_age):
            raise forms.ValidationError(
                _("This form was sent already. We have kept your text: if you meant to send "
                  "it again, please press the button once more."),
                code="replayed",
            )
        if time.time() - started < settings.FORUM_MIN_SUBMIT_SECONDS:
            raise forms.ValidationError(
                _("That was very quick. Please check your message, wait a few seconds and "
                  "send it again."),
                code="too_fast",
            )


class PostForm(HumanCheckMixin, forms.Form):
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
    quote = IdField(required=False, widget=forms.HiddenInput)


class ThreadForm(PostForm):
    title = SingleLineField(
        label=_("Title"), max_length=160,
        error_messages={"required": _("Please give your thread a title.")},
    )
    field_order = ["title", "body"]


class NewThreadForm(ThreadForm):
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), empty_label=None,
        error_messages={"invalid_choice": _("Please choose one of the categories listed.")},
    )
    is_question = forms.BooleanField(
        label=_("This is a question"), required=False,
        help_text=_("You can then mark the reply that answers it, so others find it quickly."),
    )
    field_order = ["category", "title", "body", "is_question"]

    def __init__(self, *args, categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        if categories is not None:
            self.fields["category"].queryset = categories


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        # Which emails a member gets is chosen on the email settings page.
        fields = ["display_name", "organisation", "role", "bio"]
        field_classes = {"display_name": SingleLineField, "organisation": SingleLineField}
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


class SignupForm(HumanCheckMixin, AllauthSignupForm):
    """allauth's sign-up form with the same honeypot and time check as posting forms."""

    human_check_form = "signup"


class SearchForm(forms.Form):
    """The search box and its filters, read from the address (GET)."""

    q = forms.CharField(label=_("Search for"), required=False, strip=False)
    kind = forms.ChoiceField(
        label=_("Show"), required=False,
        choices=[("", _("Everything")), *SearchKind.choices],
        error_messages={"invalid_choice": _("Please choose one of the kinds listed.")},
    )
    category = forms.ModelChoiceField(
        label=_("Category"), required=False, queryset=Category.objects.none(),
        to_field_name="slug", empty_label=_("Any category"),
        error_messages={"invalid_choice": _("Please choose one of the categories listed.")},
    )
    tag = SingleLineField(label=_("Tag"), required=False, max_length=60,
                          help_text=_("For example CoProduceGM"))
    author = SingleLineField(label=_("Written by"), required=False, max_length=150,
                             help_text=_("A member's username"))
    since = forms.DateField(label=_("From"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}),
                            error_messages={"invalid": _("Please give the date as YYYY-MM-DD.")})
    until = forms.DateField(label=_("To"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}),
                            error_messages={"invalid": _("Please give the date as YYYY-MM-DD.")})
    sort = forms.ChoiceField(
        label=_("Sort by"), required=False, choices=SearchSort.choices,
        error_messages={"invalid_choice": _("Please choose one of the orders listed.")},
    )

    def __init__(self, *args, categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        if categories is not None:
            self.fields["category"].queryset = categories
        # clean_q removes NUL and other control characters, so the query still runs
        self.fields["q"].validators = []

    def clean_q(self) -> str:
        return clean_text(self.cleaned_data["q"], limit=MAX_QUERY_LENGTH)

    def clean_tag(self) -> Tag | None:
        name = clean_text(self.cleaned_data["tag"]).lstrip("#")
        if not name:
            return None
        tag = Tag.objects.filter(slug=name.lower()).first()
        if tag is None:
            raise forms.ValidationError(_("No discussion is tagged #%(tag)s yet."),
                                        params={"tag": name})
        return tag

    def clean_author(self) -> User | None:
        name = clean_text(self.cleaned_data["author"]).lstrip("@")
        if not name:
            return None
        author = User.objects.filter(username__iexact=name, is_active=True).first()
        if author is None:
            raise forms.ValidationError(_("We could not find a member called %(name)s."),
                                        params={"name": name})
        return author

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date should be on or after the start date."))
        return cleaned
