"""Backups and restores: the database (pg_dump or SQLite's backup API), media, spam models and a
manifest with versions and sha256 hashes, in one .tar.gz file."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import django
import wagtail
from django.conf import settings
from django.db import connection
from django.utils import timezone

MANIFEST = "manifest.json"
FORMAT = 1

Progress = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    files: int
    size: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _engine() -> str:
    return "sqlite" if connection.vendor == "sqlite" else "postgresql"


def _pg_env_and_args() -> tuple[dict, list[str]]:
    db = settings.DATABASES["default"]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    args = ["-h", db.get("HOST") or "localhost", "-p", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["-U", db["USER"]]
    return env, [*args, "-d", db["NAME"]]


def _dump_database(target_dir: Path) -> Path:
    if _engine() == "sqlite":
        target = target_dir / "database.sqlite3"
        connection.ensure_connection()
        # The backup API copies a consistent snapshot even while the site and worker write.
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
        return target
    if shutil.which("pg_dump") is None:
        raise BackupError("pg_dump is not installed: install the PostgreSQL client "
                          "(Debian: apt-get install postgresql-client).")
    target = target_dir / "database.pgdump"
    env, args = _pg_env_and_args()
    result = subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                             "--file", str(target), *args], env=env, capture_output=True,
                            text=True)
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    return target


def _add_tree(archive: tarfile.TarFile, source: Path, name: str, files: dict) -> None:
    if not source.is_dir():
        return
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        member = f"{name}/{path.relative_to(source).as_posix()}"
        files[member] = _sha256(path)
        archive.add(path, arcname=member, recursive=False)


def create_backup(*, output_dir: Path, progress: Progress = lambda _: None) -> BackupSummary:
    from moderation.models import ModelVersion

    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    path = output_dir / f"cop-backup-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory(prefix="cop-backup-") as work:
        progress(f"copying the {_engine()} database")
        dump = _dump_database(Path(work))
        files = {dump.name: _sha256(dump)}
        partial = path.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(dump, arcname=dump.name)
            progress("adding media files")
            _add_tree(archive, Path(settings.MEDIA_ROOT), "media", files)
            progress("adding spam model files")
            _add_tree(archive, Path(settings.MODERATION_MODEL_DIR), "models", files)
            active = ModelVersion.objects.filter(is_active=True).first()
            manifest = {
                "format": FORMAT, "created": timezone.now().isoformat(),
                "site_version": settings.VERSION, "django": django.get_version(),
                "wagtail": wagtail.__version__, "database": _engine(),
                "active_model": None if active is None else {
                    "version": active.version, "path": active.artefact_path,
                    "sha256": active.sha256},
                "files": files,
            }
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        partial.rename(path)
    return BackupSummary(path=path, files=len(files), size=path.stat().st_size)


def read_manifest(archive_path: Path) -> dict:
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            return json.load(archive.extractfile(MANIFEST))
    except (OSError, KeyError, tarfile.TarError, json.JSONDecodeError) as error:
        raise BackupError(f"{archive_path} is not a backup made by `manage.py backup` "
                          f"({error}).") from None


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".") if part.isdigit())


def _load_database(dump: Path) -> None:
    if dump.name == "database.sqlite3":
        connection.ensure_connection()
        with sqlite3.connect(dump) as source:
            source.backup(connection.connection)
        source.close()
        return
    if shutil.which("pg_restore") is None:
        raise BackupError("pg_restore is not installed: install the PostgreSQL client.")
    env, args = _pg_env_and_args()
    connection.close()
    result = subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner",
                             "--no-privileges", "--single-transaction", *args, str(dump)],
                            env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")


def _replace_tree(source: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True)


def restore_backup(*, archive_path: Path, replace: bool = False,
                   progress: Progress = lambda _: None) -> dict:
    """Check every file against the manifest, then load the database, media and models."""
    from cop.models import User

    manifest = read_manifest(archive_path)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"This backup's format ({manifest.get('format')}) is not one this "
                          "version reads.")
    if _version_tuple(manifest["site_version"]) > _version_tuple(settings.VERSION):
        raise BackupError(f"The backup was made by version {manifest['site_version']}, newer "
                          f"than this code ({settings.VERSION}): upgrade the code first.")
    if manifest["database"] != _engine():
        raise BackupError(f"The backup holds a {manifest['database']} database but "
                          f"DATABASE_URL points at {_engine()}.")
    if not replace and User.objects.exists():
        raise BackupError("The database already has members: restore into an empty database, "
                          "or pass --replace to overwrite it.")
    with tempfile.TemporaryDirectory(prefix="cop-restore-") as work:
        root = Path(work)
        progress("unpacking and checking every file's sha256")
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(root, filter="data")
        for name, expected in manifest["files"].items():
            path = root / name
            if not path.is_file() or _sha256(path) != expected:
                raise BackupError(f"{name} is missing or damaged in the backup; nothing was "
                                  "restored.")
        dump = next(root / name for name in manifest["files"] if name.startswith("database."))
        progress("loading the database")
        _load_database(dump)
        progress("copying media files")
        _replace_tree(root / "media", Path(settings.MEDIA_ROOT))
        progress("copying spam model files")
        _replace_tree(root / "models", Path(settings.MODERATION_MODEL_DIR))
    return manifest
