"""Pages of the training (mounted in the "guidance" namespace)."""

from django.urls import path

from jiguan.guidance.training import views

urlpatterns = [
    path("courses/", views.course_list, name="course_list"),
    path("courses/export.xlsx", views.course_export, name="course_export"),
    path("courses/new/", views.course_create, name="course_create"),
    path("courses/leaders/", views.leaders, name="course_leaders"),
    path("courses/leaders/export.xlsx", views.leaders_export, name="course_leaders_export"),
    path("courses/<int:pk>/", views.course_detail, name="course_detail"),
    path("courses/<int:pk>/edit/", views.course_edit, name="course_edit"),
    path("courses/<int:pk>/sessions/new/", views.session_add, name="course_session_add"),
    path("courses/<int:pk>/trainees/new/", views.trainee_add, name="course_trainee_add"),
    path("courses/<int:pk>/sessions/<int:session>/attendance/", views.attendance,
         name="course_attendance"),
]
