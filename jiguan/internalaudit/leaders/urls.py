"""Pages of leaders' terms (mounted in the "internalaudit" namespace)."""

from django.urls import path

from jiguan.internalaudit.leaders import views

urlpatterns = [
    path("leaders/", views.term_list, name="term_list"),
    path("leaders/new/", views.term_create, name="term_create"),
    path("leaders/<int:pk>/", views.term_detail, name="term_detail"),
    path("leaders/<int:pk>/end/", views.term_end, name="term_end"),
]
