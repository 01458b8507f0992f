"""Pages of one platform and one network (mounted in the "travel" namespace)."""

from django.urls import path

from jiguan.travel.trips import views

urlpatterns = [
    path("trips/", views.trip_list, name="trip_list"),
    path("trips/export.xlsx", views.trip_export, name="trip_export"),
    path("trips/new/", views.trip_create, name="trip_create"),
    path("trips/<int:pk>/", views.trip_detail, name="trip_detail"),
    path("trips/<int:pk>/decide/", views.trip_decide, name="trip_decide"),
    path("trips/<int:pk>/dispatch/", views.trip_dispatch, name="trip_dispatch"),
    path("trips/<int:pk>/pass/", views.trip_pass, name="trip_pass"),
    path("trips/<int:pk>/close/", views.trip_close, name="trip_close"),
    path("trips/<int:pk>/rate/", views.trip_rate, name="trip_rate"),
    path("trips/<int:pk>/cancel/", views.trip_cancel, name="trip_cancel"),
    path("network/", views.network, name="network"),
    path("drivers/", views.driver_list, name="driver_list"),
    path("drivers/new/", views.driver_create, name="driver_create"),
    path("drivers/<int:pk>/edit/", views.driver_edit, name="driver_edit"),
    path("vehicles/<int:pk>/status/", views.vehicle_status, name="vehicle_status"),
]
