#!/usr/bin/env python
"""Django's command-line entry point; picks settings the same way as cop/wsgi.py."""

import os
import sys

if __name__ == "__main__":
    from cop.settings import default_module

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", default_module())
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:
        # A bad or missing environment variable: one sentence, not a traceback.
        sys.stderr.write(f"Configuration error: {error}\n")
        sys.exit(2)
