"""`manage.py restore FILE`: load a backup made by `manage.py backup` into this site."""

from __future__ import annotations

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = ("Restore a backup: check every file's hash, then load the database, media files "
            "and spam models, and bring the database up to this version.")

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--replace", action="store_true",
                            help="Overwrite a database that already has members.")

    def handle(self, *args, archive: Path, replace: bool, **options):
        try:
            manifest = restore_backup(archive_path=archive, replace=replace,
                                      progress=lambda text: self.stdout.write(f"... {text}"))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write("... applying any migrations newer than the backup")
        call_command("migrate", interactive=False, verbosity=0)
        model = manifest["active_model"]
        self.stdout.write(self.style.SUCCESS(
            f"Restored the backup of {manifest['created'][:19]} (version "
            f"{manifest['site_version']}, {len(manifest['files'])} files, active spam model "
            f"{'v' + str(model['version']) if model else 'none'}). Restart the web and worker "
            "processes."))
