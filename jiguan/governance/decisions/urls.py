"""Pages of the major decisions (mounted in the "governance" namespace)."""

from django.urls import path

from jiguan.governance.decisions import views

urlpatterns = [
    path("decisions/", views.decision_list, name="decision_list"),
    path("decisions/export.xlsx", views.decision_export, name="decision_export"),
    path("decisions/new/", views.decision_create, name="decision_create"),
    path("decisions/catalogue/", views.catalogue_list, name="catalogue_list"),
    path("decisions/catalogue/export/", views.catalogue_export, name="catalogue_export"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/steps/<slug:kind>/", views.decision_step, name="decision_step"),
    path("decisions/<int:pk>/documents/new/", views.decision_document,
         name="decision_document"),
    path("decisions/<int:pk>/documents/<int:doc>/", views.document_download,
         name="decision_document_download"),
    path("decisions/<int:pk>/review/", views.decision_review, name="decision_review"),
    path("decisions/<int:pk>/discussion/", views.decision_discussion,
         name="decision_discussion"),
    path("decisions/<int:pk>/discussion/<int:discussion>/opinions/", views.decision_opinion,
         name="decision_opinion"),
    path("decisions/<int:pk>/decide/", views.decision_decide, name="decision_decide"),
    path("decisions/<int:pk>/archive.zip", views.decision_archive, name="decision_archive"),
]
