from django.urls import path

from jiguan.orgs import views

app_name = "orgs"
urlpatterns = [
    path("regions/", views.region_list, name="region_list"),
    path("regions/<str:code>/", views.region_detail, name="region_detail"),
    path("regions/<str:code>/townships/new/", views.township_create, name="township_create"),
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/pick/", views.agency_pick, name="agency_pick"),
    path("agencies/export.xlsx", views.agency_export, name="agency_export"),
    path("agencies/new/", views.agency_create, name="agency_create"),
    path("agencies/<int:pk>/", views.agency_detail, name="agency_detail"),
    path("agencies/<int:pk>/edit/", views.agency_edit, name="agency_edit"),
    path("agencies/<int:pk>/status/", views.agency_status, name="agency_status"),
    path("agencies/<int:agency_pk>/people/new/", views.person_create, name="person_create"),
    path("people/", views.person_list, name="person_list"),
    path("people/export.xlsx", views.person_export, name="person_export"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/status/", views.person_status, name="person_status"),
    path("people/<int:pk>/posts/new/", views.concurrent_post_create,
         name="concurrent_post_create"),
]
