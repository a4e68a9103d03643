from django.contrib.admin.apps import AdminConfig


class CscAdminConfig(AdminConfig):
    """Django's admin, with its site restricted to the Administrator role."""

    default_site = "csc_workforce.web.admin_site.AdminSite"
