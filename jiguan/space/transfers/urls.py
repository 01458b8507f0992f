"""URLs of asset transfer, mounted at /space/transfers/ (before /space/)."""

from django.urls import path

from jiguan.space.transfers import views

app_name = "space_transfers"
urlpatterns = [
    path("", views.batch_list, name="batch_list"),
    path("export.xlsx", views.batch_export, name="batch_export"),
    path("ledger/", views.ledger, name="ledger"),
    path("ledger/export.xlsx", views.ledger_export, name="ledger_export"),
    path("new/", views.batch_create, name="batch_create"),
    path("<int:pk>/", views.batch_detail, name="batch_detail"),
    path("<int:pk>/workbook.xlsx", views.batch_workbook, name="batch_workbook"),
    path("<int:pk>/items/", views.item_add, name="item_add"),
    path("<int:pk>/items/<int:item_id>/remove/", views.item_remove, name="item_remove"),
    path("<int:pk>/submit/", views.batch_submit, name="batch_submit"),
    path("<int:pk>/agency-confirm/", views.agency_confirm, name="agency_confirm"),
    path("<int:pk>/return/", views.batch_return, name="batch_return"),
    path("<int:pk>/finance-confirm/", views.finance_confirm, name="finance_confirm"),
]
