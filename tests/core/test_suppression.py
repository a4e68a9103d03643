"""Small-number suppression: hand-worked tables, and the property that no suppressed count can
be worked out from what is shown by solving the tables' sums."""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Mapping, Sequence
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csc_workforce.core.suppression import Sum, built_from_few, suppress


def test_the_fostering_team_keeps_both_sexes_hidden() -> None:
    """6 people: 5 women and 1 man. Hiding only the man's 1 would leave 6 - 5 = 1."""
    counts = {"total": 6, "female": 5, "male": 1}
    assert suppress(counts, [Sum("total", ("female", "male"))]) == {"female", "male"}


def test_a_small_total_hides_everything_below_it() -> None:
    counts = {"total": 3, "a": 2, "b": 1, "c": 0}
    assert suppress(counts, [Sum("total", ("a", "b", "c"))]) == {"total", "a", "b"}


def test_the_next_smallest_part_is_hidden_and_zeros_stay() -> None:
    counts = {"total": 30, "a": 2, "b": 0, "c": 8, "d": 20}
    assert suppress(counts, [Sum("total", ("a", "b", "c", "d"))]) == {"a", "c"}


def test_a_two_way_table_is_protected_across_rows_and_columns() -> None:
    """Starters and leavers by month: with only March's 2 starters hidden, its row (8 - 6) and
    its column (12 - 10) would each give it away; DfE's pattern is hidden: the four inner
    cells, every total still shown."""
    counts = {
        ("Mar", "starters"): 2,
        ("Mar", "leavers"): 6,
        ("Apr", "starters"): 10,
        ("Apr", "leavers"): 7,
        ("Mar", "all"): 8,
        ("Apr", "all"): 17,
        ("all", "starters"): 12,
        ("all", "leavers"): 13,
        ("all", "all"): 25,
    }
    found = suppress(counts, table_sums(["Mar", "Apr"], ["starters", "leavers"]))
    assert found == {
        ("Mar", "starters"),
        ("Mar", "leavers"),
        ("Apr", "starters"),
        ("Apr", "leavers"),
    }


def test_a_count_hidden_elsewhere_on_the_page_is_hidden_here() -> None:
    counts = {"total": 20, "a": 12, "b": 8}
    assert suppress(counts, [Sum("total", ("a", "b"))], forced=["total"]) == {"total", "b"}


def test_an_unshown_total_takes_part_in_the_sums() -> None:
    """Those aged 55 or over by role are never totalled on the page, but their sum is the two
    oldest age bands'. Hiding the manager's 1 and the 4 aged 55 to 59 leaves manager = (55 to
    59) - 3: 1 and 4, or 2 and 5, and so on."""
    counts = {"55+": 9, "manager": 1, "practitioner": 8, "55 to 59": 4, "60+": 5}
    sums = [Sum("55+", ("manager", "practitioner")), Sum("55+", ("55 to 59", "60+"))]
    assert suppress(counts, sums, hidden=["55+"]) == {"manager", "55 to 59"}


def test_measures_built_from_fewer_than_five_people() -> None:
    built = {
        "turnover": ("leavers", "in_post"),
        "agency": ("agency", "in_post"),
        "caseload": ("case_holders",),
    }
    people = {"leavers": 2, "in_post": 40, "agency": 0, "case_holders": 12}
    assert built_from_few(people, built) == {"turnover"}
    assert built_from_few(people | {"in_post": 4}, built) == {"turnover", "agency"}


# The property: an independent search for another set of whole numbers, each hidden count
# within one of its true value and none below 0, that satisfies every sum with the shown counts
# as they are. If one exists that differs in a hidden cell, that cell cannot be worked out.


def table_sums(rows: Sequence[str], columns: Sequence[str]) -> list[Sum[tuple[str, str]]]:
    """A two-way table with row totals ("all" column), column totals ("all" row) and a grand
    total."""
    sums = [Sum((row, "all"), tuple((row, column) for column in columns)) for row in rows]
    sums += [Sum(("all", column), tuple((row, column) for row in rows)) for column in columns]
    sums.append(Sum(("all", "all"), tuple((row, "all") for row in rows)))
    return sums


