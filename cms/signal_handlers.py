"""Connects Wagtail's publishing signals to the resource library's services and the cached
home-page lists, and keeps the default site's address in step with SITE_URL after migrations."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db.models.signals import post_delete, post_migrate, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms import services
from cms.models import ResourcePage
from cop import aggregates


def open_discussion_when_published(sender, instance, revision=None, **kwargs):
    """`page_published` gives the page (`instance`) and the `revision` just published; aliases
    (`alias=True`) share their original's discussion."""
    if kwargs.get("alias"):
        return
    services.open_resource_discussion(page=instance, user=getattr(revision, "user", None))


def pages_changed(sender, **kwargs):
    """Cached pages, lists of pages and search results' page details last until a page is
    published, unpublished, moved or deleted, made private or public, or a site changes."""
    aggregates.changed()


# The address the first migration gives the default site before anyone has configured it.
PLACEHOLDER_HOST = ("localhost", 80)


def default_site_follows_site_url(sender, using="default", **kwargs):
    """Give the default Wagtail site SITE_URL's host and port while it still has the
    placeholder address, so sitemap and page links name the real site. An address set by an
    administrator (Settings > Sites) is never overwritten."""

    address = urlsplit(settings.SITE_URL)
    if not address.hostname:
        return
    port = address.port or (443 if address.scheme == "https" else 80)
    changed = Site.objects.using(using).filter(
        is_default_site=True, hostname=PLACEHOLDER_HOST[0], port=PLACEHOLDER_HOST[1]
    ).exclude(hostname=address.hostname, port=port).update(hostname=address.hostname, port=port)
    if changed:
        Site.clear_site_root_paths_cache()  # update() skips the save() that would clear it


def connect() -> None:
    post_migrate.connect(
        default_site_follows_site_url, dispatch_uid="cms.default_site_follows_site_url"
    )
    page_published.connect(pages_changed, dispatch_uid="cms.pages_changed_published")
    page_unpublished.connect(pages_changed, dispatch_uid="cms.pages_changed_unpublished")
    post_page_move.connect(pages_changed, dispatch_uid="cms.pages_changed_moved")
    post_delete.connect(pages_changed, sender=Page, dispatch_uid="cms.pages_changed_deleted")
    for model in (PageViewRestriction, Site):
        post_save.connect(pages_changed, sender=model,
                          dispatch_uid=f"cms.pages_changed_saved_{model.__name__}")
        post_delete.connect(pages_changed, sender=model,
                            dispatch_uid=f"cms.pages_changed_deleted_{model.__name__}")
    page_published.connect(
        open_discussion_when_published, sender=ResourcePage,
        dispatch_uid="cms.open_discussion_when_published",
    )
