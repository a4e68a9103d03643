"""Small-number suppression: no figure shown can single a person out, directly or by
subtraction.

DfE's own practice for its statistics ("Where necessary we have replaced figures with the letter
'c' to preserve confidentiality. Secondary suppression may also be applied", CSWW data
guidance): a count from fewer than ``THRESHOLD`` people is not shown (primary suppression), and
wherever a total and all but one of its parts would be shown, the next smallest part is hidden
too (secondary suppression), across rows and columns alike.

``suppress`` does both for any table of counts whose totals are stated as ``Sum``s (a total and
its parts: a 1-D list with its total, the rows and columns of a 2-D table with their margins,
several breakdowns of one total). It hides cells until no hidden cell's value follows from what
is shown by the table's sums: in linear-algebra terms, until no hidden cell is fixed by the
equations of the sums with the shown cells as known values. Zeros are shown (DfE: "where any
number is shown as zero, the original figure submitted was zero") and never chosen to hide, so
every hidden cell holds at least 1 and can move both ways along the equations' free directions:
its feasible range is never a single value. Every page and export that shows small counts calls
it (team and service-area profiles, monthly starters and leavers) or ``built_from_few`` (rates
from fewer than 5 people).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

THRESHOLD = 5
"""Counts of 1 to 4 people are not shown: DfE's threshold for its workforce statistics."""

SUPPRESSED = "c"
"""DfE's symbol for a figure withheld to protect confidential information."""

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Sum(Generic[K]):
    """``total`` is the sum of ``parts`` (all keys of one table)."""

    total: K
    parts: tuple[K, ...]


def suppress(
    counts: Mapping[K, int],
    sums: Sequence[Sum[K]],
    *,
    hidden: Iterable[K] = (),
    forced: Iterable[K] = (),
    kept: Iterable[K] = (),
    threshold: int = THRESHOLD,
) -> frozenset[K]:
    """The keys of ``counts`` to show as ``c``.

    ``counts`` are people; ``sums`` the totals shown with them. ``hidden`` keys are counts that
    take part in a sum but are never shown (an unshown total), so they are unknown from the
    start; ``forced`` keys are already suppressed elsewhere on the page (the same figure shown
    twice). Primary: every count from 1 to ``threshold`` - 1. Secondary: while a suppressed
    count is fixed by the sums, the smallest shown count above 0 that frees it is suppressed
    too, first among the parts in a sum with it. ``kept`` keys are shown elsewhere already
    (the totals of a two-way table that another page shows): known, so never chosen to hide;
    ``Unprotectable`` when what is left to hide cannot protect a count.
    """
    never_shown = frozenset(hidden)
    known = frozenset(kept) - set(forced)
    chosen = {key for key, count in counts.items() if 0 < count < threshold}
    chosen |= set(forced)
    chosen -= never_shown
    occurs = _occurrences(sums)
    while True:
        unknown = chosen | never_shown
        fixed = _fixed(unknown, sums, occurs) & chosen
        if not fixed:
            return frozenset(chosen)
        key = min(fixed, key=lambda k: (counts[k], str(k)))
        chosen.add(_freeing(key, counts, sums, unknown, known, occurs))


class Unprotectable(ValueError):
    """No more counts may be hidden, and a hidden count still follows from the sums."""


def _freeing(
    key: K,
    counts: Mapping[K, int],
    sums: Sequence[Sum[K]],
    unknown: set[K],
    known: frozenset[K] = frozenset(),
    occurs: Mapping[K, list[tuple[int, int]]] | None = None,
) -> K:
    """The smallest shown count above 0 whose suppression leaves ``key`` no longer fixed,
    preferring those in a sum with ``key``, and parts to totals (a reader keeps the totals);
    when no one count does, the first of that order (the loop then hides another, until it is
    free).

    There is always one: with every count above 0 hidden, the sums cannot fix a count above 0
    (they would fix it at 0, being equations between hidden counts alone).
    """
    mates = {k for s in sums if key == s.total or key in s.parts for k in (s.total, *s.parts)}
    totals = {s.total for s in sums}
    shown = [k for k in counts if k not in unknown and k not in known and counts[k] > 0]
    ordered = sorted(shown, key=lambda k: (k not in mates, k in totals, counts[k], str(k)))
    if not ordered:
        raise Unprotectable(key)
    for candidate in ordered:
        if key not in _fixed(unknown | {candidate}, sums, occurs):
            return candidate
    return ordered[0]


def _occurrences(sums: Sequence[Sum[K]]) -> dict[K, list[tuple[int, int]]]:
    """Each key's places in the equations of ``sums``: (which sum, +1 as its total or -1 as a
    part), so that the equations over a few unknowns are built from those alone."""
    found: dict[K, list[tuple[int, int]]] = {}
    for i, equation in enumerate(sums):
        found.setdefault(equation.total, []).append((i, 1))
        for part in equation.parts:
            found.setdefault(part, []).append((i, -1))
    return found


