from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "development"
urlpatterns: list[URLPattern | URLResolver] = []

# --- Supervision, registration and CPD (issue 17) -------------------------------------------
urlpatterns += [
    path("supervision/", views.supervision, name="supervision"),
    path("supervision/standard/", views.standard, name="standard"),
    path("supervision/import/", views.development_import, name="import"),
    path("supervision/import/<str:kind>/", views.import_template, name="import_template"),
    path("people/<int:pk>/", views.person, name="person"),
    path("mine/", views.mine, name="mine"),
    path("registrations/", views.registrations, name="registrations"),
    path("training/", views.training, name="training"),
]
