"""The "space" URL namespace: the register's pages and the standards page. Compliance and the
yearly inventory have namespaces of their own (config/urls.py)."""

from django.urls import path

from jiguan.space.register.urls import urlpatterns as register_patterns
from jiguan.space.standards import views as standards_views

app_name = "space"
urlpatterns = [
    path("standards/", standards_views.standards, name="standards"),
    *register_patterns,
]
