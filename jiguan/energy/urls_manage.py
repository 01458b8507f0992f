"""/energy/ pages of the bureau's management part: quota breaches, quotas, targets, data
quality and the completeness board (催报)."""

from django.urls import URLPattern, path

from jiguan.access.roles import Perm
from jiguan.energy import views_manage as views
from jiguan.energy import views_manage_quality as quality_views
from jiguan.energy import views_manage_targets as target_views
from jiguan.energy.subnav import Tab

urlpatterns: list[URLPattern] = [
    path("breaches/", views.breach_list, name="breach_list"),
    path("breaches/export.xlsx", views.breach_export, name="breach_export"),
    path("breaches/<int:pk>/", views.breach_detail, name="breach_detail"),
    path("breaches/<int:pk>/explain/", views.breach_explain, name="breach_explain"),
    path("breaches/<int:pk>/review/", views.breach_review, name="breach_review"),
    path("quotas/", views.quota_list, name="quota_list"),
    path("quotas/export.xlsx", views.quota_export, name="quota_export"),
    path("quotas/agency/<int:agency_pk>/", views.quota_set, name="quota_set"),
    path("targets/", target_views.target_list, name="target_list"),
    path("targets/new/", target_views.target_create, name="target_create"),
    path("targets/<int:pk>/", target_views.target_edit, name="target_edit"),
    path("targets/progress/", target_views.target_progress, name="target_progress"),
    path("targets/progress/export.xlsx", target_views.target_progress_export,
         name="target_progress_export"),
    path("quality/", quality_views.quality_view, name="quality"),
    path("quality/export.xlsx", quality_views.quality_export, name="quality_export"),
    path("completeness/", quality_views.completeness, name="completeness"),
    path("completeness/chase/", quality_views.completeness_chase, name="completeness_chase"),
]

SUBNAV = [
    Tab("报送进度", "completeness", Perm.VIEW_ENERGY, order=40),
    Tab("数据质量", "quality", Perm.VIEW_ENERGY, order=42),
    Tab("目标进度", "target_progress", Perm.VIEW_ENERGY, order=45,
        match=("target_list", "target_create", "target_edit")),
    Tab("能耗定额", "quota_list", Perm.VIEW_ENERGY, order=50, match=("quota_set",)),
    Tab("超定额", "breach_list", Perm.VIEW_ENERGY, order=51, match=("breach_detail",)),
]
