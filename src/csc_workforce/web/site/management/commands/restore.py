from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from csc_workforce.web.backup import BackupRefused, database_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by 'cscw backup' into this database, which must be empty (or "
        "give --force to replace everything in it); checks every table's rows, then migrates."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a backup file made by cscw backup")
        parser.add_argument(
            "--force", action="store_true", help="replace a database that holds data"
        )

    def handle(self, *args: Any, file: str, force: bool, **options: Any) -> None:
        try:
            manifest = database_restore(path=Path(file), force=force)
        except BackupRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        rows = sum(manifest.rows.values())
        self.stdout.write(
            f"Restored {rows:,} rows in {len(manifest.rows)} tables from the backup made "
            f"{manifest.made_at} by version {manifest.version}; every table's rows match"
        )
