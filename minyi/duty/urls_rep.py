from django.urls import path

from .views import representative

# The representative's phone pages; minyi/duty/urls.py gives them the app_name "duty".
urlpatterns = [
    path("duty/c/<str:code>/", representative.checkin, name="checkin"),
    path("rep/duty/", representative.rep_list, name="rep_list"),
    path("rep/duty/leave/<int:pk>/", representative.rep_leave, name="rep_leave"),
    path("rep/duty/activities/<int:pk>/", representative.rep_activity, name="rep_activity"),
]
