"""A real django-q2 worker process screens posts that waited while no worker was running."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django_q.conf import Conf

from cop import services
from cop.enums import PostStatus
from cop.models import Post
from moderation.bench import database_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db(transaction=True)
def test_post_waits_without_a_worker_and_is_published_when_one_starts(
    member, category, monkeypatch
):
    monkeypatch.setattr(Conf, "SYNC", False)  # queue for real, as production does
    thread = services.start_thread(author=member, category=category, title="Waiting room",
                                   body="Posted while the worker was down.")
    post = Post.objects.get(thread=thread)
    time.sleep(1)
    post.refresh_from_db()
    assert post.status == PostStatus.PENDING  # stored and queued, not lost, not public

    env = {**os.environ, "COP_REAL_WORKER": "1", "DATABASE_URL": database_url(),
           "DJANGO_SETTINGS_MODULE": "cop.settings.test"}
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            post.refresh_from_db()
            if post.status != PostStatus.PENDING:
                break
            time.sleep(0.5)
    finally:
        worker.terminate()
        try:
            output, _ = worker.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _ = worker.communicate()
    assert post.status == PostStatus.PUBLISHED, output[-3000:]
    thread.refresh_from_db()
    assert thread.status == PostStatus.PUBLISHED
