from django.urls import path

from jiguan.space.compliance import views

app_name = "space_compliance"
urlpatterns = [
    path("", views.rollup_view, name="rollup"),
    path("export.xlsx", views.rollup_export, name="rollup_export"),
    path("recompute/", views.recompute, name="recompute"),
    path("findings/", views.finding_list, name="finding_list"),
    path("findings/export.xlsx", views.finding_export, name="finding_export"),
    path("findings/<int:pk>/", views.finding_detail, name="finding_detail"),
    path("findings/<int:pk>/chase/", views.finding_chase, name="finding_chase"),
    path("findings/<int:pk>/start/", views.finding_start, name="finding_start"),
    path("findings/<int:pk>/verify/", views.finding_verify, name="finding_verify"),
    path("agencies/<int:pk>/", views.agency_report, name="agency_report"),
]
