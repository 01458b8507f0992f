from django.contrib.auth.views import LogoutView
from django.urls import path

from jiguan.access.accounts import views

app_name = "access"
urlpatterns = [
    path("login/", views.Login.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("account/", views.account, name="account"),
    path("account/tokens/new/", views.token_create, name="token_create"),
    path("account/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/grants/new/", views.grant_create, name="grant_create"),
    path("users/<int:pk>/grants/<int:grant_pk>/revoke/", views.grant_revoke,
         name="grant_revoke"),
    path("users/<int:pk>/reset-password/", views.user_reset_password, name="user_reset_password"),
    path("users/<int:pk>/active/", views.user_set_active, name="user_set_active"),
    path("pending/", views.pending, name="pending"),
    path("pending/<int:pk>/decide/", views.approval_decide, name="approval_decide"),
    path("pending/passwords/<int:pk>/collect/", views.password_collect,
         name="password_collect"),
    path("pending/passwords/<int:pk>/release/", views.password_release,
         name="password_release"),
    path("security/lockouts/", views.lockouts, name="lockouts"),
    path("security/unlock/", views.unlock, name="unlock"),
]
