"""Account management pages, under /accounts/manage/ (names in the "accounts" namespace)."""

from django.urls import path

from . import manage_views as views

urlpatterns = [
    path("", views.account_list, name="manage_list"),
    path("new/", views.account_create, name="manage_create"),
    path("<int:pk>/", views.account_detail, name="manage_detail"),
    path("<int:pk>/edit/", views.account_edit, name="manage_edit"),
    path("<int:pk>/password/", views.account_reset_password, name="manage_reset_password"),
    path("<int:pk>/deactivate/", views.account_deactivate, name="manage_deactivate"),
    path("<int:pk>/reactivate/", views.account_reactivate, name="manage_reactivate"),
    path("<int:pk>/unlock/", views.account_unlock, name="manage_unlock"),
    path("<int:pk>/roles/", views.role_grant, name="manage_grant"),
    path("<int:pk>/api-keys/", views.api_token_issue, name="manage_token_issue"),
    path("<int:pk>/api-keys/<int:token_pk>/revoke/", views.api_token_revoke, name="manage_token_revoke"),
    path("<int:pk>/roles/<int:grant_pk>/revoke/", views.role_revoke, name="manage_revoke"),
]
