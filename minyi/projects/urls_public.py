from django.urls import path

from .views import public

urlpatterns = [
    path("public/projects/", public.public_years, name="public_years"),
    path("public/projects/<int:pk>/", public.public_year, name="public_year"),
    path("public/projects/p/<int:pk>/", public.public_project, name="public_project"),
]
