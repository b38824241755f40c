"""A backup restored into an empty database gives back the same posts, pages, media and model."""

from __future__ import annotations

import shutil

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.documents.models import Document

from cms.models import HomePage
from cop.models import Post, Thread
from moderation.classifier import registry
from moderation.models import ModelVersion

FILE_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def _snapshot() -> dict:
    active = ModelVersion.objects.get(is_active=True)
    return {
        "threads": list(Thread.objects.order_by("pk").values_list("pk", "title", "status")),
        "posts": list(Post.objects.order_by("pk").values_list("pk", "body", "status")),
        "pages": list(HomePage.objects.values_list("title", "live")),
        "documents": [(d.title, d.file.read()) for d in Document.objects.order_by("pk")],
        "model": (active.version, active.sha256, active.artefact_path),
    }


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_empty_database_gives_the_same_site(
    tmp_path, settings, site_tree, thread_factory, post_factory, seed_model_artefact, capsys,
):
    settings.STORAGES = {**settings.STORAGES, "default": FILE_STORAGE}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MODERATION_MODEL_DIR = tmp_path / "models"
    # A model registered the way the site does it: its file inside the model folder.
    model, _, _ = seed_model_artefact
    active = registry.register(model, activate=True, notes="for the backup test")
    assert active.artefact_path == f"spam-model-v{active.version}.joblib"
    thread = thread_factory(title="Paying peer researchers", body="We pay £15 an hour.")
    post_factory(thread=thread, body="We give vouchers and cover travel.")
    Document.objects.create(title="Consent form",
                            file=ContentFile(b"Consent form text", name="consent.txt"))
    home = HomePage.objects.get()
    home.title = "Welcome to Riverside Commons"
    home.save_revision().publish()
    before = _snapshot()

    call_command("backup", output=tmp_path / "backups")
    archive = next((tmp_path / "backups").glob("cop-backup-*.tar.gz"))
    assert capsys.readouterr().out.strip().splitlines()[-1].startswith("Backup written: ")

    # An empty database on a new machine, with the data folders somewhere else.
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(tmp_path / "media")
    shutil.rmtree(tmp_path / "models")
    settings.MEDIA_ROOT = tmp_path / "new" / "media"
    settings.MODERATION_MODEL_DIR = tmp_path / "new" / "models"
    registry._loaded.clear()
    assert not Thread.objects.exists()

    call_command("restore", str(archive))
    assert "Restored the backup" in capsys.readouterr().out
    assert _snapshot() == before
    row, loaded = registry.active_model()
    assert row.version == active.version
    assert loaded.score(["Thanks, see you at the workshop."], [None])[0] < row.threshold


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_has_members(tmp_path, member, settings):
    settings.MODERATION_MODEL_DIR = tmp_path / "models"
    call_command("backup", output=tmp_path)
    archive = next(tmp_path.glob("cop-backup-*.tar.gz"))
    with pytest.raises(CommandError, match="already has members"):
        call_command("restore", str(archive))


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, db):
    bogus = tmp_path / "notes.tar.gz"
    bogus.write_bytes(b"not a backup")
    with pytest.raises(CommandError, match="is not a backup made by"):
        call_command("restore", str(bogus))
