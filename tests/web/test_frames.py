"""Frames read from the database hold what the ORM reads, on SQLite and on PostgreSQL."""

import datetime as dt
from decimal import Decimal

import polars as pl
import pytest
from django.db.models import BooleanField, CharField, ExpressionWrapper, Q, Value

from csc_workforce.web.caseloads.models import Reduction, ReductionReason
from csc_workforce.web.frames import read_frame
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
