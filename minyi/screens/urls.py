from django.urls import path

from .views import desk, screen

app_name = "screens"

urlpatterns = [
    path("desk/screens/", desk.desk_list, name="desk_list"),
    path("desk/screens/new/", desk.desk_new, name="desk_new"),
    path("desk/screens/<int:pk>/revoke/", desk.desk_revoke, name="desk_revoke"),
    path("screen/<str:key>/", screen.screen, name="screen"),
    path("screen/<str:key>/data.json", screen.data, name="data"),
]
