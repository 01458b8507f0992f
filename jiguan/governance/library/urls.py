"""Pages of the rules library (mounted in the "governance" namespace)."""

from django.urls import path

from jiguan.governance.library import views

urlpatterns = [
    path("", views.rule_list, name="rule_list"),
    path("rules/export.xlsx", views.rule_export, name="rule_export"),
    path("rules/new/", views.rule_create, name="rule_create"),
    path("rules/<int:pk>/", views.rule_detail, name="rule_detail"),
    path("rules/<int:pk>/edit/", views.rule_edit, name="rule_edit"),
    path("rules/<int:pk>/text/", views.rule_text, name="rule_text"),
    path("rules/<int:pk>/attachments/new/", views.rule_attach, name="rule_attach"),
    path("rules/<int:pk>/attachments/<int:att>/", views.attachment_download,
         name="attachment_download"),
    path("rules/<int:pk>/status/", views.rule_status, name="rule_status"),
    path("rules/<int:pk>/relations/", views.rule_relate, name="rule_relate"),
    path("counts/", views.counts, name="counts"),
    path("lists/", views.vocabularies, name="vocabularies"),
    path("lists/<str:which>/new/", views.vocabulary_edit, name="vocabulary_add"),
    path("lists/<str:which>/<int:pk>/", views.vocabulary_edit, name="vocabulary_edit"),
    path("policy/", views.policy_list, name="policy"),
    path("ending/", views.ending, name="ending"),
    path("cleanup/", views.campaign_list, name="campaign_list"),
    path("cleanup/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("cleanup/<int:pk>/items/<int:item>/", views.campaign_decide, name="campaign_decide"),
]
