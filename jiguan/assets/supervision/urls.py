"""Pages of the supervision (mounted in the "assets" namespace by jiguan/assets/urls.py)."""

from django.urls import path

from jiguan.assets.supervision import views

urlpatterns = [
    path("holdings/", views.holding_list, name="holding_list"),
    path("holdings/<int:pk>/", views.holding_detail, name="holding_detail"),
    path("statements/", views.statement_list, name="statement_list"),
    path("statements/export.xlsx", views.statement_export, name="statement_export"),
    path("statements/<int:pk>/review/", views.statement_review, name="statement_review"),
    path("matters/", views.matter_list, name="matter_list"),
    path("matters/export.xlsx", views.matter_export, name="matter_export"),
    path("matters/new/", views.matter_create, name="matter_create"),
    path("matters/<int:pk>/", views.matter_detail, name="matter_detail"),
    path("matters/<int:pk>/acknowledge/", views.matter_acknowledge, name="matter_acknowledge"),
    path("boards/", views.board_list, name="board_list"),
    path("boards/new/", views.board_create, name="board_create"),
    path("boards/<int:pk>/", views.board_detail, name="board_detail"),
    path("boards/<int:pk>/companies/", views.board_companies, name="board_companies"),
    path("boards/<int:pk>/members/", views.member_add, name="member_add"),
    path("boards/<int:pk>/meetings/", views.meeting_add, name="meeting_add"),
    path("boards/<int:pk>/reports/", views.report_add, name="report_add"),
    path("boards/<int:pk>/issues/", views.issue_raise, name="issue_raise"),
    path("issues/", views.issue_list, name="issue_list"),
    path("issues/export.xlsx", views.issue_export, name="issue_export"),
    path("issues/<int:pk>/answer/", views.issue_answer, name="issue_answer"),
]
