import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from csc_workforce.core.csww.synthetic import synthetic_return
from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.demo import demo_seed
from csc_workforce.web.organisation.models import StaffMember
from csc_workforce.web.workforce.models import CensusJob
from tests.conftest import client_for
from tests.factories import UserFactory


@pytest.fixture
def analyst(db: None) -> object:
    demo_seed(seed=1, scale=1, progress=lambda line: None, caseloads=False)
    return client_for(UserFactory(username="analyst.census", roles=[Role.ANALYST]))


def synthetic(workers: int = 30) -> bytes:
    return "".join(synthetic_return(year=2025, workers=workers, seed=4)).encode()


def test_an_analyst_validates_and_summarises_an_uploaded_return(analyst: object) -> None:
    response = analyst.post(  # type: ignore[attr-defined]
        reverse("workforce:census"),
        {
            "form": "upload",
            "upload-action": "summary",
            "upload-file": SimpleUploadedFile("r.xml", synthetic()),
        },
        follow=True,
    )
    page = response.content.decode()
    assert "No errors" in page
    assert "Social workers in post (FTE)" in page
    assert "Passes the schema and DfE&#x27;s rules" in page  # not "Valid True"
    assert ">True<" not in page
    job = CensusJob.objects.get()
    assert (job.status, job.upload) == ("done", None)  # the upload is not kept


def test_errors_are_listed_with_their_line(analyst: object) -> None:
    broken = synthetic().replace(b"<FTE>", b"<FTE>9", 1)
    page = analyst.post(  # type: ignore[attr-defined]
        reverse("workforce:census"),
        {
            "form": "upload",
            "upload-action": "validate",
            "upload-file": SimpleUploadedFile("r.xml", broken),
        },
        follow=True,
    ).content.decode()
    assert "The return has 1 error" in page or "The return has 2 errors" in page
    assert "govuk-tag--red" in page


@pytest.mark.parametrize("action", ["validate", "summary", "import"])
def test_a_return_with_a_dtd_is_refused_on_the_page(analyst: object, action: str) -> None:
    laughs = (
        b'<?xml version="1.0"?>\n<!DOCTYPE Message [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;">]>\n'
    )
    upload = laughs + synthetic().split(b"\n", 1)[1].replace(b"<LEA>999", b"<LEA>&b;", 1)
    page = analyst.post(  # type: ignore[attr-defined]
        reverse("workforce:census"),
        {
            "form": "upload",
            "upload-action": action,
            "upload-file": SimpleUploadedFile("r.xml", upload),
        },
        follow=True,
    ).content.decode()
    assert "DTDs and entities are not allowed in a CSWW return" in page
    job = CensusJob.objects.get()
    assert job.status == "done"
    assert job.result["valid"] is False


def test_a_return_with_errors_loads_nothing(analyst: object) -> None:
    before = StaffMember.objects.count()
    broken = synthetic().replace(b"<FTE>", b"<FTE>9", 1)
    page = analyst.post(  # type: ignore[attr-defined]
        reverse("workforce:census"),
        {
            "form": "upload",
            "upload-action": "import",
            "upload-file": SimpleUploadedFile("r.xml", broken),
        },
        follow=True,
    ).content.decode()
    assert "Nothing was loaded" in page
    assert StaffMember.objects.count() == before


def test_the_return_is_written_and_downloaded(analyst: object) -> None:
    response = analyst.post(  # type: ignore[attr-defined]
        reverse("workforce:census"), {"form": "export", "export-year": "2025"}, follow=True
    )
    assert "The 2025 return is ready" in response.content.decode()
    job = CensusJob.objects.get()
    download = analyst.get(reverse("workforce:census_job_download", args=[job.pk]))  # type: ignore[attr-defined]
    assert download["Content-Disposition"] == 'attachment; filename="csww_2025.xml"'
    assert b"<Year>2025</Year>" in download.content


def test_someone_else_cannot_see_a_task(analyst: object) -> None:
    analyst.post(reverse("workforce:census"), {"form": "export", "export-year": "2025"})  # type: ignore[attr-defined]
    other = client_for(UserFactory(username="other.analyst", roles=[Role.ANALYST]))
    job = CensusJob.objects.get()
    assert other.get(reverse("workforce:census_job", args=[job.pk])).status_code == 404


def test_a_file_that_is_not_xml_is_refused(analyst: object) -> None:
    page = analyst.post(  # type: ignore[attr-defined]
        reverse("workforce:census"),
        {
            "form": "upload",
            "upload-action": "validate",
            "upload-file": SimpleUploadedFile("r.csv", b"a,b"),
        },
    ).content.decode()
    assert "The return must be an XML file" in page
    assert not CensusJob.objects.exists()


def test_old_tasks_lose_their_files_and_findings(analyst: object) -> None:
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    analyst.post(reverse("workforce:census"), {"form": "export", "export-year": "2025"})  # type: ignore[attr-defined]
    job = CensusJob.objects.get()
    assert job.output
    CensusJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    # Looking writes nothing: the worker's schedule clears old tasks ("old tasks").
    for url in (reverse("workforce:census"), reverse("workforce:census_job", args=[job.pk])):
        assert analyst.get(url).status_code == 200  # type: ignore[attr-defined]
    job.refresh_from_db()
    assert job.output
    out = io.StringIO()
    call_command("schedule", "run", "old tasks", stdout=out)
    assert out.getvalue() == "old tasks\tFinished: 1 task(s) tidied\n"
    job.refresh_from_db()
    assert (job.output, job.result) == (None, {})
    page = analyst.get(reverse("workforce:census_job", args=[job.pk])).content.decode()  # type: ignore[attr-defined]
    assert "its file and findings have been deleted" in page
