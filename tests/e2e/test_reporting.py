"""Reports in a browser, the done-when journey: the PSW opens the scorecard, sets a target,
writes a section's narrative and downloads the annual report as HTML, Word and PDF; each page
checked with axe."""

import io

import docx
import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from .test_sign_in_and_navigation import assert_accessible, sign_in


@pytest.mark.e2e
def test_the_psw_opens_the_scorecard_writes_the_report_and_downloads_it(
    page: Page, live_server: LiveServer, people: dict[str, object], settings: object
) -> None:
    settings.CSCW_TODAY = "2025-09-30"  # type: ignore[attr-defined]
    sign_in(page, live_server.url, "psw")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Measures and targets")
    expect(page.get_by_role("row", name="Protected development time")).to_contain_text(
        "Not recorded yet"
    )
    assert_accessible(page)

    page.get_by_role("link", name="Set the targets for 2025").click()
    page.get_by_label("Measure").select_option(label="Turnover rate")
    page.get_by_label("Target (optional)").fill("12")
    page.get_by_label("Red beyond (optional)").fill("8")
    page.get_by_role("button", name="Save the target").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("red threshold above the target")
    assert_accessible(page)
    page.get_by_label("Red beyond (optional)").fill("16")
    page.get_by_role("button", name="Save the target").click()
    expect(page.get_by_role("row", name="Turnover rate")).to_contain_text("16.0")
    assert_accessible(page)

    page.get_by_role("link", name="Back to the scorecard").click()
    page.get_by_role("link", name="The annual report for 2025").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Annual report 2024 to 2025")
    assert_accessible(page)
    page.get_by_role("link", name="Priorities for next year").click()
    page.get_by_label("Narrative").fill("Next year:\n\n- **Retain** our social workers")
    page.get_by_role("button", name="Save the section").click()
    expect(page.get_by_role("row", name="Priorities for next year")).to_contain_text("Retain")
    page.get_by_role("row", name="Priorities for next year").get_by_role(
        "button", name="Up"
    ).click()
    assert_accessible(page)

    downloads = {}
    for label, extension in (("Web page (HTML)", "html"), ("Word (.docx)", "docx"), ("PDF", "pdf")):
        page.goto(f"{live_server.url}/reporting/annual/?year=2025")
        page.get_by_label("Format", exact=True).select_option(label=label)
        page.get_by_role("button", name="Build the report").click()
        expect(page.get_by_role("heading", level=2, name="The report is ready")).to_be_visible()
        assert_accessible(page)
        with page.expect_download() as download:
            page.get_by_role("link", name="Download the annual report").click()
        path = download.value.path()
        assert download.value.suggested_filename == f"annual_report_2025.{extension}"
        downloads[extension] = path.read_bytes()
    assert downloads["pdf"].startswith(b"%PDF-")
    word = docx.Document(io.BytesIO(downloads["docx"]))
    assert "Priorities for next year" in [p.text for p in word.paragraphs]

    # The HTML report opens in a browser and is accessible itself
    report = page.context.new_page()
    report.set_content(downloads["html"].decode())
    expect(report.get_by_role("heading", level=1)).to_contain_text("annual report 2024 to 2025")
    expect(report.get_by_role("heading", level=2, name="Priorities for next year")).to_be_visible()
    assert_accessible(report)
