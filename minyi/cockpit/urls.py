from django.urls import path

from . import views

app_name = "cockpit"

urlpatterns = [
    path("desk/cockpit/", views.page, name="page"),
    path("desk/cockpit/matters/", views.matters, name="matters"),
]
