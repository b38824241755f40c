"""The sign-up page: allauth's own view, answering 400 when the form is refused."""

from __future__ import annotations

from allauth.account.views import signup as allauth_signup
from django.http import HttpRequest, HttpResponse


def signup(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """allauth shows a refused form with 200; people see the same page, while scripts and
    monitoring see a refusal (as on every other form of the site)."""
    response = allauth_signup(request, *args, **kwargs)
    form = (getattr(response, "context_data", None) or {}).get("form")
    if request.method == "POST" and response.status_code == 200 and form is not None \
            and form.is_bound and form.errors:
        response.status_code = 400
    return response
