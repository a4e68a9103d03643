from django.urls import path

from . import views

app_name = "hub"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("movement/", views.movement, name="movement"),
]
