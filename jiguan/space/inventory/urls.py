"""URLs of the yearly inventory, mounted at /space/inventory/ (before /space/)."""

from django.urls import path

from jiguan.space.inventory import views

app_name = "space_inventory"
urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("new/", views.campaign_create, name="campaign_create"),
    path("<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("<int:pk>/close/", views.campaign_close, name="campaign_close"),
    path("<int:pk>/reconciliation/", views.reconciliation, name="reconciliation"),
    path("<int:pk>/reconciliation.xlsx", views.reconciliation_export,
         name="reconciliation_export"),
    path("<int:pk>/report.xlsx", views.yearly_report_download, name="yearly_report"),
    path("agencies/<int:pk>/", views.agency_detail, name="agency_detail"),
    path("agencies/<int:pk>/workbook.xlsx", views.agency_workbook, name="agency_workbook"),
    path("agencies/<int:pk>/upload/", views.agency_upload, name="agency_upload"),
    path("agencies/<int:pk>/confirm/", views.agency_confirm, name="agency_confirm"),
    path("agencies/<int:pk>/return/", views.agency_return, name="agency_return"),
    path("agencies/<int:pk>/apply/", views.agency_apply, name="agency_apply"),
    path("<int:pk>/agencies/add/", views.campaign_add_agency, name="campaign_add_agency"),
]
