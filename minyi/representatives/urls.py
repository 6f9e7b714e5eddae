from django.urls import path

from . import views

app_name = "representatives"
urlpatterns = [
    path("", views.home, name="home"),
]
