"""Pages of the catalogue (mounted in the "services" namespace by jiguan/services/urls.py)."""

from django.urls import path

from jiguan.services.catalogue import views

urlpatterns = [
    path("catalogues/", views.catalogue_list, name="catalogue_list"),
    path("catalogues/new/", views.catalogue_create, name="catalogue_create"),
    path("catalogues/<int:pk>/", views.catalogue_detail, name="catalogue_detail"),
    path("catalogues/<int:pk>/narrow/", views.catalogue_narrow, name="catalogue_narrow"),
    path("catalogues/<int:pk>/publish/", views.catalogue_publish, name="catalogue_publish"),
    path("negative-list/", views.negative_list, name="negative_list"),
    path("prices/", views.price_list, name="price_list"),
    path("prices/export.xlsx", views.price_export, name="price_export"),
    path("prices/set/", views.price_set, name="price_set"),
    path("suppliers/", views.supplier_list, name="supplier_list"),
    path("suppliers/export.xlsx", views.supplier_export, name="supplier_export"),
    path("suppliers/new/", views.supplier_create, name="supplier_create"),
]
