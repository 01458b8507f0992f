"""The "assessment" URL namespace."""

from django.urls import path

from jiguan.assessment.results import views

app_name = "assessment"
urlpatterns = [
    path("", views.home, name="home"),
    path("schemes/export.xlsx", views.scheme_export, name="scheme_export"),
    path("indicators/export.xlsx", views.indicator_export, name="indicator_export"),
    path("bureaus/export.xlsx", views.bureau_export, name="bureau_export"),
    path("scores/export.xlsx", views.score_export, name="score_export"),
    path("schemes/new/", views.scheme_create, name="scheme_create"),
    path("schemes/<int:pk>/", views.scheme_detail, name="scheme_detail"),
    path("schemes/<int:pk>/groups/new/", views.group_create, name="group_create"),
    path("schemes/<int:pk>/indicators/new/", views.indicator_create, name="indicator_create"),
    path("indicators/<int:pk>/delete/", views.indicator_delete, name="indicator_delete"),
    path("schemes/<int:pk>/publish/", views.scheme_publish, name="scheme_publish"),
    path("schemes/<int:pk>/compute/", views.scheme_compute, name="scheme_compute"),
    path("schemes/<int:pk>/results/", views.results_publish, name="results_publish"),
    path("schemes/<int:pk>/close/", views.scheme_close, name="scheme_close"),
    path("schemes/<int:pk>/ranking/", views.ranking, name="ranking"),
    path("schemes/<int:pk>/ranking/export.xlsx", views.ranking_export, name="ranking_export"),
    path("<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("<int:pk>/submit/", views.assessment_submit, name="assessment_submit"),
    path("<int:pk>/review/", views.assessment_review_finish, name="assessment_review_finish"),
    path("scores/<int:pk>/self/", views.score_self, name="score_self"),
    path("scores/<int:pk>/review/", views.score_review, name="score_review"),
    path("scores/<int:pk>/appeal/", views.score_appeal, name="score_appeal"),
    path("appeals/<int:pk>/answer/", views.appeal_answer, name="appeal_answer"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
]
