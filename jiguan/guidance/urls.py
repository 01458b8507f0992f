"""The "guidance" URL namespace; each topic adds its paths below."""

from django.urls import path

from jiguan.guidance import views

app_name = "guidance"
urlpatterns = [
    path("", views.home, name="home"),
]

# Meetings, training, liaison (branch meet16)
from jiguan.guidance.liaison.urls import urlpatterns as liaison_urls  # noqa: E402
from jiguan.guidance.meetings.urls import urlpatterns as meetings_urls  # noqa: E402
from jiguan.guidance.training.urls import urlpatterns as training_urls  # noqa: E402

urlpatterns += meetings_urls + training_urls + liaison_urls
