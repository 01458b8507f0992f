from django.urls import URLPattern, path

from jiguan.energy import views_reports

urlpatterns: list[URLPattern] = [
    path("", views_reports.dashboard, name="dashboard"),
]
