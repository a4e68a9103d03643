from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from csc_workforce.web.accounts.permissions import Capability, can


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
