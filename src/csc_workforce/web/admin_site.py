from django.contrib import admin
from django.http import HttpRequest

from csc_workforce.web.accounts.permissions import Capability, can


class AdminSite(admin.AdminSite):
    """Django's admin site, for people with the Administrator role only."""

    site_header = "CSC Workforce administration"
    site_title = "CSC Workforce"

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and can(request.user, Capability.ADMINISTER)
