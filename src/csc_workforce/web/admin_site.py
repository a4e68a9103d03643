from typing import Any, TypeVar

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from csc_workforce.web.accounts.permissions import Capability, can

M = TypeVar("M", bound=models.Model)


class AdminSite(admin.AdminSite):
    """Django's admin site, for people with the Administrator role only.

    Sign-in goes through the service's own sign-in page (with its lockout); the role, not
    Django's ``is_staff`` flag, decides who may enter.
    """

    site_header = "CSC Workforce administration"
    site_title = "CSC Workforce"

    def has_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and can(request.user, Capability.ADMINISTER)

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        if request.user.is_authenticated:
            raise PermissionDenied  # signed in, but not an administrator
        target = request.GET.get("next") or reverse("admin:index")
        return redirect_to_login(target, login_url=reverse("accounts:login"))


class ReadOnlyAdmin(admin.ModelAdmin[M]):
    """An administration page that shows records and never writes them: for records only
    services may write (the audit trail; a person's record, whose team, role, FTE and dates
    must move with their dated jobs; what an import or a page's service keeps)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
