"""Deploy checks: `manage.py check --deploy` fails when the database, Redis or email is down."""

from __future__ import annotations

from django.core.checks import Error, Tags, register

from operations import health

LABELS = {"database": "The database", "redis": "Redis", "email": "The email server"}
HINTS = {
    "database": "Check DATABASE_URL and that the database server is running.",
    "redis": "Check REDIS_URL and that Redis is running.",
    "email": "Check EMAIL_URL (host, port, tls/ssl) and that the mail server accepts connections.",
}


@register(Tags.database, deploy=True)
def parts_reachable(app_configs=None, **kwargs) -> list[Error]:
    errors = []
    for part in (health.database(), health.redis_server(), health.email_server()):
        if not part.ok:
            errors.append(Error(f"{LABELS[part.name]} {part.detail}", hint=HINTS[part.name],
                                id=f"operations.E00{list(HINTS).index(part.name) + 1}"))
    return errors
