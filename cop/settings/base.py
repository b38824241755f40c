"""Settings shared by every environment, configured from environment variables."""

from pathlib import Path

import dj_database_url
import dj_email_url

from operations.config import (
    LOG_LEVELS,
    env_bool,
    env_choice,
    env_database_url,
    env_email_url,
    env_float,
    env_int,
    env_list,
    env_redis_url,
    env_str,
    env_time_zone,
    env_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("COP_VAR_DIR") or BASE_DIR / "var")
VAR_DIR.mkdir(parents=True, exist_ok=True)
VERSION = (BASE_DIR / "VERSION").read_text().strip()

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

SITE_NAME = env_str("SITE_NAME", "Co-production Commons")
WAGTAIL_SITE_NAME = SITE_NAME
SITE_URL = env_url("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL

INSTALLED_APPS = [
    "cop",
    "moderation",
    "cms",
    "operations",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "django_q",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.syndication",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cop.page_cache.VisitorPageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cop.urls"
WSGI_APPLICATION = "cop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cop.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_database_url("DATABASE_URL", f"sqlite:///{VAR_DIR / 'cop.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
# Read whatever the database, so a bad value is refused on any site.
SQLITE_BUSY_TIMEOUT = env_float("SQLITE_BUSY_TIMEOUT", 20.0, minimum=1.0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the worker writes; a timeout avoids "database is
    # locked" errors when both write at once. Connections are kept (DB_CONN_MAX_AGE) as on
    # PostgreSQL: opening one costs more than a short job (the worker closes its connection
    # after every job otherwise), and an idle connection holds no lock.
    DATABASES["default"]["OPTIONS"] = {
        # Seconds a write waits for another writer; past it the member's form comes back with
        # the text and a plain message (cop.views._save_failed).
        "timeout": SQLITE_BUSY_TIMEOUT,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_redis_url("REDIS_URL")
# Seconds to wait for Redis before the cache answers from memory and jobs wait for the sweep.
REDIS_TIMEOUT = env_float("REDIS_TIMEOUT", 1.0, minimum=0.1)
if REDIS_URL:
    CACHES = {
        "default": {
            # Falls back to a per-process memory cache while Redis cannot be reached, so pages
            # and log-in keep answering (operations/cache.py).
            "BACKEND": "operations.cache.FallbackRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "cop"),
            "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# A job is acknowledged only once its result is saved. Until then the broker keeps it leased
# (operations/brokers.py, on Redis and the database alike) and hands it out again when the
# lease runs out, so a job a killed worker took is redone: a job with its own time limit
# (Q_JOB_TIMEOUTS) is leased for that limit plus 10 s, any other for `retry`, which django-q2
# needs above `timeout`. Screenings have a short limit: one a killed worker took is redone
# within about half a minute. The every-minute sweep (moderation.tasks.requeue_stale_pending)
# screens posts whose job was never queued (broker away) or failed.
MODERATION_SCREENING_TIMEOUT_SECONDS = env_int("MODERATION_SCREENING_TIMEOUT_SECONDS", 20,
                                               minimum=5)
# Screening takes the waiting posts this many at a time, oldest first, each batch in one
# transaction. Measured with two workers on PostgreSQL and Redis, 50 cleared a burst of 2,000
# posts at 140-193 posts/s (five runs) against 122-143 for 20 (three); on SQLite a batch holds
# the one write lock, which the web process waits for, so 20.
# 1 screens one post a transaction.
MODERATION_SCREENING_BATCH = env_int(
    "MODERATION_SCREENING_BATCH",
    20 if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" else 50, minimum=1)
Q_JOB_TIMEOUTS = {f"moderation.tasks.screen_{kind}": MODERATION_SCREENING_TIMEOUT_SECONDS
                  for kind in ("post", "waiting", "edit", "profile")}
Q_KEEP_RESULTS = env_int("Q_KEEP_RESULTS", 250)
Q_WORKERS = env_int("Q_WORKERS", 1, minimum=1)
# New posts queue at most this many screening jobs at once (operations.queue.enqueue_coalesced);
# each screens every post waiting when it runs, a batch at a time, so this many workers can
# clear a burst side by side. At least the number of workers.
MODERATION_SCREENING_JOBS = env_int("MODERATION_SCREENING_JOBS", max(2, Q_WORKERS), minimum=1)
Q_CLUSTER = {
    "name": env_str("Q_CLUSTER_NAME", "cop"),
    "workers": Q_WORKERS,
    # A worker process is replaced after this many jobs (a bound on any slow leak); each new
    # one loads the spam model again, a second or two in which nothing is screened.
    "recycle": env_int("Q_RECYCLE", 5000, minimum=1),
    "timeout": 90,
    "retry": 120,
    "max_attempts": 3,
    "ack_failures": True,
    # django-q2 would prune its successful results after every job, locking all of them
    # (the cost of a short job again); operations.tasks.prune_job_results keeps the newest
    # Q_KEEP_RESULTS every minute instead.
    "save_limit": 0,
    "catch_up": False,
    "label": "Background jobs",
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
    Q_CLUSTER["broker_class"] = "operations.brokers.LeasedRedis"
else:
    Q_CLUSTER["orm"] = "default"
    Q_CLUSTER["broker_class"] = "operations.brokers.LeasedORM"
    Q_CLUSTER["poll"] = 1

AUTH_USER_MODEL = "cop.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "cop:index"
LOGOUT_REDIRECT_URL = "cop:index"

ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_FORMS = {"login": "cop.forms.LoginForm", "signup": "cop.forms.SignupForm"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
ACCOUNT_ADAPTER = "cop.account_adapter.AccountAdapter"
# Wrong passwords are limited per account; the per-address limit is gentle, because a council
# or NHS network puts hundreds of people behind one address. A password reset lifts an
# account's limit at once, so nobody can keep a named member out.
LOGIN_FAILED_MINUTES = env_int("LOGIN_FAILED_MINUTES", 15, minimum=1)
LOGIN_FAILED_PER_ACCOUNT = env_int("LOGIN_FAILED_PER_ACCOUNT", 8, minimum=1)
LOGIN_FAILED_PER_ADDRESS = env_int("LOGIN_FAILED_PER_ADDRESS", 200, minimum=1)
ACCOUNT_RATE_LIMITS = {
    "login_failed": (f"{LOGIN_FAILED_PER_ADDRESS}/{LOGIN_FAILED_MINUTES}m/ip,"
                     f"{LOGIN_FAILED_PER_ACCOUNT}/{LOGIN_FAILED_MINUTES}m/key"),
    "signup": "20/m/ip",
}

EMAIL_URL = env_email_url("EMAIL_URL", "console://")
EMAIL_CONFIG = dj_email_url.parse(EMAIL_URL)
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "forum@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_time_zone("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Serve from the source folders in development and tests; production runs collectstatic.
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# Editors' uploads to the resource library: documents and pictures each have a size limit.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.document_forms.LimitedDocumentForm"
CMS_DOCUMENT_MAX_BYTES = env_int("CMS_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024, minimum=1)
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("CMS_IMAGE_MAX_BYTES", 10 * 1024 * 1024, minimum=1)
# Wagtail's workflow emails: moderators hear of submitted pages, editors of approvals and
# pages sent back for changes.
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Logs go to standard error (journald or `docker compose logs` keep them); LOG_FORMAT=json
# writes one JSON object a line for log collectors.
LOG_LEVEL = env_choice("LOG_LEVEL", "INFO", LOG_LEVELS)
LOG_FORMAT = env_choice("LOG_FORMAT", "text", ["text", "json"])
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
        "json": {"()": "operations.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Search indexing runs as a small task per saved row; its per-task lines are noise.
        "django_tasks": {"level": "WARNING"},
    },
}

# --- Forum ---
FORUM_POSTS_PER_PAGE = 20
FORUM_THREADS_PER_PAGE = 25
FORUM_MAX_POST_LENGTH = env_int("FORUM_MAX_POST_LENGTH", 20000, minimum=1)
FORUM_NOTIFICATION_SENDER = "cop.notifications.EmailSender"
# Popular tags, category totals, active threads and the visitors' page cache are kept until
# something public changes (the forum generation, in the database, so the worker's changes reach
# every web process), and at most this long.
FORUM_AGGREGATES_CACHE_SECONDS = env_int("FORUM_AGGREGATES_CACHE_SECONDS", 600)
# How long each process trusts the generation it last read before asking the database again:
# a change made in another process shows within this time.
FORUM_GENERATION_LOCAL_SECONDS = env_float("FORUM_GENERATION_LOCAL_SECONDS", 1.0, maximum=60.0)
# Pages that are the same for every visitor who is not logged in (home, forum index, categories,
# threads, tags, profiles, resource pages) are kept whole in the cache for visitors with no
# session, until something public changes and at most this long; 0 turns it off. Members' pages
# are always made afresh.
FORUM_PAGE_CACHE_SECONDS = env_int("FORUM_PAGE_CACHE_SECONDS", 300)

# --- Moderation ---
# The policy that decides what happens to a new post; a dotted path so it can be swapped.
MODERATION_POLICY = env_str("MODERATION_POLICY", "moderation.screening.policy.SpamEnginePolicy")
MODERATION_MODEL_DIR = Path(env_str("MODERATION_MODEL_DIR") or VAR_DIR / "models")
# Link domains the community already trusts, on top of those its own posts use.
MODERATION_TRUSTED_DOMAINS = env_list("MODERATION_TRUSTED_DOMAINS")
# Scores at or above this are quarantined (collapsed in the queue) rather than just held.
MODERATION_QUARANTINE_ABOVE = env_float("MODERATION_QUARANTINE_ABOVE", 0.95, maximum=1.0)
# New accounts (trust level 0) whose post carries a link or contact details are held from
# this score up, when it is lower than the model's own threshold.
MODERATION_STRICT_THRESHOLD = env_float("MODERATION_STRICT_THRESHOLD", 0.25, maximum=1.0)
# New accounts' posts with any of these engine signals meet this threshold too, links or not:
# promotion (adverts, "subscribe to my channel", support lines), get-rich and testimony talk,
# and words the community rarely uses. Not money, prizes or urgency alone: practitioners
# write about grants, tickets and deadlines.
MODERATION_NEW_ACCOUNT_SCRUTINY = {
    "threshold": env_float("MODERATION_NEW_ACCOUNT_THRESHOLD", 0.25, maximum=1.0),
    "signals": [
        "self_promotion", "seo_words", "tech_support_words", "adult_pharma_words",
        "premium_sms_words", "chat_app_words", "get_rich_words", "income_claim",
        "income_rate_claim", "testimony_words", "secrecy_words", "off_topic",
    ],
}
# Retrain the whole model after this many new moderator labels (and nightly). Between
# retrains every decision is learned at once by the model's learned layer (below).
MODERATION_RETRAIN_EVERY = env_int("MODERATION_RETRAIN_EVERY", 1000)
# The learned layer (moderation/engine/learning.py): every moderator's decision updates a memory
# of the words of posts approved and rejected here; every `refit_every` decisions its blend with
# the trained model and the operating threshold are refitted, the threshold so that at most
# `false_hold_rate` of the latest `threshold_ham` legitimate posts would have been held (once
# there are `min_ham_for_threshold` of them; until then the trained model's threshold holds).
MODERATION_LEARNING = {
    "refit_every": 20,
    "window": 3000,
    "threshold_ham": 400,
    "min_ham_for_threshold": 200,
    "false_hold_rate": env_float("MODERATION_LEARNING_FALSE_HOLD_RATE", 0.012, maximum=0.5),
    "min_each": 10,
}
# A new model needs at least this many held-back labels to be compared with the active one.
MODERATION_MIN_HOLDOUT = env_int("MODERATION_MIN_HOLDOUT", 20)
# Activate every retrained model, skipping the comparison (an operator's override).
MODERATION_ALWAYS_ACTIVATE = env_bool("MODERATION_ALWAYS_ACTIVATE", False)
# Trust levels 1, 2 and 3 (moderation/screening/trust.py): each needs all of its numbers.
# Until level 1 the new-member limits and the strict threshold hold, so it takes days and
# posts approved on several days, never one post at age zero. `posts_read` counts only when
# MODERATION_POSTS_READ names a counter (by default the forum's read tracking).
MODERATION_TRUST_STEPS = [
    {"days_since_joining": 3, "approved_posts": 3, "approved_on_distinct_days": 2,
     "posts_read": 20},
    {"days_since_joining": 14, "approved_posts": 10, "approved_on_distinct_days": 4,
     "posts_read": 100},
    {"days_since_joining": 60, "approved_posts": 50, "approved_on_distinct_days": 15,
     "posts_read": 500},
]
# Profiles of members below this trust level are screened before the public sees them.
MODERATION_PROFILE_TRUSTED_LEVEL = env_int("MODERATION_PROFILE_TRUSTED_LEVEL", 2)
# A post rejected within this many days keeps a member at level 0.
MODERATION_TRUST_CLEAN_DAYS = env_int("MODERATION_TRUST_CLEAN_DAYS", 30)
# A member whose post is held (from level 1) or rejected loses a level for this many days,
# unless a moderator approves the post.
MODERATION_TRUST_PENALTY_DAYS = env_int("MODERATION_TRUST_PENALTY_DAYS", 60)
# Dotted path to a callable(user) -> int counting the posts a member has read (others' posts up
# to their read mark in each thread they opened); "off" stops the steps asking for posts_read.
MODERATION_POSTS_READ = env_str("MODERATION_POSTS_READ", "cop.reading.posts_read")
if MODERATION_POSTS_READ.lower() == "off":
    MODERATION_POSTS_READ = ""
# Limits on posting (moderation/limits.py); moderators are never limited.
MODERATION_LIMITS = {
    "new_links_per_post": 2,
    "new_threads_first_day": 3,
    "new_replies_first_day": 10,
    "seconds_between_posts_new": 30,
    "seconds_between_posts": 5,
    "duplicate_window_seconds": 300,
}
# Checks run before any post or edit is saved: dotted paths to callables(author, body,
# starting_thread, editing), editing being the post edited or None.
FORUM_POSTING_CHECKS = ["moderation.screening.limits.check_posting"]
# Forms refuse submissions faster than this (seconds after the form was shown).
FORUM_MIN_SUBMIT_SECONDS = env_int("FORUM_MIN_SUBMIT_SECONDS", 3)
# A form's time stamp (tied to the visitor's session, usable once) expires after this long.
FORUM_FORM_STAMP_MAX_AGE_SECONDS = env_int("FORUM_FORM_STAMP_MAX_AGE_SECONDS", 6 * 60 * 60,
                                           minimum=60)
# Members with at least this many upheld reports, and this share upheld, gain a trust level.
MODERATION_ACCURATE_REPORTER = {"upheld": 5, "share": 0.8}
# How much one report counts at trust levels 0..3, and the total that hides a post.
MODERATION_FLAG_WEIGHTS = [0.5, 1.0, 1.5, 2.0]
MODERATION_FLAG_HIDE_WEIGHT = env_float("MODERATION_FLAG_HIDE_WEIGHT", 3.0)
# Posts still unscreened after this many seconds are queued again by the sweep, which runs
# every minute; screening twice is harmless (the second run sees the first and stops), and a
# post usually takes well under a second, so a lost job is redone about a minute after posting.
MODERATION_STALE_PENDING_SECONDS = env_int("MODERATION_STALE_PENDING_SECONDS", 45, minimum=1)

# --- Review queue ---
# Moderators are told (in the site and by email) about items waiting longer than this.
MODERATION_QUEUE_ALERT_MINUTES = env_int("MODERATION_QUEUE_ALERT_MINUTES", 60)
MODERATION_QUEUE_PER_PAGE = 50
MODERATION_AUDIT_PER_PAGE = 50
# Link domains too common to tie posts into one campaign, on top of public-sector and trusted
# domains, free-mail providers, link shorteners and the site's own address.
MODERATION_CAMPAIGN_COMMON_DOMAINS = env_list("MODERATION_CAMPAIGN_COMMON_DOMAINS") or [
    "google.com", "youtube.com", "youtu.be", "facebook.com", "instagram.com", "twitter.com",
    "x.com", "linkedin.com", "wikipedia.org", "github.com", "microsoft.com", "zoom.us",
    "eventbrite.co.uk", "eventbrite.com", "bbc.co.uk", "vimeo.com", "wordpress.com",
]
# How far back a campaign purge looks for posts sharing the campaign's contacts or text.
MODERATION_CAMPAIGN_DAYS = env_int("MODERATION_CAMPAIGN_DAYS", 180)
# Only moderators may open the review pages; others get 403 rather than Wagtail's redirect.
MIDDLEWARE = [*MIDDLEWARE, "moderation.middleware.ReviewAreaGuard"]

# --- Forum: attachments, notification emails, edit history (issue 11, media half) ---
# The largest file a member may attach, in bytes.
FORUM_UPLOAD_MAX_BYTES = env_int("FORUM_UPLOAD_MAX_BYTES", 8 * 1024 * 1024, minimum=1)
# File name endings accepted as pictures (checked against the picture's real format) and as
# documents (checked against their first bytes).
FORUM_UPLOAD_IMAGE_TYPES = env_list("FORUM_UPLOAD_IMAGE_TYPES", "jpg,jpeg,png,gif,webp")
FORUM_UPLOAD_FILE_TYPES = env_list("FORUM_UPLOAD_FILE_TYPES", "pdf,docx,xlsx,pptx,odt,txt,csv")
# Pictures are resized to fit this many pixels on their longest side; thumbnails to the second.
FORUM_UPLOAD_IMAGE_MAX_SIDE = env_int("FORUM_UPLOAD_IMAGE_MAX_SIDE", 1600, minimum=64)
FORUM_UPLOAD_THUMBNAIL_SIDE = 320
# Pictures larger than this (width x height) are refused before they are decoded.
FORUM_UPLOAD_MAX_PIXELS = 40_000_000
# How many files a member can attach with one post (in the form: one slot each).
FORUM_UPLOAD_SLOTS = 2
# How many days a post's earlier versions stay public (0: always); moderators always see them.
FORUM_EDIT_HISTORY_PUBLIC_DAYS = env_int("FORUM_EDIT_HISTORY_PUBLIC_DAYS", 0)
# --- Everyday forum features: pinned and closed threads, welcome, reactions, reading, drafts ---
# The longest reason a moderator can give for closing a thread (shown above it).
FORUM_CLOSED_REASON_MAX_LENGTH = 300
# Where a new member lands after confirming their address: a short welcome.
ACCOUNT_SIGNUP_REDIRECT_URL = "/forum/welcome/"
# Pinned threads shown at the top of the forum page and on the welcome page.
FORUM_PINNED_ON_INDEX = 5
# The page type search offers as "Resources" (the forum names it here rather than importing it).
FORUM_SEARCH_RESOURCE_MODEL = "cms.ResourcePage"
