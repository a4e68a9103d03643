"""The fictional authority Northfield: deterministic, well formed, and typical of England."""

import itertools
import re
from collections import Counter
from datetime import date
from decimal import Decimal
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csc_workforce.core import demo
from csc_workforce.core.measures import la_interquartile_range
from csc_workforce.core.reference import (
    authority_names,
    csww_indicators,
    statistical_neighbours,
)

SWE_NUMBER = re.compile(r"[A-Za-z]{2}\d{1,10}")


@cache
def northfield(seed: int = 1, scale: int = 1) -> demo.DemoAuthority:
    return demo.generate(seed=seed, scale=scale)


def in_post(staff: demo.DemoStaff, on: date) -> bool:
    return staff.start_date <= on and (staff.end_date is None or staff.end_date >= on)


def test_same_seed_same_authority_other_seed_other_authority() -> None:
    assert demo.generate(seed=1) == demo.generate(seed=1)
    assert demo.generate(seed=2).staff != demo.generate(seed=1).staff


def test_about_180_fte_employed_at_the_reference_date() -> None:
    figures = demo.summarise(northfield(), year=2025)
    assert Decimal(165) <= figures.inpost_fte <= Decimal(195)
    assert figures.agency_fte > 0


def test_shape() -> None:
    authority = northfield()
    assert (authority.name, authority.old_la_code, authority.seed, authority.scale) == (
        "Northfield",
        "999",
        1,
        1,
    )
    assert 3 <= len(authority.service_areas) <= 5
    assert 10 <= len(authority.teams) <= 14
    area_keys = {area.key for area in authority.service_areas}
    assert all(team.service_area_key in area_keys for team in authority.teams)
    assert all(team.team_type in demo.TEAM_TYPES for team in authority.teams)
    team_keys = {team.key for team in authority.teams}
    assert all(staff.team_key in team_keys for staff in authority.staff)
    assert len({staff.key for staff in authority.staff}) == len(authority.staff)
    part_time = [s for s in authority.staff if s.end_date is None and s.fte < 1]
    assert part_time
    assert all(Decimal("0.5") <= s.fte <= Decimal("0.9") for s in part_time)


@pytest.mark.parametrize("year", demo.HISTORY_YEARS)
def test_one_team_manager_per_team_and_one_service_manager_per_area(year: int) -> None:
    authority = northfield()
    on = date(year, 9, 30)
    managers = Counter(s.team_key for s in authority.staff if s.role_level == 3 and in_post(s, on))
    assert managers == Counter(team.key for team in authority.teams)
    assert all(
        s.job_title == "Team manager" and s.employment != "agency"
        for s in authority.staff
        if s.role_level == 3
    )
    area_of = {team.key: team.service_area_key for team in authority.teams}
    service_managers = Counter(
        area_of[s.team_key] for s in authority.staff if s.role_level == 2 and in_post(s, on)
    )
    assert service_managers == Counter(area.key for area in authority.service_areas)


def test_demo_logins() -> None:
    authority = northfield()
    staff = {s.key: s for s in authority.staff}
    manager, worker = staff[demo.DEMO_TEAM_MANAGER_KEY], staff[demo.DEMO_SOCIAL_WORKER_KEY]
    assert manager.role_level == 3
    assert worker.role_level == 5
    assert worker.job_title == "Social worker"
    for person in (manager, worker):
        assert person.team_key == authority.teams[0].key
        assert person.employment == "permanent"
        assert person.end_date is None


@pytest.mark.parametrize("year", demo.HISTORY_YEARS)
@pytest.mark.parametrize(
    ("measure", "figure"),
    [
        ("turnover_rate_fte", "turnover_rate"),
        ("agency_rate_fte", "agency_rate"),
        ("absence_rate_fte", "absence_rate"),
        ("starters_rate_fte", "starters_rate"),
    ],
)
def test_rates_lie_within_englands_interquartile_range(
    year: int, measure: str, figure: str
) -> None:
    lower, upper = la_interquartile_range(year=year, measure=measure)
    rate = getattr(demo.summarise(northfield(), year=year), figure)
    assert lower <= rate <= upper


