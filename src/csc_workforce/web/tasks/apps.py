from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "csc_workforce.web.tasks"
    label = "tasks"
    verbose_name = "Background tasks"
