from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "development"
urlpatterns: list[URLPattern | URLResolver] = [
    # Early careers and induction (issue 16)
    path("", views.index, name="index"),
    path("cohorts/<int:pk>/", views.cohort, name="cohort"),
    path("enrolments/<int:pk>/", views.enrolment, name="enrolment"),
    path("programmes/", views.programmes, name="programmes"),
    path("programmes/<int:pk>/", views.programme, name="programme"),
    path("inductions/", views.inductions, name="inductions"),
    path("inductions/<int:pk>/", views.induction, name="induction"),
    path("inductions/checklists/<int:pk>/", views.checklist, name="checklist"),
    path("students/", views.students, name="students"),
    path("progression/", views.progression, name="progression"),
    path("leadership/", views.leadership, name="leadership"),
]

# --- Supervision, registration and CPD (issue 17) -------------------------------------------
urlpatterns += [
    path("supervision/", views.supervision, name="supervision"),
    path("supervision/standard/", views.standard, name="standard"),
    path("supervision/import/", views.development_import, name="import"),
    path("supervision/import/<str:kind>/", views.import_template, name="import_template"),
    path("supervision/export/<str:kind>/", views.import_export, name="import_export"),
    path("people/<int:pk>/", views.person, name="person"),
    path("mine/", views.mine, name="mine"),
    path("registrations/", views.registrations, name="registrations"),
    path("training/", views.training, name="training"),
]