@settings(deadline=None, max_examples=10)
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_rates_lie_within_englands_interquartile_range_for_any_seed(seed: int) -> None:
    authority = demo.generate(seed=seed)
    for year in demo.HISTORY_YEARS:
        figures = demo.summarise(authority, year=year)
        for measure, rate in (
            ("turnover_rate_fte", figures.turnover_rate),
            ("agency_rate_fte", figures.agency_rate),
            ("absence_rate_fte", figures.absence_rate),
            ("starters_rate_fte", figures.starters_rate),
        ):
            lower, upper = la_interquartile_range(year=year, measure=measure)
            assert rate is not None
            assert lower <= rate <= upper, (year, measure)


def test_swe_numbers_are_fictional_well_formed_and_unique() -> None:
    numbers = [staff.swe_number for staff in northfield().staff]
    assert all(SWE_NUMBER.fullmatch(number) and number.startswith("ZZ") for number in numbers)
    assert len(set(numbers)) == len(numbers)


def test_staff_records_are_consistent() -> None:
    for staff in northfield().staff:
        assert 0 < staff.fte <= 1
        assert staff.fte == staff.fte.quantize(Decimal("0.001"))
        assert 1 <= staff.role_level <= 6
        assert staff.employment in ("permanent", "fixed_term", "agency")
        assert staff.start_date <= demo.REFERENCE_DATE
        if staff.end_date is None:
            assert staff.reason_leave == ""
        else:
            assert staff.start_date <= staff.end_date < demo.REFERENCE_DATE
            assert staff.reason_leave in (*demo.LEAVING_REASONS, "")


def test_starting_workforce_has_tenure_of_up_to_25_years() -> None:
    opening = date(2020, 9, 30)
    starts = [s.start_date for s in northfield().staff if in_post(s, opening)]
    assert min(starts) >= date(1995, 9, 30)
    assert min(starts) < date(2005, 9, 30)


def test_agency_workers_have_no_sickness() -> None:
    authority = northfield()
    agency = {s.key for s in authority.staff if s.employment == "agency"}
    assert agency
    assert not [episode for episode in authority.sickness if episode.staff_key in agency]


def test_sickness_falls_within_employment_without_overlap() -> None:
    authority = northfield()
    staff = {s.key: s for s in authority.staff}
    episodes: dict[str, list[demo.DemoSickness]] = {}
    for episode in authority.sickness:
        worker = staff[episode.staff_key]
        assert worker.start_date <= episode.start_date <= episode.end_date
        assert episode.end_date <= (worker.end_date or demo.REFERENCE_DATE)
        assert episode.reason in demo.SICKNESS_REASONS
        assert episode.working_days_lost > 0
        episodes.setdefault(worker.key, []).append(episode)
    for own in episodes.values():
        own.sort(key=lambda episode: episode.start_date)
        assert all(a.end_date < b.start_date for a, b in itertools.pairwise(own))


def test_scale_repeats_the_structure() -> None:
    single, double = northfield(), northfield(scale=2)
    assert len(double.teams) == 2 * len(single.teams)
    assert len(double.service_areas) == 2 * len(single.service_areas)
    ratio = (
        demo.summarise(double, year=2025).inpost_fte / demo.summarise(single, year=2025).inpost_fte
    )
    assert Decimal("1.9") <= ratio <= Decimal("2.1")


def test_comparators_are_real_northern_authorities() -> None:
    comparators = northfield().comparators
    assert len(set(comparators)) == 10
    names = authority_names()
    latest = csww_indicators().filter(csww_indicators()["time_period"] == 2025)
    regions = dict(zip(latest["old_la_code"], latest["region_name"], strict=True))
    for code in comparators:
        assert code in names
        assert len(statistical_neighbours(code)) == 10
        assert regions[code] in ("North East", "North West", "Yorkshire and The Humber")


