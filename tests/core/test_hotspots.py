"""Hotspot teams: flags worked out by hand."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.core.hotspots import SIGNALS, Flag, flag_teams

THRESHOLDS = {
    "weighted_load": Decimal(110),
    "sickness_absence_rate": Decimal(4),
    "agency_rate": Decimal(20),
    "turnover_rate": Decimal(15),
    "vacancy_rate": Decimal(20),
    "worker_changes": Decimal(30),
}


def test_a_team_with_three_signals_above_is_flagged() -> None:
    teams: dict[int | str, dict[str, Decimal | None]] = {
        # Three above: load, agency, worker changes; absence exactly at 4.0 is not above.
        "Locality North": {
            "weighted_load": Decimal("118.04"),
            "sickness_absence_rate": Decimal(4),
            "agency_rate": Decimal("25.5"),
            "turnover_rate": Decimal(10),
            "vacancy_rate": None,
            "worker_changes": Decimal("31.25"),
        },
        # Two above: not flagged.
        "Locality South": {"weighted_load": Decimal(120), "agency_rate": Decimal(30)},
        # Four above.
        "Children in care": {
            "weighted_load": Decimal(111),
            "sickness_absence_rate": Decimal("6.1"),
            "turnover_rate": Decimal(22),
            "vacancy_rate": Decimal(25),
        },
    }
    flags = flag_teams(team_signals=teams, thresholds=THRESHOLDS)
    assert [flag.team for flag in flags] == ["Children in care", "Locality North"]
    assert flags[1] == Flag(
        team="Locality North",
        signals_above=("weighted_load", "agency_rate", "worker_changes"),
        reasons=(
            "Weighted load 118.0% is above the threshold of 110%",
            "Agency worker rate 25.5% is above the threshold of 20%",
            "Children with 3 or more lead workers in the year 31.3% is above the threshold of 30%",
        ),
        missing=("vacancy_rate",),
    )
    two = flag_teams(team_signals=teams, thresholds=THRESHOLDS, minimum=2)
    assert [flag.team for flag in two] == ["Children in care", "Locality North", "Locality South"]


def test_signals_without_a_threshold_are_not_considered() -> None:
    teams: dict[int | str, dict[str, Decimal | None]] = {
        1: {"weighted_load": Decimal(200), "agency_rate": Decimal(90), "turnover_rate": Decimal(90)}
    }
    assert flag_teams(team_signals=teams, thresholds={"weighted_load": Decimal(110)}, minimum=1)[
        0
    ].signals_above == ("weighted_load",)
    assert flag_teams(team_signals=teams, thresholds={"weighted_load": Decimal(110)}) == []


def test_unknown_signals_and_minimum_are_errors() -> None:
    with pytest.raises(ValueError, match="unknown signals"):
        flag_teams(team_signals={1: {"morale": Decimal(1)}}, thresholds=THRESHOLDS)
    with pytest.raises(ValueError, match="minimum"):
        flag_teams(team_signals={}, thresholds=THRESHOLDS, minimum=0)


values = st.one_of(st.none(), st.decimals(min_value=0, max_value=300, places=1))


@given(st.fixed_dictionaries(dict.fromkeys(SIGNALS, values)), st.integers(1, 6))
def test_flagged_exactly_when_enough_signals_are_above(
    signals: dict[str, Decimal | None], minimum: int
) -> None:
    above = sum(value is not None and value > THRESHOLDS[code] for code, value in signals.items())
    flags = flag_teams(team_signals={7: signals}, thresholds=THRESHOLDS, minimum=minimum)
    assert (len(flags) == 1) == (above >= minimum)
    if flags:
        assert len(flags[0].signals_above) == len(flags[0].reasons) == above
