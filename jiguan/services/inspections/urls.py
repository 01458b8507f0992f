"""Pages of inspections, surveys, evaluations and charts (the "services" namespace)."""

from django.urls import path

from jiguan.services.inspections import views

urlpatterns = [
    path("inspections/", views.inspection_list, name="inspection_list"),
    path("inspections/export.xlsx", views.inspection_export, name="inspection_export"),
    path("inspections/new/", views.inspection_start, name="inspection_start"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("inspections/<int:pk>/score/", views.inspection_score, name="inspection_score"),
    path("inspections/<int:pk>/submit/", views.inspection_submit, name="inspection_submit"),
    path("inspections/<int:pk>/photos/<int:photo_pk>/", views.inspection_photo,
         name="inspection_photo"),
    path("surveys/", views.survey_list, name="survey_list"),
    path("surveys/new/", views.survey_create, name="survey_create"),
    path("surveys/<int:pk>/", views.survey_detail, name="survey_detail"),
    path("surveys/<int:pk>/close/", views.survey_close, name="survey_close"),
    path("s/<str:token>/", views.survey_answer, name="survey_answer"),
    path("evaluations/", views.evaluation_list, name="evaluation_list"),
    path("evaluations/export.xlsx", views.evaluation_export, name="evaluation_export"),
    path("evaluations/new/", views.evaluation_create, name="evaluation_create"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation_detail"),
    path("evaluations/<int:pk>/rectify/", views.evaluation_rectify, name="evaluation_rectify"),
    path("charts/", views.charts, name="charts"),
]
