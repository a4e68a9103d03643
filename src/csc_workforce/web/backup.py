"""Backing up and restoring the whole database (docs/deploy.md, "Backups").

A backup is one gzipped tar file: ``manifest.json`` (the package version, the database engine,
every migration applied, the rows in every table, when it was made) and the database itself —
SQLite copied with its online backup API (consistent while the service runs), PostgreSQL dumped
by ``pg_dump`` in its custom format. ``database_restore`` puts it back into an empty database of
the same engine (or, when told to, over one that holds data), checks every table's rows against
the manifest, then migrates, so a backup made by an older version comes up to date.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

MANIFEST = "manifest.json"
MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
FILLED_BY_MIGRATIONS = {"django_migrations", "django_content_type", "auth_permission", "auth_group"}
"""Tables a freshly migrated database already has rows in: such a database is still empty."""
PG_RESTORE = ("--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
              "--exit-on-error")  # fmt: skip


class BackupRefused(Exception):
    """Why a backup or a restore was not done, in words for the person running it."""


@dataclass(frozen=True)
class Manifest:
    version: str
    engine: str
    made_at: str
    migrations: list[str]
    rows: dict[str, int]

    def as_json(self) -> bytes:
        return json.dumps(self.__dict__, indent=2, sort_keys=True).encode()


def table_rows() -> dict[str, int]:
    """Rows in every table of the database, but SQLite's own (``sqlite_stat1``, the planner's
    statistics that ``ANALYZE`` keeps, is not data)."""
    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            if table.startswith("sqlite_"):
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = int(cursor.fetchone()[0])
    return counts


def database_is_empty() -> bool:
    """No rows but those migrating puts there (or no tables at all)."""
    return not any(
        count for table, count in table_rows().items() if table not in FILLED_BY_MIGRATIONS
    )


def backup_create(*, path: Path) -> Manifest:
    """Write a backup of the database to ``path`` (readable by its owner only)."""
    engine = connection.vendor
    if engine not in MEMBERS:
        raise BackupRefused(f"Backups of a {engine} database are not supported")
    applied = MigrationRecorder(connection).applied_migrations()
    manifest = Manifest(
        version=importlib.metadata.version("csc-workforce"),
        engine=engine,
        made_at=timezone.now().isoformat(timespec="seconds"),
        migrations=sorted(f"{app}.{name}" for app, name in applied),
        rows=table_rows(),
    )
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / MEMBERS[engine]
        if engine == "sqlite":
            _sqlite_copy(copy)
        else:
            _pg("pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={copy}")
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as file, tarfile.open(fileobj=file, mode="w:gz") as tar:
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(manifest.as_json()), int(dt.datetime.now().timestamp())
            tar.addfile(info, io.BytesIO(manifest.as_json()))
            tar.add(copy, arcname=MEMBERS[engine])
    return manifest


def manifest_read(path: Path) -> Manifest:
    try:
        with tarfile.open(path, mode="r:gz") as tar:
            member = tar.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            return Manifest(**json.loads(member.read()))
    except (OSError, tarfile.TarError, KeyError, TypeError, ValueError) as error:
        raise BackupRefused(f"{path} is not a CSC Workforce backup ({error})") from error


def database_restore(*, path: Path, force: bool = False) -> Manifest:
    """Restore the backup at ``path`` into this database; refused if the database holds data
    (unless ``force``), if the backup is of another engine, or if it was made by a version with
    migrations this one does not have. Checks every table's rows against the manifest."""
    manifest = manifest_read(path)
    engine = connection.vendor
    if manifest.engine != engine:
        raise BackupRefused(
            f"This is a backup of a {manifest.engine} database; this database is {engine}"
        )
    known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
    newer = sorted(set(manifest.migrations) - known)
    if newer:
        raise BackupRefused(
            f"The backup was made by a newer version ({manifest.version}; migrations "
            f"{', '.join(newer[:3])}…): install that version first"
        )
    if not force and not database_is_empty():
        raise BackupRefused(
            "This database already holds data: restore into an empty one, or give --force to "
            "replace everything in it"
        )
    with tempfile.TemporaryDirectory() as folder, tarfile.open(path, mode="r:gz") as tar:
        tar.extract(MEMBERS[engine], folder, filter="data")
        copy = Path(folder) / MEMBERS[engine]
        if engine == "sqlite":
            _sqlite_restore(copy)
        else:
            _pg("pg_restore", *PG_RESTORE, str(copy))
    rows = table_rows()
    different = sorted(t for t, n in manifest.rows.items() if rows.get(t) != n)
    if different:
        raise BackupRefused(f"After restoring, these tables' rows differ: {', '.join(different)}")
    call_command("migrate", interactive=False, verbosity=0)
    return manifest


def _sqlite_copy(copy: Path) -> None:
    connection.ensure_connection()
    target = sqlite3.connect(copy)
    try:
        connection.connection.backup(target)
    finally:
        target.close()


def _sqlite_restore(copy: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(copy)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _pg(program: str, *arguments: str) -> None:
    """Run ``pg_dump`` or ``pg_restore`` on this database; the password goes in the
    environment, never on the command line."""
    found = shutil.which(program)
    if found is None:
        raise BackupRefused(
            f"{program} is not installed: install PostgreSQL's client programs "
            "(apt-get install postgresql-client), the same major version as the server or newer"
        )
    settings = connection.settings_dict
    environment = os.environ | {
        "PGHOST": str(settings.get("HOST") or "localhost"),
        "PGPORT": str(settings.get("PORT") or 5432),
        "PGUSER": str(settings.get("USER") or ""),
        "PGPASSWORD": str(settings.get("PASSWORD") or ""),
        "PGDATABASE": str(settings["NAME"]),
    }
    if settings.get("OPTIONS", {}).get("sslmode"):
        environment["PGSSLMODE"] = str(settings["OPTIONS"]["sslmode"])
    connection.close()  # pg_restore --clean drops tables this connection may hold
    completed = subprocess.run(  # noqa: S603 (a fixed program and arguments)
        [found, *arguments, f"--dbname={settings['NAME']}"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise BackupRefused(f"{program} failed: {completed.stderr.strip()[-500:]}")
