"""Writes to the register. Each is atomic and audited as done by ``by``."""

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from csc_workforce.core.swe import normalise_swe_number
from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.audit.recorder import acting_as, current_actor, record

from .models import StaffMember

ANONYMISED = "Anonymised"


@transaction.atomic
def staff_create(*, by: User, **fields: Any) -> StaffMember:
    with acting_as(by, current_actor().source):
        staff = StaffMember(**fields)
        staff.swe_number = normalise_swe_number(staff.swe_number)
        staff.full_clean()
        staff.save()
        return staff


@transaction.atomic
def staff_update(*, staff: StaffMember, by: User, **changes: Any) -> StaffMember:
    with acting_as(by, current_actor().source):
        for name, value in changes.items():
            setattr(staff, name, value)
        staff.swe_number = normalise_swe_number(staff.swe_number)
        staff.full_clean()
        staff.save()
        return staff


@transaction.atomic
def staff_anonymise(*, staff: StaffMember, today: dt.date) -> StaffMember:
    """Remove what identifies a person past retention; keep what the statistics need.

    Names, Social Work England number and any sign-in account go; team, role, dates, FTE and
    sickness days stay. Earlier audit events about the record have the same fields redacted.
    """
    personal = {"given_name", "family_name", "swe_number"}
    staff.given_name = ANONYMISED
    staff.family_name = f"person {staff.pk}"
    staff.swe_number = ""
    staff.anonymised_at = timezone.now()
    account = staff.user
    staff.user = None
    staff.save()
    if account is not None:
        account.is_active = False
        account.username = f"anonymised-{account.pk}"
        account.first_name = account.last_name = account.email = ""
        account.set_unusable_password()
        account.save()
        AuditEvent.objects.filter(model=account._meta.label, object_pk=str(account.pk)).redact(
            fields={"username", "first_name", "last_name", "email"}
        )
    AuditEvent.objects.filter(model=StaffMember._meta.label, object_pk=str(staff.pk)).exclude(
        action=AuditEvent.Action.ANONYMISE
    ).redact(fields=personal)
    record(
        action=AuditEvent.Action.ANONYMISE,
        model=StaffMember._meta.label,
        object_pk=staff.pk,
        object_repr=str(staff),
        message=f"Past the retention period on {today.isoformat()}",
    )
    return staff
