"""WSGI entry point for gunicorn and other servers; picks settings the same way as manage.py."""

import os

from django.core.wsgi import get_wsgi_application

from cop.settings import default_module

os.environ.setdefault("DJANGO_SETTINGS_MODULE", default_module())

application = get_wsgi_application()