def _fixed(
    unknown: set[K],
    sums: Sequence[Sum[K]],
    occurs: Mapping[K, list[tuple[int, int]]] | None = None,
) -> set[K]:
    """The unknown keys whose value the sums determine, the other keys being known.

    Each sum is an equation ``total - parts = 0``; over the unknowns, a key is determined when
    its unit vector lies in the equations' row space, which, in reduced row echelon form, is
    when its column is a pivot whose row has no other entry. Rows are kept sparse (column ->
    coefficient), built from the unknowns' places in the sums (``occurs``, from
    ``_occurrences``): a sum touches few of the unknowns of a page of many groups.
    """
    if occurs is None:
        occurs = _occurrences(sums)
    columns = sorted(unknown, key=str)
    by_sum: dict[int, dict[int, int]] = {}
    for column, key in enumerate(columns):
        for i, sign in occurs.get(key, ()):
            row = by_sum.setdefault(i, {})
            row[column] = row.get(column, 0) + sign
    rows = [found for row in by_sum.values() if (found := {c: v for c, v in row.items() if v})]
    pivots = _reduce(rows, len(columns))
    return {columns[column] for column, row in pivots.items() if len(row) == 1}


def _reduce(rows: list[dict[int, int]], width: int) -> dict[int, dict[int, int]]:
    """Reduced row echelon form of sparse integer ``rows`` (no zero entries kept), each row
    up to a whole multiple: each pivot column with its row. Gauss-Jordan elimination without
    division (a row less a multiple of the pivot row, both scaled to whole numbers, then
    divided by the greatest common divisor of its entries), exact as fractions are and much
    quicker. Every row holds zeros in the other pivot columns and lies in the row space, so it
    is the reduced form's row times a number other than zero, and has the same entries that
    are not zero: which columns are pivots with a row of one entry is the reduced form's."""
    pivots: dict[int, dict[int, int]] = {}
    remaining = [dict(row) for row in rows]
    for column in range(width):
        at = next((i for i, row in enumerate(remaining) if column in row), None)
        if at is None:
            continue
        source = remaining.pop(at)
        lead = source[column]
        for other in (*remaining, *pivots.values()):
            factor = other.get(column)
            if factor:
                scaled = {c: value * lead for c, value in other.items()}
                for c, value in source.items():
                    scaled[c] = scaled.get(c, 0) - factor * value
                other.clear()
                other.update((c, value) for c, value in scaled.items() if value)
                divisor = math.gcd(*other.values())
                if divisor > 1:
                    for c in other:
                        other[c] //= divisor
        pivots[column] = source
    return pivots


def built_from_few(
    headcounts: Mapping[str, int],
    built_from: Mapping[str, tuple[str, ...]],
    *,
    threshold: int = THRESHOLD,
) -> frozenset[str]:
    """The measures of ``built_from`` (measure -> the groups of people it is computed from) to
    show as ``c``: those built from a group of 1 to ``threshold`` - 1 people (``headcounts``,
    group -> people). A rate from a hidden count is hidden too, or the count would follow from
    the rate and the other count."""
    small = {group for group, people in headcounts.items() if 0 < people < threshold}
    return frozenset(
        measure for measure, groups in built_from.items() if any(g in small for g in groups)
    )


def suppress_groups(
    counts: Mapping[K, int], sums: Sequence[Sum[K]], *, threshold: int = THRESHOLD
) -> frozenset[K]:
    """The groups of ``counts`` (people answering, by group) whose figures — counts, means,
    shares — are to be shown as ``c``.

    ``suppress`` keeps any one hidden count from following from the sums; a group's mean can
    still be recovered for the hidden parts of a sum taken together (the total's sum of answers
    less the shown parts'), so the hidden parts of every shown sum must also hold, together,
    none or at least ``threshold`` people (``suppress_remainders``).
    """
    chosen = suppress(counts, sums, threshold=threshold)
    while True:
        widened = suppress_remainders(counts, sums, forced=chosen, threshold=threshold)
        settled = suppress(counts, sums, forced=widened, threshold=threshold)
        if settled == chosen:
            return chosen
        chosen = settled


def suppress_remainders(
    counts: Mapping[K, int],
    sums: Sequence[Sum[K]],
    *,
    forced: Iterable[K] = (),
    threshold: int = THRESHOLD,
) -> frozenset[K]:
    """Primary suppression (1 to ``threshold`` - 1), the ``forced`` keys, and then, while the
    hidden parts of a shown sum hold together 1 to ``threshold`` - 1 people, the smallest
    shown part above 0 of that sum; a total under ``threshold`` hides its whole sum.

    For sums that nest (each part of a breakdown in one total, teams within service areas), no
    hidden count under ``threshold``, nor any total of such counts, then follows from the sums:
    every combination of the sums is a total of whole hidden remainders. The figures of each
    question by group use it, starting from the groups ``suppress_groups`` hid for the people
    answering, so a page with many questions is suppressed in one pass.
    """
    chosen = {key for key, count in counts.items() if 0 < count < threshold} | set(forced)
    while True:
        for equation in sums:
            if 0 < counts[equation.total] < threshold:
                chosen |= {equation.total, *(p for p in equation.parts if counts[p] > 0)}
        short = next(
            (
                s
                for s in sums
                if s.total not in chosen
                and 0 < sum(counts[p] for p in s.parts if p in chosen) < threshold
            ),
            None,
        )
        if short is None:
            return frozenset(chosen)
        shown = [p for p in short.parts if p not in chosen and counts[p] > 0]
        if shown:
            chosen.add(min(shown, key=lambda k: (counts[k], str(k))))
        else:
            chosen.add(short.total)
