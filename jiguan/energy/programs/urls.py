"""/energy/ pages of the programmes part: coefficient sets, water-saving units, energy
performance contracts and garbage sorting."""

from django.urls import URLPattern, path

from jiguan.energy.programs import views
from jiguan.energy.subnav import Tab

urlpatterns: list[URLPattern] = [
    path("coefficients/", views.coefficient_list, name="coefficient_list"),
    path("coefficients/new/", views.coefficient_create, name="coefficient_create"),
    path("coefficients/<int:pk>/", views.coefficient_detail, name="coefficient_detail"),
    path("water-saving/", views.water_saving_list, name="water_saving_list"),
    path("water-saving/export.xlsx", views.water_saving_export, name="water_saving_export"),
    path("water-saving/<int:agency_pk>/", views.water_saving_detail, name="water_saving_detail"),
    path("water-saving/<int:agency_pk>/checklist/", views.water_saving_edit,
         name="water_saving_edit"),
    path("water-saving/<int:agency_pk>/accept/", views.water_saving_accept,
         name="water_saving_accept"),
    path("water-saving/<int:agency_pk>/revoke/", views.water_saving_revoke,
         name="water_saving_revoke"),
    path("contracts/", views.contract_list, name="contract_list"),
    path("contracts/export.xlsx", views.contract_export, name="contract_export"),
    path("contracts/new/", views.contract_create, name="contract_create"),
    path("contracts/<int:pk>/", views.contract_detail, name="contract_detail"),
    path("contracts/<int:pk>/edit/", views.contract_edit, name="contract_edit"),
    path("contracts/<int:pk>/savings.xlsx", views.contract_savings_export,
         name="contract_savings_export"),
    path("sorting/", views.sorting_list, name="sorting_list"),
    path("sorting/export.xlsx", views.sorting_export, name="sorting_export"),
    path("sorting/new/", views.sorting_create, name="sorting_create"),
    path("sorting/<int:pk>/", views.sorting_detail, name="sorting_detail"),
    path("sorting/<int:pk>/edit/", views.sorting_edit, name="sorting_edit"),
    path("sorting/<int:pk>/end/", views.sorting_end, name="sorting_end"),
]

SUBNAV = [
    Tab("节水型单位", "water_saving_list", order=60, match=("water_saving_detail",)),
    Tab("合同能源管理", "contract_list", order=61,
        match=("contract_detail", "contract_create", "contract_edit")),
    Tab("垃圾分类", "sorting_list", order=62,
        match=("sorting_detail", "sorting_create", "sorting_edit")),
    Tab("折标系数", "coefficient_list", order=90,
        match=("coefficient_detail", "coefficient_create")),
]
