from django.contrib import admin

from csc_workforce.web.admin_site import ReadOnlyAdmin

from .models import MeasureTarget, ReportSection


@admin.register(MeasureTarget)
class MeasureTargetAdmin(ReadOnlyAdmin[MeasureTarget]):
    """Read-only: the scorecard's targets page sets them (``measure_target_save``)."""

    list_display = ["measure", "year", "target", "red_beyond", "updated_at"]
    list_filter = ["year"]


@admin.register(ReportSection)
class ReportSectionAdmin(ReadOnlyAdmin[ReportSection]):
    """Read-only: the annual report's pages write them (``report_section_save``)."""

    list_display = ["year", "key", "position", "included", "updated_at"]
    list_filter = ["year"]
