"""The coverage page (mounted in the "internalaudit" namespace)."""

from django.urls import path

from jiguan.internalaudit.coverage import views

urlpatterns = [
    path("coverage/", views.coverage, name="coverage"),
    path("coverage/export.xlsx", views.coverage_export, name="coverage_export"),
]
