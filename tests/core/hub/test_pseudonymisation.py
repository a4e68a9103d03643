"""SWE numbers become keyed hashes: the same worker has the same key across authorities and
years, another secret gives other keys, and no SWE number, name or date of birth is in any
output file (every byte, and every cell of the compressed Parquet and Excel files)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import polars as pl

from csc_workforce.core.csww.synthetic import synthetic_region
from csc_workforce.core.hub import ingest, worker_key
from csc_workforce.core.hub.report import write_report

from .conftest import OTHER_SECRET, PERSONAL, SECRET


def test_same_worker_same_key_across_authorities(
    tiny_region: Path, tmp_path: Path, environ: dict[str, str]
) -> None:
    ingest(tiny_region, tmp_path / "out", environ=environ, jobs=1)
    workers = pl.read_parquet(tmp_path / "out" / "workers.parquet")
    mover = worker_key("QX100003", SECRET.encode())
    assert sorted(workers.filter(pl.col("worker_key") == mover).get_column("la_code")) == [
        "201",
        "202",
    ]
    assert workers.get_column("worker_key").n_unique() == 5


def test_same_worker_same_key_across_years(tmp_path: Path) -> None:
    region = synthetic_region(tmp_path / "returns", authorities=4, years=3, workers=30)
    ingest(
        tmp_path / "returns",
        tmp_path / "out",
        mode="clean",
        environ={"CSCW_HUB_SECRET": SECRET},
        jobs=1,
    )
    workers = pl.read_parquet(tmp_path / "out" / "workers.parquet")
    move = next(m for m in region.moves if m.to_year > m.from_year)
    seen = workers.filter(pl.col("worker_key") == worker_key(move.swe_no, SECRET.encode()))
    assert {(move.from_la, move.from_year), (move.to_la, move.to_year)} <= set(
        seen.select("la_code", "year").rows()
    )


def test_another_secret_gives_other_keys(
    tiny_region: Path, tmp_path: Path, environ: dict[str, str]
) -> None:
    ingest(tiny_region, tmp_path / "one", environ=environ, jobs=1)
    ingest(tiny_region, tmp_path / "two", environ={"CSCW_HUB_SECRET": OTHER_SECRET}, jobs=1)
    one = set(pl.read_parquet(tmp_path / "one" / "workers.parquet").get_column("worker_key"))
    two = set(pl.read_parquet(tmp_path / "two" / "workers.parquet").get_column("worker_key"))
    assert len(one) == len(two) == 5
    assert not one & two


def test_key_is_hmac_sha256_of_the_normalised_number() -> None:
    # Computed outside Python: printf 'QX100003' | openssl dgst -sha256 -hmac '<SECRET>'
    expected = "d65104830df799307c64df25631e6fbc75893b97d2920588b2c5629adfe1fe94"
    assert worker_key("QX100003", SECRET.encode()) == expected
    assert worker_key(" qx100003", SECRET.encode()) == expected
    assert worker_key("Z1", SECRET.encode()) is None
    assert worker_key(None, SECRET.encode()) is None


def test_no_swe_number_or_birth_date_in_any_output_file(
    tiny_region: Path, tmp_path: Path, environ: dict[str, str]
) -> None:
    ingest(tiny_region, tmp_path / "out", environ=environ, jobs=1)
    write_report(tmp_path / "out", tmp_path / "out" / "report.xlsx", suppressed=False)
    texts: dict[str, bytes] = {}
    for path in (tmp_path / "out").rglob("*"):
        if not path.is_file():
            continue
        texts[str(path)] = path.read_bytes()
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                for member in book.namelist():
                    texts[f"{path}:{member}"] = book.read(member)
        if path.suffix == ".parquet":
            frame = pl.read_parquet(path)
            texts[f"{path}:cells"] = frame.cast(pl.String).write_csv().encode()
    assert len(texts) > 20
    for name, data in texts.items():
        for personal in PERSONAL:
            assert personal.encode() not in data, (personal, name)
            assert personal.lower().encode() not in data, (personal, name)
    assert SECRET.encode() not in b"".join(texts.values())


def test_a_name_slipped_into_a_return_never_enters_the_hub(tmp_path: Path) -> None:
    from .conftest import write_tiny_region

    folder = write_tiny_region(tmp_path / "returns")
    city = (folder / "city.xml").read_text()
    city = city.replace(
        "<SWENo>QX100001</SWENo>",
        "<SWENo>QX100001</SWENo>\n    <PersonName>Philippa Quarrendon</PersonName>",
        1,
    )
    (folder / "city.xml").write_text(city)
    ingest(folder, tmp_path / "out", mode="clean", environ={"CSCW_HUB_SECRET": SECRET}, jobs=1)
    log = (tmp_path / "out" / "logs" / "201_2025.csv").read_text().splitlines()
    assert [line.split(",", 1)[1] for line in log[1:]] == ["PersonName,XSD,,,ignored"]
    for path in (tmp_path / "out").rglob("*"):
        if path.is_file():
            assert b"Quarrendon" not in path.read_bytes()
            if path.suffix == ".parquet":
                cells = pl.read_parquet(path).cast(pl.String).write_csv()
                assert "Quarrendon" not in cells
