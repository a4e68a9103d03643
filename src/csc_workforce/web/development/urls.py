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
