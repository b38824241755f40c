"""One-click unsubscribe: signed links in every notice and digest email, and their page.

The link carries the member and the kind of email, signed with the site's secret, so it works
logged out and from a mail provider's "unsubscribe" button (RFC 8058: a POST with
`List-Unsubscribe=One-Click`, no cookie, no CSRF token).
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from cop import preferences
from cop.enums import DigestFrequency, NotificationKind
from cop.models import User

SALT = "cop.unsubscribe"
DIGEST = "digest"
ALL = "all"
# What each link stops, in the words the confirmation page uses.
KIND_LABELS = {
    DIGEST: gettext_lazy("the digest email"),
    NotificationKind.REPLY: gettext_lazy("emails about new replies in threads you follow"),
    NotificationKind.MENTION: gettext_lazy("emails when someone mentions you"),
    NotificationKind.NEW_THREAD: gettext_lazy("emails about new threads where you follow"),
    NotificationKind.MODERATION: gettext_lazy("emails about your own posts"),
    ALL: gettext_lazy("all emails from the forum"),
}


def make_token(*, user: User, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": str(kind)}, salt=SALT, compress=True)


def unsubscribe_url(*, user: User, kind: str) -> str:
    return settings.SITE_URL + reverse("cop:unsubscribe",
                                       kwargs={"token": make_token(user=user, kind=kind)})


def read_token(token: str) -> tuple[User, str] | None:
    try:
        data = signing.loads(token, salt=SALT)
        user = User.objects.filter(pk=int(data["u"]), is_active=True).first()
        kind = str(data["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if user is None or kind not in KIND_LABELS:
        return None
    return user, kind


def unsubscribe(*, user: User, kind: str) -> None:
    """Switch off one kind of email, the digest, or every email."""
    if kind == DIGEST:
        preferences.update_preferences(user=user, digest=DigestFrequency.NEVER)
    elif kind == ALL:
        preferences.update_preferences(user=user, digest=DigestFrequency.NEVER)
        user.email_notifications = False
        user.save(update_fields=["email_notifications"])
    else:
        field = preferences.EMAIL_FIELD_FOR_KIND[NotificationKind(kind)]
        preferences.update_preferences(user=user, **{field: False})


def email_to(*, user: User, kind: str, subject: str, body: str) -> EmailMessage:
    """A forum email with the unsubscribe link in its text and in the List-Unsubscribe headers
    mail providers show as a button."""
    link = unsubscribe_url(user=user, kind=kind)
    settings_link = settings.SITE_URL + reverse("cop:email_settings")
    footer = _(
        "Stop these emails with one click: %(link)s\n"
        "Choose which emails you get: %(settings)s\n"
    ) % {"link": link, "settings": settings_link}
    return EmailMessage(
        subject=subject, body=f"{body.rstrip()}\n\n--\n{footer}",
        from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email],
        headers={"List-Unsubscribe": f"<{link}>",
                 "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )


@csrf_exempt  # mail providers post here without a cookie; the signed token is the proof
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    found = read_token(token)
    if found is None:
        return render(request, "cop/unsubscribe.html", {"invalid": True}, status=400)
    user, kind = found
    context = {"what": KIND_LABELS[kind], "token": token, "member": user}
    if request.method == "POST":
        unsubscribe(user=user, kind=kind)
        context["done"] = True
    return render(request, "cop/unsubscribe.html", context)
