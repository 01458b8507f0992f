from django.urls import URLPattern, path

from jiguan.energy.indicators import views
from jiguan.energy.subnav import Tab

urlpatterns: list[URLPattern] = [
    path("", views.dashboard, name="dashboard"),
    path("reports/rollup/", views.rollup, name="rollup"),
    path("reports/rollup/export/", views.rollup_export, name="rollup_export"),
    path("reports/institution/<int:agency_pk>/", views.institution, name="institution"),
]

SUBNAV = [Tab("总览", "dashboard", order=10),
          Tab("统计分析", "rollup", order=20, match=("institution",))]
