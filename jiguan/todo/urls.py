from django.urls import path

from jiguan.todo import views

app_name = "todo"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/done/", views.done, name="done"),
]
