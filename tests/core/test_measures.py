"""The catalogue of measures: each computes DfE's published figures from DfE's published counts,
and names a column DfE publishes, a function taking the counts it lists, and a definition."""

import dataclasses
import inspect
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest

from csc_workforce.core import measures, register
from csc_workforce.core.comparison import published_release
from csc_workforce.core.csww.summary import Figures as ReturnFigures
from csc_workforce.core.experience import _swcount
from csc_workforce.core.indicators import round_half_up, working_days_in_reporting_year
from csc_workforce.core.measures import CATALOGUE, CLA_THREE_OR_MORE, Direction
from csc_workforce.core.reference import parse_published

STABLE = "3 or more social workers during the year"


def whole(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def test_the_cla_share_recomputes_englands_published_share_from_its_counts() -> None:
    # la_cla_swcount.csv, 2024, England: 22,140 of the 83,300 children looked after on 31 March
    # 2024 had 3 or more social workers during the year; DfE publishes 27 (%).
    share = CLA_THREE_OR_MORE.value({"three_or_more": 22_140, "children": 83_300})
    assert round(share, 2) == Decimal("26.58")  # 22,140 / 83,300 = 0.26579...
    assert whole(share) == 27


def test_the_cla_share_recomputes_every_published_share_in_the_file() -> None:
    """Every England, region and authority row with numbers: the share of the "3 or more" row
    is its number over the "Total children" row's, as a whole percentage."""
    areas: dict[tuple[str, str, str], dict[str, dict[str, str]]] = defaultdict(dict)
    for row in _swcount():
        area = (row["geographic_level"], row["region_code"], row["old_la_code"])
        areas[area][row["sw_stability"]] = row
    checked = 0
    for rows in areas.values():
        many, total = rows[STABLE], rows["Total children"]
        if many[CLA_THREE_OR_MORE.column or ""] in ("x", "z"):
            continue
        counts = {"three_or_more": int(many["number"]), "children": int(total["number"])}
        assert whole(CLA_THREE_OR_MORE.value(counts)) == Decimal(many["percentage"]), rows
        checked += 1
    assert checked == 163  # England, 9 regions, Inner and Outer London, 151 authorities


def test_the_seven_rates_recompute_englands_2025_rates_from_its_counts() -> None:
    """DfE's release, England 2025: each rate from the counts on the same row, rounded half-up
    to one decimal place, is the published rate."""
    release = published_release()
    england = release.filter(
        (release["geographic_level"] == "National") & (release["time_period"] == 2025)
    ).row(0, named=True)
    counts: dict[str, object] = {
        column: parse_published(text).value
        for column, text in england.items()
        if column in CATALOGUE
    }
    counts["working_days"] = working_days_in_reporting_year(2025)
    published = {
        "turnover_rate_fte": "11.8",
        "agency_rate_fte": "13",
        "agency_cover_rate_fte": "81.1",
        "vacancy_rate_fte": "14.2",
        "vacancy_agency_cover_rate_fte": "73.6",
        "caseload_fte": "15.2",
        "absence_rate_fte": "3.5",
    }
    assert [rate.key for rate in measures.RATES] == list(published)
    for rate in measures.RATES:
        assert england[rate.key] == published[rate.key]
        assert round_half_up(rate.value(counts)) == Decimal(published[rate.key]), rate.key


def test_every_dfe_workforce_measure_is_a_column_of_dfes_release() -> None:
    columns = set(published_release().columns)
    for measure in measures.CSWW:
        assert measure.source == measures.CSWW_FILE
        assert measure.column == measure.key
        assert measure.key in columns, measure.key


@pytest.mark.parametrize("measure", list(CATALOGUE.values()), ids=list(CATALOGUE))
def test_each_measure_has_a_definition_and_its_function_takes_the_counts_it_lists(
    measure: measures.Measure,
) -> None:
    assert measure.name
    assert measure.definition
    assert measure.unit
    assert measure.suppression
    assert isinstance(measure.direction, Direction)
    if measure.compute is None:
        assert not measure.inputs
        return
    parameters = inspect.signature(measure.compute).parameters
    assert set(measure.inputs) == set(parameters)
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters.values())
    known = set(CATALOGUE) | {"working_days", "three_or_more", "children", "outstanding",
                              "in_post", "not_registered", "passed", "decided", "retained",
                              "completers", "followed", "assignments", "met", "newly_qualified",
                              "good", "audits", "points", "capacity"}  # fmt: skip
    assert set(measure.inputs.values()) <= known


def test_keys_are_unique_and_both_figures_types_hold_every_rate() -> None:
    everything = [
        *measures.CSWW,
        measures.CLA_THREE_OR_MORE,
        measures.TEAM_LEAD_WORKER_CHANGES,
        measures.AUDITS_GOOD_OR_BETTER,
        measures.WEIGHTED_LOAD,
        measures.PERMANENT_SHARE,
        measures.SUPERVISION_COMPLIANCE,
        measures.ASYE_COMPLETION,
        measures.ASYE_RETENTION,
        measures.STUDENTS_A_YEAR,
        measures.REGISTERED_ON_1_DECEMBER,
        measures.AGENCY_RULES_FOLLOWED,
        measures.HEALTH_CHECK_SCORE,
        measures.PROTECTED_DEVELOPMENT_TIME,
        *measures.AWAITED,
    ]
    assert len({m.key for m in everything}) == len(everything) == len(CATALOGUE)
    for figures in (register.Figures, ReturnFigures):
        fields = {field.name for field in dataclasses.fields(figures)}
        assert {m.key for m in measures.HEADLINE} <= fields, figures


def test_labels_name_percentages() -> None:
    assert measures.TURNOVER.label == "Turnover rate (%)"
    assert measures.TURNOVER.suffix == "%"
    assert measures.IN_POST.label == "Social workers in post (FTE)"
    assert measures.CASELOAD.suffix == ""
    assert measures.bounded("agency_rate_fte")
    assert not measures.bounded("turnover_rate_fte")


def test_each_measure_is_shown_to_the_places_of_its_unit() -> None:
    # As DfE publishes: rates, FTE, caseloads to 1 place, halves up; people and cases whole.
    assert measures.CATALOGUE["inpost_fte"].shown(Decimal("12.25")) == "12.3"
    assert measures.CATALOGUE["inpost_fte"].shown(12) == "12.0"
    assert measures.CATALOGUE["turnover_rate_fte"].shown(7.05) == "7.1"
    assert measures.CATALOGUE["caseload_fte"].shown(Decimal("15.349")) == "15.3"
    assert measures.CATALOGUE["inpost_headcount"].shown(Decimal("38.5")) == "39"
    assert measures.CATALOGUE["cases"].shown(321661) == "321661"
    assert measures.CATALOGUE["inpost_fte"].shown(None) == "\N{EN DASH}"
    assert {m.places for m in measures.CSWW} == {0, 1}
