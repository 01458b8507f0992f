"""The "overview" URL namespace."""

from django.urls import path

from jiguan.overview import views

app_name = "overview"
urlpatterns = [
    path("", views.home, name="home"),
    path("export.xlsx", views.export, name="export"),
]
