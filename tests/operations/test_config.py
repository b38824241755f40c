"""Every environment variable is checked at start-up, and every one the code reads is documented."""

from __future__ import annotations

import os
import re
import runpy
import subprocess
import sys
import types
from pathlib import Path

import pytest

from operations.config import ConfigError

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_DIR = ROOT / "cop" / "settings"
# Files whose environment reads an operator may set (the test settings read their own knobs).
READERS = [*(p for p in SETTINGS_DIR.glob("*.py") if p.name != "test.py"),
           ROOT / "manage.py", ROOT / "cop" / "wsgi.py", ROOT / "cop" / "settings" / "__init__.py",
           *(ROOT / "operations").rglob("*.py")]
READ = re.compile(
    r"""(?:env_(?P<kind>\w+)\(\s*|os\.environ(?:\.get\(|\[)\s*|environ\.setdefault\(\s*)"""
    r"""["'](?P<name>[A-Z][A-Z0-9_]+)["']"""
)
# A value each kind of reader must refuse.
BAD_VALUES = {
    "int": "20k",
    "float": "high",
    "bool": "maybe",
    "choice": "LOUD",
    "url": "forum.example.org",
    "database_url": "postgress://cop@127.0.0.1/cop",
    "email_url": "smtpp://mail.example.org:587",
    "redis_url": "http://127.0.0.1:6379/0",
    "time_zone": "Mars/Olympus",
}
PRODUCTION = {
    "SECRET_KEY": "s" * 30 + "-a-production-secret-for-config-tests-0123456789",
    "ALLOWED_HOSTS": "forum.example.org",
    "SITE_URL": "https://forum.example.org",
    "EMAIL_URL": "smtp://mail.example.org:587/?tls=True",
}


def _reads() -> dict[str, tuple[str | None, Path]]:
    found: dict[str, tuple[str | None, Path]] = {}
    for path in READERS:
        for match in READ.finditer(path.read_text()):
            found.setdefault(match["name"], (match["kind"], path))
    return found


def _documented() -> set[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", section, flags=re.MULTILINE))


def test_readme_configuration_table_lists_every_variable_the_code_reads():
    read = set(_reads())
    documented = _documented()
    assert read - documented == set(), "read by the code but missing from the README table"
    assert documented - read == set(), "in the README table but read by no code"


def test_readme_configuration_table_rows_have_three_cells():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    assert rows and all(line.count(" | ") >= 2 and line.endswith("|") for line in rows)


TYPED = sorted((name, kind, path) for name, (kind, path) in _reads().items()
               if kind in BAD_VALUES)


@pytest.mark.filterwarnings("ignore:'cop.settings.base' found in sys.modules:RuntimeWarning")
@pytest.mark.parametrize(("name", "kind", "path"), TYPED, ids=[t[0] for t in TYPED])
def test_settings_refuse_a_bad_value_naming_the_variable(name, kind, path, monkeypatch):
    for key, value in PRODUCTION.items():
        monkeypatch.setenv(key, value)
    if path.stem != "base":
        # Production starts from base: give it a base read from this good environment.
        fresh = types.ModuleType("cop.settings.base")
        fresh.__dict__.update(runpy.run_module("cop.settings.base"))
        monkeypatch.setitem(sys.modules, "cop.settings.base", fresh)
    monkeypatch.setenv(name, BAD_VALUES[kind])
    with pytest.raises(ConfigError) as error:
        runpy.run_module(f"cop.settings.{path.stem}")
    message = str(error.value)
    assert message.startswith(name) and BAD_VALUES[kind] in message
    assert message.count(".") >= 1 and "\n" not in message


def test_every_typed_variable_is_checked():
    # The table-driven test above covers only what the pattern finds: make sure it finds them.
    names = {name for name, _, _ in TYPED}
    assert {"FORUM_MAX_POST_LENGTH", "EMAIL_URL", "DATABASE_URL", "REDIS_URL", "SITE_URL",
            "SECURE_HSTS_SECONDS", "SECURE_SSL_REDIRECT", "MODERATION_QUARANTINE_ABOVE"} <= names


def test_start_up_with_a_bad_value_prints_one_sentence_and_stops():
    env = {k: v for k, v in os.environ.items()
           if k not in PRODUCTION and k not in {"DJANGO_SETTINGS_MODULE",
                                                "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(PRODUCTION, FORUM_MAX_POST_LENGTH="20k")
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "Configuration error: FORUM_MAX_POST_LENGTH must be a whole number such as 20000; "
        "it is set to '20k'.")


def test_manage_py_and_wsgi_choose_the_same_settings(monkeypatch):
    from cop.settings import default_module

    monkeypatch.delenv("SECRET_KEY", raising=False)
    assert default_module() == "cop.settings.dev"
    monkeypatch.setenv("SECRET_KEY", PRODUCTION["SECRET_KEY"])
    assert default_module() == "cop.settings.production"
    for entry_point in (ROOT / "manage.py", ROOT / "cop" / "wsgi.py"):
        assert 'setdefault("DJANGO_SETTINGS_MODULE", default_module())' in entry_point.read_text()
