from django.urls import path

from . import desk_grids, desk_groups, desk_views, views

app_name = "representatives"
urlpatterns = [
    # A representative's phone home.
    path("rep/", views.home, name="home"),
    # Public pages: the profile behind the 代表码, and "find my representative".
    path("r/<str:code>/", views.public_profile_page, name="public_profile"),
    path("representatives/public/", views.public_list, name="public_list"),
    # Staff pages.
    path("representatives/", desk_views.representative_list, name="list"),
    path("representatives/new/", desk_views.representative_create, name="create"),
    path("representatives/posters.pdf", desk_views.poster_batch, name="poster_batch"),
    path("representatives/<int:pk>/", desk_views.representative_detail, name="detail"),
    path("representatives/<int:pk>/edit/", desk_views.representative_edit, name="edit"),
    path("representatives/<int:pk>/phone/", desk_views.reveal_phone, name="reveal_phone"),
    path("representatives/<int:pk>/mandates/new/", desk_views.mandate_add, name="mandate_add"),
    path("representatives/<int:pk>/poster.pdf", desk_views.poster, name="poster"),
    path("representatives/mandates/<int:pk>/end/", desk_views.mandate_end, name="mandate_end"),
    path("representative-groups/", desk_groups.group_list, name="groups"),
    path("representative-groups/new/", desk_groups.group_create, name="group_create"),
    path("representative-groups/<int:pk>/", desk_groups.group_edit, name="group_edit"),
    path("representative-groups/<int:pk>/delete/", desk_groups.group_delete, name="group_delete"),
    path("grids/", desk_grids.grid_list, name="grids"),
    path("grids/new/", desk_grids.grid_create, name="grid_create"),
    path("grids/<int:pk>/", desk_grids.grid_detail, name="grid_detail"),
    path("grids/<int:pk>/edit/", desk_grids.grid_edit, name="grid_edit"),
    path("grids/<int:pk>/assign/", desk_grids.grid_assign, name="grid_assign"),
    path("grids/responsibilities/<int:pk>/end/", desk_grids.grid_responsibility_end, name="grid_responsibility_end"),
]
