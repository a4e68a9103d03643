"""Who is in post by role level and sex, and by role level and ethnic group, as shown: no
hidden count can be worked out by subtraction along the rows and columns (the role levels'
totals shared by both tables, and the headcount), and whatever the workforce dashboard's profile
hides stays hidden."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from csc_workforce.core import codes
from csc_workforce.core.dashboard import CrossTable, ShownProfile, shown_by_role, shown_profile
from csc_workforce.core.development import ethnic_group
from csc_workforce.core.register import Band, ByRole, Profile
from csc_workforce.core.suppression import SUPPRESSED

ROLES = dict(codes.ORG_ROLE)
CODES = ["WBRI", "WIRI", "MWBC", "AIND", "APKN", "BAFR", "CHNE", "REFU", "Not recorded"]


def _profile(people: list[tuple[int, str, str]]) -> tuple[ByRole, ShownProfile]:
    """The people (role level, sex, ethnicity code) counted, and the dashboard's profile of
    them as it shows it (``shown_profile``: its own suppression)."""
    sex: dict[tuple[int, str], int] = {}
    ethnicity: dict[tuple[int, str], int] = {}
    for role, s, e in people:
        sex[role, s] = sex.get((role, s), 0) + 1
        ethnicity[role, e] = ethnicity.get((role, e), 0) + 1

    def bands(index: int) -> list[Band]:
        found: dict[str, int] = {}
        for person in people:
            found[person[index]] = found.get(person[index], 0) + 1
        return [Band(label, n, Decimal(n)) for label, n in found.items()]

    on = dt.date(2025, 9, 30)
    everyone = [Band("Not recorded", len(people), Decimal(len(people)))]
    whole = Profile(on, everyone, everyone, bands(1), bands(2), {})
    shown = shown_profile(whole, headcount=len(people), fte=Decimal(len(people)))
    return ByRole(on, sex, ethnicity), shown


def _equations(
    tables: dict[str, CrossTable],
) -> tuple[dict[Hashable, str], list[tuple[Hashable, list[Hashable]]]]:
    """Every figure shown (as its variable) and the sums a reader can subtract along: each row
    of each table, each column, the role levels' totals (the same in both tables) and the
    columns' totals to the headcount."""
    shown: dict[Hashable, str] = {}
    sums: list[tuple[Hashable, list[Hashable]]] = []
    for name, table in tables.items():
        for line in [*table.rows, table.totals]:
            total: Hashable = ("row", line.label)
            shown[total] = line.total
            cells: list[Hashable] = [(name, line.label, c) for c in table.columns]
            shown |= dict(zip(cells, line.counts, strict=True))
            sums.append((total, cells))
        for column in table.columns:
            sums.append(
                (
                    (name, table.totals.label, column),
                    [(name, line.label, column) for line in table.rows],
                )
            )
        sums.append((("row", table.totals.label), [("row", line.label) for line in table.rows]))
    return shown, sums


def _recovered(
    true: dict[Hashable, int],
    shown: dict[Hashable, str],
    sums: list[tuple[Hashable, list[Hashable]]],
) -> set[Hashable]:
    """The hidden figures a reader works out by subtracting, again and again, along the sums
    with one figure unknown."""
    known = {k: int(v) for k, v in shown.items() if v != SUPPRESSED}
    found: set[Hashable] = set()
    changed = True
    while changed:
        changed = False
        for total, parts in sums:
            unknown = [k for k in (total, *parts) if k not in known]
            if len(unknown) == 1:
                (key,) = unknown
                known[key] = true.get(key, 0)  # its value follows from the others
                found.add(key)
                changed = True
    return found


def _dashboard_totals(shown: ShownProfile) -> set[Hashable]:
    """The figures of the two tables the dashboard shows: the headcount and the sexes."""
    found: set[Hashable] = {("sex", "All role levels", band.label) for band in shown.sex}
    return found | {("row", "All role levels")}


def _truth(people: list[tuple[int, str, str]]) -> dict[Hashable, int]:
    true: dict[Hashable, int] = {}

    def add(key: Hashable) -> None:
        true[key] = true.get(key, 0) + 1

    for role, s, e in people:
        for name, column in (
            ("sex", codes.SEX.get(s, "Not recorded")),
            ("ethnicity", ethnic_group("" if e == "Not recorded" else e)),
        ):
            add((name, ROLES[role], column))
            add((name, "All role levels", column))
        add(("row", ROLES[role]))
        add(("row", "All role levels"))
    return true


