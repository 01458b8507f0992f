from functools import partial

from django.urls import path

from jiguan.space.repairs import views

app_name = "space_repairs"
urlpatterns = [
    path("", views.repair_list, name="repair_list"),
    path("export.xlsx", views.repair_export, name="repair_export"),
    path("new/", views.repair_create, name="repair_create"),
    path("<int:pk>/", views.repair_detail, name="repair_detail"),
    path("<int:pk>/edit/", views.repair_edit, name="repair_edit"),
    # One URL per step (approve, return, start, progress, increase, finish, accept ...).
    *[path(f"<int:pk>/{name}/", partial(views.repair_step, step=name), name=f"repair_{name}")
      for name in views.STEPS],
]
