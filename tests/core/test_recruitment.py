"""The recruitment pipeline's figures and conversions (core.recruitment), worked by hand."""

import datetime as dt
from decimal import Decimal

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.core import recruitment

D = dt.date


def _applications(rows: list[dict[str, object]]) -> pl.DataFrame:
    base = dict.fromkeys(recruitment.APPLICATION_SCHEMA)
    base |= {"vacancy_id": 1, "advert_id": 1, "source": "job_site"}
    base |= {"advert_opened_on": D(2025, 7, 1), "withdrawal_reason": ""}
    return pl.DataFrame([base | row for row in rows], schema=recruitment.APPLICATION_SCHEMA)


def test_the_pipeline_of_a_quarter() -> None:
    adverts = pl.DataFrame(
        [(1, D(2025, 7, 1), 600.0), (2, D(2025, 8, 1), 300.0)],
        schema=recruitment.ADVERT_SCHEMA,
        orient="row",
    )
    applications = _applications(
        [
            {"applied_on": D(2025, 7, 3)},
            {"applied_on": D(2025, 7, 4), "shortlisted_on": D(2025, 7, 10)},
            {"applied_on": D(2025, 7, 5), "shortlisted_on": D(2025, 7, 10),
             "withdrawn_on": D(2025, 7, 12), "withdrawal_reason": "Took another job"},
            {"applied_on": D(2025, 7, 6), "shortlisted_on": D(2025, 7, 10),
             "interviewed_on": D(2025, 7, 20), "offered_on": D(2025, 7, 31),
             "checks_cleared_on": D(2025, 8, 20), "started_on": D(2025, 9, 1),
             "source": "agency_converting"},
        ]
    )  # fmt: skip
    (q,) = recruitment.pipeline_by_quarter(applications, adverts, quarters=["2025Q3"])
    assert (q.adverts, q.applications) == (2, 4)
    assert q.applications_per_advert == Decimal("2.0")  # 4 / 2
    # shortlisted 3 of 4 = 75.0%; interviewed 1 of 3 = 33.3%; offered 1 of 1; checks 1 of 1
    assert dict(q.conversion) == {
        "Shortlisted": Decimal("75.0"),
        "Interviewed": Decimal("33.3"),
        "Offered": Decimal("100.0"),
        "Pre-employment checks cleared": Decimal("100.0"),
        "Started": Decimal("100.0"),
    }
    assert q.median_days_advert_to_offer == Decimal("30.0")  # 1 July to 31 July
    assert q.median_days_offer_to_start == Decimal("32.0")  # 31 July to 1 September
    assert (q.withdrawals, q.withdrawal_reasons) == (1, (("Took another job", 1),))
    assert q.hires == 1
    assert q.cost_per_hire == Decimal("900.00")  # £600 + £300 for one hire
    assert q.hires_by_source == (("Agency worker converting", 1),)


def test_an_empty_quarter_has_no_rates() -> None:
    empty = _applications([])
    adverts = pl.DataFrame(schema=recruitment.ADVERT_SCHEMA)
    (q,) = recruitment.pipeline_by_quarter(empty, adverts, quarters=["2025Q2"])
    assert (q.applications_per_advert, q.cost_per_hire, q.hires) == (None, None, 0)
    assert all(rate is None for _, rate in q.conversion)


def test_conversions_as_the_register_records_them() -> None:
    counts = recruitment.conversions_by_quarter(
        starts=[
            ("SW1", D(2025, 8, 1), "4"),
            ("SW2", D(2025, 8, 1), "1"),
            ("SW1", D(2025, 8, 1), "4"),
        ],
        leaves=[("SW3", D(2025, 5, 31), "3")],
        quarters=["2025Q2", "2025Q3"],
    )
    assert [(c.quarter, c.agency_to_employee, c.employee_to_agency) for c in counts] == [
        ("2025Q2", 0, 1),
        ("2025Q3", 1, 0),  # SW1's two posts on one day count once; SW2 came from elsewhere
    ]


def test_an_applications_stage() -> None:
    assert recruitment.stage_of(withdrawn=False, reached={}) == "Applied"
    reached = {"shortlisted_on": D(2025, 7, 1), "interviewed_on": D(2025, 7, 2)}
    assert recruitment.stage_of(withdrawn=False, reached=reached) == "Interviewed"
    assert recruitment.stage_of(withdrawn=True, reached=reached) == "Withdrawn"


def test_an_incentives_cost_in_a_financial_year() -> None:
    # £3,000 a year from 1 October 2024: 182 of 2024-25's 365 days = £1,495.89
    cost = recruitment.incentive_cost(
        kind="retention_payment", amount=Decimal(3000), start=D(2024, 10, 1), end=None, year=2024
    )
    assert cost == Decimal("1495.89")
    whole = recruitment.incentive_cost(
        kind="retention_payment", amount=Decimal(3000), start=D(2024, 10, 1), end=None, year=2025
    )
    assert whole == Decimal("3000.00")  # 366 of 366 days of 2025-26
    once = {"kind": "relocation", "amount": Decimal(8000), "start": D(2025, 5, 1), "end": None}
    assert recruitment.incentive_cost(**once, year=2025) == Decimal(8000)  # type: ignore[arg-type]
    assert recruitment.incentive_cost(**once, year=2024) == 0  # type: ignore[arg-type]


