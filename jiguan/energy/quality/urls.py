"""/energy/ pages of reporting quality: data quality and the completeness board (催报)."""

from django.urls import URLPattern, path

from jiguan.access.roles import Perm
from jiguan.energy.quality import views
from jiguan.energy.subnav import Tab

urlpatterns: list[URLPattern] = [
    path("quality/", views.quality_view, name="quality"),
    path("quality/export.xlsx", views.quality_export, name="quality_export"),
    path("completeness/", views.completeness, name="completeness"),
    path("completeness/chase/", views.completeness_chase, name="completeness_chase"),
]

SUBNAV = [
    Tab("报送进度", "completeness", Perm.VIEW_ENERGY, order=40),
    Tab("数据质量", "quality", Perm.VIEW_ENERGY, order=42),
]
