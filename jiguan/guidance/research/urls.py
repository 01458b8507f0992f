"""The research paths in the "guidance" namespace (guidance/urls.py includes them)."""

from django.urls import path

from jiguan.guidance.research import views

urlpatterns = [
    path("research/", views.research_list, name="research_list"),
    path("research/export/", views.research_export, name="research_export"),
    path("research/new/", views.research_create, name="research_create"),
    path("research/<int:pk>/", views.research_detail, name="research_detail"),
    path("research/<int:pk>/edit/", views.research_edit, name="research_edit"),
    path("research/<int:pk>/members/new/", views.member_add, name="research_member_add"),
    path("research/<int:pk>/milestones/new/", views.milestone_add,
         name="research_milestone_add"),
    path("research/milestones/<int:pk>/done/", views.milestone_done,
         name="research_milestone_done"),
    path("research/<int:pk>/reports/new/", views.report_add, name="research_report_add"),
    path("research/reports/<int:pk>/", views.report_download, name="research_report"),
    path("research/<int:pk>/awards/new/", views.award_add, name="research_award_add"),
    path("research/<int:pk>/uses/new/", views.use_add, name="research_use_add"),
]
