from django.urls import path

from . import views

app_name = "tasks"
urlpatterns = [
    path("imports/<int:pk>/", views.import_task, name="import_task"),
    path("imports/<int:pk>/status", views.import_task_status, name="import_task_status"),
]
