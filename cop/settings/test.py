"""Settings for the test suite: fast hashing, mail kept in memory, jobs run in the worker code
path synchronously unless a test starts a real worker."""

import os

from .base import *  # noqa: F403
from .base import DATABASES, MODERATION_LIMITS, Q_CLUSTER, VAR_DIR

SECRET_KEY = "test-only-secret-key-not-for-production-use-0123456789"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Jobs run in-process through django-q2's own code path, except in the worker that
# tests/moderation/test_worker.py starts as a separate process.
Q_CLUSTER = {**Q_CLUSTER, "sync": os.environ.get("COP_REAL_WORKER") != "1"}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so that a worker process can share the test database.
    # One file per test run, so that runs side by side never share a database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
ACCOUNT_RATE_LIMITS = False
WAGTAILADMIN_BASE_URL = "http://testserver"
MODERATION_MODEL_DIR = VAR_DIR / "test-models"
MODERATION_RETRAIN_EVERY = 10_000  # tests that retrain say so
# Tests post many times a second; the tests of these limits set their own numbers.
FORUM_MIN_SUBMIT_SECONDS = 0
MODERATION_LIMITS = {**MODERATION_LIMITS, "seconds_between_posts_new": 0,
                     "seconds_between_posts": 0, "duplicate_window_seconds": 0,
                     "new_replies_first_day": 1000, "new_threads_first_day": 1000}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FORUM_PAGE_CACHE_SECONDS = 0  # the tests of the visitors' page cache turn it on
