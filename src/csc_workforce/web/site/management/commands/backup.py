from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from csc_workforce.web.backup import BackupRefused, backup_create


class Command(BaseCommand):
    help = (
        "Back up the whole database to one file (SQLite's online backup, or pg_dump's custom "
        "format), with a manifest of the version, migrations and rows in each table."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", required=True, help="the backup file to write")

    def handle(self, *args: Any, output: str, **options: Any) -> None:
        try:
            manifest = backup_create(path=Path(output))
        except BackupRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        rows = sum(manifest.rows.values())
        self.stdout.write(
            f"Backed up {manifest.engine} ({rows:,} rows in {len(manifest.rows)} tables, version "
            f"{manifest.version}) to {output}"
        )
