"""URLs of the reallocation optimiser, mounted at /space/optimiser/ (before /space/)."""

from django.urls import path

from jiguan.space.optimiser import views

app_name = "space_optimiser"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("start/", views.plan_start, name="plan_start"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/progress/", views.plan_progress, name="plan_progress"),
    path("<int:pk>/accept/", views.plan_accept, name="plan_accept"),
    path("<int:pk>/plan.xlsx", views.plan_export, name="plan_export"),
    path("pins/", views.pin_list, name="pin_list"),
    path("pins/new/", views.pin_create, name="pin_create"),
    path("pins/<int:pk>/delete/", views.pin_delete, name="pin_delete"),
]
