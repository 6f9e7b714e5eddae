from django.urls import path

from .views import congresses, posters, public, stations, units

app_name = "organisations"
urlpatterns = [
    # Congresses and councils
    path("org/congresses/", congresses.congress_list, name="congress_list"),
    path("org/congresses/export/", congresses.congress_export, name="congress_export"),
    path("org/congresses/<int:pk>/", congresses.congress_detail, name="congress_detail"),
    path("org/congresses/<int:pk>/terms/new/", congresses.term_create, name="term_create"),
    path("org/congresses/<int:pk>/departments/new/", congresses.department_create, name="department_create"),
    path("org/terms/<int:pk>/edit/", congresses.term_edit, name="term_edit"),
    path("org/terms/<int:pk>/sessions/new/", congresses.session_create, name="session_create"),
    path("org/sessions/<int:pk>/edit/", congresses.session_edit, name="session_edit"),
    path("org/departments/<int:pk>/rename/", congresses.department_rename, name="department_rename"),
    # Handling units
    path("org/units/", units.unit_list, name="unit_list"),
    path("org/units/export/", units.unit_export, name="unit_export"),
    path("org/units/new/", units.unit_create, name="unit_create"),
    path("org/units/<int:pk>/", units.unit_detail, name="unit_detail"),
    path("org/units/<int:pk>/edit/", units.unit_edit, name="unit_edit"),
    path("org/units/<int:pk>/rename/", units.unit_rename, name="unit_rename"),
    path("org/units/<int:pk>/merge/", units.unit_merge, name="unit_merge"),
    path("org/units/<int:pk>/deactivate/", units.unit_deactivate, name="unit_deactivate"),
    path("org/units/<int:pk>/delete/", units.unit_delete, name="unit_delete"),
    # Stations
    path("org/stations/", stations.station_list, name="station_list"),
    path("org/stations/export/", stations.station_export, name="station_export"),
    path("org/stations/posters.pdf", posters.station_posters, name="station_posters"),
    path("org/stations/new/", stations.station_create, name="station_create"),
    path("org/stations/<int:pk>/", stations.station_detail, name="station_detail"),
    path("org/stations/<int:pk>/edit/", stations.station_edit, name="station_edit"),
    path("org/stations/<int:pk>/deactivate/", stations.station_deactivate, name="station_deactivate"),
    path("org/stations/<int:pk>/poster.pdf", posters.station_poster, name="station_poster"),
    path("org/stations/<int:pk>/timetable/", stations.station_timetable, name="station_timetable"),
    path("org/stations/<int:pk>/timetable/rules/", stations.rule_add, name="rule_add"),
    path("org/stations/<int:pk>/timetable/rules/<int:rule_pk>/remove/", stations.rule_remove, name="rule_remove"),
    path("org/stations/<int:pk>/timetable/exceptions/", stations.exception_add, name="exception_add"),
    path(
        "org/stations/<int:pk>/timetable/exceptions/<int:exception_pk>/remove/",
        stations.exception_remove,
        name="exception_remove",
    ),
    path("org/stations/<int:pk>/representatives/", stations.station_representatives, name="station_representatives"),
    path("org/stations/<int:pk>/representatives/add/", stations.assignment_add, name="assignment_add"),
    path("org/stations/<int:pk>/representatives/<int:assignment_pk>/end/", stations.assignment_end, name="assignment_end"),
    path("org/stations/<int:pk>/duty/", stations.station_duty, name="station_duty"),
    path("org/stations/<int:pk>/duty/fill/", stations.duty_fill, name="duty_fill"),
    path("org/stations/<int:pk>/duty/<str:day>/", stations.duty_day, name="duty_day"),
    # Public pages (no sign-in)
    path("s/<str:code>/", public.public_station, name="public_station"),
    path("stations/", public.public_station_list, name="public_station_list"),
]
