"""Production settings plus one trivial page, for measuring the site as it is served."""

from cop.settings.production import *  # noqa: F403

ROOT_URLCONF = "cop.bench.urls"
