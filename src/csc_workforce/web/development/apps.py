from __future__ import annotations

from django.apps import AppConfig


class DevelopmentConfig(AppConfig):
    """Growing our own and keeping skills current: early careers, students and routes in,
    induction, progression, supervision, CPD and Social Work England registration."""

    name = "csc_workforce.web.development"
    label = "development"
    verbose_name = "Development"
