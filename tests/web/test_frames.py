"""Frames read from the database hold what the ORM reads, on SQLite and on PostgreSQL."""

import datetime as dt
from decimal import Decimal

import polars as pl
import pytest
from django.db.models import BooleanField, CharField, ExpressionWrapper, Q, Value

from csc_workforce.web import frames
from csc_workforce.web.caseloads.models import Reduction, ReductionReason
from csc_workforce.web.frames import insert_frame, insert_rows, read_frame, write_frame
from tests.factories import StaffMemberFactory

SCHEMA = {
    "staff_id": pl.Int64,
    "hours": pl.Float64,
    "reason": pl.String,
    "start": pl.Date,
    "end": pl.Date,
}


@pytest.mark.django_db
def test_a_frame_holds_the_rows_as_the_orm_reads_them() -> None:
    reason = ReductionReason.objects.create(
        name='Odd, "quoted" name', default_share=Decimal("0.10"), maximum_share=Decimal("0.20")
    )
    staff = StaffMemberFactory()
    for hours, start in (
        (Decimal("3.7"), dt.date(2025, 1, 6)),
        (Decimal("0.1"), dt.date(2024, 2, 29)),
    ):
        Reduction.objects.create(
            staff=staff, reason=reason, hours_per_week=hours, start=start, end=start
        )
    rows = Reduction.objects.values_list(
        "staff_id", "hours_per_week", "reason__name", "start", "end"
    )
    frame = read_frame(rows, SCHEMA)
    expected = sorted((s, float(h), r, a, b) for s, h, r, a, b in rows)
    assert sorted(frame.rows()) == expected
    assert frame.schema == pl.Schema(SCHEMA)


@pytest.mark.django_db
def test_a_condition_no_row_can_meet_gives_an_empty_frame() -> None:
    rows = Reduction.objects.filter(pk__in=[]).values_list(
        "staff_id", "hours_per_week", "reason__name", "start", "end"
    )
    frame = read_frame(rows, SCHEMA)
    assert frame.height == 0
    assert frame.schema == pl.Schema(SCHEMA)


@pytest.mark.django_db
def test_text_and_flags_read_as_the_orm_reads_them_in_either_order() -> None:
    """Text with commas, quotes and line breaks, empty text and no text stay apart; Booleans
    read true and false; an ordered read keeps its order."""
    names = ["", 'a, "b"\nc', "plain", "'single'"]
    for index, name in enumerate(names):
        ReductionReason.objects.create(
            name=name, default_share=Decimal("0.10"), maximum_share=Decimal(f"0.{index + 1}0")
        )
    schema = {
        "name": pl.String,
        "maximum": pl.Decimal(3, 2),
        "nothing": pl.String,
        "large": pl.Boolean,
    }
    rows = (
        ReductionReason.objects.filter(name__in=names)
        .annotate(
            nothing=Value(None, output_field=CharField()),
            large=ExpressionWrapper(
                Q(maximum_share__gt=Decimal("0.25")), output_field=BooleanField()
            ),
        )
        .values_list("name", "maximum_share", "nothing", "large")
    )
    expected = [
        (name, Decimal(f"0.{index + 1}0"), None, index >= 2) for index, name in enumerate(names)
    ]
    frame = read_frame(rows, schema)
    assert sorted(frame.rows()) == sorted(expected)
    assert sorted(frame.rows()) == sorted(rows)
    ordered = read_frame(rows.order_by("-maximum_share"), schema)
    assert ordered.rows() == list(reversed(expected))


def _reduction_rows() -> list[tuple[object, ...]]:
    return list(
        Reduction.objects.order_by("start").values_list(
            "staff_id", "hours_per_week", "start", "end"
        )
    )


@pytest.mark.django_db
def test_the_bulk_inserts_store_what_the_orm_would_in_batches(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(frames, "BATCH", 2)  # five rows: batches of 2, 2 and 1
    reason = ReductionReason.objects.create(
        name="Study", default_share=Decimal("0.10"), maximum_share=Decimal("0.20")
    )
    staff = StaffMemberFactory()
    days = [dt.date(2025, 1, day) for day in range(6, 11)]
    insert_rows(
        Reduction,
        [
            {"staff": staff.pk, "reason": reason.pk, "hours_per_week": Decimal("3.5"),
             "start": day, "end": day}
            for day in days[:3]
        ],
    )  # fmt: skip
    ids = insert_frame(
        Reduction,
        pl.DataFrame(
            {"staff_id": [staff.pk] * 2, "reason_id": [reason.pk] * 2,
             "hours_per_week": [1.5, 2.0], "start": days[3:], "end": days[3:]}
        ),
    )  # fmt: skip
    assert sorted(ids) == sorted(
        Reduction.objects.filter(start__in=days[3:]).values_list("pk", flat=True)
    )
    expected = [(staff.pk, Decimal("3.5"), day, day) for day in days[:3]] + [
        (staff.pk, Decimal("1.5"), days[3], days[3]),
        (staff.pk, Decimal("2.0"), days[4], days[4]),
    ]
    assert _reduction_rows() == expected


@pytest.mark.django_db
def test_nothing_to_insert_writes_nothing() -> None:
    insert_rows(Reduction, [])
    write_frame(Reduction, pl.DataFrame(schema={"staff_id": pl.Int64}))
    assert not Reduction.objects.exists()
