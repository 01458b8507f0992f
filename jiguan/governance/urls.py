"""The "governance" URL namespace: the pages of every topic."""

from jiguan.governance.library.urls import urlpatterns as library_patterns

app_name = "governance"
urlpatterns = [*library_patterns]
