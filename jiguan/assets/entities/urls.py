"""Pages of the transfer (mounted in the "assets" namespace by jiguan/assets/urls.py)."""

from django.urls import path

from jiguan.assets.entities import views

urlpatterns = [
    path("entities/", views.entity_list, name="entity_list"),
    path("entities/export.xlsx", views.entity_export, name="entity_export"),
    path("entities/new/", views.entity_create, name="entity_create"),
    path("entities/<int:pk>/", views.entity_detail, name="entity_detail"),
    path("entities/<int:pk>/edit/", views.entity_edit, name="entity_edit"),
    path("entities/<int:pk>/assign/", views.entity_assign, name="entity_assign"),
    path("steps/<int:pk>/complete/", views.step_complete, name="step_complete"),
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<int:pk>/batches/new/", views.batch_create, name="batch_create"),
    path("batches/<int:pk>/", views.batch_board, name="batch_board"),
    path("batches/<int:pk>/add/", views.batch_add, name="batch_add"),
]
