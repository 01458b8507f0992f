"""The "services" URL namespace: the pages of every topic."""

from django.urls import path

from jiguan.services.catalogue.urls import urlpatterns as catalogue_patterns
from jiguan.services.inspections.urls import urlpatterns as inspections_patterns
from jiguan.services.purchases.urls import urlpatterns as purchases_patterns
from jiguan.services.standards.urls import urlpatterns as standards_patterns
from jiguan.services.standards.views import home

app_name = "services"
urlpatterns = [
    path("", home, name="home"),
    *catalogue_patterns,
    *standards_patterns,
    *inspections_patterns,
    *purchases_patterns,
]
