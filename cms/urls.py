"""The library's stable address and the sitemap, included by the site's URLs."""

from django.urls import path

from cms import views
from cms.sitemaps import sitemap

urlpatterns = [
    path("library/", views.library, name="library"),
    path("sitemap.xml", sitemap, name="sitemap"),
]
