"""Pay and incentives, and the pay benchmark: recorded, imported, refused when wrong."""

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.recruitment.models import Incentive, PayBenchmark
from tests.conftest import client_for


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    parts = (day.day, day.month, day.year)
    return {f"{prefix}_{i}": str(part) for i, part in enumerate(parts)}


def test_hr_records_an_incentive_and_sees_its_yearly_cost(people: dict) -> None:
    client = client_for(people["users"][Role.HR])
    url = reverse("recruitment:pay")
    worker = people["worker_b"]
    bad = client.post(
        url,
        {
            "staff": worker.pk,
            "kind": "relocation",
            "amount": "8000",
            **_date("start_date", dt.date(2025, 5, 1)),
            **_date("end_date", dt.date(2025, 6, 1)),
        },
    )
    assert "A relocation package is paid once" in bad.content.decode()
    assert not Incentive.objects.exists()
    client.post(
        url,
        {
            "staff": worker.pk,
            "kind": "retention_payment",
            "amount": "3000",
            **_date("start_date", dt.date(2024, 10, 1)),
        },
    )
    assert Incentive.objects.get().staff == worker
    page = client.get(url).content.decode()
    # 2024-25: 182 of 365 days of £3,000 = £1,495.89; 2025-26 so far is costed for the year
    assert "£1,495.89" in page
    assert worker.full_name in page
    csv = client.get(url, {"format": "csv"}).content.decode()
    assert csv.splitlines()[1].startswith(f"{worker.full_name},Team B,")


def test_the_pay_benchmark_is_imported_whole_or_not_at_all(people: dict) -> None:
    client = client_for(people["users"][Role.PSW])
    url = reverse("recruitment:pay_benchmark")
    header = "year,authority,role,pay_min,pay_max,incentives\n"
    broken = header + "2025,Eastmoor,Social worker,34800,41500,\n2025,Westdale,Chef,1,2,\n"
    response = client.post(
        url,
        {"form": "upload", "file": SimpleUploadedFile("b.csv", broken.encode(), "text/csv")},
    )
    text = response.content.decode()
    assert "The file has 1 problem(s): nothing was stored" in text
    assert "Not a role" in text
    assert not PayBenchmark.objects.exists()
    good = header + "2025,Eastmoor,Social worker,34800,41500,Retention payment\n"
    client.post(
        url, {"form": "upload", "file": SimpleUploadedFile("g.csv", good.encode(), "text/csv")}
    )
    assert PayBenchmark.objects.get().pay_max == Decimal("41500.00")
    again = client.post(
        url, {"form": "upload", "file": SimpleUploadedFile("g.csv", good.encode(), "text/csv")}
    )
    assert "Already held for this role and year" in again.content.decode()
    assert PayBenchmark.objects.count() == 1
    row = client.post(
        url,
        {
            "form": "row",
            "year": "2025",
            "authority_name": "Westdale",
            "role": "team_manager",
            "pay_min": "56000",
            "pay_max": "49800",
        },
    )
    assert "The highest pay point must be at least the lowest" in row.content.decode()
    page = client.get(url).content.decode()
    assert "Eastmoor" in page
    assert "£34,800 to £41,500" in page


def test_a_pay_benchmark_file_over_the_upload_limit_is_refused_and_nothing_stored(
    settings: object, people: dict
) -> None:
    settings.CSCW_MAX_UPLOAD_MB = 1  # type: ignore[attr-defined]
    client = client_for(people["users"][Role.PSW])
    big = SimpleUploadedFile("big.csv", b"a" * (1024 * 1024 + 10), "text/csv")
    page = client.post(reverse("recruitment:pay_benchmark"), {"form": "upload", "file": big})
    assert "The selected file must be smaller than 1 MB" in page.content.decode()
    assert not PayBenchmark.objects.exists()


BENCHMARK_CSV = (
    "year,authority,role,pay_min,pay_max,incentives\r\n"
    '2025,Eastmoor,Social worker,34800.00,41500.00,"Retention £2,000 after ""two"" years"\r\n'
    '2025,Westdale,Social worker,35100.50,42000.00,"\'=HYPERLINK(""http://x"")"\r\n'
    "2025,Eastmoor,Team manager,49800.00,56000.00,\r\n"
    "2024,Eastmoor,Social worker,33000.00,40000.00,Relocation\r\n"
)


def test_the_pay_benchmark_export_import_export_is_the_same_file(people: dict) -> None:
    """The CSV downloaded beside the import is in the import's format: imported into a service
    holding none of the rows, it downloads again byte for byte. A cell a spreadsheet would run
    as a formula is written with a quote in front."""
    for year, authority, role, low, high, incentives in (
        (2025, "Eastmoor", "social_worker", "34800", "41500", 'Retention £2,000 after "two" years'),
        (2025, "Westdale", "social_worker", "35100.50", "42000", '=HYPERLINK("http://x")'),
        (2025, "Eastmoor", "team_manager", "49800", "56000", ""),
        (2024, "Eastmoor", "social_worker", "33000", "40000", "Relocation"),
    ):
        PayBenchmark.objects.create(
            year=year, authority_name=authority, role=role, pay_min=Decimal(low),
            pay_max=Decimal(high), incentives=incentives,
        )  # fmt: skip
    client = client_for(people["users"][Role.HR])
    url = reverse("recruitment:pay_benchmark")
    assert 'href="?format=csv">download them as CSV</a>' in client.get(url).content.decode()
    first = client.get(url, {"format": "csv"})
    assert first["Content-Type"] == "text/csv"
    assert first["Content-Disposition"] == 'attachment; filename="pay-benchmark.csv"'
    assert first.content.decode() == BENCHMARK_CSV
    PayBenchmark.objects.all().delete()

    upload = SimpleUploadedFile("pay-benchmark.csv", first.content, "text/csv")
    assert client.post(url, {"form": "upload", "file": upload}).status_code == 302

    assert client.get(url, {"format": "csv"}).content == first.content
    assert PayBenchmark.objects.count() == 4
