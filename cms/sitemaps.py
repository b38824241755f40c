"""sitemap.xml: every public Wagtail page and every public forum thread."""

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from wagtail.contrib.sitemaps import Sitemap as PageSitemap
from wagtail.models import Site

from cop import selectors as forum


class ThreadSitemap(Sitemap):
    """Published threads outside members-only categories, at the Wagtail site's address so the
    whole sitemap names one host."""

    changefreq = "daily"

    def __init__(self, request=None):
        self.request = request

    def items(self):
        return (
            forum.public_threads(user=None)
            .only("pk", "last_activity_at")
            .order_by("-last_activity_at", "-pk")
        )

    def lastmod(self, thread):
        return thread.last_activity_at

    def _root(self):
        site = Site.find_for_request(self.request) if self.request else None
        site = site or Site.objects.filter(is_default_site=True).first()
        return urlsplit(site.root_url) if site else None

    def get_protocol(self, protocol=None):
        root = self._root()
        return root.scheme if root else super().get_protocol(protocol)

    def get_domain(self, site=None):
        root = self._root()
        return root.netloc if root else super().get_domain(site)


def sitemap(request):
    return sitemap_views.sitemap(
        request, {"pages": PageSitemap(request), "threads": ThreadSitemap(request)}
    )
