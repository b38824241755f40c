"""Production settings: refuse to start when a secret, a host or an address is missing or wrong."""

from operations.config import ConfigError, env_bool, env_int, env_str, env_url

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, SECRET_KEY, SITE_URL, VERSION

DEBUG = False
if not SECRET_KEY or len(SECRET_KEY) < 50:
    raise ConfigError("Set SECRET_KEY to a random string of at least 50 characters.")
if not ALLOWED_HOSTS:
    raise ConfigError("Set ALLOWED_HOSTS to the site's host names, comma separated.")
if not env_str("EMAIL_URL"):
    raise ConfigError("Set EMAIL_URL, for example smtp://user:password@host:587/?tls=True")
if SITE_URL.startswith("http://"):
    raise ConfigError("Set SITE_URL to the site's https:// address.")

# The site runs behind a reverse proxy (Caddy in deploy/) that ends HTTPS and says so in
# X-Forwarded-Proto; the proxy must set that header itself and never pass on a visitor's.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Plain-http requests that reach the site are sent to https. Only turn this off when the proxy
# already redirects and does not send X-Forwarded-Proto (otherwise every page loops).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Load balancers and monitors may ask for the health page over plain http on the inside.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# collectstatic has gathered every file; looking in source folders would hide a missed step.
WHITENOISE_USE_FINDERS = False

# Error reports go to Sentry (or a compatible service) only when SENTRY_DSN is set.
SENTRY_DSN = env_url("SENTRY_DSN", schemes={"https", "http"},
                     example="https://key@o0.ingest.sentry.io/0")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(dsn=SENTRY_DSN, release=f"cop@{VERSION}",
                    environment=env_str("SENTRY_ENVIRONMENT", "production"),
                    send_default_pii=False)
