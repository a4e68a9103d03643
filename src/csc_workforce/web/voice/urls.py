from django.urls import path

from . import views

app_name = "voice"
urlpatterns = [
    path("", views.index, name="index"),
    path("surveys/", views.surveys, name="surveys"),
    path("surveys/<int:pk>/", views.survey, name="survey"),
    path("runs/new/", views.run_new, name="run_new"),
    path("runs/<int:pk>/", views.run, name="run"),
    path("statements/<int:pk>/", views.statement, name="statement"),
    path("respond/<str:token>/", views.respond, name="respond"),
    path("leavers/", views.leavers, name="leavers"),
    path("leavers/report/", views.leavers_report, name="leavers_report"),
    path("exit/<str:token>/", views.exit_respond, name="exit_respond"),
    path("feedback/", views.feedback, name="feedback"),
    path("feedback/new/", views.feedback_new, name="feedback_new"),
    path("feedback/<int:pk>/", views.feedback_entry, name="feedback_entry"),
]
