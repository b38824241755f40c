"""Forms for the review queue, its decisions, campaign purges, the audit log's filters, the
threshold pages, and members' reports and appeals."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cop.ids import IdField, coerce_id, parse_id
from cop.models import Category, ThreadAction, User
from moderation.audit import AuditFilters, AuditSource
from moderation.enums import QUEUE_ACTIONS, DecisionAction, ReportReason
from moderation.models import ModerationDecision
from moderation.queue.items import SCORE_BANDS, QueueFilters, QueueSort
from moderation.screening.reasons import QueueReason

NOTE_ATTRS = {"rows": 2, "aria-describedby": "note-help"}
NOTE_HELP = _("Optional. Kept in the audit log; when you reject, the author sees it too.")


class QueueFilterForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why it is here"), required=False,
                               choices=[("", _("Any reason")), *QueueReason.choices])
    category = forms.ModelChoiceField(label=_("Category"), required=False,
                                      queryset=Category.objects.all(), empty_label=_("Any"))
    score = forms.ChoiceField(label=_("Spam score"), required=False,
                              choices=[("", _("Any score")),
                                       *[(value, label) for value, label, *_r in SCORE_BANDS]])
    trust = forms.TypedChoiceField(
        label=_("Author's trust level"), required=False, coerce=int, empty_value=None,
        choices=[("", _("Any level")), ("0", _("0: new")), ("1", "1"), ("2", "2"),
                 ("3", _("3: trusted"))],
    )
    campaign = forms.ChoiceField(label=_("Shared contact"), required=False)
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=QueueSort.choices)

    def __init__(self, *args, campaigns: list[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].choices = [("", _("Any")), *campaigns]

    def filters(self) -> QueueFilters:
        if not self.is_valid():
            return QueueFilters()
        data = self.cleaned_data
        return QueueFilters(
            reason=data["reason"], category=data["category"].pk if data["category"] else None,
            score_band=data["score"], trust_level=data["trust"], campaign=data["campaign"],
            sort=data["sort"] or QueueSort.OLDEST,
        )


class DecisionForm(forms.Form):
    action = forms.ChoiceField(choices=[(a.value, a.label) for a in QUEUE_ACTIONS])
    note = forms.CharField(label=_("Note"), required=False, max_length=1000,
                           widget=forms.Textarea(attrs=NOTE_ATTRS), help_text=NOTE_HELP)


class BulkDecisionForm(forms.Form):
    """The queue page's one form: either one item's button (item=<id>:<action>) or the
    selection's bulk action."""

    selected = forms.TypedMultipleChoiceField(
        coerce=coerce_id, required=False,
        error_messages={"invalid_choice": _("Those ticked posts were not numbers we know.")},
    )
    item = forms.CharField(required=False)
    bulk_action = forms.ChoiceField(
        required=False, choices=[("", "")] + [(a.value, a.label) for a in QUEUE_ACTIONS],
    )
    note = forms.CharField(label=_("Note for these decisions"), required=False, max_length=1000,
                           help_text=NOTE_HELP)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any id may be posted; the decision service only acts on posts still in the queue.
        self.fields["selected"].valid_value = lambda value: True

    def clean(self):
        data = super().clean()
        item = data.get("item") or ""
        if item:
            post_id, _sep, action = item.partition(":")
            if parse_id(post_id) is None or action not in QUEUE_ACTIONS:
                raise forms.ValidationError(_("That button did not send a decision we know."))
            data["post_ids"], data["action"] = [parse_id(post_id)], action
        elif data.get("bulk_action"):
            if not data.get("selected"):
                raise forms.ValidationError(_("Please tick at least one post first."))
            data["post_ids"], data["action"] = data["selected"], data["bulk_action"]
        else:
            raise forms.ValidationError(_("Please choose what to do with the ticked posts."))
        return data


class PurgeForm(forms.Form):
    posts = forms.TypedMultipleChoiceField(coerce=coerce_id, required=False)
    accounts = forms.TypedMultipleChoiceField(coerce=coerce_id, required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=1000,
                           widget=forms.Textarea(attrs=NOTE_ATTRS), help_text=NOTE_HELP)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The purge recomputes the campaign and acts only on ids that belong to it.
        self.fields["posts"].valid_value = lambda value: True
        self.fields["accounts"].valid_value = lambda value: True


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Decision"), required=False,
                               choices=[("", _("Any decision")), *DecisionAction.choices])
    moderator = forms.ModelChoiceField(label=_("Moderator"), required=False,
                                       queryset=User.objects.none(), empty_label=_("Anyone"))
    post = IdField(label=_("Post number"), required=False)
    since = forms.DateField(label=_("From"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    source = forms.ChoiceField(label=_("Show"), required=False,
                               choices=[("", _("Everything")), *AuditSource.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Everyone who ever decided or tidied a thread, including people who are no longer
        # moderators.
        self.fields["moderator"].queryset = User.objects.filter(
            Q(pk__in=ModerationDecision.objects.values("moderator_id"))
            | Q(pk__in=ThreadAction.objects.values("moderator_id"))
        ).order_by("username")

    def filters(self) -> AuditFilters:
        if not self.is_valid():
            return AuditFilters()
        data = self.cleaned_data
        return AuditFilters(action=data["action"],
                            moderator=data["moderator"].pk if data["moderator"] else None,
                            post=data["post"], since=data["since"], until=data["until"],
                            source=data["source"])


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


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="What is wrong with this post?", choices=ReportReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose a reason.",
                        "invalid_choice": "Please choose one of the reasons listed."},
    )
    details = forms.CharField(
        label="Anything the moderators should know? (needed for “Something else”)",
        required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
    )


class AppealForm(forms.Form):
    text = forms.CharField(
        label="Why should this post be published?", max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Please say briefly why the post should be published."},
    )
