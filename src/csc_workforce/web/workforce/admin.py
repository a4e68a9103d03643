from django.contrib import admin

from csc_workforce.web.admin_site import ReadOnlyAdmin

from .models import ComparatorAuthority, LongAbsence, SicknessEpisode


@admin.register(ComparatorAuthority)
class ComparatorAuthorityAdmin(ReadOnlyAdmin[ComparatorAuthority]):
    """Read-only: the comparison page chooses them (``comparators_set``)."""

    list_display = ("authority", "position", "name", "old_la_code")


@admin.register(SicknessEpisode)
class SicknessEpisodeAdmin(ReadOnlyAdmin[SicknessEpisode]):
    """Read-only: sickness is recorded on the register's pages (``sickness_record``)."""

    list_display = ("staff", "start_date", "end_date", "working_days_lost", "reason")
    raw_id_fields = ("staff",)


@admin.register(LongAbsence)
class LongAbsenceAdmin(ReadOnlyAdmin[LongAbsence]):
    """Read-only: long absences are recorded on the register's pages (``long_absence_record``)."""

    list_display = ("assignment", "kind", "start_date", "end_date")
    raw_id_fields = ("assignment",)
