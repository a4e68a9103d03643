"""Leavers' and joiners' counts: service bands and questionnaire answers with suppression."""

import datetime as dt

import polars as pl

from csc_workforce.core.voice import (
    SERVICE_BANDS,
    answer_counts,
    count_tables_csv_rows,
    register_counts,
    service_band,
)


def test_service_bands_count_completed_years() -> None:
    frame = pl.DataFrame(
        {
            "start": [
                dt.date(2024, 10, 1),
                dt.date(2023, 10, 1),
                dt.date(2023, 9, 30),
                dt.date(2020, 10, 1),
                dt.date(2020, 9, 30),
                dt.date(2024, 1, 8),
            ],
            "end": [dt.date(2025, 9, 30)] * 5 + [dt.date(2025, 9, 20)],
        }
    )
    bands = frame.select(service_band(pl.col("start"), pl.col("end"))).to_series().to_list()
    # 364 days; 1 year 364 days; exactly 2 years; 4 years 364 days; exactly 5 years;
    # 8 January 2024 to 20 September 2025, 1 year (the month 9 after the month 1)
    low, one, two, five = SERVICE_BANDS
    assert bands == [low, one, two, two, five, one]


def test_register_counts_put_the_official_order_first() -> None:
    people = pl.DataFrame({"reason": ["Retired", "Resignation", "Resignation", ""]})
    (table,) = register_counts(
        people, [("reason", "Reason")], order={"reason": ["Resignation", "Retired"]}
    )
    assert table.rows == (("Resignation", 2), ("Retired", 1), ("Not recorded", 1))
    assert table.total == 4


def test_single_choice_answers_hide_small_counts_and_one_more_to_protect_them() -> None:
    # 9 answered: Workload 6, Pay 3 (hidden, under 5), Travel 0. With the total 9 shown,
    # Workload 6 would give Pay as 9 - 6 - 0, so Workload is hidden too; 0 stays shown.
    answers = ["Workload"] * 6 + ["Pay"] * 3 + [None, ""]
    table = answer_counts(answers, title="Main reason", options=["Workload", "Pay", "Travel"])
    assert table.rows == (("Workload", None), ("Pay", None), ("Travel", 0))
    assert table.total == 9


def test_multiple_choice_answers_hide_only_small_counts() -> None:
    # 6 answered; Workload ticked by 5, Pay by 2 (hidden); ticks do not sum to people
    answers = [["Workload", "Pay"], ["Workload", "Pay"], ["Workload"], ["Workload"]]
    answers += [["Workload"], ["Travel"] * 0 + ["Family"]]
    table = answer_counts(answers, title="Reasons", options=["Workload", "Pay", "Family"])
    assert table.rows == (("Workload", 5), ("Pay", None), ("Family", None))
    assert table.total == 6


def test_fewer_than_five_answering_show_nothing_but_zeros() -> None:
    table = answer_counts(["Pay", "Pay", "Travel"], title="Main", options=["Pay", "Travel", "X"])
    assert table.rows == (("Pay", None), ("Travel", None), ("X", 0))
    assert table.total is None
    rows = count_tables_csv_rows("2024-25", [table])
    assert rows[-1] == ["2024-25", "Main", "All", "c"]
