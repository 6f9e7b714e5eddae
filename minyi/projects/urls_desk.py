from django.urls import path

from .views import desk

urlpatterns = [
    path("desk/projects/", desk.desk_years, name="desk_years"),
    path("desk/projects/new/", desk.desk_year_new, name="desk_year_new"),
    path("desk/projects/<int:pk>/", desk.desk_year, name="desk_year"),
    path("desk/projects/<int:pk>/edit/", desk.desk_year_edit, name="desk_year_edit"),
    path("desk/projects/<int:pk>/ideas/", desk.desk_ideas, name="desk_ideas"),
    path("desk/projects/<int:pk>/candidates/new/", desk.desk_candidate, name="desk_candidate_new"),
    path("desk/projects/<int:pk>/candidates/<int:project_pk>/", desk.desk_candidate, name="desk_candidate_edit"),
    path("desk/projects/ideas/<int:pk>/", desk.desk_idea, name="desk_idea"),
    path("desk/projects/p/<int:pk>/", desk.desk_project, name="desk_project"),
]
