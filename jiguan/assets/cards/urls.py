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
    path("disposals/", views.matter_list, name="disposal_list"),
    path("disposals/new/", views.matter_create, name="disposal_create"),
    path("disposals/<int:pk>/", views.matter_detail, name="disposal_detail"),
    path("disposals/<int:pk>/approve/", views.matter_approve, name="disposal_approve"),
    path("disposals/<int:pk>/reject/", views.matter_reject, name="disposal_reject"),
    path("disposals/<int:pk>/execute/", views.matter_execute, name="disposal_execute"),
    path("disposals/<int:pk>/take-back/", views.matter_take_back, name="disposal_take_back"),
    path("report/", views.report, name="report"),
    path("report/download.xlsx", views.report_download, name="report_download"),
]
