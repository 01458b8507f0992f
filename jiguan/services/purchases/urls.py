"""Pages of the purchases (mounted in the "services" namespace by jiguan/services/urls.py)."""

from django.urls import path

from jiguan.services.purchases import views

urlpatterns = [
    path("purchases/", views.purchase_list, name="purchase_list"),
    path("purchases/export.xlsx", views.purchase_export, name="purchase_export"),
    path("purchases/new/", views.purchase_create, name="purchase_create"),
    path("purchases/figures/", views.purchase_figures, name="purchase_figures"),
    path("purchases/<int:pk>/", views.purchase_detail, name="purchase_detail"),
    path("purchases/<int:pk>/procure/", views.purchase_procure, name="purchase_procure"),
    path("purchases/<int:pk>/contract/", views.purchase_contract, name="purchase_contract"),
    path("purchases/<int:pk>/publish/", views.contract_publish, name="contract_publish"),
    path("purchases/<int:pk>/start/", views.purchase_start, name="purchase_start"),
    path("purchases/<int:pk>/evaluate/", views.purchase_evaluate, name="purchase_evaluate"),
    path("purchases/<int:pk>/close/", views.purchase_close, name="purchase_close"),
]
