"""Pages of the major contracts (mounted in the "governance" namespace)."""

from django.urls import path

from jiguan.governance.contracts import views

urlpatterns = [
    path("contracts/", views.contract_list, name="contract_list"),
    path("contracts/export.xlsx", views.contract_export, name="contract_export"),
    path("contracts/counts/", views.contract_counts, name="contract_counts"),
    path("contracts/new/", views.contract_create, name="contract_create"),
    path("contracts/<int:pk>/", views.contract_detail, name="contract_detail"),
    path("contracts/<int:pk>/edit/", views.contract_edit, name="contract_edit"),
    path("contracts/<int:pk>/changes/new/", views.contract_change, name="contract_change"),
    path("contracts/<int:pk>/review/", views.contract_review, name="contract_review"),
    path("contracts/<int:pk>/sign/", views.contract_sign, name="contract_sign"),
    path("contracts/<int:pk>/file/", views.contract_file, name="contract_file"),
    path("contracts/<int:pk>/milestones/new/", views.milestone_add, name="milestone_add"),
    path("contracts/<int:pk>/milestones/<int:item>/done/", views.milestone_done,
         name="milestone_done"),
    path("contracts/<int:pk>/payments/new/", views.payment_add, name="payment_add"),
    path("contracts/<int:pk>/disputes/new/", views.dispute_add, name="dispute_add"),
    path("contracts/<int:pk>/disputes/<int:item>/resolve/", views.dispute_resolve,
         name="dispute_resolve"),
    path("contracts/<int:pk>/close/", views.contract_close, name="contract_close"),
    path("contracts/<int:pk>/attachments/new/", views.attachment_add,
         name="contract_attach"),
    path("contracts/<int:pk>/attachments/<int:att>/", views.attachment_download,
         name="contract_attachment"),
]
