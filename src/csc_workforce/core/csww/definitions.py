"""Who is in post, a starter or a leaver in a CSWW reporting year: the definitions the rules and
the summary share, each as a function of one record (for the rules) and as the same test on a
polars frame of records (for the summary). ``tests/core/test_csww_definitions.py`` checks that
the two agree.

Reporting year Y runs from 1 October Y-1 to 30 September Y; the census date is 30 September Y.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from ..indicators import reporting_year_bounds
from .parse import WorkerRecord
from .schemas import AGENCY, EMPLOYEE


def in_post(worker: WorkerRecord, year: int) -> bool:
    """In post at 30 September: the role started on or before 30 September Y (or the start is
    not given) and has not ended by then (no end date, or an end date after 30 September Y).

    Someone whose role ends on 30 September itself is a leaver of year Y, not in post: counting
    them in post at 30 September Y and then in no year's leavers would lose them from turnover.
    """
    _, census = reporting_year_bounds(year)
    start, end = worker.role_start_date, worker.role_end_date
    return (start is None or start <= census) and (end is None or end > census)


def _within(day: date | None, year: int) -> bool:
    first, census = reporting_year_bounds(year)
    return day is not None and first <= day <= census


def starts_in_year(worker: WorkerRecord, year: int) -> bool:
    """The role started in the reporting year (1 October Y-1 to 30 September Y)."""
    return _within(worker.role_start_date, year)


def ends_in_year(worker: WorkerRecord, year: int) -> bool:
    """The role ended in the reporting year (1 October Y-1 to 30 September Y)."""
    return _within(worker.role_end_date, year)


def is_employee(worker: WorkerRecord) -> bool:
    """AgencyWorker 0, "Not an Agency Worker"."""
    return worker.agency_worker == EMPLOYEE


def is_agency(worker: WorkerRecord) -> bool:
    """AgencyWorker 1, "Agency Worker"."""
    return worker.agency_worker == AGENCY


def is_starter(worker: WorkerRecord, year: int) -> bool:
    """DfE starter: an employee whose role started in the reporting year, whether or not they
    also left in it (DfE de-duplicates starters on the person and the start date; nothing in its
    method leaves out those who left again: docs/csww.md, "Counting rules")."""
    return is_employee(worker) and starts_in_year(worker, year)


def is_leaver(worker: WorkerRecord, year: int) -> bool:
    """DfE leaver: an employee whose role ended in the reporting year, whether or not it also
    started in it, and whatever the reason, ReasonLeave 7 included (a move to a role outside
    children and family social work leaves that workforce: docs/csww.md)."""
    return is_employee(worker) and ends_in_year(worker, year)


# The same tests on a frame with columns agency_worker, role_start_date and role_end_date (see
# summary.workers_frame).


def in_post_expr(year: int) -> pl.Expr:
    """``in_post`` on a frame of records."""
    _, census = reporting_year_bounds(year)
    start, end = pl.col("role_start_date"), pl.col("role_end_date")
    return (start.is_null() | (start <= census)) & (end.is_null() | (end > census))


def _within_expr(column: str, year: int) -> pl.Expr:
    first, census = reporting_year_bounds(year)
    return pl.col(column).is_between(first, census).fill_null(False)


def employee_expr() -> pl.Expr:
    """``is_employee`` on a frame of records."""
    return (pl.col("agency_worker") == EMPLOYEE).fill_null(False)


def agency_expr() -> pl.Expr:
    """``is_agency`` on a frame of records."""
    return (pl.col("agency_worker") == AGENCY).fill_null(False)


def starter_expr(year: int) -> pl.Expr:
    """``is_starter`` on a frame of records."""
    return employee_expr() & _within_expr("role_start_date", year)


def leaver_expr(year: int) -> pl.Expr:
    """``is_leaver`` on a frame of records."""
    return employee_expr() & _within_expr("role_end_date", year)
