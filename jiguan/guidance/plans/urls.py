"""The plan's paths in the "guidance" namespace (guidance/urls.py includes them)."""

from django.urls import path

from jiguan.guidance.plans import views

urlpatterns = [
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/export/", views.plan_list_export, name="plan_list_export"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/targets/new/", views.target_create, name="target_create"),
    path("plans/<int:pk>/review/", views.plan_review, name="plan_review"),
    path("plans/<int:pk>/check/", views.plan_check, name="plan_check"),
    path("plans/<int:pk>/export.xlsx", views.plan_export, name="plan_export"),
    path("targets/<int:pk>/", views.target_detail, name="target_detail"),
    path("targets/<int:pk>/edit/", views.target_edit, name="target_edit"),
    path("targets/<int:pk>/report/", views.target_report, name="target_report"),
]
