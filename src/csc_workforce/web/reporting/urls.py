from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("scorecard/", views.scorecard, name="scorecard"),
    path("targets/", views.targets, name="targets"),
    path("annual/", views.report, name="report"),
    path("annual/<int:year>/<slug:key>/", views.section, name="section"),
    path("practice-weeks/<int:pk>/report", views.practice_week, name="practice_week"),
    path("surveys/<int:pk>/summary", views.health_check, name="health_check"),
    path("tasks/<int:pk>/", views.job, name="job"),
    path("tasks/<int:pk>/status", views.job_status, name="job_status"),
    path("tasks/<int:pk>/download", views.job_download, name="job_download"),
]
