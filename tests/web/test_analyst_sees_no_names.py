"""The performance analyst sees aggregate figures and the statutory returns: no names of staff
or children's workers, no free text about children or practitioners, no case identifiers.

The demo authority is seeded as ``cscw demo seed`` seeds it, then every page and export the
analyst can open is rendered and searched for every name, case identifier and piece of free
text the database holds.
"""

import io
import zipfile
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from csc_workforce.web.caseloads.models import Allocation, Case
from csc_workforce.web.organisation.models import StaffMember
from csc_workforce.web.organisation.selectors import scopes_for
from csc_workforce.web.quality.models import ActionItem, ActionNote, Answer, CaseAudit, Observation
from csc_workforce.web.voice.models import PracticeFeedback, Statement
from csc_workforce.web.workforce.models import CensusJob

FREE_TEXT_LONGER_THAN = 15
"""Free text is looked for when longer than this: shorter pieces ("Good") are everywhere."""


def _plain_urls(resolver: URLResolver, prefix: str = "") -> Iterator[str]:
    """Every page that takes no part in its address, but the administration site."""
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if entry.namespace != "admin":
                yield from _plain_urls(entry, route)
        elif isinstance(entry, URLPattern) and not entry.pattern.regex.groupindex:
            yield "/" + route


def _text(content: bytes, content_type: str) -> str:
    """A response as text: an Excel file's parts unzipped."""
    if "spreadsheetml" in content_type:
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            return "\n".join(book.read(name).decode() for name in book.namelist())
    return content.decode()


def _secrets() -> dict[str, set[str]]:
    """What the analyst must never see, by kind."""
    names = {f"{s.given_name} {s.family_name}" for s in StaffMember.objects.all()}
    names |= {f"{u.first_name} {u.last_name}" for u in User.objects.exclude(first_name="")}
    free_text = set()
    for model, fields in (
        (CaseAudit, ["findings", "practitioner_response", "manager_response", "family_feedback",
                     "moderation_reason"]),
        (Answer, ["text"]),
        (Observation, ["leadership", "voice_of_child", "parent_carer", "good_practice",
                       "development"]),
        (ActionItem, ["issue", "action", "risk"]),
        (ActionNote, ["text"]),
        (Allocation, ["rationale"]),
        (PracticeFeedback, ["said", "learning"]),
    ):  # fmt: skip
        for values in model.objects.values_list(*fields):
            free_text |= {v.strip() for v in values if len(v.strip()) > FREE_TEXT_LONGER_THAN}
    # "You said, we did" is published to everyone signed in, and its linked action items carry
    # the same words: published, they are no secret (docs/voice.md).
    for values in Statement.objects.filter(published=True).values_list(
        "you_said", "we_will", "we_did"
    ):
        free_text -= {v.strip() for v in values}
    return {
        "name": names,
        "case identifier": set(Case.objects.values_list("cms_id", flat=True))
        | set(
            PracticeFeedback.objects.exclude(case_reference="").values_list(
                "case_reference", flat=True
            )
        ),
        "free text": free_text,
    }


@pytest.mark.django_db(transaction=True)
def test_no_page_or_export_the_analyst_opens_shows_a_name_a_case_or_free_text(
    settings: object,
) -> None:
    settings.CSCW_TODAY = "2025-09-30"  # type: ignore[attr-defined]
    call_command("demo", "seed", stdout=io.StringIO())
    analyst = User.objects.get(username="analyst")
    client = Client()
    client.force_login(analyst)
    secrets = _secrets()
    assert all(secrets.values()), {kind: len(found) for kind, found in secrets.items()}

    # The analyst's own census task: the return exported from the register.
    client.post(reverse("workforce:census"), {"form": "export", "export-year": "2025"})
    job = CensusJob.objects.get(created_by=analyst)
    addresses = [
        *_plain_urls(get_resolver()),
        *(f"{reverse('workforce:dashboard')}?scope={s.key}" for s in scopes_for(user=analyst)),
        f"{reverse('workforce:dashboard')}?to_0=30&to_1=6&to_2=2025",
        f"{reverse('quality:results')}?format=csv",
        f"{reverse('quality:results')}?format=xlsx",
        f"{reverse('quality:self_evaluation')}?from=2020-01-01&to=2025-09-30",
        reverse("caseloads:import_template", args=["allocations"]),
        reverse("caseloads:import_template", args=["activity"]),
        reverse("workforce:census_job", args=[job.pk]),
        reverse("workforce:census_job_download", args=[job.pk]),
    ]
    opened = []
    for address in addresses:
        response = client.get(address)
        if response.status_code != 200:
            continue
        opened.append(address)
        text = _text(response.content, response.get("Content-Type", ""))
        for kind, found in secrets.items():
            seen = sorted(secret for secret in found if secret in text)
            assert not seen, f"{address} shows a {kind}: {seen[:3]}"
    # The pages the analyst's role opens (docs/permissions.md) were among those searched.
    for page in ("/", "/workforce/", "/teams/", "/caseloads/experience/", "/quality/",
                 "/quality/self-evaluation/", "/census/", "/workforce/comparisons/",
                 "/caseloads/import/"):  # fmt: skip
        assert page in opened, page
    assert any("return.xml" in address for address in opened)
