from django.urls import path

from jiguan.core.imports import views

app_name = "imports"
urlpatterns = [
    path("<str:kind>/", views.start, name="start"),
    path("<str:kind>/template.xlsx", views.template, name="template"),
    path("jobs/<int:pk>/", views.job, name="job"),
    path("jobs/<int:pk>/progress/", views.progress, name="progress"),
    path("jobs/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("jobs/<int:pk>/mapping/", views.remap, name="remap"),
    path("jobs/<int:pk>/sheet/", views.resheet, name="resheet"),
]
