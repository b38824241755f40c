"""The shipped deploy files agree with the settings: stop timeouts, variables, the proxy."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

from tests.operations.test_config import _documented

ROOT = Path(__file__).resolve().parents[2]
# Read by compose.yaml and Caddy, not by the site.
COMPOSE_ONLY = {"SITE_DOMAIN", "POSTGRES_PASSWORD", "ACME_EMAIL"}


def test_worker_unit_signals_the_main_process_and_waits_longer_than_a_job():
    unit = (ROOT / "deploy/systemd/cop-worker.service").read_text()
    assert re.search(r"^KillMode=mixed$", unit, flags=re.MULTILINE)
    stop = int(re.search(r"^TimeoutStopSec=(\d+)$", unit, flags=re.MULTILINE)[1])
    assert stop > settings.Q_CLUSTER["timeout"]
    compose = (ROOT / "compose.yaml").read_text()
    grace = int(re.search(r"worker:.*?stop_grace_period: (\d+)s", compose, flags=re.DOTALL)[1])
    assert grace > settings.Q_CLUSTER["timeout"]


def test_env_example_names_only_documented_variables():
    names = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(),
                           flags=re.MULTILINE))
    assert names - COMPOSE_ONLY - _documented() == set()


def test_caddy_serves_media_from_media_root_and_proxies_the_rest():
    site = (ROOT / "deploy/caddy/site.caddy").read_text()
    assert "handle_path /media/*" in site and "{$MEDIA_ROOT" in site
    assert "reverse_proxy {$UPSTREAM" in site


def test_compose_redis_is_capped_and_drops_only_entries_that_expire():
    # Cache entries are all written with a lifetime; the job queue and its leases never are.
    compose = (ROOT / "compose.yaml").read_text()
    redis = re.search(r"^  redis:\n(.*?)^  \w", compose, flags=re.DOTALL | re.MULTILINE)[1]
    assert re.search(r'"--maxmemory", "\d+mb"', redis)
    assert '"--maxmemory-policy", "volatile-lru"' in redis
    assert "volatile-lru" in (ROOT / "README.md").read_text()
