from django.urls import path

from .views import data, home, opinions, search

app_name = "transparency"
urlpatterns = [
    path("open/", home.portal_home, name="home"),
    path("open/opinions/", opinions.opinion_list, name="opinions"),
    path("open/opinions/<int:pk>/", opinions.opinion_detail, name="opinion"),
    path("open/search/", search.search_page, name="search"),
    path("open/data/", data.data_page, name="data"),
    path("open/data/<slug:key>.<str:fmt>", data.download, name="download"),
]
