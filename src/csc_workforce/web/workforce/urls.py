from django.urls import path

from . import views

app_name = "workforce"
urlpatterns = [
    path("workforce/", views.dashboard, name="dashboard"),
    path("workforce/retention/", views.retention, name="retention"),
    path("workforce/forecast/", views.forecast, name="forecast"),
    path("workforce/forecast/scenarios/new/", views.scenario_new, name="scenario_new"),
    path("workforce/forecast/scenarios/<int:pk>/", views.scenario_detail, name="scenario_detail"),
    path("workforce/forecast/scenarios/<int:pk>/edit/", views.scenario_edit, name="scenario_edit"),
    path(
        "workforce/forecast/scenarios/<int:pk>/delete/",
        views.scenario_delete_view,
        name="scenario_delete",
    ),
    path("workforce/retention/factors/", views.retention_factors, name="retention_factors"),
    path("workforce/comparisons/", views.comparison_data, name="comparison_data"),
    path("census/", views.census, name="census"),
    path("census/tasks/<int:pk>/", views.census_job, name="census_job"),
    path("census/tasks/<int:pk>/status", views.census_job_status, name="census_job_status"),
    path("census/tasks/<int:pk>/return.xml", views.census_job_download, name="census_job_download"),
    path("census/pay-and-allowances/<int:year>/", views.pay_and_allowances, name="pay"),
    path("posts/new/", views.post_new, name="post_new"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("teams/", views.team_list, name="team_list"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("staff/new/", views.staff_new, name="staff_new"),
    path("staff/import/", views.staff_import_page, name="staff_import"),
    path("staff/import/template.xlsx", views.staff_import_template, name="staff_import_template"),
    path("staff/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/<int:pk>/edit/", views.staff_edit, name="staff_edit"),
    path("staff/<int:pk>/job/", views.staff_change_job_view, name="staff_change_job"),
    path("staff/<int:pk>/leaving/", views.staff_leaving, name="staff_leaving"),
    path("staff/<int:pk>/convert/", views.staff_convert_view, name="staff_convert"),
    path("staff/<int:pk>/sickness/new/", views.sickness_new, name="sickness_new"),
    path("staff/<int:pk>/absences/new/", views.long_absence_new, name="long_absence_new"),
    path("me/", views.my_record, name="my_record"),
]
