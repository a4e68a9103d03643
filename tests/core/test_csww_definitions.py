"""In post, starter and leaver: the record-by-record definitions (used by the rules) and the
polars ones (used by the summary) agree, and both match hand-picked cases."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.core.csww.definitions import (
    in_post,
    in_post_expr,
    is_leaver,
    is_starter,
    leaver_expr,
    starter_expr,
)
from csc_workforce.core.csww.parse import WorkerRecord
from csc_workforce.core.csww.summary import workers_frame

YEAR = 2025
around_the_year = st.one_of(st.none(), st.dates(date(2024, 9, 25), date(2025, 10, 5)))
records = st.builds(
    WorkerRecord,
    line=st.integers(1, 10_000),
    position=st.just(1),
    agency_worker=st.sampled_from(["0", "1", None]),
    role_start_date=around_the_year,
    role_end_date=around_the_year,
    reason_leave=st.sampled_from([None, "1", "7"]),
)


@given(st.lists(records, max_size=30))
def test_the_frame_definitions_agree_with_the_record_ones(workers: list[WorkerRecord]) -> None:
    frame = workers_frame(workers)
    flags = frame.select(
        in_post=in_post_expr(YEAR), starter=starter_expr(YEAR), leaver=leaver_expr(YEAR)
    )
    assert flags.get_column("in_post").to_list() == [in_post(w, YEAR) for w in workers]
    assert flags.get_column("starter").to_list() == [is_starter(w, YEAR) for w in workers]
    assert flags.get_column("leaver").to_list() == [is_leaver(w, YEAR) for w in workers]


def record(start: date | None, end: date | None, **fields: str) -> WorkerRecord:
    return WorkerRecord(
        line=1,
        position=1,
        agency_worker=fields.get("agency_worker", "0"),
        role_start_date=start,
        role_end_date=end,
        reason_leave=fields.get("reason_leave"),
    )


@pytest.mark.parametrize(
    ("worker", "expected"),
    [
        # (in post at 30 September 2025, starter, leaver)
        (record(date(2020, 1, 1), None), (True, False, False)),
        (record(None, None), (True, False, False)),
        (record(date(2025, 9, 30), None), (True, True, False)),
        (record(date(2024, 10, 1), None), (True, True, False)),
        (record(date(2024, 9, 30), None), (True, False, False)),
        (record(date(2025, 10, 1), None), (False, False, False)),
        (record(date(2020, 1, 1), date(2025, 9, 30)), (False, False, True)),
        (record(date(2020, 1, 1), date(2025, 10, 1)), (True, False, False)),
        (record(date(2020, 1, 1), date(2024, 10, 1)), (False, False, True)),
        (record(date(2020, 1, 1), date(2024, 9, 30)), (False, False, False)),
        # ReasonLeave 7 (to a role outside children and family social work in the authority)
        # leaves the workforce DfE counts: a leaver.
        (record(date(2020, 1, 1), date(2025, 3, 1), reason_leave="7"), (False, False, True)),
        # Started and left in the year: a starter and a leaver.
        (record(date(2024, 11, 1), date(2025, 3, 1)), (False, True, True)),
        (record(date(2024, 11, 1), None, agency_worker="1"), (True, False, False)),
    ],
)
def test_hand_picked_cases(worker: WorkerRecord, expected: tuple[bool, bool, bool]) -> None:
    assert (in_post(worker, YEAR), is_starter(worker, YEAR), is_leaver(worker, YEAR)) == expected
