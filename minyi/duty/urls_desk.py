from django.urls import path

from .views import desk

urlpatterns = [
    path("desk/duty/activities/", desk.desk_list, name="desk_list"),
    path("desk/duty/activities/new/", desk.desk_new, name="desk_new"),
    path("desk/duty/activities/<int:pk>/", desk.desk_detail, name="desk_detail"),
    path("desk/duty/activities/<int:pk>/edit/", desk.desk_edit, name="desk_edit"),
    path("desk/duty/activities/<int:pk>/screen/", desk.desk_screen, name="desk_screen"),
    path("desk/duty/absences/", desk.desk_absences, name="desk_absences"),
]
