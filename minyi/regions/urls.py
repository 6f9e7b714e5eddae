from django.urls import path

from . import views

app_name = "regions"
urlpatterns = [
    path("regions/", views.browse, name="browse"),
    path("regions/search/", views.search, name="search"),
    path("regions/export/", views.export, name="export"),
    path("regions/villages/", views.village_options, name="village_options"),
    path("regions/<str:code>/", views.detail, name="detail"),
    path("regions/<str:code>/add/", views.add_local, name="add_local"),
    path("regions/<str:code>/deactivate/", views.deactivate, name="deactivate"),
]
