"""Connects Wagtail's publishing signal to the resource library's services."""

from wagtail.signals import page_published

from cms import services
from cms.models import ResourcePage


def open_discussion_when_published(sender, instance, revision=None, **kwargs):
    """`page_published` gives the page (`instance`) and the `revision` just published; aliases
    (`alias=True`) share their original's discussion."""
    if kwargs.get("alias"):
        return
    services.open_resource_discussion(page=instance, user=getattr(revision, "user", None))


def connect() -> None:
    page_published.connect(
        open_discussion_when_published, sender=ResourcePage,
        dispatch_uid="cms.open_discussion_when_published",
    )
