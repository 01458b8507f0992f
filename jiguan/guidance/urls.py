"""The "guidance" URL namespace; each topic adds its paths below."""

from django.urls import path

from jiguan.guidance import views

app_name = "guidance"
urlpatterns = [
    path("", views.home, name="home"),
]
