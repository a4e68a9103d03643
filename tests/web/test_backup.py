"""Backup and restore: the demo backed up, the database emptied, the backup restored — every
table has the same rows and DfE's indicators are the same; on SQLite here, on PostgreSQL in the
PostgreSQL run (pg_dump and pg_restore)."""

import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from csc_workforce.core.register import Figures, figures, reporting_year
from csc_workforce.web.backup import FILLED_BY_MIGRATIONS, table_rows
from csc_workforce.web.organisation.selectors import load_register

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def tools() -> None:
    if connection.vendor == "postgresql" and not shutil.which("pg_dump"):
        pytest.skip("pg_dump and pg_restore are not installed")


def indicators() -> Figures:
    """DfE's counts and rates for the demo's last reporting year, from the register."""
    first, last = reporting_year(2025)
    return figures(load_register(), first=first, last=last)


def test_the_demo_backed_up_and_restored_into_an_empty_database_is_the_same(
    tmp_path: Path,
) -> None:
    call_command("demo", "seed", stdout=io.StringIO(), stderr=io.StringIO())
    rows, before = table_rows(), indicators()
    assert rows["workforce_staffmember"] > 400  # the demo, not an empty register
    assert before.turnover_rate_fte is not None
    assert before.inpost_headcount > 100
    backup = tmp_path / "cscw.backup"
    out = io.StringIO()
    call_command("backup", "-o", str(backup), stdout=out)
    assert backup.stat().st_mode & 0o777 == 0o600  # personal data: the owner's only
    with tarfile.open(backup) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert manifest["engine"] == connection.vendor
    assert manifest["rows"] == rows
    assert "workforce.0001_initial" in manifest["migrations"]

    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", str(backup))
    call_command("flush", interactive=False)  # an empty database
    assert not {t: n for t, n in table_rows().items() if n and t not in FILLED_BY_MIGRATIONS}

    out = io.StringIO()
    call_command("restore", str(backup), stdout=out)
    assert "every table's rows match" in out.getvalue()
    assert table_rows() == rows
    assert indicators() == before


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("not a backup")
    with pytest.raises(CommandError, match="is not a CSC Workforce backup"):
        call_command("restore", str(other))


def test_restore_refuses_a_backup_from_a_newer_version(tmp_path: Path) -> None:
    backup = tmp_path / "cscw.backup"
    call_command("backup", "-o", str(backup), stdout=io.StringIO())
    newer = tmp_path / "newer.backup"
    with tarfile.open(backup) as old, tarfile.open(newer, "w:gz") as new:
        for member in old.getmembers():
            data = old.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == "manifest.json":
                manifest = json.loads(data)
                manifest["migrations"].append("workforce.9999_from_the_future")
                data = json.dumps(manifest).encode()
                member.size = len(data)
            new.addfile(member, io.BytesIO(data))
    with pytest.raises(CommandError, match="made by a newer version"):
        call_command("restore", str(newer), "--force")
