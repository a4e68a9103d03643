import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.organisation.models import StaffMember
from tests.conftest import client_for
from tests.factories import TeamFactory, UserFactory

HEADER = (
    "given_name,family_name,swe_number,team,role_level,local_role,job_title,"
    "employment_type,fte,start_date,start_origin\n"
)


@pytest.fixture
def hr(db: None) -> object:
    TeamFactory(name="Assessment team 1")
    return client_for(UserFactory(username="hr.import", roles=[Role.HR]))


def upload(client: object, text: str, **extra: str) -> str:
    data = {"file": SimpleUploadedFile("staff.csv", text.encode())} | extra
    return client.post(reverse("workforce:staff_import"), data, follow=True).content.decode()  # type: ignore[attr-defined]


def test_a_good_file_imports_everyone(hr: object) -> None:
    page = upload(
        hr,
        HEADER + "Robin,Example,SW123456,Assessment team 1,5,social_worker,Social worker,"
        "permanent,1,01/09/2025,2\n"
        + "Sam,Sample,SW654321,Assessment team 1,5,asye,Social worker (ASYE),"
        "permanent,0.8,2025-09-15,1\n",
    )
    assert "2 staff imported from staff.csv" in page
    assert StaffMember.objects.count() == 2


def test_one_bad_row_imports_nobody_and_names_the_cell(hr: object) -> None:
    page = upload(
        hr,
        HEADER + "Robin,Example,SW123456,Assessment team 1,5,social_worker,Social worker,"
        "permanent,1,01/09/2025,2\n"
        + "Sam,Sample,SW654321,Nowhere team,5,asye,Social worker,permanent,1.5,31/02/2025,1\n",
    )
    assert "Nobody was imported" in page
    assert "Row 3, column D (team)" in page
    assert "Row 3, column I (fte)" in page
    assert "Row 3, column J (start_date)" in page
    assert StaffMember.objects.count() == 0


def test_a_dry_run_checks_without_importing(hr: object) -> None:
    page = upload(
        hr,
        HEADER + "Robin,Example,SW123456,Assessment team 1,5,social_worker,Social worker,"
        "permanent,1,01/09/2025,2\n",
        dry_run="on",
    )
    assert "1 staff checked: no problems" in page
    assert StaffMember.objects.count() == 0


def test_the_template_downloads(hr: object) -> None:
    response = hr.get(reverse("workforce:staff_import_template"))  # type: ignore[attr-defined]
    book = load_workbook(io.BytesIO(response.content))
    header = [cell.value for cell in next(book.worksheets[0].iter_rows(max_row=1))]
    assert header[:2] == ["given_name", "family_name"]
    assert "Guidance" in book.sheetnames
