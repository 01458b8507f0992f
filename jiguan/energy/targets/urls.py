"""/energy/ pages of targets and quotas: quota breaches, quotas, five-year targets."""

from django.urls import URLPattern, path

from jiguan.access.roles import Perm
from jiguan.energy.subnav import Tab
from jiguan.energy.targets import views

urlpatterns: list[URLPattern] = [
    path("breaches/", views.breach_list, name="breach_list"),
    path("breaches/export.xlsx", views.breach_export, name="breach_export"),
    path("breaches/<int:pk>/", views.breach_detail, name="breach_detail"),
    path("breaches/<int:pk>/explain/", views.breach_explain, name="breach_explain"),
    path("breaches/<int:pk>/review/", views.breach_review, name="breach_review"),
    path("quotas/", views.quota_list, name="quota_list"),
    path("quotas/export.xlsx", views.quota_export, name="quota_export"),
    path("quotas/agency/<int:agency_pk>/", views.quota_set, name="quota_set"),
    path("targets/", views.target_list, name="target_list"),
    path("targets/new/", views.target_create, name="target_create"),
    path("targets/<int:pk>/", views.target_edit, name="target_edit"),
    path("targets/progress/", views.target_progress, name="target_progress"),
    path("targets/progress/export.xlsx", views.target_progress_export,
         name="target_progress_export"),
]

SUBNAV = [
    Tab("目标进度", "target_progress", Perm.VIEW_ENERGY, order=45,
        match=("target_list", "target_create", "target_edit")),
    Tab("能耗定额", "quota_list", Perm.VIEW_ENERGY, order=50, match=("quota_set",)),
    Tab("超定额", "breach_list", Perm.VIEW_ENERGY, order=51, match=("breach_detail",)),
]
