"""A URLconf of a test's own (test_url_tag: the cached links follow the URLconf)."""

from django.http import HttpResponse
from django.urls import path

urlpatterns = [path("elsewhere/<int:pk>/", lambda request, pk: HttpResponse(),
                   name="agency_detail")]
