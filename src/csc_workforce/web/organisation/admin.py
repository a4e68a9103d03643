from django.contrib import admin

from csc_workforce.web.admin_site import ReadOnlyAdmin

from .models import LocalAuthority, ServiceArea, StaffMember, Team


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin[LocalAuthority]):
    list_display = ("name", "new_la_code", "old_la_code", "region_name", "is_demo")


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
