"""Row ids that arrive in addresses and forms, checked against the database's integer range
once, so a huge or malformed number is a clear 4xx and never reaches a query."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

# Primary keys are 64-bit signed integers on both SQLite and PostgreSQL (BigAutoField).
MAX_ID = 2**63 - 1
NOT_AN_ID = _("That is not the number of anything on this site.")


def parse_id(value) -> int | None:
    """The id as an int, or None when it is not a whole number from 1 to MAX_ID."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if not text.isascii() or not text.isdigit() or len(text) > len(str(MAX_ID)):
            return None
        number = int(text)
    return number if 1 <= number <= MAX_ID else None


def parse_ids(values) -> list[int] | None:
    """Every value as an id, or None when any of them is not one."""
    ids = [parse_id(value) for value in values]
    return None if any(i is None for i in ids) else ids


class IdConverter:
    """`<id:pk>` in an address: digits within the database's range; anything else is a 404."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(value)
        return number

    def to_url(self, value) -> str:
        return str(int(value))


class IdField(forms.IntegerField):
    """A form field for one id."""

    default_error_messages = {"invalid": NOT_AN_ID, "min_value": NOT_AN_ID,
                              "max_value": NOT_AN_ID}

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


def coerce_id(value) -> int:
    """For TypedMultipleChoiceField(coerce=...): raises ValueError, which the field reports."""
    number = parse_id(value)
    if number is None:
        raise ValueError(value)
    return number
