from django.contrib import admin

from .models import ComparatorAuthority, SicknessEpisode


@admin.register(ComparatorAuthority)
class ComparatorAuthorityAdmin(admin.ModelAdmin[ComparatorAuthority]):
    list_display = ("authority", "position", "name", "old_la_code")


@admin.register(SicknessEpisode)
class SicknessEpisodeAdmin(admin.ModelAdmin[SicknessEpisode]):
    list_display = ("staff", "start_date", "end_date", "working_days_lost", "reason")
    raw_id_fields = ("staff",)
