"""Pages of plans, projects and findings (mounted in the "internalaudit" namespace)."""

from django.urls import path

from jiguan.internalaudit.projects import views

urlpatterns = [
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/projects/new/", views.project_create, name="project_create"),
    path("leaders/<int:pk>/audit/", views.term_audit_start, name="term_audit_start"),
    path("projects/", views.project_list, name="project_list"),
    path("projects/export.xlsx", views.project_export, name="project_export"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("projects/<int:pk>/step/", views.project_step, name="project_step"),
    path("projects/<int:pk>/findings/new/", views.finding_create, name="finding_create"),
    path("findings/", views.finding_list, name="finding_list"),
    path("findings/export.xlsx", views.finding_export, name="finding_export"),
    path("findings/<int:pk>/rectify/", views.finding_rectify, name="finding_rectify"),
    path("findings/<int:pk>/close/", views.finding_close, name="finding_close"),
]