def alternative_exists(
    counts: Mapping[Hashable, int],
    sums: Sequence[Sum[Hashable]],
    hidden: frozenset[Hashable],
    key: Hashable,
) -> bool:
    unknown = sorted(hidden, key=str)
    for shifts in itertools.product((-1, 0, 1), repeat=len(unknown)):
        values = dict(counts)
        values.update(
            {name: counts[name] + shift for name, shift in zip(unknown, shifts, strict=True)}
        )
        if values[key] == counts[key] or any(value < 0 for value in values.values()):
            continue
        if all(values[s.total] == sum(values[p] for p in s.parts) for s in sums):
            return True
    return False


def check(counts: dict[Hashable, int], sums: Sequence[Sum[Hashable]]) -> None:
    hidden = suppress(counts, sums)
    for key, count in counts.items():
        assert (key in hidden) >= (0 < count < 5), key  # every count of 1 to 4 is hidden
        assert key not in hidden or count > 0, key  # a zero is shown
    if len(hidden) <= 9:
        for key in hidden:
            assert alternative_exists(counts, sums, hidden, key), (key, counts, sorted(hidden))


@settings(max_examples=200)
@given(st.lists(st.integers(0, 14), min_size=1, max_size=7))
def test_no_count_of_a_list_and_its_total_can_be_worked_out(parts: list[int]) -> None:
    counts: dict[Hashable, int] = {f"p{i}": value for i, value in enumerate(parts)}
    counts["total"] = sum(parts)
    check(counts, [Sum("total", tuple(f"p{i}" for i in range(len(parts))))])


@settings(max_examples=200)
@given(
    st.integers(1, 3).flatmap(
        lambda rows: st.integers(1, 3).flatmap(
            lambda columns: st.lists(
                st.lists(st.integers(0, 9), min_size=columns, max_size=columns),
                min_size=rows,
                max_size=rows,
            )
        )
    )
)
def test_no_cell_of_a_two_way_table_can_be_worked_out(grid: list[list[int]]) -> None:
    rows = [f"r{i}" for i in range(len(grid))]
    columns = [f"c{j}" for j in range(len(grid[0]))]
    counts: dict[Hashable, int] = {
        (row, column): grid[i][j] for i, row in enumerate(rows) for j, column in enumerate(columns)
    }
    for i, row in enumerate(rows):
        counts[row, "all"] = sum(grid[i])
    for j, column in enumerate(columns):
        counts["all", column] = sum(line[j] for line in grid)
    counts["all", "all"] = sum(map(sum, grid))
    check(counts, table_sums(rows, columns))


@settings(max_examples=200)
@given(
    st.lists(st.integers(0, 9), min_size=1, max_size=4),
    st.lists(st.integers(0, 9), min_size=1, max_size=4),
)
def test_no_count_of_two_breakdowns_of_one_total_can_be_worked_out(
    first: list[int], second: list[int]
) -> None:
    """Like a profile: the people in post by age band and by sex, one total shown once."""
    difference = sum(first) - sum(second)
    second = [*second[:-1], second[-1] + difference] if difference > 0 else second
    first = [*first[:-1], first[-1] - difference] if difference < 0 else first
    counts: dict[Hashable, int] = {("age", i): v for i, v in enumerate(first)}
    counts |= {("sex", i): v for i, v in enumerate(second)}
    counts["total"] = sum(first)
    sums = [
        Sum("total", tuple(("age", i) for i in range(len(first)))),
        Sum("total", tuple(("sex", i) for i in range(len(second)))),
    ]
    check(counts, sums)


