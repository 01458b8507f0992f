"""/energy/ pages of the input part (填报与导入)."""

from django.urls import URLPattern, path

from jiguan.access.roles import Perm
from jiguan.energy.readings import views
from jiguan.energy.subnav import Tab

urlpatterns: list[URLPattern] = [
    path("entry/", views.entry, name="entry"),
    path("institutions/<int:agency_pk>/months/<str:month>/", views.month_entry,
         name="month_entry"),
    path("institutions/<int:agency_pk>/profile/<int:year>/", views.profile_edit,
         name="profile_edit"),
    path("readings/", views.reading_list, name="reading_list"),
    path("readings/export/", views.reading_export, name="reading_export"),
]

SUBNAV = [Tab("数据填报", "entry", Perm.REPORT_ENERGY, order=20,
              match=("month_entry", "profile_edit")),
          Tab("消费明细", "reading_list", Perm.VIEW_ENERGY, order=25,
              match=("reading_export",))]
