"""Start and stop a real django-q2 worker process sharing the test database and broker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from moderation.bench import database_url

ROOT = Path(__file__).resolve().parents[2]


class Worker:
    """`manage.py qcluster` in its own process group, so that kill -9 takes all its children."""

    def __init__(self, **env: str):
        self.env = {**os.environ, "COP_REAL_WORKER": "1", "DATABASE_URL": database_url(),
                    "DJANGO_SETTINGS_MODULE": "cop.settings.test", **env}
        self.process: subprocess.Popen | None = None

    def start(self) -> Worker:
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=self.env,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
        )
        return self

    def kill(self) -> str:
        """kill -9 the whole group: no clean shutdown, jobs in hand are dropped."""
        os.killpg(self.process.pid, signal.SIGKILL)
        return self._output()

    def stop(self) -> str:
        """The tests stop a worker once the work they check is done; a clean shutdown would only
        cost them seconds."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        return self._output()

    def _output(self) -> str:
        try:
            output, _ = self.process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            return ""
        return (output or "")[-3000:]


def wait_until(check, *, seconds: float, every: float = 0.1) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(every)
    return check()
