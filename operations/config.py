"""Typed readers for environment variables: a bad value stops start-up with one sentence naming it.

This module imports nothing from Django's settings machinery, so settings files can use it.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}
DATABASE_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql", "postgis"}
EMAIL_SCHEMES = {"smtp", "smtps", "submission", "submit", "console", "file", "memory", "dummy"}
REDIS_SCHEMES = {"redis", "rediss", "unix"}
LOG_LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]


class ConfigError(ImproperlyConfigured):
    """An environment variable holds a value the site cannot use; the message names it."""


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return None if value is None else value.strip()


def _bad(name: str, value: str, wanted: str) -> ConfigError:
    return ConfigError(f"{name} must be {wanted}; it is set to {value!r}.")


def env_str(name: str, default: str = "") -> str:
    value = _raw(name)
    return default if value is None else value


def env_bool(name: str, default: bool = False) -> bool:
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in TRUE_WORDS:
        return True
    if value.lower() in FALSE_WORDS:
        return False
    raise _bad(name, value, "true or false")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        number = int(value.replace("_", ""))
    except ValueError:
        raise _bad(name, value, f"a whole number such as {default}") from None
    if number < minimum:
        raise _bad(name, value, f"a whole number of at least {minimum}")
    return number


def env_float(name: str, default: float, *, minimum: float = 0.0,
              maximum: float | None = None) -> float:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        number = float(value)
    except ValueError:
        raise _bad(name, value, f"a number such as {default}") from None
    if number < minimum or (maximum is not None and number > maximum):
        upper = f" and at most {maximum}" if maximum is not None else ""
        raise _bad(name, value, f"a number of at least {minimum}{upper}")
    return number


def env_list(name: str, default: str = "") -> list[str]:
    value = _raw(name)
    return [item.strip() for item in (default if value is None else value).split(",")
            if item.strip()]


def env_choice(name: str, default: str, choices: list[str]) -> str:
    value = _raw(name)
    if value is None or value == "":
        return default
    for choice in choices:
        if value.lower() == choice.lower():
            return choice
    raise _bad(name, value, "one of " + ", ".join(choices))


def _check_url(name: str, value: str, schemes: set[str], example: str) -> str:
    parts = urlsplit(value)
    if parts.scheme.lower() not in schemes:
        raise _bad(name, value, f"an address starting with one of "
                                f"{', '.join(s + '://' for s in sorted(schemes))} (e.g. {example})")
    return value


def env_url(name: str, default: str = "", *, schemes: set[str] | None = None,
            example: str = "https://forum.example.org") -> str:
    """A URL with one of `schemes` (http and https unless told) and a host."""
    value = _raw(name)
    if value is None or value == "":
        return default
    schemes = schemes or {"http", "https"}
    _check_url(name, value, schemes, example)
    if schemes <= {"http", "https"} and not urlsplit(value).hostname:
        raise _bad(name, value, f"a full address with a host name (e.g. {example})")
    return value


def env_database_url(name: str, default: str) -> str:
    value = _raw(name) or default
    return _check_url(name, value, DATABASE_SCHEMES, "postgres://cop:secret@127.0.0.1:5432/cop")


def env_email_url(name: str, default: str) -> str:
    value = _raw(name) or default
    return _check_url(name, value, EMAIL_SCHEMES,
                      "smtp://user:password@smtp.example.org:587/?tls=True")


def env_redis_url(name: str) -> str:
    value = _raw(name) or ""
    if not value:
        return ""
    return _check_url(name, value, REDIS_SCHEMES, "redis://127.0.0.1:6379/0")


def env_time_zone(name: str, default: str) -> str:
    value = _raw(name) or default
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise _bad(name, value, "a time zone name such as Europe/London") from None
    return value
