from django.urls import path

from . import views

app_name = "caseloads"
urlpatterns = [
    path("", views.loads, name="loads"),
    path("mine/", views.mine, name="mine"),
    path("workers/<int:pk>/", views.worker, name="worker"),
    path("board/", views.board, name="board"),
    path("experience/", views.children_experience, name="experience"),
    path("weighting/", views.weighting, name="weighting"),
    path("reductions/", views.reductions, name="reductions"),
    path("history/", views.history, name="history"),
    path("import/", views.imports, name="imports"),
    path("import/<str:kind>-template.xlsx", views.import_template, name="import_template"),
]
