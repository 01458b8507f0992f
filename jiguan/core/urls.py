from django.urls import path

from jiguan.core.exports import views as export_views
from jiguan.core.web import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("exports/<int:pk>/", export_views.job, name="export_job"),
    path("exports/<int:pk>/progress/", export_views.progress, name="export_progress"),
    path("exports/<int:pk>/download/", export_views.download, name="export_download"),
]
