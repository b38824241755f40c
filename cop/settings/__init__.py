"""Settings modules: base holds everything; dev, test and production override it."""

import os


def default_module() -> str:
    """The settings both manage.py and the WSGI server use when DJANGO_SETTINGS_MODULE is unset:
    production once SECRET_KEY is given (a deployment's environment file sets it), development
    otherwise, so a command typed on the server and the running site read the same settings."""
    return "cop.settings.production" if os.environ.get("SECRET_KEY") else "cop.settings.dev"
