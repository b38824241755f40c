"""Operators' addresses: the health report for monitors and robots.txt for crawlers."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from operations.health import site_health


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 while the site can serve pages (the database answers), 503 otherwise; with ?strict
    any part down gives 503, for monitors that should wake someone when the worker stops."""
    parts = site_health()
    every_part_ok = all(part.ok for part in parts)
    serving = parts[0].ok
    failing = not every_part_ok if "strict" in request.GET else not serving
    body = {
        "status": "ok" if every_part_ok else ("degraded" if serving else "down"),
        "version": settings.VERSION,
        "parts": {part.name: {"ok": part.ok, "detail": part.detail} for part in parts},
    }
    return JsonResponse(body, status=503 if failing else 200)


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    # Accounts, the admin and search result pages are not worth crawling; the rest is public.
    lines = ["User-agent: *"]
    for path in ("/accounts/", "/admin/", "/forum/search/", "/forum/notifications/"):
        lines.append(f"Disallow: {path}")
    lines.append(f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
