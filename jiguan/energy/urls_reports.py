from django.urls import URLPattern, path

from jiguan.energy import views_reports
from jiguan.energy.subnav import Tab

urlpatterns: list[URLPattern] = [
    path("", views_reports.dashboard, name="dashboard"),
    path("reports/rollup/", views_reports.rollup, name="rollup"),
    path("reports/rollup/export/", views_reports.rollup_export, name="rollup_export"),
    path("reports/institution/<int:agency_pk>/", views_reports.institution, name="institution"),
]

SUBNAV = [Tab("总览", "dashboard", order=10),
          Tab("统计分析", "rollup", order=20, match=("institution",))]
