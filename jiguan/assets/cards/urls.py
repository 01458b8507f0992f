"""Pages of the units' state assets (mounted in the "assets" namespace by
jiguan/assets/urls.py)."""

from django.urls import path

from jiguan.assets.cards import views

urlpatterns = [
    path("cards/", views.card_list, name="card_list"),
    path("cards/export.xlsx", views.card_export, name="card_export"),
    path("cards/new/", views.card_create, name="card_create"),
    path("cards/<int:pk>/", views.card_detail, name="card_detail"),
    path("cards/<int:pk>/edit/", views.card_edit, name="card_edit"),
    path("classes/", views.class_list, name="class_list"),
    path("classes/<int:pk>/standard/", views.standard_edit, name="standard_edit"),
    path("matters/", views.matter_list, name="matter_list"),
    path("matters/new/", views.matter_create, name="matter_create"),
    path("matters/<int:pk>/", views.matter_detail, name="matter_detail"),
    path("matters/<int:pk>/approve/", views.matter_approve, name="matter_approve"),
    path("matters/<int:pk>/reject/", views.matter_reject, name="matter_reject"),
    path("matters/<int:pk>/execute/", views.matter_execute, name="matter_execute"),
    path("matters/<int:pk>/take-back/", views.matter_take_back, name="matter_take_back"),
    path("report/", views.report, name="report"),
    path("report/download.xlsx", views.report_download, name="report_download"),
]