person = st.tuples(
    st.sampled_from([1, 3, 4, 5]),
    st.sampled_from(["M", "F", "Not recorded"]),
    st.sampled_from(CODES),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(person, min_size=1, max_size=40))
def test_no_hidden_count_by_role_can_be_worked_out_by_subtraction(
    people: list[tuple[int, str, str]],
) -> None:
    # With one role level, each cell is its column's total: the dashboard's own figure.
    assume(len({role for role, _, _ in people}) > 1)
    counts, shown = _profile(people)
    found = shown_by_role(counts, roles=ROLES, shown=shown)
    tables = {"sex": found.sex, "ethnicity": found.ethnicity}
    figures, sums = _equations(tables)
    true = _truth(people)
    # The reader has the dashboard's profile too: its ethnicities add up to the ethnic groups.
    labels = {label: code for code, label in codes.ETHNICITY.items()}
    groups: dict[str, list[Hashable]] = {}
    for band in shown.ethnicity:
        figures["code", band.label] = band.people
        groups.setdefault(ethnic_group(labels.get(band.label, "")), []).append(("code", band.label))
    for group, keys in groups.items():
        sums.append((("ethnicity", "All role levels", group), keys))
    for _, _, e in people:
        key = ("code", codes.ETHNICITY.get(e, "Not recorded"))
        true[key] = true.get(key, 0) + 1
    for key, value in figures.items():
        # Every count shown is the true count; every count of 1 to 4 is hidden.
        assert value == SUPPRESSED or int(value) == true.get(key, 0), key
        assert value == SUPPRESSED or not 0 < true.get(key, 0) < 5, key
    # Nothing hidden can be worked out that the dashboard's figures alone do not already give
    # (with them alone, a total of ethnicities is an ethnic group's count).
    dashboard = {
        key: value if key[0] == "code" or key in _dashboard_totals(shown) else SUPPRESSED
        for key, value in figures.items()
    }
    assert _recovered(true, figures, sums) <= _recovered(true, dashboard, sums)
    # What the dashboard hides stays hidden (above: nothing hidden follows from the sums).
    for band in shown.sex:
        if band.people == SUPPRESSED:
            assert figures["sex", "All role levels", band.label] == SUPPRESSED
    if shown.headcount == SUPPRESSED:
        assert figures["row", "All role levels"] == SUPPRESSED
    else:  # the dashboard's totals are shown here too
        assert figures["row", "All role levels"] == shown.headcount
        for band in shown.sex:
            assert figures["sex", "All role levels", band.label] == band.people
    # A share is hidden with its count or its row's total (else the total would follow from
    # the count and its share), but for a zero's.
    for table in tables.values():
        for line in [*table.rows, table.totals]:
            for count, percent in zip(line.counts, line.percents, strict=True):
                hidden = count == SUPPRESSED or (line.total == SUPPRESSED and count != "0")
                assert (percent == SUPPRESSED) == hidden


def test_shares_of_the_role_level_to_one_place() -> None:
    """Nothing small: 15 case holders (10 women, White British; 5 men, Black African) and 6
    senior practitioners (women, Indian); role levels in the CSWW order, senior first."""
    people = [(5, "F", "WBRI")] * 10 + [(5, "M", "BAFR")] * 5 + [(4, "F", "AIND")] * 6
    counts, shown = _profile(people)
    found = shown_by_role(counts, roles=ROLES, shown=shown)
    # Case holders: 10 women of 15 (66.7%), 5 men (33.3%); senior practitioners: 6 women.
    assert found.sex.columns == ["Male", "Female"]
    assert [(r.label, r.counts, r.percents, r.total) for r in found.sex.rows] == [
        ("Senior practitioner", ["0", "6"], ["0.0%", "100.0%"], "6"),
        ("Case holder", ["5", "10"], ["33.3%", "66.7%"], "15"),
    ]
    assert found.sex.totals.counts == ["5", "16"]
    assert found.sex.totals.percents == ["23.8%", "76.2%"]  # 5/21, 16/21
    assert found.ethnicity.totals.counts == ["10", "0", "6", "5", "0"]
