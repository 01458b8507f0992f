"""The "governance" URL namespace: the pages of every topic."""

from jiguan.governance.contracts.urls import urlpatterns as contract_patterns
from jiguan.governance.decisions.urls import urlpatterns as decision_patterns
from jiguan.governance.library.urls import urlpatterns as library_patterns
from jiguan.governance.reviews.urls import urlpatterns as review_patterns

app_name = "governance"
urlpatterns = [*library_patterns, *review_patterns, *decision_patterns, *contract_patterns]
