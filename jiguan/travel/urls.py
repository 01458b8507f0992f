"""The "travel" URL namespace: the pages of every topic."""

from django.urls import path

from jiguan.travel.ledger.urls import urlpatterns as ledger_patterns
from jiguan.travel.trips.urls import urlpatterns as trips_patterns
from jiguan.travel.trips.views import home
from jiguan.travel.vehicles.urls import urlpatterns as vehicles_patterns

app_name = "travel"
urlpatterns = [
    path("", home, name="home"),
    *vehicles_patterns,
    *trips_patterns,
    *ledger_patterns,
]
