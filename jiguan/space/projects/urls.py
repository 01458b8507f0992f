"""URLs of planning and construction, mounted at /space/projects/ (before /space/)."""

from django.urls import path

from jiguan.space.projects import views

app_name = "space_projects"
urlpatterns = [
    path("", views.project_list, name="project_list"),
    path("export.xlsx", views.project_export, name="project_export"),
    path("new/", views.project_create, name="project_create"),
    path("<int:pk>/", views.project_detail, name="project_detail"),
    path("<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("<int:pk>/documents/", views.document_save, name="document_save"),
    path("<int:pk>/funding/", views.funding_add, name="funding_add"),
    path("<int:pk>/rooms/", views.rooms_set, name="rooms_set"),
    path("<int:pk>/submit/", views.project_submit, name="project_submit"),
    path("<int:pk>/approve/", views.project_approve, name="project_approve"),
    path("<int:pk>/return/", views.project_return, name="project_return"),
    path("<int:pk>/start/", views.project_start, name="project_start"),
    path("<int:pk>/complete/", views.project_complete, name="project_complete"),
]
