"""First set-up of a new site: its name and address, the first admin, default categories, the
spam model and a welcome page. Every step is safe to repeat."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from cms.models import HomePage
from cop.models import Category, User


@dataclass(frozen=True)
class DefaultCategory:
    slug: str
    name: str
    description: str


# Enough structure for a new community to start talking; admins rename or add more in /admin/.
DEFAULT_CATEGORIES = [
    DefaultCategory("introductions", _("Introductions"),
                    _("Say hello: who you are, where you work and what brought you here.")),
    DefaultCategory("practice", _("Practice and methods"),
                    _("How we do co-production day to day: questions, tips and what worked.")),
    DefaultCategory("events", _("Events"),
                    _("Workshops, meet-ups and conferences, and calls to take part.")),
    DefaultCategory("resources", _("Resources"),
                    _("Guides, templates and reports worth sharing with others.")),
]

WELCOME_INTRO = _(
    "<p>Welcome to {site_name}: a place to share how we work together and learn from each "
    "other. Start by introducing yourself, or read what others are talking about.</p>"
)


@transaction.atomic
def set_site_address(*, site_name: str, site_url: str) -> str:
    parts = urlsplit(site_url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    site = Site.objects.get(is_default_site=True)
    changed = (site.hostname, site.port, site.site_name) != (parts.hostname, port, site_name)
    site.hostname, site.port, site.site_name = parts.hostname, port, site_name
    site.save()
    return f"site {site_name!r} at {site_url}" + ("" if changed else " (unchanged)")


@transaction.atomic
def ensure_admin(*, username: str, email: str, password: str | None) -> str:
    """The first administrator, with a verified email so they can use the site at once."""
    user = User.objects.filter(username=username).first()
    created = user is None
    if created:
        user = User.objects.create_superuser(username=username, email=email, password=password)
    elif not user.is_superuser:
        user.is_superuser = user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])
    address, _ = EmailAddress.objects.get_or_create(
        user=user, email__iexact=user.email, defaults={"email": user.email, "primary": True},
    )
    if not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])
    return f"administrator {username!r} " + ("created" if created else "already there")


def ensure_categories() -> str:
    made = 0
    for order, spec in enumerate(DEFAULT_CATEGORIES):
        _, created = Category.objects.get_or_create(
            slug=spec.slug,
            defaults={"name": str(spec.name), "description": str(spec.description),
                      "order": order},
        )
        made += created
    return f"{made} of {len(DEFAULT_CATEGORIES)} default categories created"


def ensure_welcome_page(*, site_name: str) -> str:
    home = HomePage.objects.get()
    title = f"Welcome to {site_name}"
    if home.title == title:
        return "welcome page already there"
    home.title = home.draft_title = title
    home.intro = str(WELCOME_INTRO).format(site_name=site_name)
    home.save_revision().publish()
    return "welcome page published"


def ensure_spam_model() -> str:
    from moderation.classifier import registry

    row, trained = registry.ensure_default_model()
    return f"spam model v{row.version} " + ("trained and active" if trained else "already active")


def defer_first_scheduled_jobs() -> str:
    """Calendar jobs (nightly retrain, weekly digest) made by the migrations are due at once;
    on a new site they wait for their first proper time instead of running when the worker
    first starts."""
    from croniter import croniter
    from django_q.models import Schedule

    now = timezone.localtime()
    moved = 0
    for schedule in Schedule.objects.filter(schedule_type=Schedule.CRON, next_run__lte=now,
                                            task__isnull=True):
        next_run = croniter(schedule.cron, now).get_next(datetime)
        moved += Schedule.objects.filter(pk=schedule.pk).update(next_run=next_run)
    return f"{moved} calendar jobs set to their first proper time"
