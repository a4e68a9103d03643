import datetime as dt

from csc_workforce.web.development.demo_careers import seed_careers
from csc_workforce.web.development.models import (
    Cohort,
    Enrolment,
    Induction,
    PracticeEducator,
    ProgressionApplication,
    Student,
)
from tests.conftest import TODAY
from tests.factories import StaffMemberFactory


def test_the_demo_holds_five_asye_cohorts_beside_the_two_year_programme(people: dict) -> None:
    for year in range(2020, 2025):
        for n in range(3):
            StaffMemberFactory(
                team=people["team_a"],
                start_date=dt.date(year, 10, 1 + n),
                start_origin="1",
                local_role="asye",
            )
    StaffMemberFactory(team=people["team_a"], start_date=dt.date(2025, 2, 3), start_origin="1")
    StaffMemberFactory(team=people["team_b"], start_date=dt.date(2023, 10, 1), start_origin="2")
    StaffMemberFactory(team=people["team_b"], role_level=4)  # a senior practitioner
    seed_careers(seed=1, today=TODAY, progress=lambda line: None)
    names = list(Cohort.objects.order_by("starts_on").values_list("name", flat=True))
    assert names == [
        "ASYE September 2020",
        "ASYE September 2021",
        "ASYE September 2022",
        "ASYE September 2023",
        "ASYE September 2024",
        "Early career programme (early adopters) January 2025",
    ]
    # three a year on the ASYE; the one newly qualified starting in February 2025 on the
    # two-year programme; the experienced starter (origin 2) on neither
    assert Enrolment.objects.filter(cohort__programme__kind="asye").count() == 15
    assert Enrolment.objects.filter(cohort__programme__kind="early_career").count() == 1
    # everyone in the 2020 cohort finished by October 2021 and had their panel
    assert not Enrolment.objects.filter(cohort__name="ASYE September 2020", outcome="").exists()
    # an induction for each starter of the last year (the three of October 2024 and February 2025)
    assert Induction.objects.count() == 4
    # five students a year for the five cohort years, educated by the senior practitioner
    assert Student.objects.count() == 25
    assert PracticeEducator.objects.count() == 1
    # a progression round a year (those in post two years before each March panel may apply)
    panels = set(ProgressionApplication.objects.values_list("panel_on", flat=True))
    assert {panel.year for panel in panels} <= set(range(2020, 2026))
    assert all(panel.month == 3 for panel in panels)
    assert len(panels) == 6
