"""The "guidance" URL namespace; each topic adds its paths below."""

from django.urls import path

from jiguan.guidance import views
from jiguan.guidance.plans.urls import urlpatterns as plan_patterns  # plans16
from jiguan.guidance.research.urls import urlpatterns as research_patterns  # plans16

app_name = "guidance"
urlpatterns = [
    path("", views.home, name="home"),
    # plans16: the five-year plan and research
    *plan_patterns,
    *research_patterns,
]

# Meetings, training, liaison (branch meet16)
from jiguan.guidance.liaison.urls import urlpatterns as liaison_urls  # noqa: E402
from jiguan.guidance.meetings.urls import urlpatterns as meetings_urls  # noqa: E402
from jiguan.guidance.training.urls import urlpatterns as training_urls  # noqa: E402

urlpatterns += meetings_urls + training_urls + liaison_urls