@pytest.mark.parametrize("threshold", [3, 10])
def test_the_threshold_can_be_set(threshold: int) -> None:
    counts = {"total": 12, "a": 4, "b": 8}
    found = suppress(counts, [Sum("total", ("a", "b"))], threshold=threshold)
    assert found == ({"a", "b"} if threshold == 10 else set())


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 5).flatmap(
        lambda rows: st.integers(1, 5).flatmap(
            lambda columns: st.lists(
                st.lists(st.integers(0, 12), min_size=columns, max_size=columns),
                min_size=rows,
                max_size=rows,
            )
        )
    ),
    st.data(),
)
def test_the_count_chosen_to_free_another_frees_it(
    grid: list[list[int]], data: st.DataObject
) -> None:
    """``_freeing`` (one reduction, then a test of each candidate) chooses the first count, in
    its order, that ``_fixed`` (the sums solved again with it hidden) says frees the key."""
    from csc_workforce.core import suppression

    rows = [f"r{i}" for i in range(len(grid))]
    columns = [f"c{j}" for j in range(len(grid[0]))]
    counts: dict[Hashable, int] = {
        (row, column): grid[i][j] for i, row in enumerate(rows) for j, column in enumerate(columns)
    }
    for i, row in enumerate(rows):
        counts[row, "all"] = sum(grid[i])
    for j, column in enumerate(columns):
        counts["all", column] = sum(line[j] for line in grid)
    counts["all", "all"] = sum(map(sum, grid))
    sums = table_sums(rows, columns)
    keys = sorted(counts, key=str)
    unknown = set(data.draw(st.lists(st.sampled_from(keys), max_size=len(keys) // 2)))
    fixed = sorted(suppression._fixed(unknown, sums), key=str)
    if not fixed:
        return
    key = data.draw(st.sampled_from(fixed))
    shown = [k for k in counts if k not in unknown and counts[k] > 0]
    if not shown:
        return
    chosen = suppression._freeing(key, counts, sums, unknown)
    mates = {k for s in sums if key == s.total or key in s.parts for k in (s.total, *s.parts)}
    totals = {s.total for s in sums}
    ordered = sorted(shown, key=lambda k: (k not in mates, k in totals, counts[k], str(k)))
    freeing = [k for k in ordered if key not in suppression._fixed(unknown | {k}, sums)]
    assert chosen == (freeing[0] if freeing else ordered[0])


def _rank(rows: list[list[Fraction]]) -> int:
    """The rank of a matrix by plain Gaussian elimination (dense, exact)."""
    rows = [row[:] for row in rows]
    rank = 0
    for column in range(len(rows[0]) if rows else 0):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][column] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for r in range(len(rows)):
            if r != rank and rows[r][column] != 0:
                factor = rows[r][column] / rows[rank][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank], strict=True)]
        rank += 1
    return rank


@settings(max_examples=300)
@given(
    st.integers(2, 9).flatmap(
        lambda n: st.tuples(
            st.lists(
                st.tuples(st.integers(0, n - 1), st.lists(st.integers(0, n - 1), max_size=5)),
                max_size=6,
            ),
            st.sets(st.integers(0, n - 1)),
        )
    )
)
def test_a_key_is_fixed_when_the_sums_determine_it(
    drawn: tuple[list[tuple[int, list[int]]], set[int]],
) -> None:
    """``_fixed`` (sparse rows) against the definition: an unknown is determined by the sums
    when adding its unit vector to the equations over the unknowns does not raise their rank
    (the vector lies in their row space)."""
    from csc_workforce.core.suppression import _fixed

    equations, unknown = drawn
    sums = [Sum(f"k{total}", tuple(f"k{p}" for p in parts)) for total, parts in equations]
    columns = sorted(unknown)
    matrix = []
    for total, parts in equations:
        row = [Fraction(0)] * len(columns)
        for key, sign in ((total, 1), *((p, -1) for p in parts)):
            if key in unknown:
                row[columns.index(key)] += sign
        matrix.append(row)
    expected = set()
    for i, key in enumerate(columns):
        unit = [Fraction(int(j == i)) for j in range(len(columns))]
        if _rank([*matrix, unit]) == _rank(matrix):
            expected.add(f"k{key}")
    assert _fixed({f"k{key}" for key in unknown}, sums) == expected
