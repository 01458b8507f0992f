"""Pages of the liaison (mounted in the "guidance" namespace)."""

from django.urls import path

from jiguan.guidance.liaison import views

urlpatterns = [
    path("liaison/", views.assignment_list, name="assignment_list"),
    path("liaison/export.xlsx", views.assignment_export, name="assignment_export"),
    path("liaison/new/", views.assignment_create, name="assignment_create"),
    path("liaison/visits/", views.visit_list, name="visit_list"),
    path("liaison/visits/export.xlsx", views.visit_export, name="visit_export"),
    path("liaison/visits/new/", views.visit_create, name="visit_create"),
    path("liaison/visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("liaison/visits/<int:pk>/issues/new/", views.issue_add, name="visit_issue_add"),
    path("liaison/visits/<int:pk>/issues/<int:issue>/answer/", views.issue_answer,
         name="visit_issue_answer"),
]
