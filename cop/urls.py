"""The site's addresses: forum, accounts, Wagtail admin and pages."""

from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cop.account_views import signup
from operations import views as operations_views

urlpatterns = [
    path("forum/", include("cop.forum_urls")),
    path("", include("cms.urls")),  # the resource library's address and the sitemap
    path("accounts/signup/", signup, name="account_signup"),  # allauth's, answering 400
    path("accounts/", include("allauth.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("robots.txt", operations_views.robots_txt, name="robots_txt"),
    path("healthz", operations_views.healthz, name="healthz"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