def test_summarise_counts_as_dfe_does() -> None:
    def worker(
        key: str, employment: str, fte: str, start: date, end: date | None
    ) -> demo.DemoStaff:
        return demo.DemoStaff(
            key=key,
            given_name="Test",
            family_name=key,
            swe_number=f"ZZ00000{key[-1]}",
            job_title="Social worker",
            role_level=5,
            team_key="T01",
            employment=employment,
            fte=Decimal(fte),
            start_date=start,
            end_date=end,
            reason_leave="" if end is None else "1",
        )

    authority = demo.DemoAuthority(
        comparators=(),
        service_areas=(demo.DemoServiceArea("A1", "Area"),),
        teams=(demo.DemoTeam("T01", "Team", "assessment", "A1"),),
        staff=(
            worker("S1", "permanent", "1", date(2019, 1, 1), None),
            worker("S2", "permanent", "0.5", date(2024, 11, 1), None),  # starter
            worker("S3", "fixed_term", "0.8", date(2015, 4, 1), date(2025, 3, 31)),  # leaver
            worker("S4", "agency", "1", date(2025, 6, 2), None),
        ),
        sickness=(
            # Monday 29 September to Friday 3 October 2025: two weekdays in reporting year 2025.
            demo.DemoSickness("S1", date(2025, 9, 29), date(2025, 10, 3), Decimal(5), "other"),
            demo.DemoSickness("S4", date(2025, 6, 2), date(2025, 6, 6), Decimal(5), "other"),
        ),
        seed=0,
        scale=1,
    )
    figures = demo.summarise(authority, year=2025)
    assert figures.inpost_fte == Decimal("1.5")
    assert figures.agency_fte == Decimal(1)
    assert figures.starters_fte == Decimal("0.5")
    assert figures.leavers_fte == Decimal("0.8")
    assert figures.working_days_lost_fte == Decimal(2)
    assert figures.turnover_rate == Decimal("0.8") / Decimal("1.5") * 100  # 53.3
    assert figures.agency_rate == Decimal(40)  # 1 / (1 + 1.5)
    assert figures.absence_rate == Decimal(2) / (Decimal("1.5") * 253) * 100  # 0.5
    assert figures.starters_rate == Decimal("0.5") / Decimal("1.5") * 100  # 33.3


def test_people_carry_valid_csww_codes() -> None:
    from csc_workforce.core import codes

    for person in demo.generate(seed=2).staff:
        assert person.sex in codes.SEX
        assert person.ethnicity in codes.ETHNICITY
        assert person.qualification_level in codes.QUALIFICATION_LEVEL
        assert person.qualification_route in codes.QUALIFICATION_ROUTE
        assert person.date_of_birth is not None
        assert 20 <= (person.start_date - person.date_of_birth).days // 365 <= 67
        if person.employment == "agency":
            assert (person.start_origin, person.reason_leave, person.leaver_destination) == (
                "",
                "",
                "",
            )
            assert person.contract_weeks is not None
        else:
            assert person.start_origin in codes.START_ORIGIN
            assert (person.leaver_destination in codes.LEAVER_DESTINATION) == bool(person.end_date)


def test_moves_happen_while_in_post_to_another_team() -> None:
    authority = demo.generate(seed=4)
    staff = {person.key: person for person in authority.staff}
    assert authority.moves
    for move in authority.moves:
        person = staff[move.staff_key]
        assert person.start_date < move.on <= (person.end_date or demo.REFERENCE_DATE)
        assert move.team_key != person.team_key


def test_cases_are_held_by_practitioners_in_post_on_30_september() -> None:
    authority = demo.generate(seed=5)
    staff = {person.key: person for person in authority.staff}
    for count in authority.case_counts:
        person = staff[count.staff_key]
        assert (count.on.month, count.on.day) == (9, 30)
        assert person.role_level in (4, 5)
        assert person.start_date <= count.on
        assert person.end_date is None or person.end_date >= count.on
        assert count.cases >= 1


def test_the_establishment_leaves_about_one_practitioner_post_in_six_vacant() -> None:
    authority = demo.generate(seed=1)
    funded = sum((post.fte for post in authority.posts), Decimal(0))
    inpost = demo.summarise(authority, year=2025).inpost_fte
    vacancy = (funded - inpost) / funded * 100
    # England's LA vacancy rates in 2025: interquartile range 7.9% to 20.0% (DfE, published).
    assert 8 < vacancy < 22


def test_every_demo_record_keeps_the_register_s_rules() -> None:
    """Nothing in the demo could not be entered on a form, so its returns are submittable."""
    from csc_workforce.core.record_rules import Record, record_problems

    for staff in northfield().staff:
        record = Record(
            employee=staff.employment != "agency",
            start_date=staff.start_date,
            end_date=staff.end_date,
            date_of_birth=staff.date_of_birth,
            start_origin=staff.start_origin,
            reason_leave=staff.reason_leave,
            leaver_destination=staff.leaver_destination,
            fte=staff.fte,
            base_salary=staff.base_salary,
            contract_weeks=staff.contract_weeks,
            swe_number=staff.swe_number,
            qualifying_institution=staff.qualifying_institution,
        )
        assert record_problems(record, today=demo.REFERENCE_DATE) == [], staff.key
