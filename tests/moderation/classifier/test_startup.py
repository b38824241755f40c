"""A web or screening worker starts without scikit-learn: it scores posts with the saved model
and loads scikit-learn only when it trains one (a second or two and tens of megabytes saved on
every start)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

STARTUP = """
import sys
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns  # every page's view imported, as the first request does
import cop.tasks, moderation.tasks  # every job a worker runs
from moderation.screening import service
print("scikit-learn imported" if "sklearn" in sys.modules else "scikit-learn not imported")
"""


def test_the_site_and_its_jobs_load_without_scikit_learn():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    result = subprocess.run([sys.executable, "-c", STARTUP], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "scikit-learn not imported"
