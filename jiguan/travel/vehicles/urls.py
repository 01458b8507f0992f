"""Pages of one standard (mounted in the "travel" namespace by jiguan/travel/urls.py)."""

from django.urls import path

from jiguan.travel.vehicles import views

urlpatterns = [
    path("vehicles/", views.vehicle_list, name="vehicle_list"),
    path("vehicles/export.xlsx", views.vehicle_export, name="vehicle_export"),
    path("vehicles/new/", views.vehicle_create, name="vehicle_create"),
    path("vehicles/<int:pk>/", views.vehicle_detail, name="vehicle_detail"),
    path("vehicles/<int:pk>/edit/", views.vehicle_edit, name="vehicle_edit"),
    path("vehicles/<int:pk>/dispose/", views.vehicle_dispose, name="vehicle_dispose"),
    path("establishment/", views.establishment_list, name="establishment_list"),
    path("establishment/set/", views.establishment_set, name="establishment_set"),
    path("standards/", views.standard_list, name="standard_list"),
    path("standards/new/", views.standard_create, name="standard_create"),
    path("platforms/new/", views.platform_create, name="platform_create"),
]
