"""The resource library's filter form: type, topic and audience, all optional."""

from django import forms

from cms.enums import Audience, ResourceType


def _invalid(what: str) -> dict:
    return {"invalid_choice": f"We have no {what} called “%(value)s”. Please choose from the list."}


class ResourceFilterForm(forms.Form):
    type = forms.ChoiceField(
        label="Type", required=False, choices=[("", "All types"), *ResourceType.choices],
        error_messages=_invalid("type of resource"),
    )
    topic = forms.ChoiceField(label="Topic", required=False, error_messages=_invalid("topic"))
    audience = forms.ChoiceField(
        label="Who it is for", required=False,
        choices=[("", "Anyone"), *[c for c in Audience.choices if c[0] != Audience.EVERYONE]],
        error_messages=_invalid("audience"),
    )

    def __init__(self, data, *, topics):
        self.topics = {tag.slug: tag for tag in topics}
        # Only the filters that were given count: an address without them is simply unfiltered.
        given = {name: data.get(name, "").strip() for name in ("type", "topic", "audience")}
        given["topic"] = given["topic"].lower()
        super().__init__(given)
        self.fields["topic"].choices = [("", "All topics")] + [
            (slug, f"#{tag.name}") for slug, tag in self.topics.items()
        ]

    @property
    def is_filtered(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())

    def filters(self) -> dict:
        """Keyword arguments for `selectors.resource_list`, from valid input."""
        data = self.cleaned_data
        return {
            "resource_type": data["type"],
            "topic": self.topics.get(data["topic"]),
            "audience": data["audience"],
        }
