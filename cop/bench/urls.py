"""The site's addresses plus /bench/baseline/, served only under the benchmark settings."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from cop.urls import urlpatterns as site_urlpatterns


def baseline(request: HttpRequest) -> HttpResponse:
    """What this machine can serve through Django's full stack when a page does no work."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/baseline/", baseline, name="bench_baseline"), *site_urlpatterns]
