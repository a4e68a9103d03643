"""A pooled folder that is missing, incomplete, damaged or of another format: a page saying
what is wrong and what to do (503), never a server error and never a partial page."""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from csc_workforce.web.accounts.roles import Role
from tests.conftest import client_for


def _missing_folder(folder: Path) -> None:
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()


def _no_flows(folder: Path) -> None:
    (folder / "flows.parquet").unlink()


def _older_format(folder: Path) -> None:
    manifest = json.loads((folder / "manifest.json").read_text())
    (folder / "manifest.json").write_text(json.dumps(manifest | {"format": 0}))


def _broken_manifest(folder: Path) -> None:
    (folder / "manifest.json").write_text('{"format": 1, "mode": ')


def _manifest_without_files(folder: Path) -> None:
    manifest = json.loads((folder / "manifest.json").read_text())
    del manifest["files"]
    (folder / "manifest.json").write_text(json.dumps(manifest))


def _not_parquet(folder: Path) -> None:
    (folder / "measures.parquet").write_bytes(b"la_code,year\n998,2024\n")


def _renamed_column(folder: Path) -> None:
    pl.read_parquet(folder / "flows.parquet").rename({"workers": "people"}).write_parquet(
        folder / "flows.parquet"
    )


def _wrong_type(folder: Path) -> None:
    frame = pl.read_parquet(folder / "profile.parquet")
    frame.with_columns(pl.col("workers").cast(pl.String)).write_parquet(folder / "profile.parquet")


CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "missing folder": (_missing_folder, "does not exist or is not a folder"),
    "a file missing": (_no_flows, "is incomplete: it has no flows.parquet"),
    "older format": (_older_format, "is of format 0; this service reads format 1"),
    "damaged manifest": (_broken_manifest, "manifest.json in the pooled folder cannot be read"),
    "manifest lacking a part": (_manifest_without_files, "lacks or misstates 'files'"),
    "not Parquet": (_not_parquet, "measures.parquet in the pooled folder cannot be read"),
    "a column renamed": (_renamed_column, "workers (missing)"),
    "a column of another type": (_wrong_type, "workers (String)"),
}


@pytest.mark.parametrize("mode", ["region", "authority"])
@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_folder_is_named_with_what_to_do(
    people: dict, hub_dir: Path, settings: object, case: str, mode: str
) -> None:
    damage, message = CASES[case]
    damage(hub_dir)
    settings.CSCW_HUB_DIR = str(hub_dir)  # type: ignore[attr-defined]
    settings.CSCW_HUB_MODE = mode  # type: ignore[attr-defined]
    client = client_for(people["users"][Role.ANALYST])
    for url in ("/hub/", "/hub/movement/?download=xlsx"):
        response = client.get(url)
        assert response.status_code == 503
        page = html.unescape(response.content.decode())
        assert "The pooled figures cannot be shown" in page
        assert message in page
        assert "cscw hub ingest" in page


def test_a_folder_rewritten_is_read_again(people: dict, region_hub: Path) -> None:
    client = client_for(people["users"][Role.ANALYST])
    assert client.get("/hub/").status_code == 200
    _older_format(region_hub)
    assert client.get("/hub/").status_code == 503
