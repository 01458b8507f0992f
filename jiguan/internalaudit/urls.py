"""The "internalaudit" URL namespace: the pages of every topic."""

from django.urls import path

from jiguan.internalaudit.coverage.urls import urlpatterns as coverage_patterns
from jiguan.internalaudit.leaders.urls import urlpatterns as leaders_patterns
from jiguan.internalaudit.projects.urls import urlpatterns as projects_patterns
from jiguan.internalaudit.projects.views import home

app_name = "internalaudit"
urlpatterns = [
    path("", home, name="home"),
    *leaders_patterns,
    *projects_patterns,
    *coverage_patterns,
]
