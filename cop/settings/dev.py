"""Settings for `make run` on one machine: debug on, a local secret, console email."""

from .base import *  # noqa: F403
from .base import SECRET_KEY, VAR_DIR

DEBUG = True
if not SECRET_KEY:
    secret_file = VAR_DIR / "dev-secret-key"
    if not secret_file.exists():
        import secrets

        secret_file.write_text(secrets.token_urlsafe(50))
    SECRET_KEY = secret_file.read_text().strip()
