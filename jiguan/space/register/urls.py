"""Pages of the register (mounted in the "space" namespace by jiguan/space/urls.py)."""

from django.urls import path, re_path

from jiguan.space.register import views

urlpatterns = [
    path("buildings/", views.building_list, name="building_list"),
    path("buildings/export.xlsx", views.building_export, name="building_export"),
    path("buildings/new/", views.building_create, name="building_create"),
    path("buildings/<int:pk>/", views.building_detail, name="building_detail"),
    path("buildings/<int:pk>/edit/", views.building_edit, name="building_edit"),
    # Floors below ground are negative (-1 = 地下一层), which <int:> does not match.
    re_path(r"^buildings/(?P<pk>[0-9]+)/floors/(?P<number>-?[0-9]+)/$", views.floor_view,
            name="floor"),
    path("buildings/<int:building_pk>/rooms/new/", views.room_create, name="room_create"),
    path("rooms/", views.room_list, name="room_list"),
    path("rooms/export.xlsx", views.room_export, name="room_export"),
    path("rooms/<int:pk>/", views.room_detail, name="room_detail"),
    path("rooms/<int:pk>/edit/", views.room_edit, name="room_edit"),
    path("rooms/<int:pk>/allocation/", views.occupancy_start, name="occupancy_start"),
    path("rooms/<int:pk>/allocation/end/", views.occupancy_end, name="occupancy_end"),
    path("rooms/<int:pk>/occupants/", views.occupant_start, name="occupant_start"),
    path("occupants/<int:pk>/end/", views.occupant_end, name="occupant_end"),
]
