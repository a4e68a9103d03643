"""DfE rates from DfE counts: small files with rates worked out by hand, and every local authority
row of DfE's published 2017-2025 file recomputed from its own counts."""

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.core.exports import neutralise
from csc_workforce.core.from_counts import (
    COUNT_COLUMNS,
    RATE_COLUMNS,
    REQUIRED_COLUMNS,
    from_counts,
    parse_count,
)
from csc_workforce.core.reference import CellProblem, InvalidCsv, Published

# DfE's file as published (shared/ beside the repository), else the package's byte-identical
# copy (tests/core/test_reference.py checks the two are the same wherever both exist).
SHARED = Path(__file__).parents[2].parent / "shared" / "reference" / "dfe"
PUBLISHED = (
    SHARED if SHARED.is_dir() else Path(__file__).parents[2] / "src/csc_workforce/data/dfe"
) / "csww_indicators_2017_to_2025.csv"

COUNTS_HEADER = ",".join(REQUIRED_COLUMNS)
APPENDED = ",".join(RATE_COLUMNS)


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def counts_row(**overrides: str) -> str:
    """A data row of REQUIRED_COLUMNS: 2023, 100 in post, 15 leavers, 25 agency of whom 10 cover
    vacancies, 20 vacancies, 800 cases held by 50 FTE, 506 working days lost."""
    values = {
        "time_period": "2023",
        "inpost_fte": "100",
        "leavers_fte": "15",
        "agency_fte": "25",
        "agency_cover_fte": "10",
        "vacancy_fte": "20",
        "case_holders_fte": "50",
        "cases": "800",
        "working_days_lost_fte": "506",
    } | overrides
    return ",".join(values[column] for column in REQUIRED_COLUMNS)


def test_rates_worked_out_by_hand_are_appended_in_order() -> None:
    output = from_counts(f"{COUNTS_HEADER}\n{counts_row()}\n")
    # turnover 15 / 100 = 15.0; agency 25 / (25 + 100) = 20.0; agency cover 10 / 25 = 40.0;
    # vacancy 20 / (20 + 100) = 16.67 -> 16.7; vacancy agency cover 10 / 20 = 50.0;
    # caseload 800 / 50 = 16.0; absence 506 / (100 x 253 days in 2023) = 2.0.
    assert output == (
        f"{COUNTS_HEADER},{APPENDED}\n{counts_row()},15.0,20.0,40.0,16.7,50.0,16.0,2.0\n"
    )


def test_absence_uses_254_working_days_in_a_reporting_year_with_29_february() -> None:
    # 506 / (10 x 253) = 20.0 in 2023; 506 / (10 x 254) = 19.92 -> 19.9 in 2024.
    for year, published in (("2023", "20.0"), ("2024", "19.9")):
        text = f"{COUNTS_HEADER}\n{counts_row(time_period=year, inpost_fte='10')}\n"
        assert rows_of(from_counts(text))[0]["absence_rate_fte"] == published


def test_halves_round_up_as_dfe_publishes() -> None:
    # 4.5 leavers / 200 in post = 2.25 exactly: DfE publishes 2.3 (round-half-even gives 2.2).
    text = f"{COUNTS_HEADER}\n{counts_row(leavers_fte='4.5', inpost_fte='200')}\n"
    assert rows_of(from_counts(text))[0]["turnover_rate_fte"] == "2.3"


def test_existing_rate_columns_are_overwritten_where_they_stand() -> None:
    header = f"caseload_fte,la_name,{COUNTS_HEADER},turnover_rate_fte,note"
    text = f"{header}\n99,Barsetshire,{counts_row()},wrong,keep me\n"
    output = from_counts(text)
    rest = [
        column for column in RATE_COLUMNS if column not in ("caseload_fte", "turnover_rate_fte")
    ]
    assert output.splitlines()[0] == f"{header},{','.join(rest)}"
    assert output.splitlines()[1] == (
        f"16.0,Barsetshire,{counts_row()},15.0,keep me,20.0,40.0,16.7,50.0,2.0"
    )


def test_a_byte_order_mark_is_read_and_not_written() -> None:
    text = f"{COUNTS_HEADER}\n{counts_row()}\n"
    expected = from_counts(text.encode("utf-8"))
    assert from_counts(text.encode("utf-8-sig")) == expected
    assert from_counts("\ufeff" + text) == expected
    assert expected.startswith("time_period,")


def test_crlf_line_endings_are_kept() -> None:
    output = from_counts(f"{COUNTS_HEADER}\r\n{counts_row()}\r\n")
    assert output == (
        f"{COUNTS_HEADER},{APPENDED}\r\n{counts_row()},15.0,20.0,40.0,16.7,50.0,16.0,2.0\r\n"
    )


