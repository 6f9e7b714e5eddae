from django.urls import path

from .views import reception

# Reception days: the staff's desk and the representative's phone page; minyi/duty/urls.py gives them the app_name "duty".
urlpatterns = [
    path("desk/duty/receptions/", reception.desk_receptions, name="desk_receptions"),
    path("desk/duty/receptions/<int:pk>/", reception.desk_reception, name="desk_reception"),
    path("rep/duty/receptions/<int:pk>/", reception.rep_reception, name="rep_reception"),
]
