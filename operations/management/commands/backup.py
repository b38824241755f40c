"""`manage.py backup`: one .tar.gz with the database, media, spam models and a manifest."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database, media files and spam models into one file."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=None,
                            help="Folder for the backup file (default: var/backups).")

    def handle(self, *args, output: Path | None, **options):
        output = output or Path(settings.VAR_DIR) / "backups"
        try:
            summary = create_backup(output_dir=output,
                                    progress=lambda text: self.stdout.write(f"... {text}"))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(
            f"Backup written: {summary.path} ({summary.files} files, "
            f"{summary.size / 1_000_000:.1f} MB)"))
