from django.urls import include, path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login, name="login"),
    path("login/verify/", views.login_verify, name="login_verify"),
    path("logout/", views.logout, name="logout"),
    path("home/", views.home, name="home"),
    path("password/", views.password_change, name="password_change"),
    path("security/", views.security, name="security"),
    path("security/totp/", views.totp_setup, name="totp_setup"),
    path("security/totp/remove/", views.totp_remove, name="totp_remove"),
    path("manage/", include("minyi.accounts.manage_urls")),
]
