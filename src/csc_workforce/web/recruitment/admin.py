from django.contrib import admin

from csc_workforce.web.admin_site import ReadOnlyAdmin

from .models import AgencyEngagement, PriceCap, QuarterlyAgencyReturn


@admin.register(AgencyEngagement)
class AgencyEngagementAdmin(ReadOnlyAdmin[AgencyEngagement]):
    """Read-only: engagements change through the recruitment pages, which check the rules."""

    list_display = ("staff", "agency", "job_type", "hourly_charge")


@admin.register(PriceCap)
class PriceCapAdmin(ReadOnlyAdmin[PriceCap]):
    list_display = ("region", "job_type", "effective_from", "hourly_cap")


@admin.register(QuarterlyAgencyReturn)
class QuarterlyAgencyReturnAdmin(ReadOnlyAdmin[QuarterlyAgencyReturn]):
    list_display = ("quarter", "made_at", "made_by_label", "rows")
