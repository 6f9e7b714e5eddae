from django.urls import path

from . import views

app_name = "representatives"
urlpatterns = [
    path("rep/", views.home, name="home"),
]
