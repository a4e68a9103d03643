from django.urls import path

from . import views

app_name = "recruitment"
urlpatterns = [
    path("", views.index, name="index"),
    path("agency/", views.agency_compliance, name="agency"),
    path("agency/caps/", views.price_caps, name="price_caps"),
    path("agency/quarterly/", views.quarterly, name="quarterly"),
    path("agency/quarterly/<int:pk>/", views.quarterly_kept, name="quarterly_kept"),
    path("agency/<int:pk>/", views.engagement, name="engagement"),
    path("agency/<int:pk>/edit/", views.engagement_edit, name="engagement_edit"),
    path("pipeline/", views.pipeline_page, name="pipeline"),
    path("vacancies/new/", views.vacancy_new, name="vacancy_new"),
    path("vacancies/<int:pk>/", views.vacancy, name="vacancy"),
    path("applications/<int:pk>/", views.application, name="application"),
    path("pay/", views.pay, name="pay"),
    path("pay/benchmark/", views.pay_benchmark, name="pay_benchmark"),
]
