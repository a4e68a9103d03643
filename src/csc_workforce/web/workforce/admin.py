from django.contrib import admin

from csc_workforce.web.admin_site import ReadOnlyAdmin

from .models import (
    ComparatorAuthority,
    LocalAuthority,
    ServiceArea,
    SicknessEpisode,
    StaffMember,
    Team,
)


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin[LocalAuthority]):
    list_display = ("name", "new_la_code", "old_la_code", "region_name", "is_demo")


@admin.register(ComparatorAuthority)
class ComparatorAuthorityAdmin(ReadOnlyAdmin[ComparatorAuthority]):
    """Read-only: the comparison page chooses them (``comparators_set``)."""

    list_display = ("authority", "position", "name", "old_la_code")


@admin.register(ServiceArea)
class ServiceAreaAdmin(admin.ModelAdmin[ServiceArea]):
    list_display = ("name", "authority")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin[Team]):
    list_display = ("name", "service_area", "team_type")
    list_filter = ("team_type", "service_area")
    filter_horizontal = ("managers",)


@admin.register(StaffMember)
class StaffMemberAdmin(ReadOnlyAdmin[StaffMember]):
    """Read-only: a person's team, role, FTE and dates change only through the register's
    services, which keep their dated jobs (``Assignment``) in step."""

    list_display = ("family_name", "given_name", "job_title", "team", "employment_type", "end_date")
    list_filter = ("employment_type", "role_level", "team")
    search_fields = ("family_name", "given_name", "swe_number")
    raw_id_fields = ("user",)


@admin.register(SicknessEpisode)
class SicknessEpisodeAdmin(ReadOnlyAdmin[SicknessEpisode]):
    """Read-only: sickness is recorded on the register's pages (``sickness_record``)."""

    list_display = ("staff", "start_date", "end_date", "working_days_lost", "reason")
    raw_id_fields = ("staff",)
