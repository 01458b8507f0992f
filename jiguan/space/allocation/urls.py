"""URLs of 统一调配, mounted at /space/allocation/ (before /space/)."""

from django.urls import path

from jiguan.space.allocation import views

app_name = "space_allocation"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("export.xlsx", views.case_export, name="case_export"),
    path("apply/", views.apply, name="apply"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/send-back/", views.send_back, name="send_back"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/resubmit/", views.resubmit, name="resubmit"),
    path("<int:pk>/finish/", views.finish, name="finish"),
    path("<int:pk>/certificate/", views.certificate, name="certificate"),
]
