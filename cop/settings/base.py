"""Settings shared by every environment, configured from environment variables."""

import os
from pathlib import Path

import dj_database_url
import dj_email_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("COP_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

SITE_NAME = os.environ.get("SITE_NAME", "Co-production Commons")
WAGTAIL_SITE_NAME = SITE_NAME
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL

INSTALLED_APPS = [
    "cop",
    "moderation",
    "cms",
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
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'cop.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the worker writes; a timeout avoids "database is
    # locked" errors when both write at once.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "cop"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

Q_CLUSTER = {
    "name": os.environ.get("Q_CLUSTER_NAME", "cop"),
    "workers": int(os.environ.get("Q_WORKERS", "1")),
    "timeout": 120,
    "retry": 180,
    "max_attempts": 3,
    "catch_up": False,
    "label": "Background jobs",
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"
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
ACCOUNT_RATE_LIMITS = {
    "login_failed": os.environ.get("LOGIN_FAILED_RATE", "5/5m/ip,5/5m/key"),
    "signup": "20/m/ip",
}

EMAIL_CONFIG = dj_email_url.parse(os.environ.get("EMAIL_URL", "console://"))
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "forum@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Serve from the source folders in development and tests; production runs collectstatic.
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# Wagtail's workflow emails: moderators hear of submitted pages, editors of approvals and
# pages sent back for changes.
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Search indexing runs as a small task per saved row; its per-task lines are noise.
        "django_tasks": {"level": "WARNING"},
    },
}

# --- Forum ---
FORUM_POSTS_PER_PAGE = 20
FORUM_THREADS_PER_PAGE = 25
FORUM_MAX_POST_LENGTH = int(os.environ.get("FORUM_MAX_POST_LENGTH", "20000"))
FORUM_NOTIFICATION_SENDER = "cop.notifications.EmailSender"

# --- Moderation ---
# The policy that decides what happens to a new post; a dotted path so it can be swapped.
MODERATION_POLICY = os.environ.get(
    "MODERATION_POLICY", "moderation.screening.policy.SpamEnginePolicy"
)
MODERATION_MODEL_DIR = Path(os.environ.get("MODERATION_MODEL_DIR", VAR_DIR / "models"))
# Link domains the community already trusts, on top of those its own posts use.
MODERATION_TRUSTED_DOMAINS = env_list("MODERATION_TRUSTED_DOMAINS")
# Scores at or above this are quarantined (collapsed in the queue) rather than just held.
MODERATION_QUARANTINE_ABOVE = float(os.environ.get("MODERATION_QUARANTINE_ABOVE", "0.95"))
# New accounts (trust level 0) whose post carries a link or contact details are held from
# this score up, when it is lower than the model's own threshold.
MODERATION_STRICT_THRESHOLD = float(os.environ.get("MODERATION_STRICT_THRESHOLD", "0.25"))
# Retrain after this many new moderator labels (and nightly).
MODERATION_RETRAIN_EVERY = int(os.environ.get("MODERATION_RETRAIN_EVERY", "50"))
# A new model needs at least this many held-back labels to be compared with the active one.
MODERATION_MIN_HOLDOUT = int(os.environ.get("MODERATION_MIN_HOLDOUT", "20"))
# Activate every retrained model, skipping the comparison (an operator's override).
MODERATION_ALWAYS_ACTIVATE = env_bool("MODERATION_ALWAYS_ACTIVATE", False)
# Trust levels: (approved posts, account age in days) needed for levels 1, 2 and 3.
MODERATION_TRUST_STEPS = [(1, 0), (10, 14), (50, 60)]
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
FORUM_MIN_SUBMIT_SECONDS = int(os.environ.get("FORUM_MIN_SUBMIT_SECONDS", "3"))
# Members with at least this many upheld reports, and this share upheld, gain a trust level.
MODERATION_ACCURATE_REPORTER = {"upheld": 5, "share": 0.8}
# How much one report counts at trust levels 0..3, and the total that hides a post.
MODERATION_FLAG_WEIGHTS = [0.5, 1.0, 1.5, 2.0]
MODERATION_FLAG_HIDE_WEIGHT = float(os.environ.get("MODERATION_FLAG_HIDE_WEIGHT", "3"))
# Posts still pending after this many seconds are queued again by the periodic sweep.
MODERATION_STALE_PENDING_SECONDS = int(os.environ.get("MODERATION_STALE_PENDING_SECONDS", "300"))

# --- Review queue ---
# Moderators are told (in the site and by email) about items waiting longer than this.
MODERATION_QUEUE_ALERT_MINUTES = int(os.environ.get("MODERATION_QUEUE_ALERT_MINUTES", "60"))
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
MODERATION_CAMPAIGN_DAYS = int(os.environ.get("MODERATION_CAMPAIGN_DAYS", "180"))
# Only moderators may open the review pages; others get 403 rather than Wagtail's redirect.
MIDDLEWARE = [*MIDDLEWARE, "moderation.middleware.ReviewAreaGuard"]

# --- Forum: attachments, notification emails, edit history (issue 11, media half) ---
# The largest file a member may attach, in bytes.
FORUM_UPLOAD_MAX_BYTES = int(os.environ.get("FORUM_UPLOAD_MAX_BYTES", str(8 * 1024 * 1024)))
# File name endings accepted as pictures (checked against the picture's real format) and as
# documents (checked against their first bytes).
FORUM_UPLOAD_IMAGE_TYPES = env_list("FORUM_UPLOAD_IMAGE_TYPES", "jpg,jpeg,png,gif,webp")
FORUM_UPLOAD_FILE_TYPES = env_list("FORUM_UPLOAD_FILE_TYPES", "pdf,docx,xlsx,pptx,odt,txt,csv")
# Pictures are resized to fit this many pixels on their longest side; thumbnails to the second.
FORUM_UPLOAD_IMAGE_MAX_SIDE = int(os.environ.get("FORUM_UPLOAD_IMAGE_MAX_SIDE", "1600"))
FORUM_UPLOAD_THUMBNAIL_SIDE = 320
# Pictures larger than this (width x height) are refused before they are decoded.
FORUM_UPLOAD_MAX_PIXELS = 40_000_000
# How many files a member can attach with one post (in the form: one slot each).
FORUM_UPLOAD_SLOTS = 2
# How many days a post's earlier versions stay public (0: always); moderators always see them.
FORUM_EDIT_HISTORY_PUBLIC_DAYS = int(os.environ.get("FORUM_EDIT_HISTORY_PUBLIC_DAYS", "0"))
