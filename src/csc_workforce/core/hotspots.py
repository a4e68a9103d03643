"""Hotspot teams: teams where several warning signals are above the authority's thresholds at
once.

"A team is flagged when at least three (configurable) of these signals are above their
thresholds at once: weighted load, sickness absence rate, agency rate, turnover, vacancy rate,
worker changes for children." The thresholds are the authority's own, not DfE's. Every signal is
a percentage, computed elsewhere (``caseloads.rollup``, ``register.figures``, ``experience``)
for the same day or year. A missing value (None, as DfE's 'z') is never above a threshold; it is
listed as missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from csc_workforce.core import measures
from csc_workforce.core.indicators import round_half_up
from csc_workforce.core.measures import Measure


@dataclass(frozen=True)
class Signal:
    """A warning signal: its code (the key of thresholds and team values) and its measure in
    the catalogue, which names it."""

    code: str
    measure: Measure

    @property
    def label(self) -> str:
        return self.measure.name


SIGNALS: Mapping[str, Signal] = {
    signal.code: signal
    for signal in (
        Signal("weighted_load", measures.WEIGHTED_LOAD),
        Signal("sickness_absence_rate", measures.ABSENCE),
        Signal("agency_rate", measures.AGENCY),
        Signal("turnover_rate", measures.TURNOVER),
        Signal("vacancy_rate", measures.VACANCY),
        Signal("worker_changes", measures.TEAM_LEAD_WORKER_CHANGES),
    )
}
"""The signals, in the order they are reported."""


@dataclass(frozen=True)
class Flag:
    """A flagged team: the signals above their thresholds (in ``SIGNALS`` order), one sentence
    for each, and the signals with a threshold but no value."""

    team: int | str
    signals_above: tuple[str, ...]
    reasons: tuple[str, ...]
    missing: tuple[str, ...]


def _number(value: Decimal) -> str:
    """A value as a percentage to 1 decimal place, as DfE publishes rates."""
    return f"{round_half_up(value):f}%"


def flag_teams(
    *,
    team_signals: Mapping[int | str, Mapping[str, Decimal | None]],
    thresholds: Mapping[str, Decimal],
    minimum: int = 3,
) -> list[Flag]:
    """Teams with at least ``minimum`` signals strictly above their ``thresholds`` at once, most
    signals first, then by team. Signals without a threshold are not considered. ValueError for
    a signal not in ``SIGNALS`` or a ``minimum`` below 1."""
    unknown = (
        set(thresholds) | {code for values in team_signals.values() for code in values}
    ) - set(SIGNALS)
    if unknown:
        raise ValueError(f"unknown signals {sorted(unknown)}; expected some of {list(SIGNALS)}")
    if minimum < 1:
        raise ValueError("minimum must be 1 or more")
    flags = []
    for team, values in team_signals.items():
        above, reasons, missing = [], [], []
        for code, signal in SIGNALS.items():
            if code not in thresholds:
                continue
            value = values.get(code)
            if value is None:
                missing.append(code)
            elif value > thresholds[code]:
                above.append(code)
                reasons.append(
                    f"{signal.label} {_number(value)} is above the threshold of "
                    f"{thresholds[code].normalize():f}%"
                )
        if len(above) >= minimum:
            flags.append(Flag(team, tuple(above), tuple(reasons), tuple(missing)))
    return sorted(flags, key=lambda flag: (-len(flag.signals_above), str(flag.team)))
