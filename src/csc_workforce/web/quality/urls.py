from django.urls import path

from . import self_evaluation, views

app_name = "quality"
urlpatterns = [
    path("", views.results_page, name="results"),
    path("programme/", views.programme, name="programme"),
    path("audits/", views.audits, name="audits"),
    path("audits/<int:pk>/", views.audit_detail, name="audit"),
    path("actions/", views.actions, name="actions"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("tools/", views.tools, name="tools"),
    path("tools/<int:pk>/", views.tool_detail, name="tool"),
    path("practice/", views.practice, name="practice"),
    path("practice/<int:pk>/", views.practice_week, name="practice_week"),
    path("self-evaluation/", self_evaluation.self_evaluation_page, name="self_evaluation"),
]
