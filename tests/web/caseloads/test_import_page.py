from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.caseloads.models import Allocation
from tests.conftest import client_for
from tests.factories import StaffMemberFactory, UserFactory


def test_an_analyst_imports_allocations_and_bad_rows_import_nothing(db: None) -> None:
    worker = StaffMemberFactory(swe_number="SW100001")
    analyst = client_for(UserFactory(username="analyst.import", roles=[Role.ANALYST]))
    template = analyst.get(reverse("caseloads:import_template", args=["allocations"]))
    assert template["Content-Disposition"] == 'attachment; filename="allocations_template.xlsx"'
    header = (
        "cms_id,status,status_start,complexity,worker_swe_number,role,start,end,change_reason\n"
    )
    good = "NF0000001,child_in_need,2025-09-01,medium,SW100001,lead,2025-09-01,,\n"
    bad = "NF0000002,child_in_need,2025-09-01,medium,SW999999,lead,2025-09-01,,\n"
    refused = analyst.post(
        reverse("caseloads:imports"),
        {
            "kind": "allocations",
            "file": SimpleUploadedFile("a.csv", (header + good + bad).encode()),
        },
        follow=True,
    ).content.decode()
    assert "Nothing was imported" in refused
    assert "SW999999" in refused
    assert not Allocation.objects.exists()
    done = analyst.post(
        reverse("caseloads:imports"),
        {"kind": "allocations", "file": SimpleUploadedFile("a.csv", (header + good).encode())},
        follow=True,
    ).content.decode()
    assert "1 new" in done
    assert Allocation.objects.get().worker == worker
