"""The recruitment pipeline's figures and conversions (core.recruitment), worked by hand."""

import datetime as dt
from decimal import Decimal

import polars as pl

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
