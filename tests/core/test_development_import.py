"""The supervision dates and registration files written from what is held (``sessions_sheet``,
``registrations_sheet``) read back by their imports as they were, as CSV and as Excel; and the
readers take any bytes without failing."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from csc_workforce.core.development_import import (
    SESSION_KINDS,
    RegistrationRow,
    SessionRow,
    read_registration_file,
    read_session_file,
    registrations_sheet,
    sessions_sheet,
)
from csc_workforce.core.exports import Sheet, csv_text, xlsx_bytes
from csc_workforce.core.registration import STATUSES

TODAY = dt.date(2025, 9, 30)
SWE_NUMBERS = st.from_regex(r"[A-Z]{2}[0-9]{1,10}", fullmatch=True)
PAST = st.dates(min_value=dt.date(2000, 1, 1), max_value=TODAY)


def as_file(sheet: Sheet, suffix: str) -> tuple[bytes, str]:
    if suffix == "csv":
        return csv_text(sheet.header, sheet.rows).encode(), "held.csv"
    return xlsx_bytes([sheet]), "held.xlsx"


def test_sessions_are_written_by_supervisee_day_and_kind_as_the_template_names_them() -> None:
    sheet = sessions_sheet(
        [
            SessionRow("SW2", "", dt.date(2025, 9, 1), 60, "reflective"),
            SessionRow("SW1", "SW9", dt.date(2025, 9, 2), 90, "individual"),
            SessionRow("SW2", "SW9", dt.date(2025, 9, 1), 45, "group"),
            SessionRow("SW2", "SW8", dt.date(2025, 9, 1), 50, "reflective"),  # the same again
        ]
    )
    assert csv_text(sheet.header, sheet.rows) == (
        "worker_swe_number,supervisor_swe_number,held_on,minutes,kind\r\n"
        "SW1,SW9,2025-09-02,90,individual\r\n"
        "SW2,SW9,2025-09-01,45,group\r\n"
        "SW2,,2025-09-01,60,reflective\r\n"
    )


@st.composite
def sessions(draw: st.DrawFn) -> list[SessionRow]:
    rows = []
    for _ in range(draw(st.integers(1, 8))):
        worker = draw(SWE_NUMBERS)
        supervisor = draw(st.one_of(st.just(""), SWE_NUMBERS))
        supervisor = "" if supervisor == worker else supervisor
        rows.append(
            SessionRow(
                worker,
                supervisor,
                draw(PAST),
                draw(st.integers(1, 32_767)),
                draw(st.sampled_from(sorted(SESSION_KINDS))),
            )
        )
    return rows


@settings(deadline=None)
@given(sessions(), st.sampled_from(["csv", "xlsx"]))
def test_sessions_written_read_back_as_they_were(rows: list[SessionRow], suffix: str) -> None:
    sheet = sessions_sheet(rows)
    data, filename = as_file(sheet, suffix)
    read = read_session_file(data, filename=filename, today=TODAY)
    assert read.problems == []
    assert [line.value for line in read.rows] == [SessionRow(*row) for row in sheet.rows]
    written = {(row.worker_swe_number, row.held_on, row.kind) for row in rows}
    assert len(read.rows) == len(written)  # each session once


@st.composite
def registrations(draw: st.DrawFn) -> list[RegistrationRow]:
    numbers = draw(st.lists(SWE_NUMBERS, min_size=1, max_size=8, unique=True))
    return [
        RegistrationRow(
            number,
            draw(st.sampled_from(sorted(STATUSES))),
            dt.date(draw(st.integers(2000, 2040)), 11, 30),
            draw(PAST),
        )
        for number in numbers
    ]


@settings(deadline=None)
@given(registrations(), st.sampled_from(["csv", "xlsx"]))
def test_registrations_written_read_back_as_they_were(
    rows: list[RegistrationRow], suffix: str
) -> None:
    data, filename = as_file(registrations_sheet(rows), suffix)
    read = read_registration_file(data, filename=filename, today=TODAY)
    assert read.problems == []
    assert [line.value for line in read.rows] == sorted(rows, key=lambda row: row.swe_number)


@settings(deadline=None)
@given(st.binary(max_size=300), st.sampled_from(["x.csv", "x.xlsx", "x.txt"]))
def test_the_readers_take_any_bytes_without_failing(data: bytes, filename: str) -> None:
    for reader in (read_session_file, read_registration_file):
        read = reader(data, filename=filename, today=TODAY)
        assert read.problems or all(line.value is not None for line in read.rows)


@settings(deadline=None)
@given(st.lists(st.lists(st.text(max_size=12), max_size=6), max_size=6))
def test_a_row_not_read_has_its_problem_named(
    cells: list[list[str]],
) -> None:
    header = "worker_swe_number,supervisor_swe_number,held_on,minutes,kind\r\n"
    data = (header + csv_text(["a"], cells).partition("\r\n")[2]).encode()
    read = read_session_file(data, filename="x.csv", today=TODAY)
    named = {problem.row for problem in read.problems}
    for line in read.rows:  # a row not read is a row with a problem named
        assert line.value is not None or line.number in named