def test_retention_of_those_paid_against_those_not() -> None:
    on = D(2025, 9, 30)  # a year before: 30 September 2024
    paid = [(D(2020, 1, 1), None, True)] * 5 + [(D(2020, 1, 1), D(2025, 1, 31), True)]
    unpaid = [(D(2020, 1, 1), None, False)] * 3 + [(D(2020, 1, 1), D(2025, 3, 31), False)] * 2
    later = [(D(2025, 1, 1), None, False)]  # not in post a year ago
    found = recruitment.retention_by_incentive(paid + unpaid + later, on=on)
    assert (found.paid_count, found.paid_stayed, found.unpaid_count) == (6, 5, 5)
    assert found.paid_rate == Decimal("83.3")  # 5 of 6
    assert found.unpaid_rate == Decimal("60.0")  # 3 of 5
    few = recruitment.retention_by_incentive(paid[:4], on=on)
    assert few.paid_rate is None  # fewer than 5


ROLES = {"social_worker": "Social worker", "team_manager": "Team manager"}


def test_the_pay_benchmark_csv_names_each_problem() -> None:
    text = (
        "year,authority,role,pay_min,pay_max,incentives\n"
        '2025,Eastmoor,Social worker,"34,800",41500,"Retention £2,000"\n'
        "2025,Eastmoor,team_manager,56000,49800,\n"
        "25,,Chef,x,1,\n"
        "2025,eastmoor,social_worker,34800,41500,\n"
    )
    rows, problems = recruitment.parse_pay_benchmark(text, roles=ROLES)
    assert rows[0] == {
        "year": 2025,
        "authority_name": "Eastmoor",
        "role": "social_worker",
        "pay_min": Decimal("34800.00"),
        "pay_max": Decimal("41500.00"),
        "incentives": "Retention £2,000",
    }
    assert [(p.row, p.column) for p in problems] == [
        (3, "pay_max"),
        (4, "year"),
        (4, "authority"),
        (4, "role"),
        (4, "pay_min"),
        (5, "role"),
    ]
    _, bad_header = recruitment.parse_pay_benchmark("a,b\n", roles=ROLES)
    assert bad_header[0].message.startswith("The columns must be year, authority")


@given(st.text(max_size=200))
def test_the_pay_benchmark_parser_never_fails_on_any_text(text: str) -> None:
    rows, problems = recruitment.parse_pay_benchmark(
        "year,authority,role,pay_min,pay_max,incentives\n" + text, roles=ROLES
    )
    assert len(rows) >= 0
    assert all(p.row >= 2 for p in problems)


_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs", "Cc", "Zl", "Zp"]), max_size=30
).map(str.strip)
_POUNDS = st.decimals(min_value=1, max_value=999_999, places=2)


@st.composite
def _benchmark_rows(draw: st.DrawFn) -> list[dict[str, object]]:
    """Rows the service can hold: no two for the same year, authority (any case) and role."""
    rows, seen = [], set()
    for _ in range(draw(st.integers(0, 6))):
        year, role = draw(st.integers(2000, 2099)), draw(st.sampled_from(sorted(ROLES)))
        authority = draw(_TEXT.filter(bool))
        if (year, authority.lower(), role) in seen:
            continue
        seen.add((year, authority.lower(), role))
        low, high = sorted([draw(_POUNDS), draw(_POUNDS)])
        rows.append(
            {"year": year, "authority_name": authority, "role": role, "pay_min": low,
             "pay_max": high, "incentives": draw(_TEXT)}
        )  # fmt: skip
    return rows


@given(_benchmark_rows(), st.booleans())
def test_rows_written_as_the_benchmark_csv_read_back_the_same(
    rows: list[dict[str, object]], labels: bool
) -> None:
    """What the pay benchmark page downloads (``core.exports``; the role as its label or its
    code) the parser reads back as it was: text a spreadsheet would take as a formula comes back
    with the quote written in front of it."""
    from csc_workforce.core.exports import csv_text, neutralise

    text = csv_text(
        recruitment.BENCHMARK_COLUMNS,
        [
            [r["year"], r["authority_name"], ROLES[str(r["role"])] if labels else r["role"],
             r["pay_min"], r["pay_max"], r["incentives"]]
            for r in rows
        ],
    )  # fmt: skip
    read, problems = recruitment.parse_pay_benchmark(text, roles=ROLES)
    assert problems == []
    assert read == [
        r | {"authority_name": neutralise(r["authority_name"]),  # type: ignore[arg-type]
             "incentives": neutralise(r["incentives"])}  # type: ignore[arg-type]
        for r in rows
    ]  # fmt: skip
