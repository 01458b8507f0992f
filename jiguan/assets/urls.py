"""The "assets" URL namespace: the pages of every topic."""

from django.urls import path

from jiguan.assets.cards.urls import urlpatterns as cards_patterns
from jiguan.assets.entities.urls import urlpatterns as entities_patterns
from jiguan.assets.entities.views import home
from jiguan.assets.supervision.urls import urlpatterns as supervision_patterns

app_name = "assets"
urlpatterns = [
    path("", home, name="home"),
    *entities_patterns,
    *supervision_patterns,
    *cards_patterns,
]