@pytest.mark.parametrize("symbol", ["c", "u", "x", ":", "z"])
def test_a_symbol_in_an_input_is_the_symbol_of_the_rates_that_use_it(symbol: str) -> None:
    row = rows_of(from_counts(f"{COUNTS_HEADER}\n{counts_row(vacancy_fte=symbol)}\n"))[0]
    assert row["vacancy_fte"] == symbol
    assert row["vacancy_rate_fte"] == row["vacancy_agency_cover_rate_fte"] == symbol
    assert (row["turnover_rate_fte"], row["agency_cover_rate_fte"]) == ("15.0", "40.0")


def test_confidential_outranks_low_reliability_which_outranks_not_available() -> None:
    text = counts_row(agency_fte="u", inpost_fte="c", agency_cover_fte="x")
    row = rows_of(from_counts(f"{COUNTS_HEADER}\n{text}\n"))[0]
    assert row["agency_rate_fte"] == "c"  # agency u, in post c
    assert row["agency_cover_rate_fte"] == "u"  # cover x, agency u
    assert row["vacancy_agency_cover_rate_fte"] == "x"  # cover x, vacancies 20


def test_low_is_never_read_as_zero() -> None:
    """Sunderland 2025: agency FTE published as low. 'low' is above 0 and below 0.05: an agency
    rate of at most 0.05 / 100.05 = 0.05% still rounds to 0.0, so it is 'low' (as DfE
    published it); the cover rate, low / low, could be anything: 'x'."""
    text = counts_row(agency_fte="low", agency_cover_fte="low", inpost_fte="100")
    row = rows_of(from_counts(f"{COUNTS_HEADER}\n{text}\n"))[0]
    assert (row["agency_fte"], row["agency_rate_fte"], row["agency_cover_rate_fte"]) == (
        "low",
        "low",
        "x",
    )
    # With 0.06 in post, a 'low' agency FTE could be a rate of 45%: not available.
    text = counts_row(agency_fte="low", inpost_fte="0.06")
    assert rows_of(from_counts(f"{COUNTS_HEADER}\n{text}\n"))[0]["agency_rate_fte"] == "x"
    assert parse_count("low") == Published(symbol="low")


def test_a_rate_that_is_not_zero_but_rounds_to_zero_is_low() -> None:
    # 0.04 days lost / (100 x 253) = 0.0000016%: not zero, published as 'low'.
    text = counts_row(working_days_lost_fte="0.04")
    assert rows_of(from_counts(f"{COUNTS_HEADER}\n{text}\n"))[0]["absence_rate_fte"] == "low"
    zero = counts_row(working_days_lost_fte="0")
    assert rows_of(from_counts(f"{COUNTS_HEADER}\n{zero}\n"))[0]["absence_rate_fte"] == "0.0"


def test_a_cover_rate_over_100_is_unreliable_not_a_number() -> None:
    """Telford and Wrekin 2023: 12 agency FTE covering vacancies out of 10 agency FTE, 120%,
    which DfE published as 'u'."""
    text = counts_row(agency_fte="10", agency_cover_fte="12", vacancy_fte="20")
    row = rows_of(from_counts(f"{COUNTS_HEADER}\n{text}\n"))[0]
    assert (row["agency_cover_rate_fte"], row["vacancy_agency_cover_rate_fte"]) == ("u", "60.0")


def test_dfe_verdicts_in_the_file_stand() -> None:
    header = f"geographic_level,{COUNTS_HEADER},turnover_rate_fte,agency_cover_rate_fte"
    text = f"{header}\nLocal authority,{counts_row()},u,99.9\nRegional,{counts_row()},14.8,low\n"
    rows = rows_of(from_counts(text))
    # The authority's 'u' stands; its number is recomputed (10 / 25 = 40.0).
    assert (rows[0]["turnover_rate_fte"], rows[0]["agency_cover_rate_fte"]) == ("u", "40.0")
    # A region's published rates are DfE's own aggregates: kept.
    assert (rows[1]["turnover_rate_fte"], rows[1]["agency_cover_rate_fte"]) == ("14.8", "low")


def test_zero_denominators_are_not_applicable() -> None:
    # Like the Isles of Scilly: nobody in post, no agency workers, no vacancies, no cases.
    text = counts_row(
        inpost_fte="0",
        leavers_fte="0",
        agency_fte="0",
        agency_cover_fte="0",
        vacancy_fte="0",
        case_holders_fte="0",
        cases="0",
        working_days_lost_fte="0",
    )
    row = rows_of(from_counts(f"{COUNTS_HEADER}\n{text}\n"))[0]
    assert [row[column] for column in RATE_COLUMNS] == ["z"] * len(RATE_COLUMNS)


def test_missing_columns_are_all_named() -> None:
    with pytest.raises(InvalidCsv) as raised:
        from_counts("time_period,inpost_fte,leavers_fte,note\n2025,1,1,a\n")
    missing = [column for column in COUNT_COLUMNS if column not in ("inpost_fte", "leavers_fte")]
    assert raised.value.problems == [
        CellProblem(1, column, "", "required column is missing") for column in missing
    ]
    assert "row 1, column agency_fte: required column is missing" in str(raised.value)


