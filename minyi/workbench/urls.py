from django.urls import path

from . import views

app_name = "workbench"
urlpatterns = [
    path("", views.staff_home, name="staff_home"),
    path("unit/", views.unit_home, name="unit_home"),
]
