"""Pages of one ledger (mounted in the "travel" namespace)."""

from django.urls import path

from jiguan.travel.ledger import views

urlpatterns = [
    path("statements/", views.statement_list, name="statement_list"),
    path("statements/export.xlsx", views.statement_export, name="statement_export"),
    path("statements/<int:agency_pk>/<str:month>/", views.statement_detail,
         name="statement_detail"),
    path("statements/<int:agency_pk>/<str:month>/issue/", views.statement_issue,
         name="statement_issue"),
    path("vehicles/<int:pk>/ledger/", views.vehicle_ledger, name="vehicle_ledger"),
    path("vehicles/<int:pk>/costs/new/", views.cost_create, name="cost_create"),
    path("rates/", views.rate_list, name="rate_list"),
    path("rates/new/", views.rate_create, name="rate_create"),
    path("running-costs/", views.running_costs, name="running_costs"),
    path("running-costs/export.xlsx", views.running_cost_export, name="running_cost_export"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/export.xlsx", views.statistics_export, name="statistics_export"),
    path("costs/", views.cost_breakdown, name="cost_breakdown"),
    path("costs/export.xlsx", views.cost_breakdown_export, name="cost_breakdown_export"),
]
