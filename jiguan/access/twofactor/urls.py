from django.urls import path

from jiguan.access.twofactor import views

app_name = "twofactor"
urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("", views.status, name="status"),
    path("enrol/", views.enrol, name="enrol"),
    path("recovery-codes/", views.recovery_regenerate, name="recovery_regenerate"),
    path("remove/", views.remove, name="remove"),
    path("users/", views.admin_list, name="admin_list"),
    path("users/<int:pk>/reset/", views.admin_reset, name="admin_reset"),
]
