"""Pages of the meetings (mounted in the "guidance" namespace)."""

from django.urls import path

from jiguan.guidance.meetings import views

urlpatterns = [
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/export.xlsx", views.meeting_export, name="meeting_export"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/decisions/", views.decision_list, name="meeting_decision_list"),
    path("meetings/decisions/export.xlsx", views.decision_export,
         name="meeting_decision_export"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/invitations/new/", views.meeting_invite, name="meeting_invite"),
    path("meetings/<int:pk>/invitations/<int:invitation>/attendees/new/", views.attendee_add,
         name="meeting_attendee_add"),
    path("meetings/<int:pk>/materials/new/", views.material_add, name="meeting_material_add"),
    path("meetings/<int:pk>/materials/<int:material>/", views.material_download,
         name="meeting_material_download"),
    path("meetings/<int:pk>/decisions/new/", views.decision_add, name="meeting_decision_add"),
    path("meetings/<int:pk>/decisions/<int:decision>/progress/", views.decision_progress,
         name="meeting_decision_progress"),
]
