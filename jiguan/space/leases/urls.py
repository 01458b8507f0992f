from django.urls import path

from jiguan.space.leases import views

app_name = "space_leases"
urlpatterns = [
    path("", views.lease_list, name="lease_list"),
    path("export.xlsx", views.lease_export, name="lease_export"),
    path("new/", views.lease_create, name="lease_create"),
    path("<int:pk>/", views.lease_detail, name="lease_detail"),
    path("<int:pk>/edit/", views.lease_edit, name="lease_edit"),
    path("<int:pk>/approve/", views.lease_approve, name="lease_approve"),
    path("<int:pk>/return/", views.lease_return, name="lease_return"),
    path("<int:pk>/end/", views.lease_end, name="lease_end"),
]
