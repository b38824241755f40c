"""Production settings refuse to start misconfigured, and pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

from tests.operations.smtp import smtp_server

ROOT = Path(__file__).resolve().parents[1]
GOOD_ENV = {
    "DJANGO_SETTINGS_MODULE": "cop.settings.production",
    "SECRET_KEY": "k" * 20 + "-production-secret-for-the-settings-test-0123456789",
    "ALLOWED_HOSTS": "forum.example.org",
    "SITE_URL": "https://forum.example.org",
    "EMAIL_URL": "smtp://user:pass@smtp.example.org:587/?tls=True",
}


def _check(env_overrides: dict, *args: str) -> subprocess.CompletedProcess:
    # The browser tests allow async-unsafe calls in this process; a deployment never would.
    env = {k: v for k, v in os.environ.items()
           if k not in GOOD_ENV and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check", *args], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=120,
    )


def test_production_check_deploy_reports_nothing():
    with smtp_server() as port:
        result = _check({**GOOD_ENV, "EMAIL_URL": f"smtp://127.0.0.1:{port}"},
                        "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_check_deploy_reports_each_unreachable_part():
    closed = {"DATABASE_URL": "postgres://cop@127.0.0.1:1/cop", "REDIS_URL": "redis://127.0.0.1:1/0",
              "EMAIL_URL": "smtp://127.0.0.1:1"}
    result = _check({**GOOD_ENV, **closed}, "--deploy")
    assert result.returncode != 0
    for sentence in ("The database cannot be reached", "Redis cannot be reached",
                     "The email server 127.0.0.1:1 cannot be reached"):
        assert sentence in result.stderr, result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in GOOD_ENV.items() if k != "SECRET_KEY"}
    result = _check(env)
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_production_refuses_plain_http_site_url():
    result = _check({**GOOD_ENV, "SITE_URL": "http://forum.example.org"})
    assert result.returncode != 0
    assert "https://" in result.stderr
