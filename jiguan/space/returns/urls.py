"""URLs of 腾退移交, mounted at /space/returns/ (before /space/)."""

from django.urls import path

from jiguan.space.returns import views

app_name = "space_returns"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("export.xlsx", views.case_export, name="case_export"),
    path("new/", views.new, name="new"),
    path("scan/", views.scan, name="scan"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/send-back/", views.send_back, name="send_back"),
    path("<int:pk>/accept/", views.accept, name="accept"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
]
