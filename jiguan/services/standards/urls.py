"""Pages of the standards (mounted in the "services" namespace)."""

from django.urls import path

from jiguan.services.standards import views

urlpatterns = [
    path("standards/", views.standard_list, name="standard_list"),
    path("standards/<int:pk>/", views.standard_detail, name="standard_detail"),
    path("standards/<int:pk>/version/", views.standard_version, name="standard_version"),
    path("standards/<int:pk>/pilots/new/", views.pilot_add, name="pilot_add"),
    path("standard-items/<int:pk>/edit/", views.standard_item_edit, name="standard_item_edit"),
]