def test_every_bad_cell_is_named_by_row_column_and_value() -> None:
    text = (
        f"{COUNTS_HEADER}\n{counts_row()}\n{counts_row(inpost_fte='n/a')}\n"
        f"{counts_row(cases='', leavers_fte='-1', time_period='2024/25')}\n"
    )
    with pytest.raises(InvalidCsv) as raised:
        from_counts(text)
    found = [(p.row, p.column, p.value) for p in raised.value.problems]
    assert found == [
        (3, "inpost_fte", "n/a"),
        (4, "leavers_fte", "-1"),
        (4, "cases", ""),
        (4, "time_period", "2024/25"),
    ]
    assert "row 3, column inpost_fte: 'n/a' must be a number not below 0 or one of DfE's " in str(
        raised.value
    )


def test_other_malformed_files_are_refused() -> None:
    with pytest.raises(InvalidCsv, match="row 2: has 3 cells where the header has 9"):
        from_counts(f"{COUNTS_HEADER}\n1,2,3\n")
    with pytest.raises(InvalidCsv, match=r"row 2: '\\\\xff' must be UTF-8 text"):
        from_counts(f"{COUNTS_HEADER}\n".encode() + b"\xff\n")
    with pytest.raises(InvalidCsv, match="row 1, column time_period: required column is missing"):
        from_counts(b"")
    with pytest.raises(InvalidCsv, match="column cases: column is named more than once"):
        from_counts(f"{COUNTS_HEADER},cases\n")


# Any text but NUL and U+FEFF, which at the start of a file is its byte-order mark.
other_text = st.text(st.characters(exclude_characters="\x00\ufeff", exclude_categories=["Cs"]))
other_name = other_text.filter(lambda name: name not in REQUIRED_COLUMNS + RATE_COLUMNS)


@given(names=st.lists(other_name, min_size=1, max_size=4, unique=True), data=st.data())
def test_every_other_cell_is_kept_exactly(names: list[str], data: st.DataObject) -> None:
    """Every cell comes back as it was, but for text a spreadsheet would take as a formula,
    which gets a quote in front (``core.exports``)."""
    row = st.lists(other_text, min_size=len(names), max_size=len(names))
    cells = data.draw(st.lists(row, min_size=1, max_size=4))
    position = data.draw(st.integers(min_value=0, max_value=len(names)))
    header = [*names[:position], *REQUIRED_COLUMNS, *names[position:]]
    counts = counts_row().split(",")
    rows = [[*other[:position], *counts, *other[position:]] for other in cells]
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])

    output = list(csv.reader(io.StringIO(from_counts(buffer.getvalue()), newline="")))

    width = len(header)
    safe = [[str(neutralise(cell)) for cell in row] for row in [header, *rows]]
    assert [row[:width] for row in output] == safe
    assert [row[width:] for row in output[1:]] == [
        ["15.0", "20.0", "40.0", "16.7", "50.0", "16.0", "2.0"]
    ] * len(rows)


HEADLINE_RATES = (
    "turnover_rate_fte",
    "agency_rate_fte",
    "vacancy_rate_fte",
    "caseload_fte",
    "absence_rate_fte",
)
COVER_RATES = ("agency_cover_rate_fte", "vacancy_agency_cover_rate_fte")


def test_published_local_authority_rates_are_recomputed_from_their_counts() -> None:
    """DfE's published rates for every local authority row, 2017-2025, against the same rows'
    published counts: rates published as a number must agree within 0.1 for 99.5% of rows
    (98% for the two cover rates, whose published counts are themselves rounded); no rate is
    over 100% where one cannot be; and where DfE published a symbol, it is kept."""
    with PUBLISHED.open(encoding="utf-8", newline="") as file:
        header, *rows = list(csv.reader(file))
    level = header.index("geographic_level")
    authorities = [row for row in rows if row[level] == "Local authority"]
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *authorities])

    computed = rows_of(from_counts(buffer.getvalue()))
    published = [dict(zip(header, row, strict=True)) for row in authorities]

    assert len(computed) == len(published) == 1355
    for column in HEADLINE_RATES + COVER_RATES:
        compared = [
            (mine[column], theirs[column])
            for mine, theirs in zip(computed, published, strict=True)
            if theirs[column].replace(".", "", 1).isdigit()
        ]
        agreeing = sum(
            1
            for mine, theirs in compared
            if mine.replace(".", "", 1).isdigit() and abs(Decimal(mine) - Decimal(theirs)) <= 0.1
        )
        share = agreeing / len(compared)
        print(f"{column}: {agreeing} of {len(compared)} agree within 0.1 ({share:.2%})")
        assert share >= (0.995 if column in HEADLINE_RATES else 0.98), column
        for mine, theirs in zip(computed, published, strict=True):
            if not theirs[column].replace(".", "", 1).isdigit():
                assert mine[column] == theirs[column], column
            if column != "caseload_fte" and mine[column].replace(".", "", 1).isdigit():
                assert Decimal(mine[column]) <= 100, column
