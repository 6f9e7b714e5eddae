from django.urls import path

from . import views

app_name = "workdays"
urlpatterns = [
    path("", views.calendar_page, name="calendar"),
    path("days/", views.add_day, name="add_day"),
    path("days/<int:pk>/remove/", views.remove_day, name="remove_day"),
    path("complete/", views.set_complete, name="set_complete"),
]
